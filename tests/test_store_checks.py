"""Cross-document rules, checked by queries on the store: the real releases keep them, and each rule finds
the fault it is written for."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.store import OxigraphStore
from graph.store_checks import RULES, check_store

PREFIXES = """BASE <https://w3id.org/cislunar-kg/id/>
PREFIX ckg: <https://w3id.org/cislunar-kg/ontology#> PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX org: <http://www.w3.org/ns/org#> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

FAULTS = {
    "one-iri-per-person": """
        GRAPH <document/a> { <person/a> a foaf:Person ; foaf:name "袴田武史"@ja }
        GRAPH <document/b> { <person/b> a foaf:Person ; foaf:name "袴田　武史"@ja }""",
    "one-name-per-person": """
        GRAPH <document/a> { <person/a> a foaf:Person ; foaf:name "袴田武史"@ja }
        GRAPH <document/b> { <person/a> a foaf:Person ; foaf:name "鳥取三津子"@ja }""",
    "posts-are-time-qualified": """
        GRAPH <document/a> { <membership/x> a org:Membership ; org:member <person/a> }""",
}


def test_the_releases_keep_every_rule(family_store_path: Path) -> None:
    with OxigraphStore(family_store_path, read_only=True) as store:
        assert check_store(store) == []


@pytest.mark.parametrize("rule", [r.name for r in RULES])
def test_each_rule_finds_its_fault(rule: str) -> None:
    store = OxigraphStore()
    store.update(PREFIXES + "INSERT DATA {" + FAULTS[rule] + "}")
    findings = check_store(store)
    assert [f.rule.name for f in findings] == [rule]
    assert findings[0].text().startswith(rule + ": ")


def test_a_post_stated_on_a_date_is_time_qualified() -> None:
    store = OxigraphStore()
    store.update(PREFIXES + """INSERT DATA { GRAPH <document/a> {
        <membership/x> a org:Membership ; ckg:statedOn "2025-12-03"^^xsd:date } }""")
    assert check_store(store) == []
