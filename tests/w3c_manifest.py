"""Reading the W3C SPARQL 1.1 test manifests (../shared/w3c/, beside the clone), for the three suite runners.

A suite is a Turtle manifest (`mf:Manifest`) whose tests are listed in `mf:entries`, or spread over the
manifests it lists in `mf:include`. `entries` walks them in order and hands each test over as an `Entry`: its
id (the local name after `#`, which the runners use as the pytest id), its types and its action, with the
manifest's graph to read the rest from. The protocol suites describe a test as HTTP requests (the W3C HTTP
and Content vocabularies): `requests`, `headers` and the `content_*` readers decode those.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Graph, Namespace
from rdflib.collection import Collection
from rdflib.term import Node

SHARED = Path(__file__).resolve().parents[2] / "shared" / "w3c"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")


@dataclass(frozen=True)
class Entry:
    """One test of a manifest: `node` in `graph`, the graph of the manifest file that lists it."""

    graph: Graph
    node: Node

    @property
    def name(self) -> str:
        return str(self.node).rsplit("#", 1)[-1]

    @property
    def types(self) -> set[Node]:
        return set(self.graph.objects(self.node, RDF.type))

    @property
    def action(self) -> Node:
        return required(self.graph, self.node, MF.action)

    def value(self, predicate: Node) -> Node | None:
        return self.graph.value(self.node, predicate)


def read(manifest: Path) -> Graph:
    """A manifest file's graph; relative IRIs resolve against the file, so they name files beside it."""
    return Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())


def entries(manifest: Path) -> Iterator[Entry]:
    """Every test of `manifest`: those of the manifests it includes, in their order, then its own entries."""
    graph = read(manifest)
    top = next(graph.subjects(RDF.type, MF.Manifest))
    included = graph.value(top, MF.include)
    if included is not None:
        for part in Collection(graph, included):
            yield from entries(local_path(part))
    listed = graph.value(top, MF.entries)
    if listed is not None:
        for node in Collection(graph, listed):
            yield Entry(graph, node)


def required(graph: Graph, subject: Node | None, predicate: Node) -> Node:
    value = graph.value(subject, predicate)
    assert value is not None, f"the manifest lacks {predicate} on {subject}"
    return value


def local_path(node: Node | None) -> Path:
    """The file a `file://` IRI of the manifest names."""
    assert node is not None
    return Path(str(node).removeprefix("file://"))


def requests(graph: Graph, action: Node) -> list[Node]:
    """The `ht:Request`s of a connection, in the order they must be sent."""
    return list(Collection(graph, required(graph, action, HT.requests)))


def headers(graph: Graph, message: Node | None) -> dict[str, str]:
    """A request's or response's `ht:headers`, names in lower case (HTTP field names ignore case)."""
    found = graph.value(message, HT.headers)
    if found is None:
        return {}
    return {str(graph.value(h, HT.fieldName)).lower(): str(graph.value(h, HT.fieldValue))
            for h in Collection(graph, found)}


def content_text(graph: Graph, message: Node | None) -> str | None:
    """A message's `ht:body` as text (`cnt:chars`), or None when it has none."""
    content = graph.value(message, HT.body)
    return None if content is None else str(graph.value(content, CNT.chars))


def content_bytes(graph: Graph, message: Node | None) -> bytes | None:
    """A message's `ht:body` as sent: its text in its `cnt:characterEncoding` (UTF-8 when none is given)."""
    content = graph.value(message, HT.body)
    if content is None:
        return None
    encoding = str(graph.value(content, CNT.characterEncoding) or "UTF-8")
    return str(graph.value(content, CNT.chars)).encode(encoding)
