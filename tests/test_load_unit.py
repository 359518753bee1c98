"""A load is one unit: `kill -9` at any moment leaves the store with all of it or none of it, and the store
folder keeps opening (generations, `graph/generations.py`)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from cislunar_kg.quality.synthetic_releases import write_releases
from graph.generations import ACTIVE, active_name, holds_store
from graph.store import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
CLI = str(Path(sys.executable).parent / "cislunar-kg")
TRIALS = 10
SEED = 19


def _corpus(folder: Path, suffix: str) -> Path:
    """The real releases and 12 synthetic ones; `suffix` appended to every file makes another version of each."""
    folder.mkdir(parents=True)
    for path in [*sorted((ROOT / "data" / "sources").rglob("*.txt"))]:
        (folder / path.name).write_text(path.read_text(encoding="utf-8") + suffix, encoding="utf-8")
    for path in write_releases(folder / "synthetic", 12):
        path.write_text(path.read_text(encoding="utf-8") + suffix, encoding="utf-8")
    return folder


def _load(files: Path, store: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([CLI, "load", str(files), "--store", str(store)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _export(store: Path) -> list[bytes]:
    with OxigraphStore(store, read_only=True) as opened:
        return sorted(opened.export("nq").splitlines())


def test_a_killed_reload_leaves_all_of_it_or_none(tmp_path: Path) -> None:
    old_files, new_files = _corpus(tmp_path / "old", ""), _corpus(tmp_path / "new", "\n")
    template = tmp_path / "template"
    assert _load(old_files, template).wait(300) == 0
    old = _export(template)
    finished = tmp_path / "finished"
    shutil.copytree(template, finished, symlinks=True)
    started = time.monotonic()
    done = _load(new_files, finished)
    assert done.wait(300) == 0, done.stderr.read() if done.stderr else ""
    duration = time.monotonic() - started
    new = _export(finished)
    assert new != old  # every document changed: a mix would show
    rng = random.Random(SEED)
    outcomes = []
    for trial in range(TRIALS):
        store = tmp_path / f"trial-{trial}"
        shutil.copytree(template, store, symlinks=True)
        loading = _load(new_files, store)
        time.sleep(rng.uniform(0.0, duration))
        loading.send_signal(signal.SIGKILL)
        loading.wait(60)
        assert holds_store(store)
        exported = _export(store)
        assert exported in (old, new), f"trial {trial}: a mix of the old and the new load"
        outcomes.append("new" if exported == new else "old")
        # The next load after a kill cleans up and completes.
        if trial == 0:
            assert _load(new_files, store).wait(300) == 0
            assert _export(store) == new
            assert len([p for p in store.iterdir() if p.name.startswith("gen-")]) <= 2
        shutil.rmtree(store)
    assert "old" in outcomes  # some kills landed before the switch (the test exercised the window)


def test_a_store_of_the_older_layout_opens_and_is_migrated_by_a_load(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    legacy = ox.Store(str(folder))  # the database in the folder itself, as stores were written before
    legacy.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c"), ox.NamedNode("urn:g")))
    legacy.flush()
    del legacy
    assert holds_store(folder) and active_name(folder) is None
    with OxigraphStore(folder, read_only=True) as opened:
        assert opened.count() == 1
    seed = ROOT / "data" / "sources" / "2025-12-03_ispace-jal-basic-agreement.txt"
    assert _load(seed, folder).wait(300) == 0
    assert (folder / ACTIVE).is_symlink() and not (folder / "CURRENT").exists()
    with OxigraphStore(folder, read_only=True) as opened:
        assert "urn:g" in opened.named_graphs()  # kept: the load replaced only its own documents' graphs
        assert len(opened.named_graphs()) == 3


def test_a_second_load_at_the_same_time_is_refused_in_one_line(tmp_path: Path) -> None:
    from graph.errors import StoreError
    from graph.generations import next_generation

    folder = tmp_path / "store"
    with next_generation(folder), pytest.raises(StoreError, match="another load is writing"):  # noqa: SIM117
        with next_generation(folder):
            pass
    assert not holds_store(folder) and not [p for p in folder.iterdir() if p.name.startswith("gen-")]
    os.sync()


def test_a_full_disk_is_one_line_and_leaves_the_store_as_it_was(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from cislunar_kg.cli import app
    from graph.errors import StoreError

    seed = ROOT / "data" / "sources" / "2025-12-03_ispace-jal-basic-agreement.txt"
    store = tmp_path / "store"
    runner = CliRunner()
    assert runner.invoke(app, ["load", str(seed), "--store", str(store)]).exit_code == 0
    before = _export(store)
    changed = tmp_path / "in" / seed.name
    changed.parent.mkdir()
    changed.write_text(seed.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    def full(*_: object) -> None:
        raise StoreError("could not replace graph <x>: IO error: No space left on device (os error 28)")

    monkeypatch.setattr(OxigraphStore, "replace_graph", full)
    result = runner.invoke(app, ["load", str(changed), "--store", str(store)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1].startswith("error: the disk holding")
    assert "free space and load again (the store is as it was)" in result.stderr and "Traceback" not in result.output
    assert _export(store) == before
    assert [p.name for p in store.iterdir() if p.name.startswith("gen-")] == [active_name(store)]
