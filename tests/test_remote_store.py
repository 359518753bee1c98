"""The remote store: specs and credentials, one update request per document, and a real Virtuoso answering the
competency queries exactly as the embedded store does."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from urllib.parse import parse_qs

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph

from api.queries import named_queries
from graph.errors import StoreError
from graph.namespaces import ONTOLOGY_IRI
from graph.ntriples import from_graph
from graph.pipeline import PreparedDocument, write
from graph.remote_store import CHUNK_TRIPLES, UNION_GRAPH, SparqlStore
from graph.store import OxigraphStore, Solutions
from graph.store_factory import BearerAuth, StoreCredentials, open_store, parse_spec

from .validated_documents import validated
from .virtuoso import Virtuoso, virtuoso  # noqa: F401  (the session fixture)

EX = "http://example.org/"


# -- Specs and credentials --


@pytest.mark.parametrize(
    ("spec", "kind", "where"),
    [
        ("var/store", "oxigraph", "var/store"),
        ("oxigraph:/data/kg", "oxigraph", "/data/kg"),
        ("sparql:http://h:8890/sparql", "sparql", ("http://h:8890/sparql", None)),
        ("sparql:https://h/q,https://h/u", "sparql", ("https://h/q", "https://h/u")),
    ],
)
def test_specs(spec: str, kind: str, where: object) -> None:
    parsed = parse_spec(spec)
    assert parsed.kind == kind
    assert (str(parsed.path) if kind == "oxigraph" else (parsed.query_url, parsed.update_url)) == where


@pytest.mark.parametrize("spec", ["sparql:", "sparql:ftp://h/q", "sparql:http://u:p@h/q", "oxigraph:", "sparql:http://a,http://b,http://c"])
def test_bad_specs_are_refused(spec: str) -> None:
    with pytest.raises(StoreError):
        parse_spec(spec)


def auth_from_env(environ: dict[str, str]) -> httpx.Auth | None:
    """The store credentials the settings read from these variables, as the HTTP client's auth."""
    from api.settings import Settings

    return Settings.from_env(environ=environ).store_credentials.auth()


def test_credentials_come_from_the_environment() -> None:
    assert auth_from_env({}) is None
    assert isinstance(auth_from_env({"CKG_STORE_TOKEN": "t"}), BearerAuth)
    assert isinstance(auth_from_env({"CKG_STORE_USER": "u", "CKG_STORE_PASSWORD": "p"}), httpx.BasicAuth)
    digest = {"CKG_STORE_USER": "u", "CKG_STORE_PASSWORD": "p", "CKG_STORE_AUTH": "digest"}
    assert isinstance(auth_from_env(digest), httpx.DigestAuth)
    with pytest.raises(StoreError):
        auth_from_env({"CKG_STORE_USER": "u", "CKG_STORE_TOKEN": "t"})


