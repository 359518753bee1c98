"""The `cislunar-kg` command as a user runs it: help everywhere, RDF out, atomic loads, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from typer.testing import CliRunner

from graph.cli import app
from graph.store import OxigraphStore

from .conftest import SEED

runner = CliRunner()
COMMANDS = ["extract", "load", "validate", "query", "serve", "export"]


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)])
def test_every_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


@pytest.mark.parametrize(("fmt", "parse_as"), [("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_extract_prints_rdf_and_stores_nothing(fmt: str, parse_as: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(SEED), "-f", fmt], env={"CKG_STORE": str(tmp_path / "store")})
    assert result.exit_code == 0, result.output
    graph = Graph().parse(data=result.stdout, format=parse_as)
    assert len(graph) > 1000
    assert not (tmp_path / "store").exists()


def test_extract_trig_keeps_the_document_graph() -> None:
    result = runner.invoke(app, ["extract", str(SEED), "-f", "trig"])
    dataset = Dataset().parse(data=result.stdout, format="trig")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert "https://w3id.org/cislunar-kg/id/document/2025-12-03_ispace-jal-basic-agreement" in names


def load(store: Path, *files: Path):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["load", *map(str, files), "--store", str(store)])


def test_load_twice_replaces_the_document_graph(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert load(store, SEED).exit_code == 0
    with OxigraphStore(store, read_only=True) as first:
        count = first.count()
    assert load(store, SEED).exit_code == 0
    with OxigraphStore(store, read_only=True) as second:
        assert second.count() == count


def test_a_bad_file_in_a_batch_leaves_the_store_untouched(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert load(store, SEED).exit_code == 0
    with OxigraphStore(store, read_only=True) as opened:
        before = opened.export("nq")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    other = tmp_path / "copy.txt"
    other.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    result = load(store, other, bad)
    assert result.exit_code == 1
    assert "bad.txt" in result.stderr and "binary" in result.stderr
    assert "Traceback" not in result.output
    with OxigraphStore(store, read_only=True) as opened:
        assert opened.export("nq") == before


def test_query_formats(tmp_path: Path) -> None:
    store = tmp_path / "store"
    load(store, SEED)
    sparql = (
        "SELECT ?short WHERE { ?o a <http://www.w3.org/ns/org#Organization> ; "
        "<http://www.w3.org/2004/02/skos/core#altLabel> ?short } ORDER BY ?short"
    )
    as_json = runner.invoke(app, ["query", sparql, "--store", str(store), "-f", "json"])
    shorts = [b["short"]["value"] for b in json.loads(as_json.stdout)["results"]["bindings"]]
    assert shorts == ["JAL", "JALEC", "JALUX", "ispace"]
    as_csv = runner.invoke(app, ["query", sparql, "--store", str(store), "-f", "csv"])
    assert as_csv.stdout.splitlines()[:2] == ["short", "JAL"]
    as_table = runner.invoke(app, ["query", sparql, "--store", str(store)])
    assert "JALEC" in as_table.stdout and "4 row(s)" in as_table.stdout


def test_broken_sparql_is_one_clear_line(tmp_path: Path) -> None:
    store = tmp_path / "store"
    load(store, SEED)
    result = runner.invoke(app, ["query", "SELECT WHERE {", "--store", str(store)])
    assert result.exit_code == 1
    assert "syntax" in result.stderr.lower()
    assert "Traceback" not in result.output


def test_export_round_trips(tmp_path: Path) -> None:
    store = tmp_path / "store"
    load(store, SEED)
    result = runner.invoke(app, ["export", "--store", str(store), "-f", "trig"])
    dataset = Dataset().parse(data=result.stdout, format="trig")
    with OxigraphStore(store, read_only=True) as opened:
        assert sum(len(g) for g in dataset.graphs()) == opened.count()


def test_validate_files_and_store(tmp_path: Path) -> None:
    assert runner.invoke(app, ["validate", str(SEED)]).exit_code == 0
    store = tmp_path / "store"
    load(store, SEED)
    result = runner.invoke(app, ["validate", "--store", str(store)])
    assert result.exit_code == 0
    assert "conforms" in result.stdout


def test_validate_store_checks_the_rules_that_span_documents(tmp_path: Path) -> None:
    from .test_store_checks import FAULTS, PREFIXES

    store = tmp_path / "store"
    load(store, SEED)
    with OxigraphStore(store) as opened:
        opened.update(PREFIXES + "INSERT DATA {" + FAULTS["one-name-per-person"] + "}")
    result = runner.invoke(app, ["validate", "--store", str(store)])
    assert result.exit_code == 1
    assert "one-name-per-person: https://w3id.org/cislunar-kg/id/person/a has 2 names in one language" in result.stdout
    reloaded = load(store, SEED)  # the documents pass the gate; the store-wide fault is reported, not hidden
    assert reloaded.exit_code == 0
    assert "warning: one-name-per-person" in reloaded.stderr
