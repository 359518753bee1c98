"""The sentence of a release around a source span, with the span marked — read from the stored file.

A Web Annotation's `TextPositionSelector` gives code-point offsets into the file as loaded; `excerpt` cuts the
sentence (up to the previous and through the next `。`, or a line break) around them, and nothing after a span
that ends its own sentence. It refuses (None) when the file no longer holds the quote at those offsets, so a
page never highlights the wrong characters.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ENDS = "。\n"
LIMIT = 160  # characters of context at most on each side


@dataclass(frozen=True)
class Excerpt:
    before: str
    span: str
    after: str


def excerpt(text: str, start: int, end: int, exact: str | None = None) -> Excerpt | None:
    """`text[start:end]` inside its sentence; None if the offsets are out of range or do not hold `exact`."""
    if not 0 <= start <= end <= len(text):
        return None
    span = text[start:end]
    if exact is not None and span != exact:
        return None
    left = max((text.rfind(c, 0, start) for c in ENDS), default=-1) + 1
    left = max(left, start - LIMIT)
    rights = [i for i in (text.find(c, end) for c in ENDS) if i != -1]
    right = min(rights) if rights else len(text)
    if span.endswith(tuple(ENDS)):  # the span ends its sentence (a whole sentence, a comment): nothing after it
        right = end
    elif right < len(text) and text[right] == "。":
        right += 1
    right = min(right, end + LIMIT)
    before, after = text[left:start], text[end:right]
    return Excerpt(before.lstrip(), span, after.rstrip())


def find_source(folder: Path, file_name: str, char_count: int | None = None) -> str | None:
    """The text of `file_name` under `folder` (subfolders too); None if absent or not the length stored.

    The name comes from the store (`ckg:fileName`), so it is compared, never interpreted: `*`, `?` and `[`
    are characters of a name like any other, and only a regular file inside `folder` (not a link out of it)
    is read.
    """
    if not file_name or "/" in file_name or "\\" in file_name or "\0" in file_name or file_name.startswith("."):
        return None
    return _read(folder.resolve(), file_name, char_count)


@lru_cache(maxsize=64)
def _read(folder: Path, file_name: str, char_count: int | None) -> str | None:
    for path in _named(folder, file_name):
        if not path.is_file() or not path.resolve().is_relative_to(folder):
            continue
        text = path.read_text(encoding="utf-8")
        if char_count is None or len(text) == char_count:
            return text
    return None


def _named(folder: Path, file_name: str) -> list[Path]:
    """Every file called exactly `file_name` under `folder`, in path order (links to folders not followed)."""
    found = [Path(root) / file_name for root, _, names in os.walk(folder) if file_name in names]
    return sorted(found)
