"""The `cislunar-kg` command: chains the loading steps (`graph`) and the store, and starts the HTTP layer (`api`);
nothing else lives here."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import pyoxigraph as ox
import typer
from rdflib import Dataset, Graph
from rich.console import Console
from rich.progress import Progress, TaskID
from rich.table import Table

from graph.batch import PreparedBatch, prepare_batch
from graph.errors import CislunarKGError, StoreError, ValidationError
from graph.facts import Span
from graph.generations import holds_store
from graph.load_plan import Manifest, compare, first_pass, refusal, updated_manifest
from graph.load_unit import load_unit
from graph.namespaces import DEFAULT_BASE_IRI, bind_prefixes
from graph.pipeline import PreparedDocument, expand_sources, ontology_graph, prepare, write
from graph.source import read_source
from graph.store import OxigraphStore
from graph.store_checks import Finding, check_store
from graph.store_factory import StoreCredentials, open_store, parse_spec
from graph.store_interface import Store
from graph.validate import report
from graph.validated import ValidatedDocument

from .ontology_cli import ontology as ontology_command

NTRIPLES = ox.RdfFormat.N_TRIPLES
app = typer.Typer(help="Build, check, query and serve the cislunar-kg knowledge graph.", no_args_is_help=True)
err = Console(stderr=True)
app.command("ontology")(ontology_command)

StoreOption = Annotated[
    str,
    typer.Option(
        "--store",
        help="The store: a folder of the embedded store (PATH or oxigraph:PATH), or a SPARQL 1.1 endpoint "
        "(sparql:QUERY_URL[,UPDATE_URL]; credentials only from CKG_STORE_USER/CKG_STORE_PASSWORD or CKG_STORE_TOKEN).",
        envvar="CKG_STORE",
        show_default=True,
    ),
]
BaseOption = Annotated[str, typer.Option("--base-iri", help="Base IRI of data resources.", envvar="CKG_BASE_IRI")]
FilesArgument = Annotated[list[Path], typer.Argument(help="Release files, or folders of them.")]


class RdfFormat(StrEnum):
    turtle = "turtle"
    nt = "nt"
    jsonld = "jsonld"
    trig = "trig"


class ResultFormat(StrEnum):
    json = "json"
    csv = "csv"
    table = "table"


class ExportFormat(StrEnum):
    trig = "trig"
    nq = "nq"


def fail(message: str, code: int = 1) -> NoReturn:
    """One clear line on stderr and a non-zero exit, never a traceback."""
    err.print(f"[bold red]error:[/] {message}", markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _prepare_with_progress(files: list[Path], base_iri: str) -> list[PreparedDocument]:
    prepared = []
    with Progress(console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("reading releases", total=len(files))
        for path in files:
            progress.update(task, description=f"reading {path.name}")
            prepared.append(prepare(path, base_iri=base_iri))
            progress.advance(task)
    return prepared


def _prepare_batch_with_progress(files: list[Path], base_iri: str) -> PreparedBatch:
    """Every file prepared on every core (`graph.batch`), with a progress bar on a terminal."""
    with Progress(console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task(f"checking {len(files)} releases", total=len(files))
        return prepare_batch(files, base_iri=base_iri, on_done=lambda _: progress.advance(task))


@app.command()
def extract(
    files: FilesArgument,
    fmt: Annotated[RdfFormat, typer.Option("-f", "--format", help="RDF syntax to print.")] = RdfFormat.turtle,
    base_iri: BaseOption = DEFAULT_BASE_IRI,
) -> None:
    """Parse, build and validate releases, and print their RDF; store nothing."""
    try:
        prepared = _prepare_with_progress(expand_sources(files), base_iri)
    except CislunarKGError as error:
        _explain(error)
    for document in prepared:
        _report_reading(document.path, document.release.issued is not None, document.release.unread)
    if fmt is RdfFormat.trig:
        dataset = Dataset()
        bind_prefixes(dataset)
        for document in prepared:
            named = dataset.graph(document.graph_iri)
            for triple in document.graph:
                named.add(triple)
        sys.stdout.write(dataset.serialize(format="trig"))
        return
    merged = Graph()
    bind_prefixes(merged)
    for document in prepared:
        merged += document.graph
    syntax = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt.value]
    sys.stdout.write(merged.serialize(format=syntax))


@app.command()
def load(
    files: FilesArgument,
    store: StoreOption = "var/store",
    base_iri: BaseOption = DEFAULT_BASE_IRI,
    allow_shrink: Annotated[bool, typer.Option(
        "--allow-shrink", help="Replace changed releases even where the new version removes facts the store holds."
    )] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what the load would change; write nothing.")
    ] = False,
) -> None:
    """Extract and validate releases, then write each into its own named graph of the store, all as one unit.

    Every release is compared with the stored version first (new / unchanged / re-read / changed, facts added
    and removed); unchanged ones are skipped, and a changed one that would remove facts is refused unless
    --allow-shrink. Every file is checked before anything is written: if one fails, the store is left as it was.
    """
    try:
        paths = expand_sources(files)
        with _current_state(store, base_iri) as (current, manifest):
            entries = first_pass(paths, current, manifest, base_iri=base_iri)
            to_read = [e for e in entries if e.status != "unchanged"]
            batch = _prepare_batch_with_progress([e.path for e in to_read], base_iri) if to_read else None
            try:
                if batch is not None:
                    for entry, document in zip(to_read, batch.documents(), strict=True):
                        compare(entry, document.triples, read_source(entry.path), current, manifest, base_iri=base_iri)
            except BaseException:
                if batch is not None:
                    batch.close()
                raise
        for entry in entries:
            err.print(entry.text(), highlight=False, markup=False, soft_wrap=True)
        refused = None if allow_shrink else refusal(entries)
        if dry_run or refused is not None or batch is None:
            if batch is not None:
                batch.close()
            if refused is not None:
                raise refused
            err.print("dry run: nothing written" if dry_run else "nothing to load: every release is unchanged",
                      highlight=False)
            return
        _write_batch(store, base_iri, batch, updated_manifest(manifest, entries))
    except CislunarKGError as error:
        _explain(error)


def _credentials(store: str) -> StoreCredentials | None:
    """The CKG_STORE_* credentials for a `sparql:` store, as the settings read them."""
    if parse_spec(store).kind != "sparql":
        return None
    from api.settings import Settings

    try:
        return Settings.from_env(store=store).store_credentials
    except ValueError as error:  # a bad CKG_* value: the message names the variable
        raise StoreError(str(error)) from None


@contextlib.contextmanager
def _current_state(store: str, base_iri: str) -> Iterator[tuple[Store | None, Manifest]]:
    """The store as it is now (read-only; None when there is none yet) and its manifest, for the load plan."""
    spec = parse_spec(store)
    if spec.path is not None and not holds_store(spec.path):
        yield None, Manifest()
        return
    with open_store(store, read_only=True, base_iri=base_iri, credentials=_credentials(store)) as current:
        database = current.location if isinstance(current, OxigraphStore) else None
        yield current, Manifest.read(database)


def _write_batch(store: str, base_iri: str, batch: PreparedBatch, manifest: Manifest) -> None:
    """Write the prepared releases as one unit, check the store-wide rules on the result, then make it current."""
    try:
        with load_unit(store, base_iri=base_iri, credentials=_credentials(store)) as target:
            with Progress(console=err, transient=True, disable=not err.is_terminal) as bar:
                task = bar.add_task(f"writing {len(batch)} graphs", total=len(batch))
                write(target, _advancing(batch.documents(), bar, task))
            total, graphs = target.count(), len(target.named_graphs())
            findings = check_store(target)
            if findings and isinstance(target, OxigraphStore):  # refused: the generation never becomes active
                raise ValidationError(
                    f"refused: the store after this load would break {len(findings)} rule(s) that span documents; "
                    "nothing was written", "\n".join(finding.text() for finding in findings))
            if isinstance(target, OxigraphStore) and target.location is not None:
                manifest.write(target.location)
    finally:
        batch.close()
    for loaded in batch.summary:
        err.print(f"loaded {loaded.path} → <{loaded.graph_iri}> ({loaded.triples} triples)", highlight=False)
        _report_reading(loaded.path, loaded.dated, loaded.unread)
    for link in batch.links:  # English resources joined to Japanese ones (graph/crosslingual.py)
        err.print(f"linked {link.kind} “{link.english_name}” = “{link.japanese_name}”: {link.evidence}",
                  highlight=False, markup=False, soft_wrap=True)
    for kept in batch.apart:
        err.print(f"kept apart: {kept.kind} “{kept.english_name}” ({kept.english_document}): no Japanese release "
                  "of this load gives evidence that it is one already named",
                  highlight=False, markup=False, soft_wrap=True)
    err.print(f"store {store}: {total} quads in {graphs} graphs", highlight=False)
    for finding in findings:  # a remote store cannot take a load back: there, a breach is a warning
        err.print(f"warning: {finding.text()}", highlight=False, markup=False)


def _report_reading(path: Path, dated: bool, unread: tuple[Span, ...]) -> None:
    """What a maintainer should know of how a release was read (on stderr): that it gives no date of its own, and
    the sentences that mention an agreement, a date, a company or a comment but gave no fact."""
    if not dated:
        err.print(f"note: {path}: the release gives no date of its own, so its facts carry no ckg:statedOn",
                  highlight=False, markup=False, soft_wrap=True)
    if not unread:
        return
    err.print(f"note: {path}: {len(unread)} sentence(s) with an agreement word, a date, a company form, "
              f"a comment heading or "
              "a quotation gave no fact:", highlight=False, markup=False, soft_wrap=True)
    for sentence in unread:
        text = " ".join(sentence.exact.split())
        err.print(f"  [{sentence.start}:{sentence.end}] {text[:160]}{'…' if len(text) > 160 else ''}",
                  highlight=False, markup=False, soft_wrap=True)


def _advancing(documents: Iterator[ValidatedDocument], bar: Progress, task: TaskID) -> Iterator[ValidatedDocument]:
    for document in documents:
        yield document
        bar.advance(task)


@app.command("validate")
def validate_command(
    files: Annotated[list[Path] | None, typer.Argument(help="Release files to check instead of the store.")] = None,
    store: StoreOption = "var/store",
    base_iri: BaseOption = DEFAULT_BASE_IRI,
) -> None:
    """Run the SHACL gate over release files, or over every document graph in the store and the cross-document
    rules over the store; exit 1 on violations."""
    findings: list[Finding] = []  # cross-document rules: only a store has more than one document to compare
    try:
        if files:
            graphs = [(str(p), build_only(p, base_iri)) for p in expand_sources(files)]
        else:
            with open_store(store, read_only=True, base_iri=base_iri, credentials=_credentials(store)) as opened:
                graphs = _store_graphs(opened)
                findings = check_store(opened)
    except CislunarKGError as error:
        _explain(error)
    failed = bool(findings)
    for finding in findings:
        print(finding.text())
    for name, graph in graphs:
        result = report(graph, ontology=ontology_graph())
        if result.conforms:
            print(f"{name}: conforms ({len(graph)} triples)")
            continue
        failed = True
        print(f"{name}: {len(result.violations)} violation(s)")
        print(result.text())
    raise typer.Exit(1 if failed else 0)


def build_only(path: Path, base_iri: str) -> Graph:
    from graph.build import build_graph
    from graph.extract import extract_release
    from graph.pipeline import scope_concepts
    from graph.source import read_source

    return build_graph(extract_release(read_source(path)), base_iri=base_iri, scope_concepts=scope_concepts())


def _store_graphs(store: Store) -> list[tuple[str, Graph]]:
    """Each document graph of the store as an rdflib graph, for the SHACL gate."""
    from graph.namespaces import ONTOLOGY_IRI

    graphs = []
    for name in store.named_graphs():
        if name == ONTOLOGY_IRI:
            continue
        data = store.query(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}", results_format=NTRIPLES
        )
        assert isinstance(data, bytes)
        graphs.append((name, Graph().parse(data=data, format="nt")))
    return graphs


@app.command()
def query(
    sparql: Annotated[str, typer.Argument(help="A SPARQL 1.1 query (the default graph is the union of all graphs).")],
    store: StoreOption = "var/store",
    fmt: Annotated[ResultFormat, typer.Option("-f", "--format", help="How to print the answer.")] = ResultFormat.table,
) -> None:
    """Query the store as the SPARQL endpoint does and print the answer (a graph answer as N-Triples).

    The same checks and limits apply (CKG_QUERY_TIMEOUT, CKG_MAX_ROWS, CKG_QUERY_MAX_*), and over a store folder
    the query runs in a worker process that cannot reach the network; a refusal is one line and exit 1.
    """
    from rich.markup import escape

    from api.errors import ApiError
    from api.jobs import QueryJob
    from api.one_shot import run_job
    from api.query_complexity import QueryLimits
    from api.settings import Settings

    try:
        settings = Settings.from_env(store=store)
    except ValueError as error:  # a bad CKG_* value: the message names the variable
        fail(escape(str(error)))
    if isinstance(settings.store, Path) and not holds_store(settings.store):
        fail(escape(
            f"no store at {settings.store}: load releases first with `cislunar-kg load FILE... --store {store}`"
        ))
    result_type = "text/csv" if fmt is ResultFormat.csv else "application/sparql-results+json"
    job = QueryJob(query=sparql, base_iri=settings.base_iri, result_type=result_type,
                   graph_type="application/n-triples",
                   max_rows=settings.max_rows, allow_unknown_graphs=settings.allow_unknown_graphs,
                   limits=QueryLimits.from_settings(settings), allow_unsandboxed=settings.allow_unsandboxed)
    try:
        rendered = run_job(settings, job)
    except ApiError as error:
        fail(escape(f"{error.title}: {error.detail}"))
    if fmt is ResultFormat.table and rendered.content_type.startswith("application/sparql-results+json"):
        _print_table(json.loads(rendered.body))
        return
    sys.stdout.write(rendered.body.decode("utf-8"))


def _print_table(answer: dict[str, Any]) -> None:
    """A SPARQL JSON answer as a terminal table (or `true` / `false`)."""
    console = Console()
    if "boolean" in answer:
        console.print("true" if answer["boolean"] else "false")
        return
    variables = answer["head"]["vars"]
    table = Table(*variables)
    rows = answer["results"]["bindings"]
    for row in rows:
        table.add_row(*(row[v]["value"] if v in row else "" for v in variables))
    console.print(table)
    console.print(f"{len(rows)} row(s)")


@app.command()
def serve(
    store: StoreOption = "var/store",
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the store over HTTP: SPARQL endpoint, REST lookups and linked-data pages.

    Connection limits (header, body and keep-alive timeouts, connections, header size) come from the CKG_*
    settings; on the internet, put a reverse proxy with TLS in front (README, "On the internet").
    """
    import uvicorn

    from api.access_log import configure_logging
    from api.app import create_app
    from api.serving import server_config
    from api.settings import Settings

    try:
        settings = Settings.from_env(store=store)
    except ValueError as error:  # a bad CKG_* value: the message names the variable
        fail(str(error))
    if isinstance(settings.store, Path) and not holds_store(settings.store):
        fail(f"no store at {settings.store}: load releases first with `cislunar-kg load FILE... --store {store}`")
    configure_logging()
    config = server_config(create_app(settings), settings, host=host, port=port,
                           log_level=settings.log_level)
    uvicorn.Server(config).run()


