"""The benchmark's synthetic graph: deterministic, the size asked for, and shaped so every query has an answer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from bench.endpoint import server_command, union_as_default_graph
from bench.synthetic_graph import generate, write_store
from bench.workload import workload
from graph.store import OxigraphStore, Solutions
from graph.union import UNION_GRAPH

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


def test_the_oxigraph_server_reads_the_same_default_graph_as_the_service(small_store: Path, tmp_path: Path) -> None:
    """The benchmark's Oxigraph server must count what the service counts: its copy of the store gets the union
    graph in its default graph, and Oxigraph's union mode would add every named graph's triples to it again."""
    union_mode = "--union-default-graph" in server_command(small_store, 5.0)
    copy = tmp_path / "copy"
    shutil.copytree(small_store, copy)
    union_as_default_graph(copy)
    count = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
    store = ox.Store.read_only(str(copy))
    as_served = store.query(count, use_default_graph_as_union=union_mode)
    distinct = store.query("SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } "
                           f"FILTER (?g != <{UNION_GRAPH}>) }} }}")
    assert isinstance(as_served, ox.QuerySolutions) and isinstance(distinct, ox.QuerySolutions)
    served, stated = (int(next(iter(answer))[0].value) for answer in (as_served, distinct))  # type: ignore[union-attr]
    assert served == stated > 0
