"""The `cislunar-kg` command as a user runs it: help everywhere, RDF out, atomic loads, clear errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from typer.testing import CliRunner

from cislunar_kg.cli import app
from graph.store import OxigraphStore

from .conftest import SEED, UNREAD, write_seed_with_unread

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


def test_extract_and_load_name_the_sentences_that_gave_no_fact(tmp_path: Path) -> None:
    """A body sentence with a date that yields no fact is reported, with its offsets, by extract and by load."""
    release = write_seed_with_unread(tmp_path / "sources")
    start = release.read_text(encoding="utf-8").index(UNREAD)
    for result in (runner.invoke(app, ["extract", str(release)]), load(tmp_path / "store", release)):
        assert result.exit_code == 0, result.output
        assert "1 sentence(s)" in result.stderr and f"[{start}:{start + len(UNREAD)}] {UNREAD}" in result.stderr
    assert "gave no fact" not in runner.invoke(app, ["extract", str(SEED)]).stderr  # the seed is read whole


def test_a_release_without_a_date_of_its_own_says_so() -> None:
    undated = Path(__file__).parent.parent / "data" / "dev" / "ja" / "nodate_ispace-orbital-space_mou.txt"
    result = runner.invoke(app, ["extract", str(undated)])
    assert result.exit_code == 0, result.output
    assert "gives no date of its own" in result.stderr
    assert "gives no date" not in runner.invoke(app, ["extract", str(SEED)]).stderr


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
    with OxigraphStore(store, read_only=True) as opened:
        before = opened.export("nq")
    another = tmp_path / "another.txt"
    another.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    refused = load(store, another)  # the document passes the gate, the store it would make does not: refused
    assert refused.exit_code == 1
    assert "one-name-per-person: https://w3id.org/cislunar-kg/id/person/a has 2 names" in refused.stderr
    assert "rule(s) that span documents" in refused.stderr and "Traceback" not in refused.output
    with OxigraphStore(store, read_only=True) as opened:
        assert opened.export("nq") == before


# -- `query` runs as the endpoint runs: the same checks and limits, in a worker without network --

SLOW = "SELECT (COUNT(*) AS ?n) { " + " ".join(
    f"VALUES ?{v} {{ {' '.join(map(str, range(100)))} }}" for v in "abcd") + " }"  # 10^8 rows, few tokens


def one_line_error(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    return str(result.stderr)


def test_query_refuses_what_the_endpoint_refuses(tmp_path: Path) -> None:
    from .api_fixtures import FileWatch, Listener
    from .test_api_security import disguised_queries

    store = tmp_path / "store"
    load(store, SEED)
    secret = tmp_path / "secret.ttl"
    secret.write_text("<urn:secret> <urn:is> 'the secret' .\n")
    listener, watch = Listener(), FileWatch(secret)
    try:
        for target in (listener.url, secret.as_uri()):
            for text in (f"SELECT * {{ SERVICE <{target}> {{ ?s ?p ?o }} }}", *disguised_queries(target)[3:9],
                         f"SELECT * FROM <{target}> {{ ?s ?p ?o }}"):
                stderr = one_line_error(runner.invoke(app, ["query", text, "--store", str(store)]))
                assert "Refused SPARQL request" in stderr, stderr
            bypass = runner.invoke(app, ["query", disguised_queries(target)[0], "--store", str(store), "-f", "json"])
            assert bypass.exit_code == 0  # read as SPARQL says: three BINDs of strings
            assert json.loads(bypass.stdout)["results"]["bindings"][0]["z"]["value"].startswith('" AS ?a) SERVICE')
        assert listener.connections == 0
        assert watch.events() == 0
    finally:
        listener.close()
        watch.close()


def test_query_keeps_the_limits(tmp_path: Path) -> None:
    store = tmp_path / "store"
    load(store, SEED)
    rows = one_line_error(runner.invoke(app, ["query", "SELECT * { ?s ?p ?o }", "--store", str(store)],
                                        env={"CKG_MAX_ROWS": "3"}))
    assert "more than 3 rows" in rows and "CKG_MAX_ROWS" in rows
    huge = "SELECT (" + " + ".join(["1"] * 10_000) + " AS ?x) {}"
    assert "CKG_QUERY_MAX_OPERATORS" in one_line_error(runner.invoke(app, ["query", huge, "--store", str(store)]))
    slow = one_line_error(runner.invoke(app, ["query", SLOW, "--store", str(store)], env={"CKG_QUERY_TIMEOUT": "1"}))
    assert "Query timed out" in slow and "CKG_QUERY_TIMEOUT" in slow
    bad = one_line_error(runner.invoke(app, ["query", "ASK {}", "--store", str(store)], env={"CKG_MAX_ROWS": "x"}))
    assert "CKG_MAX_ROWS" in bad
    assert "no store at" in one_line_error(runner.invoke(app, ["query", "ASK {}", "--store", str(tmp_path / "none")]))
    assert not (tmp_path / "none").exists()


def test_query_prints_a_graph_answer_as_ntriples(tmp_path: Path) -> None:
    store = tmp_path / "store"
    load(store, SEED)
    result = runner.invoke(app, ["query", "CONSTRUCT WHERE { ?s a ?o } LIMIT 3", "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert len(Graph().parse(data=result.stdout, format="nt")) == 3


def _descendants(pid: int) -> list[int]:
    """Every process below `pid` (Linux /proc), nearest first."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(0), []):
            found.append(child)
            queue.append(child)
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the worker through /proc")
def test_a_crashed_worker_is_one_line_not_a_signal(tmp_path: Path) -> None:
    """The engine's worker dies of SIGSEGV mid-query (as Oxigraph once did): the command says so and exits 1."""
    import signal
    import subprocess
    import sys
    import time

    store = tmp_path / "store"
    load(store, SEED)
    command = subprocess.Popen(
        [sys.executable, "-m", "cislunar_kg", "query", SLOW, "--store", str(store)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "CKG_QUERY_TIMEOUT": "60"},
    )
    try:
        deadline = time.monotonic() + 30
        workers: list[int] = []
        while not workers and time.monotonic() < deadline:  # the worker is the forkserver's child
            tree = _descendants(command.pid)
            workers = [p for p in tree if p not in _children_of(command.pid)]
            time.sleep(0.2)
        assert workers, "no worker process appeared"
        time.sleep(1.0)  # let it start on the query
        workers = [p for p in _descendants(command.pid) if p not in _children_of(command.pid)]
        os.kill(max(workers, key=_cpu_ticks), signal.SIGSEGV)  # the busy worker, not the spare beside it
        _, stderr = command.communicate(timeout=60)
    finally:
        command.kill()
    assert command.returncode == 1, stderr
    assert stderr.startswith("error: Worker failed") and stderr.count("\n") == 1, stderr


def _cpu_ticks(pid: int) -> int:
    """User + system CPU a process has used (0 once it is gone): the worker running the query uses the most."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def _children_of(pid: int) -> set[int]:
    return {p for p in _descendants(pid) if Path(f"/proc/{p}/stat").exists()
            and int(Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[1]) == pid}


def test_the_command_refuses_a_disguised_service_as_a_process(tmp_path: Path) -> None:
    """The real `cislunar-kg query` process, as a user runs it: one line on stderr, exit 1, nothing reached."""
    import subprocess
    import sys

    from .api_fixtures import Listener
    from .test_api_security import disguised_queries

    store = tmp_path / "store"
    load(store, SEED)
    listener = Listener()
    try:
        done = subprocess.run(  # noqa: PLW1510  (the exit code is asserted)
            [sys.executable, "-m", "cislunar_kg", "query", disguised_queries(listener.url)[3], "--store", str(store)],
            capture_output=True, text=True, timeout=120,
        )
    finally:
        listener.close()
    assert done.returncode == 1
    assert done.stderr.startswith("error: Refused SPARQL request: SERVICE is not allowed"), done.stderr
    assert done.stderr.count("\n") == 1 and done.stdout == ""
    assert listener.connections == 0
