"""The manual as the tests read it: README.md, the front door, and one page per part in docs/.

Tests that check what the manual says (every setting documented, the benchmark table quoted as measured, links
that resolve) read it from here, so a section that moves between pages is found where it now stands.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"

_FENCE = re.compile(r"^```.*?^```[ \t]*$", re.MULTILINE | re.DOTALL)
# An indented code block: lines of four spaces or more after a blank line (list items here indent by two).
_INDENTED = re.compile(r"(?:\A|(?<=\n\n))(?: {4}.*(?:\n|\Z))+")
# A code span may wrap onto the next line of its paragraph, never across a blank line.
_SPAN = re.compile(r"`((?:[^`\n]|\n(?!\n))+)`")


def pages() -> list[Path]:
    """README.md and every page of docs/, README first."""
    return [README, *sorted(DOCS.glob("*.md"))]


def page(name: str) -> str:
    """One page of docs/ by its file name (`settings.md`)."""
    return (DOCS / name).read_text(encoding="utf-8")


def between_markers(text: str, name: str) -> str:
    """The block between `<!-- name:start -->` and `<!-- name:end -->` (a generated part of a page)."""
    found = re.search(rf"<!-- {name}:start -->\n(.*?)<!-- {name}:end -->", text, re.DOTALL)
    assert found, f"no <!-- {name}:start --> … <!-- {name}:end --> block"
    return found.group(1)


def _blocks(text: str) -> tuple[list[str], str]:
    """The code blocks (fenced and indented) of the text, and the text without them."""
    fenced = [m.group(0) for m in _FENCE.finditer(text)]
    rest = _FENCE.sub("", text)
    indented = [m.group(0) for m in _INDENTED.finditer(rest)]
    return fenced + indented, _INDENTED.sub("", rest)


def prose(text: str) -> str:
    """The text without its code blocks and code spans: where Markdown links are links."""
    return _SPAN.sub("", _blocks(text)[1])


def code(text: str) -> list[str]:
    """The code blocks and the code spans of the text: where commands and paths are written."""
    blocks, rest = _blocks(text)
    return blocks + _SPAN.findall(rest)