def test_open_store_picks_the_backend(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with open_store(tmp_path / "s") as store:
        assert isinstance(store, OxigraphStore)
    with open_store("sparql:http://127.0.0.1:9/sparql", credentials=StoreCredentials(token="secret")) as remote:
        assert isinstance(remote, SparqlStore)


# -- What goes over the wire --


class Recorder:
    """An httpx transport that records requests and answers like a SPARQL endpoint with nothing in it."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, headers={"content-type": "application/sparql-results+json"},
                              content=b'{"head":{"vars":["g"]},"results":{"bindings":[]}}')


@pytest.mark.parametrize("unvalidated", [
    pytest.param(lambda: (EX + "doc", Graph()), id="graph-iri-and-graph"),
    pytest.param(lambda: from_graph(Graph()), id="ntriples"),
    pytest.param(lambda: Graph(), id="rdflib-graph"),
])
def test_a_document_write_refuses_what_did_not_pass_validation(unvalidated: Callable[[], object]) -> None:
    recorder = Recorder()
    store = SparqlStore("http://kg.test/sparql", client=httpx.Client(transport=httpx.MockTransport(recorder)))
    given = unvalidated()
    with pytest.raises(TypeError, match="a document write takes a ValidatedDocument"):
        store.replace_graph(given)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="a document write takes a ValidatedDocument"):
        store.replace_graphs([given])  # type: ignore[list-item]
    assert recorder.requests == []  # nothing was sent to the server


def test_a_large_graph_is_staged_in_chunks_and_swapped_in_by_one_request() -> None:
    recorder = Recorder()
    store = SparqlStore("http://kg.test/sparql", client=httpx.Client(transport=httpx.MockTransport(recorder)))
    graph = Graph()
    for i in range(CHUNK_TRIPLES * 2 + 5):
        graph.add((ox_ref(f"s{i}"), ox_ref("p"), ox_ref(f"o{i}")))
    store.replace_graph(validated(EX + "doc", graph))
    *chunks, ask, swap, drop = [parse_qs(r.content.decode()) for r in recorder.requests]
    assert len(chunks) == 3 and ask["query"][0].startswith("ASK")
    staged = [c["update"][0] for c in chunks]
    assert all(u.startswith("INSERT DATA { GRAPH <urn:cislunar-kg:staging:") for u in staged)
    assert len({u.split(">", 1)[0] for u in staged}) == 1  # one staging graph
    assert not any(f"<{EX}doc>" in u for u in staged)  # the document's graph is untouched until the swap
    assert sum(u.count(" .\n") for u in staged) == len(graph)
    staging = staged[0].split("GRAPH ", 1)[1].split(" ", 1)[0]
    assert swap["update"][0].split(" ;\n") == [  # the mock answers "no" to the ASK: nothing to take out first
        f"INSERT {{ GRAPH <{EX}doc> {{ ?s ?p ?o }} }} WHERE {{ GRAPH {staging} {{ ?s ?p ?o }} }}",
        # the set union
        f"INSERT {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH {staging} {{ ?s ?p ?o }} }}",
    ]
    assert drop["update"][0] == f"DROP SILENT GRAPH {staging}"


def test_basic_credentials_are_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    recorder = Recorder()
    client = httpx.Client(transport=httpx.MockTransport(recorder), auth=httpx.BasicAuth("kg", "pw"))
    SparqlStore("http://kg.test/sparql", client=client).named_graphs()
    assert recorder.requests[0].headers["authorization"].startswith("Basic ")


def ox_ref(local: str):  # type: ignore[no-untyped-def]
    from rdflib import URIRef

    return URIRef(EX + local)


# -- Against a real Virtuoso --


@pytest.fixture(scope="module")
def remote(virtuoso: Virtuoso, seed_prepared: PreparedDocument) -> Iterator[SparqlStore]:  # noqa: F811
    store = SparqlStore(virtuoso.sparql_url, graph_prefixes=("https://w3id.org/cislunar-kg/",))
    write(store, [seed_prepared])
    yield store
    store.close()


XSD = "http://www.w3.org/2001/XMLSchema#"


def answer_set(answer: object) -> set[tuple[tuple[str, str], ...]]:
    assert isinstance(answer, Solutions)
    # GROUP_CONCAT over nothing: "" in Virtuoso (as SPARQL 1.1 says), unbound in Oxigraph 0.5.
    return {tuple(sorted((k, _term(v)) for k, v in row.items() if str(v) != '""')) for row in answer.rows}


def _term(term: object) -> str:
    """A term as text, up to two engine differences that keep the value:
    Oxigraph 0.5 stores xsd:nonNegativeInteger as xsd:integer (Virtuoso keeps it), and GROUP_CONCAT of `@ja`
    strings keeps the tag in Oxigraph but is a plain string in Virtuoso (as SPARQL 1.1 says)."""
    if isinstance(term, ox.Literal) and term.datatype.value == XSD + "nonNegativeInteger":
        return str(ox.Literal(term.value, datatype=ox.NamedNode(XSD + "integer")))
    if isinstance(term, ox.Literal) and term.language:
        return str(ox.Literal(term.value))
    return str(term)


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_competency_queries_answer_alike_on_virtuoso(name: str, remote: SparqlStore, seed_store: OxigraphStore) -> None:
    text = named_queries()[name]
    expected = answer_set(seed_store.query(text))
    assert expected, name
    assert answer_set(remote.query(text)) == expected


def test_graphs_counts_and_export(remote: SparqlStore, seed_store: OxigraphStore,
                                  seed_prepared: PreparedDocument) -> None:
    document = str(seed_prepared.graph_iri)
    assert remote.named_graphs() == sorted([ONTOLOGY_IRI, document])
    assert remote.count(document) == seed_store.count(document) == len(seed_prepared.graph)
    exported = list(ox.parse(remote.export("nq"), format=ox.RdfFormat.N_QUADS))
    assert len(exported) == remote.count()


def test_loading_again_replaces_the_graph(remote: SparqlStore, seed_prepared: PreparedDocument) -> None:
    document = str(seed_prepared.graph_iri)
    write(remote, [seed_prepared])
    assert remote.count(document) == len(seed_prepared.graph)


def test_the_document_graph_keeps_its_old_triples_while_the_new_ones_are_staged(
    remote: SparqlStore, virtuoso: Virtuoso  # noqa: F811
) -> None:
    document = "https://w3id.org/cislunar-kg/id/document/swapped"
    old, new = _numbered_graph(3), _numbered_graph(CHUNK_TRIPLES * 6)
    remote.replace_graph(validated(document, old))
    with SparqlStore(virtuoso.sparql_url) as reader:
        watching = WatchStaging(lambda: reader.count(document))
        writer = SparqlStore(virtuoso.sparql_url, client=httpx.Client(transport=watching))
        writer.replace_graph(validated(document, new))
    assert watching.seen == [len(old)] * 6  # after each staged chunk, readers still see the old graph whole
    assert remote.count(document) == len(new)
    remote.replace_graph(validated(document, Graph()))
    assert remote.count(document) == 0


class WatchStaging(httpx.HTTPTransport):
    """A real connection that, after each request writing to a staging graph, records what `look` sees."""

    def __init__(self, look: Callable[[], int]) -> None:
        super().__init__()
        self.look = look
        self.seen: list[int] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if b"INSERT+DATA" in request.read() and b"staging" in request.content:
            self.seen.append(self.look())
        return response


def test_a_replace_cut_short_leaves_the_old_graph_and_no_staging(remote: SparqlStore, virtuoso: Virtuoso) -> None:  # noqa: F811
    document = "https://w3id.org/cislunar-kg/id/document/interrupted"
    remote.replace_graph(validated(document, _numbered_graph(5)))
    failing = SparqlStore(virtuoso.sparql_url, client=httpx.Client(transport=FailOnUpdate(after=2)))
    with pytest.raises(StoreError):
        failing.replace_graph(validated(document, _numbered_graph(CHUNK_TRIPLES * 4)))
    assert remote.count(document) == 5
    graphs = remote.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert isinstance(graphs, Solutions)
    assert not [r for r in graphs.rows if r["g"].value.startswith("urn:cislunar-kg:staging:")]
    remote.replace_graph(validated(document, Graph()))


def test_a_leftover_staging_graph_is_never_listed_or_counted(remote: SparqlStore) -> None:
    unfiltered = SparqlStore(remote.query_url)  # no project prefixes: the store's own graphs are left out by name
    before = (unfiltered.named_graphs(), unfiltered.count())
    leftover = "urn:cislunar-kg:staging:left-by-a-killed-load"
    remote._send_update(f"INSERT DATA {{ GRAPH <{leftover}> {{ <{EX}s> <{EX}p> <{EX}o> }} }}")
    try:
        assert (unfiltered.named_graphs(), unfiltered.count()) == before
        assert UNION_GRAPH not in before[0] and unfiltered.count(leftover) == 1
    finally:
        remote._send_update(f"DROP SILENT GRAPH <{leftover}>")
        unfiltered.close()


class FailOnUpdate(httpx.HTTPTransport):
    """A real connection that breaks on the given update request, as a dropped network would, and only once."""

    def __init__(self, after: int) -> None:
        super().__init__()
        self.updates_left = after

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if b"update=" in request.read() and b"DROP" not in request.content:
            self.updates_left -= 1
            if self.updates_left < 0:
                raise httpx.ConnectError("connection dropped", request=request)
        return super().handle_request(request)


def _numbered_graph(size: int) -> Graph:
    graph = Graph()
    for i in range(size):
        graph.add((ox_ref(f"n{i}"), ox_ref("p"), ox_ref(f"v{i}")))
    return graph


def test_results_format_bytes_parse_back(remote: SparqlStore) -> None:
    data = remote.query("SELECT ?o WHERE { ?o a <http://www.w3.org/ns/org#FormalOrganization> }",
                        results_format=ox.QueryResultsFormat.CSV)
    assert isinstance(data, bytes) and data.startswith(b"o\r\n")
    turtle = remote.query("CONSTRUCT WHERE { ?o a <http://www.w3.org/ns/org#FormalOrganization> }",
                          results_format=ox.RdfFormat.N_TRIPLES)
    assert isinstance(turtle, bytes) and len(list(ox.parse(turtle, format=ox.RdfFormat.N_TRIPLES))) == 4


def test_a_syntax_error_is_a_query_syntax_error(remote: SparqlStore) -> None:
    from graph.errors import QuerySyntaxError

    with pytest.raises(QuerySyntaxError):
        remote.query("SELECT WHERE {")


def test_cross_document_rules_run_on_virtuoso(remote: SparqlStore) -> None:
    from graph.store_checks import check_store

    from .test_store_checks import FAULTS, PREFIXES

    assert check_store(remote) == []
    scratch = "https://w3id.org/cislunar-kg/id/document/"
    remote.update(PREFIXES + "INSERT DATA {" + FAULTS["one-iri-per-person"] + "}")
    try:
        assert [f.rule.name for f in check_store(remote)] == ["one-iri-per-person"]
    finally:  # withdrawn as a document is, so the union graph lets go of them too
        remote.replace_graph(validated(scratch + "a", Graph()))
        remote.replace_graph(validated(scratch + "b", Graph()))
    assert check_store(remote) == []
