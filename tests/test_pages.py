"""The browser pages over HTTP, and the pure functions they are drawn with (tables of cases).

The browser itself (clicks, SVG geometry, screenshots) is `test_browser.py`; here: status, content type and what
the HTML says, for browsers and API clients alike.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.pages import network, timeline
from api.pages.excerpt import Excerpt, excerpt, find_source
from api.pages.lang import pick, preferred
from api.pages.results import table
from graph.pipeline import prepare, write
from graph.store import OxigraphStore

from .api_fixtures import ID, client_for, settings_for
from .conftest import LANDER_2018, ROOT, SEED, SOURCES, UNREAD, write_seed_with_unread

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


# -- Pure functions --

@pytest.mark.parametrize(("header", "expected"), [
    (None, ("ja", "en")),
    ("", ("ja", "en")),
    ("en", ("en", "ja")),
    ("en-GB,en;q=0.9", ("en", "ja")),
    ("ja-JP,ja;q=0.9,en;q=0.8", ("ja", "en")),
    ("en;q=0.5, ja;q=0.8", ("ja", "en")),
    ("fr, en;q=0.3", ("en", "ja")),
    ("fr", ("ja", "en")),
    ("en;q=0, ja", ("ja", "en")),
    ("EN-us", ("en", "ja")),
])
def test_preferred_languages(header: str | None, expected: tuple[str, ...]) -> None:
    assert preferred(header) == expected


@pytest.mark.parametrize(("values", "order", "expected"), [
    ({"ja": ["企業"], "en": ["Company"]}, ("en", "ja"), "Company"),
    ({"ja": ["企業"], "en": ["Company"]}, ("ja", "en"), "企業"),
    ({"ja": ["日本航空株式会社"]}, ("en", "ja"), "日本航空株式会社"),  # falls back
    ({"@none": ["JAL"]}, ("en", "ja"), "JAL"),
    ({"fr": ["Entreprise"]}, ("en", "ja"), "Entreprise"),
    ({}, ("ja", "en"), None),
])
def test_pick(values: dict[str, list[str]], order: tuple[str, ...], expected: str | None) -> None:
    assert pick(values, order) == expected


TEXT = "見出し\n株式会社ispace(以下「ispace」)は発表しました。次の文です。\n最後"


ISPACE = TEXT.index("株式会社ispace")
SHORT = TEXT.index("ispace」")
NEXT = TEXT.index("次の文")


@pytest.mark.parametrize(("start", "end", "exact", "expected"), [
    (ISPACE, ISPACE + 10, "株式会社ispace", Excerpt("", "株式会社ispace", "(以下「ispace」)は発表しました。")),
    (SHORT, SHORT + 6, "ispace", Excerpt("株式会社ispace(以下「", "ispace", "」)は発表しました。")),
    (NEXT, NEXT + 4, "次の文で", Excerpt("", "次の文で", "す。")),
    (ISPACE, NEXT, "株式会社ispace(以下「ispace」)は発表しました。",
     Excerpt("", "株式会社ispace(以下「ispace」)は発表しました。", "")),  # a whole sentence: not the next one too
    (len(TEXT) - 2, len(TEXT), "最後", Excerpt("", "最後", "")),
    # The file no longer holds the quote there: show nothing rather than wrong text.
    (ISPACE, ISPACE + 10, "別の文字列", None),
    (4, 999, None, None),
    (-1, 3, None, None),
])
def test_excerpt(start: int, end: int, exact: str | None, expected: Excerpt | None) -> None:
    assert excerpt(TEXT, start, end, exact) == expected


def test_find_source_searches_subfolders_and_checks_the_length() -> None:
    text = find_source(SOURCES, "2018-10-04_jal-ispace_lander-assembly.txt")
    assert text is not None and "ランダー" in text
    assert find_source(SOURCES, "2018-10-04_jal-ispace_lander-assembly.txt", len(text) + 1) is None
    for bad in ["", "../README.md", ".hidden", "nope.txt", "family/2018-10-04_jal-ispace_lander-assembly.txt"]:
        assert find_source(SOURCES, bad) is None, bad


def test_timeline_draws_points_bars_marks_and_links() -> None:
    svg = timeline.draw(
        [timeline.Milestone("HAKUTO", "/id/milestone/a", 2015, 2015),
         timeline.Milestone("Mission 1 & <air>", "/id/milestone/b", 2018, 2022)],
        [timeline.Mark("2025-11-28 基本合意書", "/id/agreement/x", date(2025, 11, 28))],
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count('<g class="milestone"') == 2
    assert svg.count('<circle class="point"') == 1 and svg.count('<rect class="interval"') == 1
    assert 'data-from="2018" data-to="2022"' in svg
    assert '<a href="/id/milestone/a">' in svg and '<a href="/id/agreement/x">' in svg
    assert "Mission 1 &amp; &lt;air&gt;" in svg  # labels are escaped
    years = re.findall(r'<text class="year"[^>]*>(\d{4})</text>', svg)
    assert years[0] == "2015" and years[-1] == "2025"
    assert "2025-11-28 基本合意書" in svg


def test_timeline_bar_spans_its_years() -> None:
    svg = timeline.draw([timeline.Milestone("a", None, 2018, 2022), timeline.Milestone("b", None, 2010, 2030)],
                        width=1000)
    x, width = map(float, re.search(r'<rect class="interval" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"',
                                    svg).groups())  # type: ignore[union-attr]
    step = (1000 - 2 * timeline.LEFT) / 21
    assert x == pytest.approx(timeline.LEFT + 8 * step + 3, abs=0.1)
    assert width == pytest.approx(5 * step - 6, abs=0.1)


@pytest.mark.parametrize(("text", "room", "expected"), [
    ("abc", 100, "abc"), ("日本航空株式会社", 13 * 4, "日本航…"), ("", 10, ""),
])
def test_fit(text: str, room: float, expected: str) -> None:
    assert timeline.fit(text, room) == expected


def test_timeline_without_milestones() -> None:
    assert "No milestones." in timeline.draw([])


def test_network_columns_edges_and_order() -> None:
    nodes = [network.Node("jal", "JAL", "organization", "/id/organization/jal"),
             network.Node("a", "基本合意書", "agreement", "/id/agreement/a"),
             network.Node("p", "鈴木隆夫", "person", "/id/person/p"),
             network.Node("group", "JALグループ", "organization"),
             network.Node("jalec", "JALEC", "organization")]
    edges = [network.Edge("p", "jal", "holds post in"), network.Edge("jal", "a", "party of"),
             network.Edge("jalec", "group", "subsidiary of"), network.Edge("jal", "a", "party of"),
             network.Edge("x", "a", "party of")]  # an unknown node: not drawn
    svg = network.draw(nodes, edges)
    assert svg.count('<g class="node person"') == 1 and svg.count('<g class="node organization"') == 3
    assert svg.count('<g class="node agreement"') == 1
    for label in ["holds post in", "party of", "subsidiary of"]:
        assert f'data-label="{label}"' in svg
    assert 'data-source="x"' not in svg
    assert '<a href="/id/person/p">' in svg
    ordered = [n.id for n in network.order(nodes, edges)]
    assert ordered.index("jalec") == ordered.index("group") + 1  # a subsidiary sits under its parent
    at = network.layout(network.order(nodes, edges))
    assert at["p"][0] < at["jal"][0] < at["a"][0]


def test_results_table_select_ask_and_graph() -> None:
    select = json.dumps({"head": {"vars": ["org", "name", "n"]}, "results": {"bindings": [
        {"org": {"type": "uri", "value": ID + "organization/日本航空"},
         "name": {"type": "literal", "value": "日本航空株式会社", "xml:lang": "ja"}},
        {"org": {"type": "uri", "value": "http://www.w3.org/ns/org#Organization"},
         "n": {"type": "literal", "value": "3", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}},
    ]}}).encode()
    found = table(select, "application/sparql-results+json", ID)
    assert found.kind == "select" and found.columns == ["org", "name", "n"]
    first, second = found.rows
    assert first[0] is not None and first[0].href == "/id/organization/" + quote("日本航空")
    assert first[0].text == "id:organization/日本航空" and first[0].title == ID + "organization/日本航空"
    assert first[1] is not None and first[1].note == "@ja" and first[2] is None
    assert second[0] is not None and second[0].text == "org:Organization"
    assert second[0].href == "http://www.w3.org/ns/org#Organization"
    assert second[2] is not None and second[2].note == "xsd:integer"
    assert table(b'{"head": {}, "boolean": true}', "application/sparql-results+json", ID).boolean is True
    graph = table(f'<{ID}a> <http://www.w3.org/2000/01/rdf-schema#label> "x"@en .\n'.encode(),
                  "application/n-triples", ID)
    assert graph.kind == "graph" and graph.columns == ["subject", "predicate", "object"]
    assert [c.text for c in graph.rows[0] if c] == ["id:a", "rdfs:label", "x"]


# -- Over HTTP, on every release under data/sources --

@pytest.fixture(scope="module")
def client(family_on_backend: Path | str) -> Iterator[TestClient]:
    with client_for(settings_for(family_on_backend, sources=SOURCES, query_workers=1)) as client:
        yield client


def html(response: object, status: int = 200) -> str:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"] == "text/html; charset=utf-8"  # type: ignore[attr-defined]
    return response.text  # type: ignore[attr-defined, no-any-return]


def test_home_says_what_the_graph_holds(client: TestClient) -> None:
    page = html(client.get("/", headers={"accept": BROWSER}))
    assert page.count('class="card organisation"') == 9 and page.count('class="card person"') == 8
    assert 'href="/id/organization/' + quote("日本航空") + '"' in page
    for day in ["2018-10-04", "2025-09-30", "2025-12-03"]:
        assert day in page
    assert "2025-12-03_ispace-jal-basic-agreement.txt" in page
    counts = page.split('<section id="counts">')[1]
    assert re.search(r"企業</a> <span class=\"note\">ckg:Company</span></td><td class=\"n\">8<", counts)
    for link in ["/timeline", "/network", "/sparql", "/ontology"]:
        assert f'href="{link}"' in page
    assert "http://cdn" not in page and 'src="http' not in page


def test_home_in_english(client: TestClient) -> None:
    page = html(client.get("/", headers={"accept": BROWSER, "accept-language": "en"}))
    assert '<html lang="en">' in page and ">Company</a>" in page


def test_timeline_page(client: TestClient) -> None:
    page = html(client.get("/timeline"))
    # The seed's seven table rows, and the lander release's history told in prose
    # (`2018年10月より、JALは…を開始しました`).
    assert page.count('<g class="milestone"') == 8
    assert 'data-from="2018" data-to="2022"' in page
    assert '<g class="mark">' in page and "2025-11-28" in page
    assert page.count('href="/id/milestone/') >= 14  # in the picture and in the table


def test_network_page(client: TestClient) -> None:
    page = html(client.get("/network"))
    assert page.count('<g class="node person"') == 8 and page.count('<g class="node agreement"') == 3
    for label in ["holds post in", "party of", "subsidiary of"]:
        assert f'data-label="{label}"' in page


def test_organisation_page_lists_posts_people_and_spans(client: TestClient) -> None:
    page = html(client.get("/id/organization/日本航空", headers={"accept": BROWSER}))
    posts = page.split('<section id="posts">')[1].split("</section>")[0]
    for person in ["鳥取三津子", "鈴木隆夫", "赤坂祐二"]:
        assert person in posts
    stated = page.split('<section id="stated-in">')[1]
    assert "<mark>日本航空株式会社</mark>(東京都品川区" in stated  # the span inside its sentence


def test_person_page_lists_posts_in_time_order_and_statements(client: TestClient) -> None:
    page = html(client.get("/id/person/袴田武史", headers={"accept": BROWSER}))
    posts = page.split('<section id="posts">')[1].split("</section>")[0]
    dates = re.findall(r"<td>(\d{4}-\d\d-\d\d)", posts)
    assert dates == sorted(dates) and len(dates) >= 2
    assert '<section id="statements">' in page


def test_agreement_page(client: TestClient) -> None:
    home = html(client.get("/"))
    path = re.search(r'href="(/id/agreement/basic-agreement[^"]+)"', home).group(1)  # type: ignore[union-attr]
    page = html(client.get(path, headers={"accept": BROWSER, "accept-language": "en"}))
    section = page.split('<section id="agreement">')[1].split("</section>")[0]
    for text in ["株式会社JALUX", "2025-11-28", "基本合意書締結式", "lunar transport", "毛利英史"]:
        assert text in section, text


def test_statement_page_highlights_the_comment(client: TestClient) -> None:
    page = html(client.get("/id/statement/2025-12-03_ispace-jal-basic-agreement/鈴木隆夫",
                           headers={"accept": BROWSER}))
    assert re.search(r"<mark>JALグループは10年にわたって", page)


def test_without_the_source_files_the_quote_is_shown_alone(family_store_path: Path, tmp_path: Path) -> None:
    with client_for(settings_for(family_store_path, sources=tmp_path, query_workers=1)) as client:
        page = html(client.get("/id/organization/日本航空", headers={"accept": BROWSER}))
    stated = page.split('<section id="stated-in">')[1]
    assert '<p class="sentence"><mark>日本航空株式会社</mark></p>' in stated
    assert "(東京都品川区" not in stated


def test_query_page_runs_a_query_for_a_browser(client: TestClient) -> None:
    query = "SELECT ?name WHERE { ?p a <http://xmlns.com/foaf/0.1/Person> ; <http://xmlns.com/foaf/0.1/name> ?name }"
    page = html(client.get("/sparql", params={"query": query}, headers={"accept": BROWSER}))
    assert '<span id="row-count">8</span>' in page and "秡川宏樹" in page
    assert "&lt;http://xmlns.com/foaf/0.1/Person&gt;" in page  # the query, kept in the editor
    assert client.get("/sparql", params={"query": query}).headers["content-type"].startswith(
        "application/sparql-results+json")  # API clients are unchanged
    graph = html(client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s a ?o } LIMIT 2"},
                            headers={"accept": "text/html"}))
    assert "<th>subject</th>" in graph and 'data-accept="text/turtle"' in graph


def test_query_page_lists_the_named_queries_and_prefixes(client: TestClient) -> None:
    page = html(client.get("/sparql", headers={"accept": BROWSER}))
    assert page.count('class="example"') == 8 and 'data-name="parties-of-agreement"' in page
    assert "PREFIX ckg: &lt;https://w3id.org/cislunar-kg/ontology#&gt;" in page


def test_query_page_shows_errors_with_their_status(client: TestClient) -> None:
    page = html(client.get("/sparql", params={"query": "SELECT WHERE {"}, headers={"accept": BROWSER}), 400)
    assert 'id="error"' in page and "SELECT WHERE {" in page


@pytest.mark.parametrize("path", ["/nothing/here", "/id/organization/nobody", "/ontology/9.9.9"])
def test_404_is_a_page_for_browsers_and_a_problem_for_clients(client: TestClient, path: str) -> None:
    page = html(client.get(path, headers={"accept": BROWSER}), 404)
    assert "<h1>404 Not found</h1>" in page and 'href="/"' in page
    for accept in [None, "*/*"]:
        response = client.get(path, headers={"accept": accept} if accept else {})
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"


def test_static_files_are_served(client: TestClient) -> None:
    for path, media_type in [("/static/site.css", "text/css"), ("/static/query.js", "javascript")]:
        response = client.get(path)
        assert response.status_code == 200 and media_type in response.headers["content-type"]


# -- Sentences not understood --

LANDER_UNREAD = "月面の資源開発を足がかりに宇宙での生活圏構築をめざすispaceと"


def not_understood(page: str) -> str:
    return page.split('<section id="not-understood">')[1].split("</section>")[0]


def test_a_document_page_lists_the_sentences_that_gave_no_fact(client: TestClient) -> None:
    """The 2018 release has a sentence no rule reads: its page shows it, cut from the file and marked."""
    page = html(client.get(f"/id/document/{LANDER_2018.stem}", headers={"accept": BROWSER}))
    section = not_understood(page)
    assert "<h2>読み取れなかった文" in section and "Not understood" in section
    assert re.search(f"<mark>{LANDER_UNREAD}[^<]*チャレンジしています。</mark></p>", section)
    english = html(client.get(f"/id/document/{LANDER_2018.stem}", headers={"accept": BROWSER,
                                                                          "accept-language": "en"}))
    assert "<h2>Not understood" in not_understood(english)


def test_the_seed_page_has_no_sentence_not_understood(client: TestClient) -> None:
    page = html(client.get(f"/id/document/{SEED.stem}", headers={"accept": BROWSER}))
    assert 'id="not-understood"' not in page and '<section id="facts">' in page


def test_a_release_with_an_unread_sentence_shows_it_even_without_its_file(tmp_path: Path) -> None:
    """Loaded from a copy of the seed with one sentence more; the file is not where the service looks, so the
    page shows the stored quote alone."""
    release = write_seed_with_unread(tmp_path / "releases")
    start = release.read_text(encoding="utf-8").index(UNREAD)
    with OxigraphStore(tmp_path / "store") as store:
        write(store, [prepare(release)])
    settings = settings_for(tmp_path / "store", sources=tmp_path / "elsewhere", query_workers=1)
    with client_for(settings) as client:
        page = html(client.get(f"/id/document/{SEED.stem}", headers={"accept": BROWSER}))
    section = not_understood(page)
    assert f'<p class="sentence"><mark>{UNREAD}</mark></p>' in section
    assert f"characters {start}–{start + len(UNREAD)}" in section
    assert section.count('<blockquote class="source">') == 1


def test_an_english_release_page_shows_the_sentences_it_did_not_understand(tmp_path: Path) -> None:
    """Telespazio's letter of intent, loaded from its file: its scope sentence (see the English reader's test) is
    listed with its offsets."""
    source = ROOT / "data" / "dev" / "en" / "2025-09-30_telespazio-ispace_loi.txt"
    sentence = "The agreement also includes exploring potential services in connectivity, navigation, and lunar data"
    start = source.read_text(encoding="utf-8").index(sentence)
    with OxigraphStore(tmp_path / "store") as store:
        write(store, [prepare(source)])
    settings = settings_for(tmp_path / "store", sources=tmp_path / "elsewhere", query_workers=1)
    with client_for(settings) as client:
        page = html(client.get(f"/id/document/{source.stem}", headers={"accept": BROWSER}))
    section = not_understood(page)
    assert sentence in section and f"characters {start}–" in section
    assert section.count('<blockquote class="source">') == 2
