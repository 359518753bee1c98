"""One resource per thing across languages: an English release loaded with its Japanese original."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDFS

from graph.batch import prepare_batch
from graph.namespaces import DEFAULT_BASE_IRI, OA

from .conftest import ROOT, SEED
from .test_extract_english import HELD_OUT

ID = DEFAULT_BASE_IRI
# The closest real pair the data holds: Telespazio's own English release of the letter of intent and ispace's
# Japanese release of it, both of 30 September 2025. No English original of a Japanese release is held.
TELESPAZIO_JA = ROOT / "data" / "sources" / "family" / "2025-09-30_ispace-telespazio_loi.txt"
TELESPAZIO_EN = ROOT / "data" / "dev" / "en" / "2025-09-30_telespazio-ispace_loi.txt"
SKY_EN = ROOT / "data" / "dev" / "en" / "2022-04-21_ispace-sky_hakuto-r-corporate-partner.txt"


def union(paths: list[Path]) -> tuple[Graph, object]:
    batch = prepare_batch(paths, jobs=1)
    graph = Graph()
    try:
        for document in batch.documents():
            graph.parse(data=document.triples.text, format="nt")
    finally:
        batch.close()
    return graph, batch


def labels(graph: Graph, iri: str) -> set[tuple[str, str | None]]:
    return {(str(o), o.language) for o in graph.objects(URIRef(iri), RDFS.label) if isinstance(o, Literal)}


def annotated_in(graph: Graph, iri: str) -> set[str]:
    """The documents whose text an annotation of `iri` points into."""
    return {
        str(graph.value(graph.value(note, OA.hasTarget), OA.hasSource))
        for note in graph.subjects(OA.hasBody, URIRef(iri))
    }


def test_a_release_and_its_counterpart_in_the_other_language_share_resources() -> None:
    graph, batch = union([TELESPAZIO_JA, TELESPAZIO_EN])
    ispace = f"{ID}organization/ispace"
    assert labels(graph, ispace) == {("株式会社ispace", "ja"), ("ispace, inc.", "en")}
    assert annotated_in(graph, ispace) == {f"{ID}document/{TELESPAZIO_JA.stem}", f"{ID}document/{TELESPAZIO_EN.stem}"}
    # The letter of intent is one agreement, told by both releases.
    letters = {s for s in graph.subjects(None, None) if "/agreement/letter-of-intent-" in str(s)}
    assert len(letters) == 1
    # ispace's European unit is written `ispace-Europe` and `ispace- EUROPE S.A.`: linked, and the link recorded.
    europe = f"{ID}organization/ispace-EUROPE"
    assert ("ispace-Europe", "en") in labels(graph, europe) and ("ispace- EUROPE S.A.", "ja") in labels(graph, europe)
    assert not list(graph.predicate_objects(URIRef(f"{ID}organization/ispace-Europe")))  # no resource of its own
    record = graph.value(predicate=DCTERMS.subject, object=URIRef(europe))
    assert record is not None and "Latin name" in str(graph.value(record, DCTERMS.description))
    assert graph.value(record, DCTERMS.replaces) == URIRef(f"{ID}organization/ispace-Europe")
    assert [a.english_name for a in batch.apart] == ["Gabriele Pieralli"]  # type: ignore[attr-defined]
    assert not list(graph.triples((None, OWL.sameAs, None)))


def test_japan_airlines_and_its_people_join_the_japanese_resources_on_the_texts_evidence(tmp_path: Path) -> None:
    english = tmp_path / "2025-12-03_ispace-jal-basic-agreement_en.txt"
    english.write_text(HELD_OUT, encoding="utf-8")
    graph, batch = union([SEED, english])
    jal = f"{ID}organization/日本航空"
    assert labels(graph, jal) == {("日本航空株式会社", "ja"), ("Japan Airlines Co., Ltd.", "en")}
    assert ("JAL Engineering Co., Ltd.", "en") in labels(graph, f"{ID}organization/JALエンジニアリング")
    hakamada = URIRef(f"{ID}person/袴田武史")
    assert {(str(n), n.language) for n in graph.objects(hakamada, FOAF.name)} == {
        ("袴田武史", "ja"), ("Takeshi Hakamada", "en")
    }
    assert annotated_in(graph, str(hakamada)) == {f"{ID}document/{SEED.stem}", f"{ID}document/{english.stem}"}
    evidence = {link.english_name: link.evidence for link in batch.links}  # type: ignore[attr-defined]
    assert "“JAL”" in evidence["Japan Airlines Co., Ltd."] and "“JALEC”" in evidence["JAL Engineering Co., Ltd."]
    assert "same post" in evidence["Takeshi Hakamada"]


def test_without_evidence_the_resources_stay_apart_and_the_summary_says_so() -> None:
    graph, batch = union([SEED, SKY_EN])
    assert ("Sky Co., Ltd.", "en") in labels(graph, f"{ID}organization/Sky")
    assert {a.english_name for a in batch.apart} >= {"Sky Co., Ltd.", "Junji Oura"}  # type: ignore[attr-defined]


def test_an_english_release_alone_keeps_its_own_resources() -> None:
    graph, batch = union([SKY_EN])
    assert labels(graph, f"{ID}person/Takeshi-Hakamada") == {("Takeshi Hakamada", "en")}
    assert batch.links == [] and batch.apart == []  # type: ignore[attr-defined]
