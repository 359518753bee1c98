"""No silent shrinking: every load compares each release with the stored version and prints what changes;
a changed release that would remove facts is refused unless the operator allows it (`graph/load_plan.py`)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cislunar_kg.cli import app
from graph.generations import active_name
from graph.load_plan import facts, stored_triples
from graph.store import OxigraphStore

from .conftest import SEED

runner = CliRunner()
BASE = "https://w3id.org/cislunar-kg/id/"
GRAPH = BASE + "document/" + SEED.stem
CUTS = 14


def load(store: Path, *files: Path, flags: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["load", *map(str, files), "--store", str(store), *flags])


def _export(store: Path) -> bytes:
    with OxigraphStore(store, read_only=True) as opened:
        return opened.export("nq")


def _facts(store: Path) -> set[str]:
    with OxigraphStore(store, read_only=True) as opened:
        return facts(stored_triples(opened, GRAPH), BASE)


@pytest.fixture(scope="module")
def full_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("full") / "store"
    assert load(store, SEED).exit_code == 0
    return store


def _cuts() -> list[str]:
    """The seed cut at seeded random points (by characters), and a file holding only its date line."""
    text = SEED.read_text(encoding="utf-8")
    rng = random.Random(19)
    date_line = next(line for line in text.splitlines() if line.strip().startswith("2025年12月3日"))
    return [text[: rng.randrange(len(text) // 10, len(text))] for _ in range(CUTS)] + [date_line + "\n"]


@pytest.mark.parametrize("cut", range(CUTS + 1))
def test_a_truncated_capture_never_silently_replaces_the_complete_document(
    full_store: Path, tmp_path: Path, cut: int
) -> None:
    store = tmp_path / "store"
    shutil.copytree(full_store, store, symlinks=True)
    before, complete = _export(store), _facts(store)
    truncated = tmp_path / "in" / SEED.name
    truncated.parent.mkdir()
    truncated.write_text(_cuts()[cut], encoding="utf-8")
    result = load(store, truncated)
    assert "Traceback" not in result.output
    if result.exit_code != 0:
        assert _export(store) == before  # refused: byte-identical
        if "would remove facts" in result.stderr:
            assert "facts added" in result.stderr and "removed" in result.stderr
            assert "signs of an incomplete capture" in result.stderr
    else:
        assert _facts(store) >= complete  # loaded: it lost nothing the complete document stated


def test_a_cut_capture_is_refused_with_its_signs_and_loads_with_the_flag(full_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(full_store, store, symlinks=True)
    text = SEED.read_text(encoding="utf-8")
    truncated = tmp_path / "in" / SEED.name
    truncated.parent.mkdir()
    truncated.write_text(text[: text.index("以上")  - 30], encoding="utf-8")
    before = _export(store)
    refused = load(store, truncated)
    assert refused.exit_code == 1
    assert "changed    " + SEED.name in refused.stderr
    assert "the closing 以上 is missing" in refused.stderr and "--allow-shrink" in refused.stderr
    assert _export(store) == before
    dry = load(store, truncated, flags=("--dry-run", "--allow-shrink"))
    assert dry.exit_code == 0 and "dry run: nothing written" in dry.stderr
    assert _export(store) == before
    allowed = load(store, truncated, flags=("--allow-shrink",))
    assert allowed.exit_code == 0, allowed.output
    assert _export(store) != before


def test_an_unchanged_release_is_neither_read_nor_written_again(
    full_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    shutil.copytree(full_store, store, symlinks=True)
    generation = active_name(store)

    def no_reading(*_: object, **__: object) -> None:
        raise AssertionError("an unchanged release was extracted again")

    monkeypatch.setattr("cislunar_kg.cli.prepare_batch", no_reading)
    result = load(store, SEED)
    assert result.exit_code == 0, result.output
    assert "unchanged  " + SEED.name in result.stderr
    assert active_name(store) == generation  # nothing written, not even a new generation


def test_the_same_source_read_by_another_extractor_is_summarised_and_loaded(
    full_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    shutil.copytree(full_store, store, symlinks=True)
    monkeypatch.setattr("graph.load_plan.extractor_fingerprint", lambda: "another extractor")
    result = load(store, SEED)
    assert result.exit_code == 0, result.output
    assert "re-read    " + SEED.name + " (same source, extractor changed: 0 facts added, 0 removed)" in result.stderr


def test_a_dry_run_writes_nothing(tmp_path: Path) -> None:
    store = tmp_path / "store"
    result = load(store, SEED, flags=("--dry-run",))
    assert result.exit_code == 0, result.output
    assert "new        " + SEED.name in result.stderr and "dry run" in result.stderr
    assert not store.exists() or active_name(store) is None
