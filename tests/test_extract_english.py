"""The English reader: releases of the family written in English, read into the same facts as Japanese ones."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import DCTERMS, RDF, RDFS

from graph.errors import SourceError
from graph.extract import extract_release
from graph.extract.english.dates import parse_date
from graph.language import detect_language
from graph.namespaces import CKG, OA
from graph.pipeline import prepare
from graph.source import read_source

from .conftest import ROOT, SEED

ENGLISH = sorted((ROOT / "data" / "dev" / "en").glob("*.txt"))

# A release of the kind the corpus does not hold: ispace's English site, a dateline with the dash glued to the
# company, a short name and a stock code in two parentheses, three parties, a signing day, the title before the name.
HELD_OUT = """News

ispace and JAL Group Sign Basic Agreement to Build Lunar Transportation Infrastructure

3 Dec, 2025

TOKYO – December 3, 2025 –ispace, inc. (ispace) (TOKYO: 9348), Japan Airlines Co., Ltd. (JAL) and JAL Engineering \
Co., Ltd. (JALEC) announced today that they signed a basic agreement on November 28, 2025 to work together on \
transportation systems that support sustainable activities on the Moon.

The companies will combine aviation maintenance and operations knowledge with lunar lander development.

“We are encouraged to advance discussions with the JAL Group on lunar transportation,” said ispace Founder and \
CEO Takeshi Hakamada.

