"""Property-based: random damage to the real releases (cuts, duplicated and deleted lines, inserted clutter,
changed line endings, long lines) never makes `extract` or `load` crash, and never writes part of a load: a
refused load leaves the store byte-identical, an accepted one stores exactly the document's graph."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cislunar_kg.cli import app
from graph.errors import CislunarKGError
from graph.load_plan import facts
from graph.pipeline import prepare
from graph.store import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
RELEASES = sorted((ROOT / "data" / "sources").rglob("*.txt"))
BASE = "https://w3id.org/cislunar-kg/id/"
CLUTTER = ["以上", "【沿革】", "株式会社", "(以下「X」)", "との間で", "締結", "2025年12月3日", "(左から)",
           "●", "「", "」", "\u3000", "\r", "\ufeff",
           "日本航空株式会社(東京都品川区、代表取締役社長:鳥取 三津子、以下「JAL」)", "あ" * 50]
runner = CliRunner()


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, str]:
    """(file name, damaged text) of one real release."""
    release = draw(st.sampled_from(RELEASES))
    lines = release.read_text(encoding="utf-8").split("\n")
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["cut", "duplicate", "delete", "clutter", "long"]))
        at = draw(st.integers(0, max(0, len(lines) - 1)))
        if kind == "cut":
            text = "\n".join(lines)
            lines = text[: draw(st.integers(0, len(text)))].split("\n")
        elif kind == "duplicate" and lines:
            lines.insert(at, lines[at])
        elif kind == "delete" and lines:
            del lines[at]
        elif kind == "clutter":
            lines.insert(at, "".join(draw(st.lists(st.sampled_from(CLUTTER), max_size=6))))
        elif kind == "long" and lines:
            lines[at] = lines[at] * draw(st.integers(2, 60))
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return release.name, ending.join(lines)


@pytest.fixture(scope="module")
def loaded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("loaded") / "store"
    assert runner.invoke(app, ["load", *map(str, RELEASES), "--store", str(store)]).exit_code == 0
    return store


def _outcome(path: Path) -> frozenset[str] | str:
    """The facts a file gives, or the kind of refusal."""
    try:
        return frozenset(facts(prepare(path).triples.lines(), BASE))
    except CislunarKGError as error:
        assert str(error)  # a refusal is a message, never an exception of another kind
        return type(error).__name__


@settings(max_examples=20, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_extract_reads_or_refuses_damaged_releases_whatever_their_line_ends(case: tuple[str, str]) -> None:
    name, text = case
    with tempfile.TemporaryDirectory() as folder:
        outcomes = []
        for ending in ("\n", "\r\n", "\r"):
            path = Path(folder) / ending.encode().hex() / name
            path.parent.mkdir()
            path.write_bytes(text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", ending).encode("utf-8"))
            outcomes.append(_outcome(path))
        assert outcomes[0] == outcomes[1] == outcomes[2]


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(damaged(), st.booleans())
def test_load_of_a_damaged_release_is_whole_or_refused(loaded_store: Path, case: tuple[str, str], allow: bool) -> None:
    name, text = case
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "store"
        shutil.copytree(loaded_store, store, symlinks=True)
        with OxigraphStore(store, read_only=True) as opened:
            before = opened.export("nq")
        path = Path(folder) / "in" / name
        path.parent.mkdir()
        path.write_bytes(text.encode("utf-8"))
        result = runner.invoke(app, ["load", str(path), "--store", str(store), *(["--allow-shrink"] if allow else [])])
        assert result.exit_code in (0, 1), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        with OxigraphStore(store, read_only=True) as opened:
            if result.exit_code == 1:
                assert opened.export("nq") == before
            else:
                expected = prepare(path)
                assert opened.count(str(expected.graph_iri)) == expected.triples.count
