"""One graph from many releases: shared identities, time-qualified facts, and layouts of the whole family."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.queries import named_queries
from graph.extract import extract_release
from graph.facts import Release
from graph.pipeline import expand_sources, prepare, write
from graph.remote_store import UNION_GRAPH, SparqlStore
from graph.source import read_source
from graph.store import OxigraphStore, Solutions
from graph.store_factory import open_store

from .conftest import LANDER_2018, LOI_2025, SEED, SOURCES
from .validated_documents import validated

ID = "https://w3id.org/cislunar-kg/id/"
OA = "http://www.w3.org/ns/oa#"


@pytest.fixture(scope="module")
def family_store(family_on_backend: Path | str) -> Iterator[OxigraphStore | SparqlStore]:
    """Every release of the data folder, on each backend in turn (read-only: the store is shared)."""
    with open_store(family_on_backend, read_only=True) as store:
        yield store


def rows(store: OxigraphStore | SparqlStore, sparql: str) -> list[dict[str, str]]:
    answer = store.query(sparql)
    assert isinstance(answer, Solutions)
    return [{k: v.value for k, v in row.items()} for row in answer.rows]


def as_of(name: str, date: str | None) -> str:
    text = named_queries()[name]
    return text if date is None else text.replace("{ UNDEF }", f'{{ "{date}"^^xsd:date }}')


def test_every_document_of_the_data_folder_is_loaded_in_its_own_graph(
    family_store: OxigraphStore | SparqlStore,
) -> None:
    in_folder = {ID + "document/" + p.stem for p in expand_sources([SOURCES])}  # family/ included
    assert in_folder == {ID + "document/" + p.stem for p in (SEED, LANDER_2018, LOI_2025)}
    assert in_folder <= set(family_store.named_graphs())


def test_the_same_organisation_and_person_get_one_iri(family_store: OxigraphStore | SparqlStore) -> None:
    found = rows(
        family_store,
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ "
        f"<{ID}organization/ispace> a <http://www.w3.org/ns/org#Organization> . "
        f"<{ID}person/袴田武史> a <http://xmlns.com/foaf/0.1/Person> }} }}",
    )
    releases = {ID + "document/" + p.stem for p in (SEED, LANDER_2018, LOI_2025)}
    # A GRAPH pattern runs on the remote server's own dataset, where the union graph is a graph too: naming
    # every document graph in the request instead breaks Virtuoso from ~3,000 graphs on (docs/deployment.md).
    union = {UNION_GRAPH} if isinstance(family_store, SparqlStore) else set()
    # ispace and 袴田武史 (written 袴田 武史 氏 in 2018) in all three
    assert {r["g"] for r in found} == releases | union


def test_facts_stated_by_several_documents_carry_every_span(family_store: OxigraphStore | SparqlStore) -> None:
    found = rows(
        family_store,
        f"SELECT DISTINCT ?doc WHERE {{ ?a <{OA}hasBody> <{ID}organization/日本航空> ; "
        f"<{OA}hasTarget>/<{OA}hasSource> ?doc }}",
    )
    assert {r["doc"] for r in found} == {ID + "document/" + SEED.stem, ID + "document/" + LANDER_2018.stem}


@pytest.mark.parametrize(
    ("date", "president"),
    [(None, "鳥取三津子"), ("2025-12-31", "鳥取三津子"), ("2019-01-01", "赤坂祐二"), ("2018-10-04", "赤坂祐二")],
)
def test_jal_president_as_of(family_store: OxigraphStore | SparqlStore, date: str | None, president: str) -> None:
    found = rows(family_store, as_of("representative-as-of", date))
    holders = {r["name"] for r in found if r["orgName"] == "日本航空株式会社" and r["title"] == "代表取締役社長"}
    assert holders == {president}


def test_no_post_is_known_before_the_first_release(family_store: OxigraphStore | SparqlStore) -> None:
    assert rows(family_store, as_of("representative-as-of", "2010-01-01")) == []


@pytest.mark.parametrize(("date", "where"),
                         [(None, "東京都中央区"), ("2019-01-01", "東京都港区"), ("2025-10-01", "東京都中央区")])
def test_ispace_head_office_as_of(family_store: OxigraphStore | SparqlStore, date: str | None, where: str) -> None:
    found = rows(family_store, as_of("head-office-as-of", date))
    assert [r["where"] for r in found if r["orgName"] == "株式会社ispace"] == [where]


def test_both_head_offices_are_kept(family_store: OxigraphStore | SparqlStore) -> None:
    found = rows(family_store, named_queries()["short-names-and-head-offices"])
    assert {r["where"] for r in found if r["short"] == "ispace"} == {"東京都港区", "東京都中央区"}


def test_load_order_does_not_matter(tmp_path: Path) -> None:
    files = expand_sources([SOURCES])
    exports = []
    for order, folder in ((files, "forward"), (list(reversed(files)), "backward")):
        with OxigraphStore(tmp_path / folder) as store:
            write(store, [prepare(p) for p in order])
            exports.append(sorted(store.export("nq").splitlines()))
    assert exports[0] == exports[1]


# -- layouts seen in the family, as small variants of the real releases ---------------------------------


def variant(tmp_path: Path, text: str, name: str = "variant.txt") -> Release:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    release = extract_release(read_source(path))
    prepare(path)  # the SHACL gate passes for every variant
    return release


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def test_release_date_after_a_label(tmp_path: Path) -> None:
    release = variant(tmp_path, seed_text().replace("2025年12月3日\n", "date 2025-12-03\n"))
    assert release.issued == dt.date(2025, 12, 3)
    assert len(release.posts) == 8


def test_release_date_only_in_the_body(tmp_path: Path) -> None:
    text = seed_text().replace("2025年12月3日\n", "").replace("の4社は、2025年11月28日に",
                                                            "の4社は、2025年12月3日、2025年11月28日に")
    release = variant(tmp_path, text)
    assert release.issued == dt.date(2025, 12, 3)
    assert release.agreements[0].signed_on == dt.date(2025, 11, 28)


def test_capital_alliance_named_both_ways_is_one_agreement(tmp_path: Path) -> None:
    text = (
        "2017年12月13日\n日本航空株式会社\n株式会社ispace\n"
        "日本航空株式会社(東京都品川区、代表取締役社長:赤坂祐二、以下「JAL」)と株式会社ispace(東京都港区、"
        "代表取締役:袴田武史、以下「ispace」)は、2017年12月13日に資本業務提携を締結しました。"
        "本資本業務契約に基づき、両社は協業します。\n"
    )
    release = variant(tmp_path, text)
    (agreement,) = release.agreements
    assert agreement.kind == "CapitalAndBusinessAlliance"
    assert agreement.signed_on == dt.date(2017, 12, 13)
    assert set(agreement.parties) == {"日本航空", "ispace"}


def test_corporate_partner_contract_with_party_named_only_in_the_sentence(tmp_path: Path) -> None:
    text = (
        "2019年6月3日\n株式会社ispace\n"
        "株式会社ispace(東京都港区、代表取締役:袴田 武史 氏、以下「ispace」)は、日本航空株式会社との間で、"
        "HAKUTO-Rのコーポレートパートナー契約を締結しました。\n"
    )
    release = variant(tmp_path, text)
    (agreement,) = release.agreements
    assert agreement.kind == "CorporatePartnerContract"
    assert set(agreement.parties) == {"日本航空", "ispace"}
    assert agreement.signed_on is None
    assert {p.key for p in release.people} == {"袴田武史"}


def test_footnotes_are_references_not_facts(tmp_path: Path) -> None:
    release = extract_release(read_source(LANDER_2018))
    assert [r.issued for r in release.references] == [dt.date(2017, 12, 13)]
    assert all(a.signed_on != dt.date(2017, 12, 13) for a in release.agreements)


def test_full_width_header_with_securities_code_and_unbracketed_short_name() -> None:
    release = extract_release(read_source(LOI_2025))
    ispace = next(o for o in release.organisations if o.key == "ispace")
    assert (ispace.short_name, ispace.securities_code) == ("ispace", "9348")
    assert {(h.organisation, h.address) for h in release.head_offices} == {("ispace", "東京都中央区")}


def test_the_default_graph_is_a_set_union(family_store: OxigraphStore | SparqlStore) -> None:
    """A triple every release states (ispace's short name) is answered once, not once per document."""
    found = rows(family_store, f"SELECT ?short WHERE {{ <{ID}organization/ispace> "
                               "<http://www.w3.org/2004/02/skos/core#altLabel> ?short }")
    assert found == [{"short": "ispace"}]


def test_reloading_a_document_removes_only_what_no_other_document_states(tmp_path: Path) -> None:
    from rdflib import Graph

    with OxigraphStore(tmp_path / "store") as store:
        write(store, [prepare(p) for p in expand_sources([SOURCES])])
        lander = ID + "document/" + LANDER_2018.stem
        store.replace_graph(validated(lander, Graph()))  # the 2018 release withdrawn
        president = rows(store, as_of("representative-as-of", "2019-01-01"))
        assert president == []  # 赤坂祐二 was stated only by the 2018 release
        answer = store.query(f"ASK {{ <{ID}organization/日本航空> a <http://www.w3.org/ns/org#Organization> }}")
        assert answer is True  # still stated by the 2025 release


def test_headline_subtitle_and_joint_release_label() -> None:
    release = extract_release(read_source(LANDER_2018))
    assert release.title == "ランダー組立をJALECエンジン整備センター(成田)で開始"  # not the ~…~ subtitle
    assert release.joint_release  # `(共同リリース)` on its own line
    assert release.issued == dt.date(2018, 10, 4)
    assert release.issuers == ("日本航空", "ispace")
