"""The public contract: each named competency query gives the expected answer on the real release — on the
embedded store and on Virtuoso alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.queries import named_queries
from graph.pipeline import prepare, write
from graph.remote_store import SparqlStore
from graph.store import OxigraphStore, Solutions

from .conftest import UNREAD, write_seed_with_unread

ID = "https://w3id.org/cislunar-kg/id/"
OA = "http://www.w3.org/ns/oa#"
CKG = "https://w3id.org/cislunar-kg/ontology#"


def select(store: OxigraphStore | SparqlStore, name: str) -> list[dict[str, str]]:
    answer = store.query(named_queries()[name])
    assert isinstance(answer, Solutions)
    return [{k: v.value for k, v in row.items()} for row in answer.rows]


def test_every_named_query_file_is_shipped() -> None:
    assert set(named_queries()) >= {
        "parties-of-agreement",
        "short-names-and-head-offices",
        "posts",
        "timeline",
        "statements",
        "sources-of-facts",
    }


def test_q1_parties_of_the_agreement_signed_on_2025_11_28(seed_on_backend: OxigraphStore | SparqlStore) -> None:
    rows = select(seed_on_backend, "parties-of-agreement")
    assert sorted(r["name"] for r in rows) == sorted(
        ["株式会社ispace", "日本航空株式会社", "株式会社JALエンジニアリング", "株式会社JALUX"]
    )
    assert len({r["agreement"] for r in rows}) == 1


def test_q2_short_names_and_head_offices(seed_on_backend: OxigraphStore | SparqlStore) -> None:
    rows = {(r["short"], r["where"]) for r in select(seed_on_backend, "short-names-and-head-offices")}
    assert rows == {("ispace", "東京都中央区"), ("JAL", "東京都品川区"), ("JALEC", "東京都大田区"),
                    ("JALUX", "東京都港区")}


def test_q3_all_eight_posts(seed_on_backend: OxigraphStore | SparqlStore) -> None:
    rows = {(r["name"], r["title"], r["orgName"]) for r in select(seed_on_backend, "posts")}
    assert rows == {
        ("袴田武史", "代表取締役", "株式会社ispace"),
        ("鳥取三津子", "代表取締役社長", "日本航空株式会社"),
        ("濱本隆士", "代表取締役社長", "株式会社JALエンジニアリング"),
        ("河西敏章", "代表取締役社長", "株式会社JALUX"),
        ("秡川宏樹", "取締役 事業推進部長", "株式会社JALエンジニアリング"),
        ("鈴木隆夫", "執行役員 イノベーション本部長", "日本航空株式会社"),
        ("袴田武史", "代表取締役CEO & Founder", "株式会社ispace"),
        ("毛利英史", "執行役員 航空・空港事業本部長", "株式会社JALUX"),
    }


def test_q4_timeline_in_order_with_the_interval(seed_on_backend: OxigraphStore | SparqlStore) -> None:
    rows = select(seed_on_backend, "timeline")
    periods = [(r["from"], r["to"]) for r in rows]
    assert periods == [
        ("2015", "2015"),
        ("2018", "2018"),
        ("2018", "2022"),
        ("2018", "2022"),
        ("2019", "2019"),
        ("2024", "2024"),
        ("2025", "2025"),
    ]
    by_label = {r["label"]: r.get("involves", "") for r in rows}
    assert by_label["JALがHAKUTOのコーポレートパートナーとして支援"] == "日本航空株式会社"
    assert by_label["JALUXも加わり、月面輸送・運航分野での協業検討に合意(本件)"] == "株式会社JALUX"


def test_q5_who_said_what(seed_on_backend: OxigraphStore | SparqlStore) -> None:
    rows = {r["name"]: r["text"] for r in select(seed_on_backend, "statements")}
    assert set(rows) == {"袴田武史", "鈴木隆夫", "秡川宏樹", "毛利英史"}
    assert rows["秡川宏樹"].startswith("「HAKUTO-R」における私たちの技術支援は")
    assert "月面における高頻度な離着陸" in rows["袴田武史"]  # joined across the wrap after 月


def test_q6_every_fact_points_at_its_place_in_the_source(seed_on_backend: OxigraphStore | SparqlStore) -> None:
    from .conftest import SEED

    text = SEED.read_text(encoding="utf-8")
    rows = select(seed_on_backend, "sources-of-facts")
    assert len(rows) > 40
    for row in rows:
        assert row["document"] == ID + "document/2025-12-03_ispace-jal-basic-agreement"
        assert text[int(row["start"]) : int(row["end"])] == row["exact"]


@pytest.mark.parametrize("name", ["posts", "parties-of-agreement", "timeline"])
def test_each_document_keeps_its_own_named_graph(seed_on_backend: OxigraphStore | SparqlStore, name: str) -> None:
    graphs = seed_on_backend.named_graphs()
    assert ID + "document/2025-12-03_ispace-jal-basic-agreement" in graphs
    assert "https://w3id.org/cislunar-kg/ontology" in graphs


def test_a_sentence_not_understood_changes_no_answer(tmp_path: Path, seed_store: OxigraphStore) -> None:
    """A release with one sentence more that gave no fact: the store holds that sentence as an annotation, yet
    every competency answer is the seed's, the sources of facts included (offsets after it move by its length)."""
    release = write_seed_with_unread(tmp_path / "releases")
    at, shift = release.read_text(encoding="utf-8").index(UNREAD), len(UNREAD) + 1
    with OxigraphStore(tmp_path / "store") as store:
        write(store, [prepare(release)])
        assert store.query(f"ASK {{ ?a <{OA}motivatedBy> <{CKG}notUnderstood> ; <{OA}hasTarget> ?t }}") is True
        for name in ["parties-of-agreement", "short-names-and-head-offices", "posts", "timeline", "statements"]:
            assert sorted(map(repr, select(store, name))) == sorted(map(repr, select(seed_store, name))), name
        moved = {(r["resource"], int(r["start"]), r["exact"]) for r in select(store, "sources-of-facts")}
    seed = {(r["resource"], int(r["start"]), r["exact"]) for r in select(seed_store, "sources-of-facts")}
    assert moved == {(res, start + shift if start >= at else start, exact) for res, start, exact in seed}