@app.command()
def export(
    store: StoreOption = "var/store",
    fmt: Annotated[ExportFormat, typer.Option("-f", "--format", help="Dataset syntax.")] = ExportFormat.trig,
) -> None:
    """Print every named graph of the store as TriG or N-Quads."""
    try:
        with open_store(store, read_only=True, credentials=_credentials(store)) as target:
            data = target.export(fmt.value)
        sys.stdout.buffer.write(data)
    except CislunarKGError as error:
        _explain(error)


@app.command("evaluate")
def evaluate_command(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Release files, or folders of them (default: the Japanese corpus, data/sources and data/dev/ja)."
        ),
    ] = None,
    gold: Annotated[
        Path, typer.Option("--gold", help="Folder of gold files, one <release file stem>.toml each.")
    ] = Path(
        "data/gold"
    ),
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures and findings as JSON.")] = False,
    base_iri: BaseOption = DEFAULT_BASE_IRI,
) -> None:
    """Load each release that has a gold file as `load` would, and score its graph against the gold: precision and
    recall per fact kind and per release, and every wrong, missed and invented fact. Stores nothing."""
    from graph.evaluate import as_json as evaluation_json
    from graph.evaluate import evaluate
    from graph.evaluate_report import render

    try:
        evaluation = evaluate(files or [Path("data/sources"), Path("data/dev/ja")], gold, base_iri=base_iri)
    except CislunarKGError as error:
        _explain(error)
    if as_json:
        sys.stdout.write(json.dumps(evaluation_json(evaluation), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render(evaluation))


def _explain(error: CislunarKGError) -> NoReturn:
    if isinstance(error, ValidationError):
        err.print(error.report, highlight=False, markup=False)
    fail(str(error))


if __name__ == "__main__":
    app()
