"""The one prefix table and the one IRI shortener (`graph/namespaces.py`)."""

from __future__ import annotations

import pytest
from rdflib.plugins.sparql import prepareQuery

from graph.namespaces import PREFIX_IRIS, PREFIXES, PROLOGUE, curie


@pytest.mark.parametrize("prefix", sorted(PREFIX_IRIS))
def test_every_namespace_shortens_to_its_prefix(prefix: str) -> None:
    namespace = PREFIX_IRIS[prefix]
    assert curie(namespace + "Thing") == f"{prefix}:Thing"
    assert curie(namespace) == namespace  # a namespace alone has no local part


def test_no_namespace_holds_another_so_the_table_order_does_not_matter() -> None:
    namespaces = list(PREFIX_IRIS.values())
    assert not [(a, b) for a in namespaces for b in namespaces if a != b and b.startswith(a)]


def test_the_longest_namespace_wins() -> None:
    prefixes = {"ex": "http://ex/", "exa": "http://ex/a#"}
    assert curie("http://ex/a#b", prefixes) == "exa:b"
    assert curie("http://ex/b", prefixes) == "ex:b"


def test_an_iri_no_prefix_holds_is_kept_or_written_by_the_caller() -> None:
    assert curie("urn:x:y") == "urn:x:y"
    assert curie("urn:x:y", unmatched=lambda iri: f"<{iri}>") == "<urn:x:y>"
    assert curie("http://www.w3.org/ns/org#site", {"o": "http://www.w3.org/ns/org#"}) == "o:site"


def test_the_prologue_declares_every_prefix() -> None:
    query = prepareQuery(PROLOGUE + "SELECT * { ?s a " + " , ".join(f"{p}:x" for p in PREFIXES) + " }")
    declared = dict(query.prologue.namespace_manager.namespaces())
    assert {p: str(declared[p]) for p in PREFIXES} == PREFIX_IRIS
