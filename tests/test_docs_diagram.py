"""docs/ontology.md stays in step with the ontology: its diagram and term index are regenerated and compared.

After changing the ontology, `python -m ontology.diagram docs/ontology.md` rewrites the generated blocks.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import OWL, RDF, RDFS

import ontology
from ontology.diagram import main, mermaid_class_diagram, regenerate, term_index

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "ontology.md"
CKG = Namespace(ontology.NAMESPACE)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return ontology.ontology_graph()


@pytest.fixture(scope="module")
def page() -> str:
    return PAGE.read_text(encoding="utf-8")


def test_the_generated_blocks_in_the_docs_are_up_to_date(page: str) -> None:
    assert regenerate(page) == page, (
        "docs/ontology.md is stale: run python -m ontology.diagram docs/ontology.md"
    )


def test_the_page_holds_the_diagram_and_the_term_index(page: str, graph: Graph) -> None:
    assert mermaid_class_diagram(graph) in page
    assert term_index(graph) in page


def test_the_diagram_draws_every_class_and_every_property_with_domain_and_range(graph: Graph) -> None:
    diagram = mermaid_class_diagram(graph)
    assert diagram.startswith("```mermaid\nclassDiagram\n") and diagram.endswith("```\n")
    classes = {
        c.removeprefix(str(CKG)) for c in graph.subjects(RDF.type, OWL.Class) if c.startswith(str(CKG))
    }
    assert classes <= set(re.findall(r"^    class (\w+)", diagram, flags=re.MULTILINE))
    assert "    Agreement <|-- BasicAgreement\n" in diagram
    # An imported class is drawn with the ontology's properties whose domain it is.
    assert '    class org_Organization["org:Organization"] {\n        countryCode string\n    }\n' in diagram
    assert '    class org_Role["org:Role"]\n' in diagram
    assert "    Agreement --> org_Organization : hasParty / isPartyTo\n" in diagram
    assert "        signedOn date\n" in diagram
    for prop in graph.subjects(RDF.type, OWL.ObjectProperty):
        if prop.startswith(str(CKG)) and graph.value(prop, RDFS.range) is not None:
            assert prop.removeprefix(str(CKG)) in diagram


def test_the_diagram_is_generated_from_the_graph_it_is_given(graph: Graph) -> None:
    extended = Graph() + graph
    extended.add((CKG.Treaty, RDF.type, OWL.Class))
    extended.add((CKG.Treaty, RDFS.subClassOf, CKG.Agreement))
    assert "    Agreement <|-- Treaty\n" in mermaid_class_diagram(extended)
    assert "`ckg:Treaty`" in term_index(extended)


def test_the_term_index_lists_every_term(graph: Graph) -> None:
    index = term_index(graph)
    for term in {s for s in graph.subjects(RDF.type, None) if s.startswith(str(CKG))}:
        assert f"| `ckg:{term.removeprefix(str(CKG))}` |" in index


def test_an_unknown_generated_block_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown generated blocks: glossary"):
        regenerate("<!-- BEGIN GENERATED: glossary x -->\n<!-- END GENERATED: glossary -->\n")


def test_check_mode_reports_a_stale_page_and_write_mode_fixes_it(
    tmp_path: Path, page: str, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = tmp_path / "ontology.md"
    stale.write_text(page.replace("    Agreement <|-- BasicAgreement\n", ""), encoding="utf-8")
    assert main(["--check", str(stale)]) == 1
    assert "out of date" in capsys.readouterr().out
    assert main([str(stale)]) == 0
    assert stale.read_text(encoding="utf-8") == page
    assert main(["--check", str(stale)]) == 0


def test_the_page_lists_every_competency_query(page: str) -> None:
    names = sorted(p.stem for p in (ROOT / "api" / "queries").glob("*.rq"))
    assert names
    assert [n for n in names if f"| `{n}` |" not in page] == []


def test_the_page_names_the_namespace_and_the_current_version(page: str) -> None:
    version = ontology.current_version()
    assert f"| namespace | `{ontology.NAMESPACE}` |" in page
    assert f"`{ontology.ONTOLOGY_IRI}/{version}`" in page
    assert f"{ontology.ALIGNMENTS_IRI}/{version}" in page
    assert f"version {version}.\n> {ontology.ONTOLOGY_IRI}/{version}" in page