Share this article
Facebook Twitter LinkedIn
"""


def read(tmp_path: Path, text: str, name: str = "release.txt"):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract_release(read_source(path))


def test_the_language_is_read_from_the_text_not_the_file_name(tmp_path: Path) -> None:
    assert detect_language(SEED.read_text(encoding="utf-8")) == "ja"
    assert all(detect_language(p.read_text(encoding="utf-8")) == "en" for p in ENGLISH)
    assert detect_language(
        "Takeshi Hakamada (袴田武史), Founder and CEO of ispace, said the company will grow."
    ) == "en"
    # An English text stored under a Japanese-looking name is still read as English.
    release = read(tmp_path, HELD_OUT, "2025-12-03_株式会社ispace_基本合意書.txt")
    assert release.language == "en"


def test_a_release_the_corpus_does_not_hold_is_read(tmp_path: Path) -> None:
    release = read(tmp_path, HELD_OUT)
    assert release.title == "ispace and JAL Group Sign Basic Agreement to Build Lunar Transportation Infrastructure"
    assert release.issued == dt.date(2025, 12, 3)
    orgs = {o.key: (o.name, o.short_name, o.securities_code) for o in release.organisations}
    assert orgs == {
        "ispace": ("ispace, inc.", "ispace", "9348"),
        "JapanAirlines": ("Japan Airlines Co., Ltd.", "JAL", None),
        "JALEngineering": ("JAL Engineering Co., Ltd.", "JALEC", None),
    }
    assert [(a.kind, a.parties, a.signed_on) for a in release.agreements] == [
        ("BasicAgreement", ("JALEngineering", "JapanAirlines", "ispace"), dt.date(2025, 11, 28))
    ]
    assert {(p.person, p.organisation, p.title) for p in release.posts} == {
        ("Takeshi Hakamada", "ispace", "Founder and CEO")
    }
    assert [s.person for s in release.statements] == ["Takeshi Hakamada"]
    assert release.issuers == ("ispace", "JapanAirlines", "JALEngineering")


def test_page_clutter_alone_is_refused_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "menu.txt"
    path.write_text("Home\nNews\nAbout Us\nContact\nShare this article\nFacebook Twitter LinkedIn\n", encoding="utf-8")
    with pytest.raises(SourceError, match="no release body found"):
        read_source(path)


def test_what_a_speaker_says_states_no_company_and_no_agreement(tmp_path: Path) -> None:
    release = read(
        tmp_path,
        "TOKYO – May 1, 2025 – Example Space Inc. (Example) announced today the opening of a new test site in "
        "Sendai.\n\n"
        "“Last year we signed a memorandum of understanding with Other Robotics Co., Ltd. and it went well,” said "
        "Jane Porter, CEO of Example.\n",
    )
    assert [o.key for o in release.organisations] == ["ExampleSpace"]
    assert release.agreements == ()
    assert [(s.person, s.organisation) for s in release.statements] == [("Jane Porter", "ExampleSpace")]


def test_two_memorandums_counted_by_the_text_are_two_agreements(tmp_path: Path) -> None:
    release = read(
        tmp_path,
        "TOKYO – June 2, 2025 – Alpha Space Inc. (Alpha) announced today that it has signed two memorandums of "
        "understanding related to launch services and data sharing with Beta Orbit Co., Ltd. (Beta), a satellite "
        "maker.\n",
    )
    assert sorted((a.kind, a.purpose) for a in release.agreements) == [
        ("MemorandumOfUnderstanding", "data sharing"),
        ("MemorandumOfUnderstanding", "launch services"),
    ]
    assert len({a.key for a in release.agreements}) == 2


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("April 21, 2022", dt.date(2022, 4, 21)),
        ("9 Nov, 2020", dt.date(2020, 11, 9)),
        ("20.04.2022", dt.date(2022, 4, 20)),  # dots: day first
        ("04/20/2022", dt.date(2022, 4, 20)),  # slashes: month first
        ("31 February 2025", None),
    ],
)
def test_dates_are_read_as_written(written: str, day: dt.date | None) -> None:
    assert parse_date(written) == day


@pytest.mark.parametrize("path", ENGLISH, ids=lambda p: p.stem)
def test_english_releases_pass_the_gate_with_english_labels_and_exact_spans(path: Path) -> None:
    prepared = prepare(path)
    graph, text = prepared.graph, path.read_text(encoding="utf-8")
    assert (prepared.graph_iri, DCTERMS.language, Literal("en")) in graph
    assert not [o for o in graph.objects(None, RDFS.label) if isinstance(o, Literal) and o.language == "ja"]
    for selector in graph.subjects(RDF.type, OA.TextPositionSelector):
        start, end = int(graph.value(selector, OA.start)), int(graph.value(selector, OA.end))  # type: ignore[arg-type]
        quote = next(s for s in graph.objects(graph.value(predicate=OA.hasSelector, object=selector), OA.hasSelector)
                     if s != selector)
        assert text[start:end] == str(graph.value(quote, OA.exact))
    assert list(graph.subjects(RDF.type, CKG.SourceDocument))


def test_the_english_reader_is_deterministic() -> None:
    for path in ENGLISH:
        assert extract_release(read_source(path)) == extract_release(read_source(path))


@pytest.mark.parametrize(
    "hostile",
    [
        "TOKYO – April 1, 2025 – " + "Alpha Beta Gamma " * 3000 + "Co., Ltd. announced today.",
        "Signed. " * 5000 + "said Jane Porter, " * 2000,
        "“" * 20000 + " said Jane Porter.",
        "TOKYO – April 1, 2025 – " + ("Foo Inc. (" * 2000) + " have signed a memorandum of understanding.",
        "TOKYO – April 1, 2025 – Foo Inc. and Bar Inc. have signed a contract.\n"
        + ("Mr. A. " * 2800 + "agreed.\n") * 3,
    ],
    ids=["long-name-run", "repeated-attribution", "open-quotes", "unclosed-parentheses", "abbreviation-run"],
)
def test_hostile_english_text_is_read_or_refused_cleanly(tmp_path: Path, hostile: str) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text(hostile, encoding="utf-8")
    with contextlib.suppress(SourceError):
        extract_release(read_source(path))


def test_a_brand_written_in_lower_case_begins_the_name_it_stands_in(tmp_path: Path) -> None:
    release = read(
        tmp_path,
        "TOKYO – March 3, 2025 – ispace Europe S.A. (ispace EU) and Gamma Rockets GmbH (Gamma) have signed a letter "
        "of intent on lunar payloads.\n\nispace Europe is based in Luxembourg. the company will hire staff.\n",
    )
    assert sorted(o.name for o in release.organisations) == ["Gamma Rockets GmbH", "ispace Europe S.A."]
    assert [a.kind for a in release.agreements] == ["LetterOfIntent"]


@pytest.mark.parametrize(
    "dateline",
    [
        "TOKYO – April 21, 2022 –",
        "Tokyo, Japan, April 21, 2022 /PRNewswire/ --",
        "TOKYO--(BUSINESS WIRE)--April 21, 2022--",
        "TOKYO, Japan – 21 April 2022 –",
    ],
)
def test_datelines_in_the_forms_wires_and_sites_give_them(tmp_path: Path, dateline: str) -> None:
    release = read(
        tmp_path,
        f"Home | News\n\n{dateline} Delta Lunar Inc. (Delta) and Echo Space Co., Ltd. (Echo) have signed a "
        "memorandum of understanding on lunar data services.\n",
    )
    assert release.issued == dt.date(2022, 4, 21)
    assert release.issued_span is not None and release.issued_span.exact in dateline
    assert [(a.kind, a.parties) for a in release.agreements] == [
        ("MemorandumOfUnderstanding", ("DeltaLunar", "EchoSpace"))
    ]


def test_a_real_english_release_lists_the_sentence_it_did_not_understand() -> None:
    """Telespazio's letter of intent: its scope sentence names the agreement but gives no fact (the reader takes the
    parties and kind from the lead), so it is listed; the lead, the dateline and the quotes are not."""
    path = ROOT / "data" / "dev" / "en" / "2025-09-30_telespazio-ispace_loi.txt"
    text = path.read_text(encoding="utf-8")
    release = extract_release(read_source(path))
    scope = (
        "The agreement also includes exploring potential services in connectivity, navigation, and lunar data "
        "utilisation, with the aim of identifying models and synergies that could boost the commercialisation of "
        "lunar communication and navigation services."
    )
    assert scope in [s.exact for s in release.unread]
    assert all(text[s.start : s.end] == s.exact for s in release.unread)
    assert not any(s.exact.startswith(("Rome", "“")) for s in release.unread)
    graph = prepare(path).graph
    notes = list(graph.subjects(OA.motivatedBy, CKG.notUnderstood))
    assert len(notes) == len(release.unread)
    for note in notes:
        selectors = list(graph.objects(graph.value(note, OA.hasTarget), OA.hasSelector))
        start = next(int(graph.value(s, OA.start)) for s in selectors if graph.value(s, OA.start) is not None)  # type: ignore[arg-type]
        end = next(int(graph.value(s, OA.end)) for s in selectors if graph.value(s, OA.end) is not None)  # type: ignore[arg-type]
        exact = next(str(graph.value(s, OA.exact)) for s in selectors if graph.value(s, OA.exact) is not None)
        assert text[start:end] == exact


def test_an_english_sentence_with_an_agreement_word_and_no_fact_is_listed_and_clutter_is_not(tmp_path: Path) -> None:
    unread = "The two companies also agreed to study a second lunar mission next year."
    text = HELD_OUT.replace(
        "The companies will combine aviation maintenance and operations knowledge with lunar lander development.",
        "The companies will combine aviation maintenance and operations knowledge with lunar lander development. "
        f"{unread}",
    ) + ("\nWe use cookies to improve your experience. By clicking Accept you agreed to our Privacy Policy.\n"
         "© 2025 ispace, inc. All rights reserved.\n")
    path = tmp_path / "release.txt"
    path.write_text(text, encoding="utf-8")
    release = extract_release(read_source(path))
    assert [s.exact for s in release.unread] == [unread]
    (found,) = release.unread
    assert text[found.start : found.end] == unread
    assert extract_release(read_source(path)).unread == release.unread
    path.write_text(HELD_OUT, encoding="utf-8")
    assert extract_release(read_source(path)).unread == ()  # every sentence with a cue gave a fact


def test_english_sentences_end_at_full_stops_but_not_after_company_forms_or_titles() -> None:
    from graph.extract.english.unread import sentences

    text = (
        "Japan Airlines Co., Ltd. (JAL) and ispace, inc. signed it. Mr. Hakamada and Dr. J. Smith agreed. "
        "It runs through the U.S. Office of Sky Corp. in Denver!\n\n“It is good,” said Jane Porter."
    )
    assert [text[a:b] for a, b in sentences(text, 0, len(text))] == [
        "Japan Airlines Co., Ltd. (JAL) and ispace, inc. signed it.",
        " Mr. Hakamada and Dr. J. Smith agreed.",
        " It runs through the U.S. Office of Sky Corp. in Denver!",
        "“It is good,” said Jane Porter.",
    ]


@pytest.mark.parametrize(
    ("sentence", "cued"),
    [
        ("Telespazio S.p.A. will study it.", True),
        ("OHB System AG and OHB GmbH will study it.", True),
        ("Foo LLC will study it.", True),
        ("The two firms entered a partnership.", True),
        ("They signed an MoU.", True),
        ("It flies on 3 Dec, 2025.", True),
        ("“It is good,” she said.", True),
        ("The co-founder leads the cooperation in the U.S.A. now.", False),
        ("The lander will fly next year.", False),
    ],
)
def test_what_makes_an_english_sentence_worth_a_look(sentence: str, cued: bool) -> None:
    from graph.extract.english.unread import CUES

    assert bool(CUES.search(sentence)) is cued
