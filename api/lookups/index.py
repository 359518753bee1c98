"""A small in-memory index over the triples a lookup query returned, read by IRI strings.

The store's default graph is the union of the document graphs, and Oxigraph's union keeps duplicates, so the
index drops repeated triples. Answers come back in a stable order (IRIs before literals, then by value), so the
same store always gives the same JSON.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

Node = ox.NamedNode | ox.BlankNode | ox.Literal


def key(term: Node | ox.Triple) -> str:
    """How a subject is looked up: the IRI itself, or `_:id` for a blank node."""
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return str(term)


def _order(term: Node) -> tuple[int, str, str]:
    if isinstance(term, ox.Literal):
        return (1, term.value, term.language or term.datatype.value)
    return (0, key(term), "")


class Index:
    """Triples by subject and predicate (`objects`) and by predicate and object (`subjects`)."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        out: dict[str, dict[str, set[Node]]] = defaultdict(lambda: defaultdict(set))
        back: dict[tuple[str, str], set[str]] = defaultdict(set)
        for triple in triples:
            obj = triple.object
            if isinstance(obj, ox.Triple):  # RDF 1.2 triple terms are not part of this data model
                continue
            subject = key(triple.subject)
            out[subject][triple.predicate.value].add(obj)
            if not isinstance(obj, ox.Literal):
                back[(triple.predicate.value, key(obj))].add(subject)
        self._out = {s: {p: sorted(objs, key=_order) for p, objs in ps.items()} for s, ps in out.items()}
        self._back = {k: sorted(v) for k, v in back.items()}

    def objects(self, subject: str, predicate: str) -> list[Node]:
        return list(self._out.get(subject, {}).get(predicate, ()))

    def iris(self, subject: str, predicate: str) -> list[str]:
        """The objects that are IRIs, as strings."""
        return [o.value for o in self.objects(subject, predicate) if isinstance(o, ox.NamedNode)]

    def literals(self, subject: str, predicate: str) -> list[ox.Literal]:
        return [o for o in self.objects(subject, predicate) if isinstance(o, ox.Literal)]

    def subjects(self, predicate: str, obj: str) -> list[str]:
        return list(self._back.get((predicate, obj), ()))

    def predicates(self, subject: str) -> dict[str, list[Node]]:
        return dict(self._out.get(subject, {}))
