"""Rules that span documents, checked by queries on the store after a load.

The SHACL gate sees one document at a time, so its cost grows with the document, not with the store. What only
the whole store can show is checked here, by one SPARQL query per rule on whichever backend holds the data:

- one IRI per person: a name (spaces aside) that two releases wrote differently must not become two people;
- one name per person: an IRI that two releases gave different names has merged two people;
- posts and head offices are time-qualified: every membership and site says when it was stated
  (`ckg:statedOn`), so "as of" questions have one answer;
- the union is the union: the graph queries see by default (`graph/union.py`) holds exactly the set union of the
  named graphs, no triple a graph lost, none missing.

Each rule's query selects the offending resources; an empty answer means the rule holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from .namespaces import PROLOGUE
from .store import OxigraphStore, Solutions
from .store_interface import Store
from .union import OWN_GRAPHS, UNION_GRAPH

__all__ = ["RULES", "UNION_RULE", "Finding", "Rule", "check_store", "check_union"]

@dataclass(frozen=True)
class Rule:
    name: str
    description: str
    query: str  # SELECT ?focus ?detail: one row per offending resource


@dataclass(frozen=True)
class Finding:
    rule: Rule
    focus: str
    detail: str

    def text(self) -> str:
        return f"{self.rule.name}: {self.focus} {self.detail}"


RULES = (
    Rule(
        "one-iri-per-person",
        "one name (spaces aside) belongs to one person IRI across all documents",
        """
SELECT (SAMPLE(?name) AS ?focus) (CONCAT("is written for ", STR(COUNT(DISTINCT ?person)), " person IRIs") AS ?detail)
WHERE {
  ?person a foaf:Person ; foaf:name ?written .
  BIND (REPLACE(STR(?written), "[ \\u3000]", "") AS ?name)
}
GROUP BY ?name
HAVING (COUNT(DISTINCT ?person) > 1)
""",
    ),
    Rule(
        "one-name-per-person",
        "a person IRI carries one name per language across all documents",
        """
SELECT ?focus (CONCAT("has ", STR(COUNT(DISTINCT ?name)), " names in one language") AS ?detail) WHERE {
  ?focus a foaf:Person ; foaf:name ?name .
}
GROUP BY ?focus (LANG(?name))
HAVING (COUNT(DISTINCT ?name) > 1)
""",
    ),
    Rule(
        "posts-are-time-qualified",
        "every post (org:Membership) and head office (org:Site) says when it was stated",
        """
SELECT ?focus ("has no ckg:statedOn" AS ?detail) WHERE {
  { ?focus a org:Membership } UNION { ?focus a org:Site }
  FILTER NOT EXISTS { ?focus ckg:statedOn ?date }
}
""",
    ),
)


UNION_RULE = Rule(
    "union-is-the-set-union",
    "the default graph of queries holds exactly the triples of the named graphs (the first ten differences)",
    f"""
SELECT ?focus ?detail WHERE {{
  {{ ?s ?p ?o
     FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (!STRSTARTS(STR(?g), "{OWN_GRAPHS}")) }}
     BIND ("is in the union but in no named graph" AS ?detail) }}
  UNION
  {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (!STRSTARTS(STR(?g), "{OWN_GRAPHS}"))
     FILTER NOT EXISTS {{ ?s ?p ?o }}
     BIND (CONCAT("is in <", STR(?g), "> but not in the union") AS ?detail) }}
  BIND (CONCAT(STR(?s), " ", STR(?p), " ", STR(?o)) AS ?focus)
}}
LIMIT 10
""",
)


_IN_UNION_ONLY = UNION_RULE.query[:UNION_RULE.query.index("  UNION\n")] + UNION_RULE.query[
    UNION_RULE.query.index("  BIND (CONCAT(STR(?s)"):]


def check_store(store: Store, rules: tuple[Rule, ...] = RULES) -> list[Finding]:
    """Every finding of every rule, in rule order, then the union's; an empty list means the store keeps them all."""
    findings: list[Finding] = []
    for rule in rules:
        findings.extend(_findings(rule, store.query(PROLOGUE + rule.query)))
    return findings + check_union(store)


def check_union(store: Store) -> list[Finding]:
    """The union graph against the named graphs, and a store still of the old layout (union in the default graph)."""
    if isinstance(store, OxigraphStore) and store.holds_old_layout():
        return [Finding(UNION_RULE, "the store", "keeps the union in its default graph (the old layout); "
                                                 "open it for writing (load) to convert it")]
    # The union graph as the default graph and every graph visible to GRAPH, the union's own left out by the filter.
    if isinstance(store, OxigraphStore):
        return _findings(UNION_RULE, store.query(UNION_RULE.query, default_graphs=[UNION_GRAPH]))
    # A remote server keeps graphs of its own outside the union, and Virtuoso answers GRAPH under a protocol
    # default graph with only what the two share: there, what the union holds that no graph does is checked.
    return _findings(UNION_RULE, store.query(_IN_UNION_ONLY, default_graphs=[UNION_GRAPH]))


def _findings(rule: Rule, answer: object) -> list[Finding]:
    assert isinstance(answer, Solutions)
    return [Finding(rule, row["focus"].value if "focus" in row else "?", row["detail"].value if "detail" in row else "")
            for row in answer.rows]
