"""LF, CRLF and CR-only files give the same facts, and every annotation's offsets slice the file as stored;
a line far longer than a release's is refused at once, not read for minutes (`graph/source.py`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from graph.errors import SourceError
from graph.load_plan import facts
from graph.namespaces import OA
from graph.pipeline import prepare
from graph.source import MAX_LINE, read_source

ROOT = Path(__file__).resolve().parent.parent
RELEASES = sorted((ROOT / "data" / "sources").rglob("*.txt"))
BASE = "https://w3id.org/cislunar-kg/id/"
ENDINGS = {"crlf": "\r\n", "cr": "\r"}


def _slices(graph: Graph, text: str) -> int:
    checked = 0
    for position in graph.subjects(RDF.type, OA.TextPositionSelector):
        target = graph.value(predicate=OA.hasSelector, object=position)
        quote = next(q for q in graph.objects(target, OA.hasSelector) if (q, RDF.type, OA.TextQuoteSelector) in graph)
        start, end = int(graph.value(position, OA.start)), int(graph.value(position, OA.end))  # type: ignore[arg-type, call-overload]
        assert text[start:end] == str(graph.value(quote, OA.exact))
        checked += 1
    return checked


@pytest.mark.parametrize("ending", ENDINGS)
@pytest.mark.parametrize("release", RELEASES, ids=lambda p: p.stem)
def test_every_line_ending_gives_the_same_facts_at_offsets_into_the_file(
    release: Path, ending: str, tmp_path: Path
) -> None:
    original = prepare(release)
    converted = tmp_path / release.name
    converted.write_bytes(release.read_bytes().replace(b"\n", ENDINGS[ending].encode()))
    document = prepare(converted)
    assert facts(document.triples.lines(), BASE) == facts(original.triples.lines(), BASE)
    assert _slices(document.graph, converted.read_bytes().decode("utf-8")) > 10


def test_a_megabyte_on_one_line_is_refused_naming_the_line(tmp_path: Path) -> None:
    seed = RELEASES[-1].read_text(encoding="utf-8")
    lines = seed.splitlines()
    body = "".join(lines[10:60])
    path = tmp_path / "one-line.txt"
    path.write_text("\n".join(lines[:12]) + "\n" + (body * (2**20 // len(body) + 1)) + "\n", encoding="utf-8")
    with pytest.raises(SourceError, match=f"more than a release's line can have \\({MAX_LINE}\\)"):
        read_source(path)


def test_the_counterparty_reader_finds_what_its_pattern_found() -> None:
    """The linear reader of `…との間で` gives the spans the lazy pattern it replaces gave, on random text."""
    import random
    import re

    from graph.extract.organisations import _counterparty_names

    pattern = re.compile(r"(?P<name>[^、。「」\n]+?)との間で")
    rng = random.Random(19)
    alphabet = "との間で、。「」\nあA社"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
        start = rng.randrange(0, len(text) + 1)
        end = rng.randrange(start, len(text) + 1)
        expected = [(m.start("name"), m.end("name")) for m in pattern.finditer(text, start, end)]
        assert _counterparty_names(text, start, end) == expected, text
