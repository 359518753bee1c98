"""The benchmark's synthetic graph: deterministic, the size asked for, and shaped so every query has an answer."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from rdflib import Dataset

from bench.synthetic import generate, write_store
from bench.workload import workload
from graph.store import OxigraphStore, Solutions

SMALL = 5_000


@pytest.fixture(scope="module")
def small_nquads() -> bytes:
    return generate(SMALL)


@pytest.fixture(scope="module")
def small_store(small_nquads: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bench") / "store"
    write_store(folder, small_nquads)
    return folder


def test_the_same_seed_gives_the_same_bytes(small_nquads: bytes) -> None:
    assert generate(SMALL) == small_nquads
    assert generate(SMALL, seed=1) != small_nquads


def test_about_the_requested_number_of_triples() -> None:
    lines = generate(20_000).splitlines()
    assert 20_000 <= len(lines) <= 22_000  # whole releases: it stops after the one that reaches the target
    assert len(set(lines)) == len(lines)  # a named graph states each triple once


def test_releases_are_named_graphs_and_the_default_graph_is_their_union(small_store: Path) -> None:
    with OxigraphStore(small_store, read_only=True) as store:
        graphs = store.named_graphs()
        assert len(graphs) > 3
        assert all(g.startswith("https://w3id.org/cislunar-kg/id/document/") for g in graphs)
        union = store.query("SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } } }")
        default = store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
        assert isinstance(union, Solutions) and isinstance(default, Solutions)
        assert union.rows[0]["n"].value == default.rows[0]["n"].value


@pytest.mark.parametrize("name", list(workload()))
def test_every_benchmarked_query_has_rows(small_store: Path, name: str) -> None:
    with OxigraphStore(small_store, read_only=True) as store:
        answer = store.query(workload()[name])
    if isinstance(answer, bool):
        assert answer
    else:
        assert isinstance(answer, Solutions) and answer.rows, f"{name} found nothing in the synthetic graph"


@pytest.fixture(scope="module")
def small_dataset(small_nquads: bytes) -> Dataset:
    """The N-Quads as rdflib-endpoint is given them (`bench/rdflib_server.py`)."""
    dataset = Dataset(default_union=True)
    with warnings.catch_warnings():  # rdflib's N-Quads parser uses its own deprecated `default_context`
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset.parse(data=small_nquads, format="nquads")
    return dataset


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("name", ["parties-of-agreement", "posts", "timeline", "join (5 patterns)", "lookup (1 subject)"])
def test_rdflib_reads_the_same_answer_from_the_same_nquads(small_dataset: Dataset, small_store: Path, name: str) -> None:
    """rdflib-endpoint is fed the N-Quads, our service the store: both must see the same data."""
    with OxigraphStore(small_store, read_only=True) as store:
        ours = store.query(workload()[name])
    assert isinstance(ours, Solutions)
    assert len(list(small_dataset.query(workload()[name]))) == len(ours.rows)
