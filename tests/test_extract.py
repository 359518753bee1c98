"""Release text → facts, on the real seed release and on hand-made variants of its layouts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph.extract import extract_release
from graph.facts import Release
from graph.source import read_source

from .conftest import LANDER_2018, LOI_2025, SEED

HEADER_POSTS = {
    ("袴田武史", "ispace", "代表取締役"),
    ("鳥取三津子", "日本航空", "代表取締役社長"),
    ("濱本隆士", "JALエンジニアリング", "代表取締役社長"),
    ("河西敏章", "JALUX", "代表取締役社長"),
}
CEREMONY_POSTS = {
    ("秡川宏樹", "JALエンジニアリング", "取締役 事業推進部長"),
    ("鈴木隆夫", "日本航空", "執行役員 イノベーション本部長"),
    ("袴田武史", "ispace", "代表取締役CEO & Founder"),
    ("毛利英史", "JALUX", "執行役員 航空・空港事業本部長"),
}


def posts(release: Release) -> set[tuple[str, str, str]]:
    return {(p.person, p.organisation, p.title) for p in release.posts}


def test_release_metadata(seed_release: Release) -> None:
    assert seed_release.title == (
        "ispaceとJALグループ、地球と月を結ぶ新たな経済圏の構築を見据え、月面輸送・運航分野での協業検討に関する基本合意書を締結"
    )
    assert seed_release.joint_release
    assert seed_release.issued == dt.date(2025, 12, 3)
    assert seed_release.issuers == ("ispace", "日本航空", "JALエンジニアリング", "JALUX")


def test_companies_with_short_names_and_head_offices(seed_release: Release) -> None:
    companies = {o.key: (o.name, o.short_name) for o in seed_release.organisations if o.kind == "company"}
    assert companies == {
        "ispace": ("株式会社ispace", "ispace"),
        "日本航空": ("日本航空株式会社", "JAL"),
        "JALエンジニアリング": ("株式会社JALエンジニアリング", "JALEC"),
        "JALUX": ("株式会社JALUX", "JALUX"),
    }
    offices = {(h.organisation, h.address) for h in seed_release.head_offices}
    assert offices == {
        ("ispace", "東京都中央区"),
        ("日本航空", "東京都品川区"),
        ("JALエンジニアリング", "東京都大田区"),
        ("JALUX", "東京都港区"),
    }


def test_all_eight_posts_with_titles_as_written(seed_release: Release) -> None:
    assert posts(seed_release) == HEADER_POSTS | CEREMONY_POSTS


def test_rare_characters_are_kept(seed_release: Release) -> None:
    assert "秡川宏樹" in {p.key for p in seed_release.people}
    assert "祓川宏樹" not in {p.key for p in seed_release.people}


def test_the_agreement(seed_release: Release) -> None:
    (agreement,) = seed_release.agreements
    assert agreement.kind == "BasicAgreement"
    assert agreement.signed_on == dt.date(2025, 11, 28)
    assert set(agreement.parties) == {"ispace", "日本航空", "JALエンジニアリング", "JALUX"}
    assert agreement.purpose == "将来の月面における持続的な活動を支える輸送システムおよび基盤の構築"
    assert [s.label for s in agreement.scopes] == ["月面輸送", "運航"]


def test_signing_ceremony_participants_in_caption_order(seed_release: Release) -> None:
    (ceremony,) = seed_release.ceremonies
    assert ceremony.participants == ("秡川宏樹", "鈴木隆夫", "袴田武史", "毛利英史")


def test_timeline_rows_with_ranges_and_continuation(seed_release: Release) -> None:
    rows = [(m.begins, m.ends, m.text) for m in seed_release.milestones]
    assert [(b, e) for b, e, _ in rows] == [
        (2015, 2015), (2018, 2018), (2019, 2019), (2018, 2022), (2018, 2022), (2024, 2024), (2025, 2025)
    ]
    assert rows[4][2] == "ミッション1 ランダーフライトモデル推進系配管の航空輸送"
    involves = [m.involves for m in seed_release.milestones]
    assert involves == [("日本航空",), (), ("日本航空",), ("JALエンジニアリング",), (), (), ("JALUX",)]


def test_statements_are_joined_across_line_wraps(seed_release: Release) -> None:
    by_person = {s.person: s for s in seed_release.statements}
    assert set(by_person) == {"袴田武史", "鈴木隆夫", "秡川宏樹", "毛利英史"}
    suzuki = by_person["鈴木隆夫"].text
    assert "今回の基本合意書締結により、地球と月" in suzuki  # the file wraps this line after 締結によ
    assert suzuki.endswith("ともに、宙へ。")
    assert "\n" not in suzuki and " " not in suzuki


def test_programmes_and_missions(seed_release: Release) -> None:
    found = {(p.key, p.kind, p.part_of) for p in seed_release.programmes}
    assert found == {
        ("HAKUTO", "programme", None),
        ("HAKUTO-R", "programme", None),
        ("HAKUTO-R/1", "mission", "HAKUTO-R"),
        ("HAKUTO-R/2", "mission", "HAKUTO-R"),
    }


def every_span(release: Release):  # type: ignore[no-untyped-def]
    for group in (release.organisations, release.people, release.posts, release.agreements):
        for fact in group:
            yield from fact.spans
    for fact in release.milestones:
        yield fact.span
    for fact in release.statements:
        yield fact.span
    for fact in release.head_offices:
        yield fact.span


def test_every_span_slices_back_to_its_text_and_lies_in_the_body(seed_release: Release) -> None:
    text = SEED.read_text(encoding="utf-8")
    spans = list(every_span(seed_release))
    assert len(spans) > 40
    for found in spans:
        assert text[found.start : found.end] == found.exact
        assert seed_release.body.start <= found.start < found.end <= seed_release.body.end


def test_page_chrome_yields_no_fact(seed_release: Release) -> None:
    chrome = ("Google", "Gmail", "サン宝石", "コミケ", "React", "Yahoo", "ビー・バップ", "IPA")
    for found in every_span(seed_release):
        assert not any(word in found.exact for word in chrome)


def test_extraction_is_deterministic() -> None:
    assert extract_release(read_source(SEED)) == extract_release(read_source(SEED))


# -- layouts of other releases of the family ----------------------------------------------------------


def write_variant(tmp_path: Path, text: str) -> Release:
    path = tmp_path / "variant.txt"
    path.write_text(text, encoding="utf-8")
    return extract_release(read_source(path))


def test_full_width_copy_gives_the_same_facts(tmp_path: Path, seed_release: Release) -> None:
    text = SEED.read_text(encoding="utf-8").replace("(", "（").replace(")", "）").replace(":", "：")
    variant = write_variant(tmp_path, text)
    assert posts(variant) == posts(seed_release)
    assert {(h.organisation, h.address) for h in variant.head_offices} == {
        (h.organisation, h.address) for h in seed_release.head_offices
    }
    assert [a.parties for a in variant.agreements] == [a.parties for a in seed_release.agreements]


def test_spaced_names_and_honorifics_give_the_same_people(tmp_path: Path, seed_release: Release) -> None:
    text = SEED.read_text(encoding="utf-8").replace("代表取締役社長:濱本隆士", "代表取締役社長:濱本 隆士 氏")
    variant = write_variant(tmp_path, text)
    assert {p.key for p in variant.people} == {p.key for p in seed_release.people}


def test_missing_closing_line_keeps_the_release(tmp_path: Path, seed_release: Release) -> None:
    text = SEED.read_text(encoding="utf-8")
    variant = write_variant(tmp_path, text[: text.index("\n以上")])
    assert posts(variant) == posts(seed_release)
    assert len(variant.statements) == 4


def test_header_with_location_label_and_spaced_names() -> None:
    release = extract_release(read_source(LANDER_2018))
    assert posts(release) == {("赤坂祐二", "日本航空", "代表取締役社長"), ("袴田武史", "ispace", "代表取締役CEO")}
    assert {(h.organisation, h.address) for h in release.head_offices} == {
        ("日本航空", "東京都品川区"), ("ispace", "東京都港区")
    }
    assert ("JALエンジニアリング", "subsidiary", "日本航空") in {
        (r.subject, r.relation, r.object) for r in release.relations
    }
    (reference,) = release.references
    assert reference.issued == dt.date(2017, 12, 13)


def test_letter_of_intent_with_counterparty_named_in_the_sentence() -> None:
    release = extract_release(read_source(LOI_2025))
    (agreement,) = release.agreements
    assert agreement.kind == "LetterOfIntent"
    assert set(agreement.parties) == {"ispace", "Telespazio"}
    assert agreement.signed_on is None  # the release gives no signing date: none is invented
    assert agreement.carried_out_through == "ispace-EUROPE"
    shares = {(r.object, r.share_percent) for r in release.relations if r.relation == "joint-venture"}
    assert shares == {("Leonardo", 67.0), ("Thales", 33.0)}
    assert release.issued == dt.date(2025, 9, 30)
    assert next(o for o in release.organisations if o.key == "ispace").securities_code == "9348"


@pytest.mark.parametrize("short", ["以下「JALEC」", "以下JALEC", "以下、JALEC"])
def test_short_name_forms(tmp_path: Path, short: str) -> None:
    text = SEED.read_text(encoding="utf-8").replace("以下「JALEC」", short)
    variant = write_variant(tmp_path, text)
    assert next(o for o in variant.organisations if o.key == "JALエンジニアリング").short_name == "JALEC"
