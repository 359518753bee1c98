"""The extractor on the kind of release, not the files it was built on: small releases written the ways real
ones are (other agreement wordings, parties without header clauses, quotes in prose, other layouts)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import SKOS

from graph.build import build_graph
from graph.extract import extract_release
from graph.extract.morphology import phrase_start
from graph.facts import Release
from graph.namespaces import CKG
from graph.pipeline import prepare
from graph.source import read_source

from .conftest import SEED

ISPACE = "株式会社ispace(東京都中央区、代表取締役:袴田武史、以下ispace)"


def read(tmp_path: Path, text: str) -> Release:
    """Extract a release written to a file; its graph must pass the SHACL gate too."""
    path = tmp_path / "release.txt"
    path.write_text(text, encoding="utf-8")
    release = extract_release(read_source(path))
    prepare(path)
    return release


def dated(body: str, date: str = "2026年1月15日") -> str:
    return f"ispaceの発表\n\n{date}\n株式会社ispace\n\n{body}\n"


def names(release: Release) -> dict[str, str]:
    return {o.key: o.name for o in release.organisations}


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("月周回衛星を開発するヨーロッパのPlus Ultra Space Outposts社", "Plus Ultra Space Outposts社"),
        ("開発を進めている株式会社ispace", "株式会社ispace"),
        ("研究室に所属するトヨタ自動車株式会社", "トヨタ自動車株式会社"),
        ("連携機関として国立大学法人東京科学大学", "国立大学法人東京科学大学"),
        ("協業に向けた基本合意書", "基本合意書"),
    ],
)
def test_a_noun_phrase_starts_after_the_verb_or_particle_before_it(text: str, phrase: str) -> None:
    assert text[phrase_start(text) :] == phrase


def test_a_description_before_a_company_is_not_part_of_its_name(tmp_path: Path) -> None:
    release = read(
        tmp_path,
        dated(
            f"{ISPACE}と、月周回衛星を開発するヨーロッパのPlus Ultra Space Outposts社(以下Plus Ultra社)、"
            "アラブ首長国連邦の宇宙教育企業Orbital Space Satellite Services L.L.C(以下Orbital Space)は、"
            "月探査で協力する覚書を締結しました。"
        ),
    )
    assert names(release)["PlusUltraSpaceOutposts"] == "Plus Ultra Space Outposts"
    assert names(release)["OrbitalSpaceSatelliteServices"] == "Orbital Space Satellite Services L.L.C"
    plus_ultra = next(o for o in release.organisations if o.key == "PlusUltraSpaceOutposts")
    assert plus_ultra.short_name == "Plus Ultra"
    assert set(plus_ultra.written) == {"Plus Ultra Space Outposts社", "Plus Ultra社"}


def test_a_country_prefix_and_sha_leave_the_name_and_stay_as_an_alternative_label(tmp_path: Path) -> None:
    path = tmp_path / "release.txt"
    path.write_text(dated(f"{ISPACE}は、伊Telespazio社との間で、意向表明書を締結しました。"), encoding="utf-8")
    release = extract_release(read_source(path))
    assert names(release)["Telespazio"] == "Telespazio"
    graph = build_graph(release)
    node = next(s for s in graph.subjects(SKOS.prefLabel, None) if str(s).endswith("/Telespazio"))
    assert Literal("伊Telespazio社") in set(graph.objects(node, SKOS.altLabel))


def test_header_clause_items_separated_by_spaces(tmp_path: Path) -> None:
    release = read(
        tmp_path,
        dated(
            "日本特殊陶業株式会社(本社:愛知県名古屋市 会長兼社長:尾堂真一 以下:「日本特殊陶業」)と"
            f"{ISPACE}は、覚書を締結しました。"
        ),
    )
    assert {(h.organisation, h.address) for h in release.head_offices} >= {("日本特殊陶業", "愛知県名古屋市")}
    assert ("尾堂真一", "日本特殊陶業", "会長兼社長") in {(p.person, p.organisation, p.title) for p in release.posts}
    assert next(o for o in release.organisations if o.key == "日本特殊陶業").short_name == "日本特殊陶業"
    spaced_post = read(
        tmp_path, dated(f"X株式会社(本社:東京都港区 代表取締役社長 兼 CEO:山田 太郎 以下X社)と{ISPACE}は、"
                        "覚書を締結しました。")
    )
    assert ("山田太郎", "X", "代表取締役社長 兼 CEO") in {
        (p.person, p.organisation, p.title) for p in spaced_post.posts
    }


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("トヨタ自動車株式会社(本社:愛知県豊田市、以下トヨタ)と、包括的業務提携契約を締結しました。",
         "BusinessAlliance"),
        ("国立大学法人東京科学大学(以下東京科学大学)との間で委託契約を締結しました。", "CommissionContract"),
        ("トヨタ自動車株式会社(本社:愛知県豊田市、以下トヨタ)から、設計の支援を受けるための契約を締結しました。",
         "SupportContract"),
        ("トヨタ自動車株式会社(本社:愛知県豊田市、以下トヨタ)と、連携協定を締結しました。", "Partnership"),
        ("トヨタ自動車株式会社(本社:愛知県豊田市、以下トヨタ)と、Memorandum of Understanding(MoU)を締結しました。",
         "MemorandumOfUnderstanding"),
        ("トヨタ自動車株式会社(本社:愛知県豊田市、以下トヨタ)が、「HAKUTO-R」にコーポレートパートナーとして参画することで合意しました。",
         "CorporatePartnerContract"),
    ],
)  # fmt: skip
def test_an_agreement_is_found_by_its_act_whatever_its_wording(tmp_path: Path, sentence: str, kind: str) -> None:
    release = read(tmp_path, dated(f"{ISPACE}は、{sentence}"))
    assert [a.kind for a in release.agreements] == [kind]
    assert len(release.agreements[0].parties) == 2


def test_a_party_named_only_in_the_sentence_becomes_an_organisation(tmp_path: Path) -> None:
    release = read(
        tmp_path, dated(f"{ISPACE}は、月面着陸機の開発を進めている米Intuitive Machines社と"
                        "覚書を2026年1月14日に締結しました。")
    )
    assert names(release)["IntuitiveMachines"] == "Intuitive Machines"
    (agreement,) = release.agreements
    assert agreement.parties == ("IntuitiveMachines", "ispace")
    assert agreement.signed_on == dt.date(2026, 1, 14)


def test_an_organisation_that_qualifies_a_party_is_not_one(tmp_path: Path) -> None:
    release = read(
        tmp_path,
        dated(f"{ISPACE}の子会社であるispace Europe S.A.(以下ispace EU)と、"
              "Plus Ultra社(以下Plus Ultra)は、覚書を締結しました。"),
    )
    (agreement,) = release.agreements
    assert agreement.parties == ("PlusUltra", "ispaceEurope")


def test_a_signing_today_is_dated_by_the_release_and_a_selection_date_is_not_a_signing(tmp_path: Path) -> None:
    body = (
        f"{ISPACE}は本日、2025年4月25日付で採択を受けた課題に関し、"
        "国立大学法人東京科学大学(以下東京科学大学)との間で委託契約を締結しました。"
    )
    (agreement,) = read(tmp_path, dated(body, "2025年10月6日")).agreements
    assert agreement.signed_on == dt.date(2025, 10, 6)
    assert agreement.signed_on_span is not None and agreement.signed_on_span.exact == "本日"


def test_what_a_comment_says_of_an_agreement_is_not_an_agreement(tmp_path: Path) -> None:
    body = (
        f"{ISPACE}とトヨタ自動車株式会社(本社:愛知県豊田市、以下トヨタ)は、協議を始めます。\n\n"
        "●ispace 代表取締役 袴田武史のコメント\n「将来、ispaceとトヨタは覚書を締結します。期待しています。」\n"
    )
    assert read(tmp_path, dated(body)).agreements == ()


def test_quotes_in_prose_headings_under_a_square_or_no_bullet(tmp_path: Path) -> None:
    body = (
        "日本航空株式会社(本社:東京都品川区 社長:植木 義晴 以下、「JAL」)とハワイアン航空(本社:ホノルル、 CEO:Mark "
        "Dunkerly、以下、「HA」)は、包括的業務提携契約を締結しました。\n"
        "HAの代表取締役社長兼CEOマーク・ダンカリーは、「喜ばしいことです。」と述べています。これを受け、"
        "JAL代表取締役社長の植木義晴も、「嬉しく思います。」と述べています。\n\n"
        "■ JAL 代表取締役社長 植木義晴のコメント\n\n「両社の協業を進めます。」\n\n"
        "HA CEO Mark Dunkerlyのコメント\n\n「ありがとうございます。」\n"
    )
    release = read(tmp_path, dated(body, "2017年9月26日"))
    assert sorted(s.person for s in release.statements) == ["Mark Dunkerly", "Mark Dunkerly", "植木義晴", "植木義晴"]
    posts = {(p.person, p.organisation, p.title) for p in release.posts}
    assert {("Mark Dunkerly", "ハワイアン航空", "代表取締役社長兼CEO"),
            ("植木義晴", "日本航空", "代表取締役社長")} <= posts
    assert {p.key for p in release.people} == {"Mark Dunkerly", "植木義晴"}


def test_a_latin_script_name_follows_a_latin_script_post(tmp_path: Path) -> None:
    body = (
        f"{ISPACE}と、Plus Ultra Space Outposts社(以下Plus Ultra社)は、覚書を締結しました。\n"
        "● Plus Ultra社 Founder & CEO Carlos Manuel Entrena Utrillaのコメント\n「大きな一歩です。」\n"
    )
    (statement,) = read(tmp_path, dated(body)).statements
    assert (statement.person, statement.title) == ("Carlos Manuel Entrena Utrilla", "Founder & CEO")


def test_a_headline_after_the_date_line_and_the_issuers(tmp_path: Path) -> None:
    text = (
        "(共同リリース)\n\n2017年9月26日\n日本航空株式会社\nハワイアン航空\n\n"
        "JAL とハワイアン航空、包括的業務提携契約に合意\n\n"
        "日本航空株式会社(本社:東京都品川区、社長:植木義晴、以下「JAL」)は、お知らせします。\n"
    )
    release = read(tmp_path, text)
    assert release.title == "JAL とハワイアン航空、包括的業務提携契約に合意"
    assert release.joint_release
    # The first line of a lead paragraph wrapped over two lines is no headline: a headline stands alone.
    wrapped = text.replace("JAL とハワイアン航空、包括的業務提携契約に合意\n\n", "JALとハワイアン航空は、\n")
    assert read(tmp_path, wrapped).title is None


def test_a_related_release_cited_by_its_address_alone(tmp_path: Path) -> None:
    body = f"{ISPACE}は、お知らせします。*1\n\n*1 関連プレスリリース:\n\n採択のお知らせ(https://ispace-inc.com/jpn/news/?p=7299)\n"
    (reference,) = read(tmp_path, dated(body)).references
    assert (reference.url, reference.issued) == ("https://ispace-inc.com/jpn/news/?p=7299", None)


def test_a_note_or_an_event_never_dates_a_release_that_has_no_date_of_its_own(tmp_path: Path) -> None:
    text = (
        f"{ISPACE}は、2025年11月28日、Orbital社(以下Orbital)と覚書を締結しました(*1)。\n"
        "(*1)2017年12月13日付プレスリリース http://press.jal.co.jp/ja/release/201712/004533.html\n"
    )
    release = read(tmp_path, text)
    assert release.issued is None and release.issued_span is None
    assert not set(build_graph(release).triples((None, CKG.statedOn, None)))


@pytest.mark.parametrize(
    "line", ["2025.10.06", "2025-10-06T10:00:00+09:00", "発表日:2025年10月6日", "2025.10.06 10:00", "2025年10月6日(月)"]
)
def test_release_dates_in_other_forms(tmp_path: Path, line: str) -> None:
    assert read(tmp_path, dated(f"{ISPACE}は、お知らせします。", line)).issued == dt.date(2025, 10, 6)


def test_a_company_with_a_latin_name_and_a_japanese_legal_form_keeps_it(tmp_path: Path) -> None:
    body = (
        f"{ISPACE}とX株式会社(本社:東京都港区、代表取締役社長:山田太郎、以下X社)は、2025年11月28日(金)に、"
        "宇宙分野でのStrategic Partnership Agreementを締結しました。\n\n"
        "(写真左から)ispace 代表取締役 袴田武史、X社 代表取締役社長 山田太郎\n"
    )
    release = read(tmp_path, dated(body))
    assert names(release)["X"] == "X株式会社"
    (agreement,) = release.agreements
    assert (agreement.kind, agreement.parties, agreement.signed_on) == (
        "Partnership", ("X", "ispace"), dt.date(2025, 11, 28)
    )
    (caption,) = [m for m in release.posts if m.person == "山田太郎" and len(m.spans) > 2]
    assert caption.organisation == "X"


def test_sentences_that_gave_no_fact_are_listed(tmp_path: Path) -> None:
    body = (
        f"{ISPACE}は、Orbital社(以下Orbital)と覚書を締結しました。\n"
        "両社は、昨年から提携し、協業を進めてきました。\n"
        "本覚書に基づき、両社は月面輸送を検討します。\n"
    )
    release = read(tmp_path, dated(body))
    assert [s.exact for s in release.unread] == ["両社は、昨年から提携し、協業を進めてきました。"]


def test_the_seed_release_leaves_nothing_unread() -> None:
    assert extract_release(read_source(SEED)).unread == ()


def test_a_known_person_quoted_in_prose_and_a_bracketed_heading(tmp_path: Path) -> None:
    body = (
        f"{ISPACE}は、お知らせします。袴田武史は、「大変嬉しく思います。」と語りました。\n\n"
        "【ispace 代表取締役CEO 袴田武史 コメント】\n「月面輸送を進めます。」\n"
    )
    statements = read(tmp_path, dated(body)).statements
    assert [(s.person, s.title) for s in statements] == [("袴田武史", None), ("袴田武史", "代表取締役CEO")]


def test_a_subsidiary_written_without_its_share(tmp_path: Path) -> None:
    body = (f"{ISPACE}の子会社であるispace Europe S.A.(以下ispace EU)と、"
            "Plus Ultra社(以下Plus Ultra)は、覚書を締結しました。")
    relations = read(tmp_path, dated(body)).relations
    assert [(r.subject, r.relation, r.object, r.share_percent) for r in relations] == [
        ("ispaceEurope", "subsidiary", "ispace", None)
    ]


def test_a_relative_clause_before_a_counterparty_is_not_part_of_its_name(tmp_path: Path) -> None:
    release = read(
        tmp_path, dated(f"{ISPACE}は、月面通信サービスを手がける米Lunar Link社との間で、覚書を締結しました。")
    )
    assert names(release)["LunarLink"] == "Lunar Link"
    assert release.agreements[0].parties == ("LunarLink", "ispace")


def test_two_agreements_of_one_kind_with_different_parties_stay_two(tmp_path: Path) -> None:
    body = (
        f"{ISPACE}は、トヨタ自動車株式会社(本社:愛知県豊田市、以下トヨタ)と覚書を締結しました。\n"
        "また、ispaceは、日本特殊陶業株式会社(本社:愛知県名古屋市、以下日本特殊陶業)と覚書を締結しました。\n"
    )
    agreements = read(tmp_path, dated(body)).agreements
    assert sorted(a.parties for a in agreements) == [("ispace", "トヨタ自動車"), ("ispace", "日本特殊陶業")]


# -- parties named by a count or a reference (両社, 三社, 4社, 同社, 当社) --------------------------------------------

TWO = f"{ISPACE}と株式会社ABCスペース(東京都港区、代表取締役:山田太郎、以下ABC)は、月面探査で協力してまいります。"


@pytest.mark.parametrize(
    "sentence",
    [
        "両社は、2026年1月10日に覚書を締結しました。",
        "両社は本日、業務提携契約を締結しました。",
        "両社間で基本合意書を締結しました。",
        "2社は、月面輸送に関する覚書を締結しました。",
        "両社で協業に向けた意向表明書を交わしました。",
    ],
)
def test_both_companies_are_the_two_the_release_introduced(tmp_path: Path, sentence: str) -> None:
    release = read(tmp_path, dated(TWO + "\n" + sentence))
    assert [a.parties for a in release.agreements] == [("ABCスペース", "ispace")]
    assert all(a.spans[0].exact in sentence for a in release.agreements)  # the annotation is on the sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "三社は、2026年1月10日に覚書を締結しました。",  # three named, two introduced: left unresolved
        "4社は、基本合意書を締結しました。",
        "両社の能力を組み合わせることに合意しました。",  # 両社の qualifies a noun: nobody is a party
    ],
)
def test_a_count_that_does_not_match_gives_no_parties_and_is_listed(tmp_path: Path, sentence: str) -> None:
    release = read(tmp_path, dated(TWO + "\n" + sentence))
    assert release.agreements == ()
    assert sentence in [u.exact.strip() for u in release.unread]


def test_that_company_and_our_company_refer_to_the_one_named_before_and_the_issuer(tmp_path: Path) -> None:
    lunar = "米Lunar Works社(本社:ヒューストン、CEO:John Smith、以下Lunar Works)は、月面車を開発しています。"
    for sentence in ("ispaceは同社と2026年1月10日に覚書を締結しました。", "当社は同社との間で覚書を締結しました。"):
        release = read(tmp_path, dated(f"{ISPACE}は月面輸送を進めています。{lunar}{sentence}"))
        assert [a.parties for a in release.agreements] == [("LunarWorks", "ispace")]
        assert "同社" not in names(release) and "当社" not in names(release)


# -- the country a nationality prefix or a country name gives ---------------------------------------------------


@pytest.mark.parametrize(
    ("written", "key", "country"),
    [
        ("伊Telespazio社との間で", "Telespazio", "IT"),
        ("仏Thales 社との間で", "Thales", "FR"),
        ("米Intuitive Machines社と", "IntuitiveMachines", "US"),
        ("独OHB社と", "OHB", "DE"),
        ("豪Lunar Outpost社と", "LunarOutpost", "AU"),
        ("アラブ首長国連邦の宇宙教育企業Orbital Space Satellite Services L.L.C(以下Orbital Space)と",
         "OrbitalSpaceSatelliteServices", "AE"),
        ("UAEのSpace Works社と", "SpaceWorks", "AE"),
    ],
)
def test_a_nationality_prefix_gives_the_country_and_leaves_the_name(
    tmp_path: Path, written: str, key: str, country: str
) -> None:
    release = read(tmp_path, dated(f"{ISPACE}は、{written}覚書を締結しました。"))
    found = {o.key: o for o in release.organisations}
    assert found[key].country == country
    assert not found[key].name.startswith(tuple("伊仏米独豪"))
    assert (found[key].key, country) in _country_codes(tmp_path)


def _country_codes(tmp_path: Path) -> set[tuple[str, str]]:
    graph = build_graph(extract_release(read_source(tmp_path / "release.txt")))
    return {(str(s).rsplit("/", 1)[-1], str(o)) for s, o in graph.subject_objects(CKG.countryCode)}


@pytest.mark.parametrize(
    "written",
    [
        "ヨーロッパのPlus Ultra Space Outposts社(以下Plus Ultra社)と",  # a continent, not a country
        "トヨタ自動車株式会社(本社:愛知県豊田市、以下トヨタ)と",
        "日本航空株式会社(東京都品川区、代表取締役社長:鳥取三津子、以下JAL)と",  # 日本 is part of the name
    ],
)
def test_no_country_where_the_text_gives_none(tmp_path: Path, written: str) -> None:
    release = read(tmp_path, dated(f"{ISPACE}は、{written}覚書を締結しました。"))
    assert [o.country for o in release.organisations] == [None] * len(release.organisations)


# -- programmes named like 「HAKUTO-R」プログラム ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "programme", "also"),
    [
        ("ispaceは「HAKUTO-R」プログラムを進めています。", "HAKUTO-R", ()),
        ("ispaceは民間月面探査プログラムHAKUTO-Rを進めています。", "HAKUTO-R", ()),
        ("ispaceは「Artemis」計画に参加しています。", "Artemis", ()),
        ("ispaceは「Emirates Lunar」ミッションに参加しています。", "Emirates Lunar", ()),
        (
            (
                "ESAのMoonlight Lunar Navigation and Communication Services(以下LNCS)プログラムにおいて、"
                "このMoonlight計画は進んでいます。LNCSは月の通信を担います。"
            ),
            "Moonlight Lunar Navigation and Communication Services",
            ("Moonlight", "LNCS"),
        ),
    ],
)
def test_a_programme_named_before_its_word(
    tmp_path: Path, sentence: str, programme: str, also: tuple[str, ...]
) -> None:
    release = read(tmp_path, dated(f"{ISPACE}は、月面輸送を進めています。{sentence}"))
    programmes = [p for p in release.programmes if p.kind == "programme"]
    assert [(p.key, p.also) for p in programmes] == [(programme, also)]
    assert all(s.exact in (programme, *also) for s in programmes[0].spans)


@pytest.mark.parametrize(
    "sentence",
    ["JALはマイレージプログラムを提供しています。", "ispaceは日本政府が推進する月の資源探査プログラムに貢献します。"],
)
def test_a_common_noun_before_the_word_names_no_programme(tmp_path: Path, sentence: str) -> None:
    release = read(tmp_path, dated(f"{ISPACE}は、月面輸送を進めています。{sentence}"))
    assert [p.key for p in release.programmes if p.kind == "programme"] == []


# -- history told in prose ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "year", "involves"),
    [
        ("ispaceは2010年に設立されました。", 2010, ("ispace",)),
        ("ispaceは、2017年12月にJALと資本業務提携契約を締結しました。", 2017, ("ispace", "日本航空")),
        ("2018年10月より、JALはispaceのランダー組立ての技術支援を開始しました。", 2018, ("日本航空", "ispace")),
        ("JALは、2023年4月には新たな宇宙事業を発表した。", 2023, ("日本航空",)),
    ],
)
def test_a_dated_past_act_in_prose_is_a_milestone(
    tmp_path: Path, sentence: str, year: int, involves: tuple[str, ...]
) -> None:
    jal = "日本航空株式会社(東京都品川区、代表取締役社長:鳥取三津子、以下JAL)は、宇宙事業を進めています。"
    release = read(tmp_path, dated(f"{ISPACE}は、月面輸送を進めています。{jal}\n{sentence}"))
    assert [(m.begins, m.ends, m.involves) for m in release.milestones] == [(year, year, involves)]
    assert release.milestones[0].span.exact == sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "ispaceは、2027年にミッション3を打ち上げる予定です。",  # a plan, not a past act
        "両社は、2026年3月25日より順次開始します。",  # the future
        "袴田武史は、「ispaceは2022年に打ち上げを成功させました。」と述べました。",  # inside a quote
        "ispaceは、2022年に打ち上げたミッション1の成果を活かします。",  # the date qualifies a noun
        "(*1)2017年12月13日付プレスリリース ispaceとJALが提携しました。",  # a note citing a release
        "ispaceとJALは、2026年1月10日に「月面輸送の実現」を目指し、覚書を締結しました。",  # the agreement, dated
    ],
)
def test_no_milestone_from_plans_quotes_relative_clauses_or_notes(tmp_path: Path, sentence: str) -> None:
    release = read(tmp_path, dated(f"{ISPACE}は、月面輸送を進めています。\n{sentence}"))
    assert release.milestones == ()


def test_a_dated_past_act_naming_no_party_is_no_milestone(tmp_path: Path) -> None:
    release = read(tmp_path, dated(f"{ISPACE}は、月面輸送を進めています。\nその衛星は2019年に打ち上げられました。"))
    assert release.milestones == ()


@pytest.mark.parametrize(
    ("sentence", "about"),
    [
        ("ispaceとJALは、「HAKUTO-R」プログラムに関する覚書を締結しました。", ("HAKUTO-R",)),
        ("JALとispaceは、JALが民間月面探査プログラムHAKUTO-Rにコーポレートパートナーとして参画することで合意しました。",
         ("HAKUTO-R",)),
        ("ispaceとJALは、覚書を締結し、「HAKUTO-R」プログラムを進めます。", ()),  # named after: not what it is about
    ],
)
def test_an_agreement_is_about_the_programme_named_before_it(
    tmp_path: Path, sentence: str, about: tuple[str, ...]
) -> None:
    jal = "日本航空株式会社(東京都品川区、代表取締役社長:鳥取三津子、以下JAL)"
    release = read(tmp_path, dated(f"{ISPACE}と{jal}は、月面輸送を進めています。\n{sentence}"))
    assert [a.programmes for a in release.agreements] == [about]
    graph = build_graph(release)
    assert len(list(graph.subject_objects(CKG.aboutProgramme))) == len(about)
