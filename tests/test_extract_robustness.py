"""Damaged releases: whatever the text, the loader either builds a graph whose spans are true, or refuses it
with a clear CislunarKGError — never another exception."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from rdflib.namespace import RDF

from graph.build import build_graph
from graph.errors import CislunarKGError
from graph.extract import extract_release
from graph.namespaces import OA
from graph.source import read_source

from .conftest import LANDER_2018, LOI_2025, SEED

NOISE = "()（）、。「」:：以下年月日0123456789 \n●【】株式会社~-%/#<>\"]"


def damaged(text: str, rnd: random.Random) -> str:
    """Cut, insert noise, or duplicate a stretch, a few times at random places."""
    for _ in range(rnd.randint(1, 8)):
        at, choice = rnd.randint(0, len(text)), rnd.random()
        if choice < 0.3:
            text = text[:at] + text[at + rnd.randint(1, 20) :]
        elif choice < 0.7:
            text = text[:at] + rnd.choice(NOISE) * rnd.randint(1, 3) + text[at:]
        else:
            start = rnd.randint(0, len(text))
            text = text[:at] + text[start : start + 30] + text[at:]
    return text


@pytest.mark.parametrize("seed", range(100))
def test_damaged_release_is_built_truthfully_or_refused(tmp_path: Path, seed: int) -> None:
    rnd = random.Random(seed)
    original = rnd.choice([SEED, LANDER_2018, LOI_2025]).read_text(encoding="utf-8")
    path = tmp_path / "damaged.txt"
    text = damaged(original, rnd)
    path.write_text(text, encoding="utf-8")
    try:
        graph = build_graph(extract_release(read_source(path)))
    except CislunarKGError:
        return
    for position in graph.subjects(RDF.type, OA.TextPositionSelector):
        start, end = int(graph.value(position, OA.start)), int(graph.value(position, OA.end))  # type: ignore[arg-type]
        assert 0 <= start < end <= len(text)
