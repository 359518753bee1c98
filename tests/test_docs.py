"""The manual holds together: the README stays a front door, and what any page links or names exists.

A page that moves, a module that is renamed or a command that is dropped leaves a link or a name behind; these
tests find it, on README.md and every page of docs/.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .docs_pages import README, ROOT, code, pages, prose

# The README is read in five minutes: what the product is, the two commands, a tour, the headline figures,
# which library does what, the layout and where to read on; the reference belongs in docs/. Today: 10.3 KB.
README_MOST_BYTES = 12_000

LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
# A path into the repository written in code: it starts at one of the project's folders.
REPO_PATH = re.compile(
    r"(?<![\w/.:-])((?:ontology|shapes|graph|api|tests|data|bench|docs|cislunar_kg|\.ci)/[\w./@+-]*)"
)
# Written by `make install` and by the browser tests, so absent from a fresh checkout (and git-ignored).
GENERATED = {"api/static/vendor/", "tests/screenshots/"}


def page_id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def anchors(text: str) -> set[str]:
    """Each heading's fragment as GitHub makes it: lower case, punctuation dropped, spaces as hyphens."""
    seen: dict[str, int] = {}
    found = set()
    for heading in HEADING.findall(re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)):
        slug = re.sub(r"[^\w\- ]", "", heading.replace("`", "").lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def broken_links(path: Path, root: Path = ROOT) -> list[str]:
    text = path.read_text(encoding="utf-8")
    broken = []
    for target in LINK.findall(prose(text)):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto: — not in the repository
            continue
        file_part, _, fragment = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.is_relative_to(root) or not linked.exists():
            broken.append(f"{target} (no such file)")  # or not in the repository
        elif fragment and linked.suffix == ".md" and fragment not in anchors(linked.read_text("utf-8")):
            broken.append(f"{target} (no heading #{fragment})")
    return broken


@pytest.mark.parametrize("path", pages(), ids=page_id)
def test_every_relative_link_resolves_to_a_file_in_the_repository(path: Path) -> None:
    assert broken_links(path) == []


def test_a_broken_link_is_found(tmp_path: Path) -> None:
    docs = tmp_path / "repo" / "docs"
    docs.mkdir(parents=True)
    (docs / "settings.md").write_text("# Settings\n\n```sh\n# not a heading\n```\n")
    (tmp_path / "outside.md").write_text("# Outside the repository\n")
    probe = docs / "probe.md"
    probe.write_text(
        "[gone](nowhere.md) [ok](settings.md#settings) [no heading](settings.md#not-a-heading)\n"
        "`[code](x.md)` ![outside](../../outside.md) [web](https://example.org/x.md)\n"
        "\n    [indented code](y.md)\n",
        encoding="utf-8",
    )
    assert broken_links(probe, root=tmp_path / "repo") == [
        "nowhere.md (no such file)",
        "settings.md#not-a-heading (no heading #not-a-heading)",
        "../../outside.md (no such file)",
    ]


def test_the_readme_stays_a_front_door() -> None:
    size = len(README.read_bytes())
    assert size < README_MOST_BYTES, f"README.md is {size} bytes: move reference material to docs/"


def test_every_docs_page_is_reachable_from_the_readme() -> None:
    targets = LINK.findall(prose(README.read_text(encoding="utf-8")))
    linked = {(README.parent / t.partition("#")[0]).resolve() for t in targets}
    unlinked = [page_id(p) for p in pages()[1:] if p.resolve() not in linked]
    assert unlinked == [], "link these from the README's 'Where to read on'"


def named_in_code(pattern: str) -> dict[str, set[str]]:
    """Each match of the pattern's first group in the manual's code, with the pages that name it."""
    named: dict[str, set[str]] = {}
    for path in pages():
        for snippet in code(path.read_text(encoding="utf-8")):
            for match in re.finditer(pattern, snippet):
                named.setdefault(match.group(1), set()).add(page_id(path))
    return named


def test_every_repository_path_the_manual_names_exists() -> None:
    named = named_in_code(REPO_PATH.pattern)
    missing = {p: sorted(w) for p, w in named.items() if p not in GENERATED and not (ROOT / p).exists()}
    assert missing == {}
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert set(ignored) >= GENERATED, "only what git ignores may be named without existing"


def test_every_make_target_the_manual_names_exists() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][\w-]*)\s*:", makefile, re.MULTILINE))
    named = named_in_code(r"(?:^|[\s`(])make ([a-z][\w-]*)")
    assert {"run", "test", "eval", "bench", "bench-scale"} <= set(named)
    assert {t: sorted(w) for t, w in named.items() if t not in targets} == {}


def importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:  # its package is gone too
        return False


def test_every_module_run_with_python_m_exists() -> None:
    named = named_in_code(r"python -m ([\w.]+)")
    assert {"bench.overload", "ontology.w3id"} <= set(named), "the pattern no longer finds what the manual runs"
    assert {m: sorted(w) for m, w in named.items() if not importable(m)} == {}


def test_every_cislunar_kg_command_the_manual_names_exists() -> None:
    named = named_in_code(r"(?:^|(?<=[\s/(]))cislunar-kg ([a-z][a-z-]*)")  # in command position, not a name
    assert {"extract", "load", "validate", "query", "serve", "evaluate"} <= set(named)
    command = Path(sys.executable).parent / "cislunar-kg"
    listed = subprocess.run(
        [str(command), "--help"], capture_output=True, text=True, timeout=120, check=True,
        env={"COLUMNS": "200", "PATH": str(command.parent), "TERM": "dumb"},
    ).stdout  # fmt: skip
    commands = set(re.findall(r"^\W*([a-z][a-z-]*)\s{2,}", listed, re.MULTILINE))
    assert {c: sorted(w) for c, w in named.items() if c not in commands} == {}, listed
