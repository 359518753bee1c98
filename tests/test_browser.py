"""The pages in a real browser: Debian's Chromium driven by Playwright, against a real uvicorn on 127.0.0.1.

Each test saves a screenshot under tests/screenshots/ (kept out of git) for a person to look at. Skipped only
when /usr/bin/chromium is absent and CKG_REQUIRE_BROWSER is unset; CI sets it, so there they must run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from . import browser_fixtures
from .api_fixtures import live_server, settings_for
from .conftest import SOURCES

browser = browser_fixtures.browser  # the shared fixture: one Chromium per module
SHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture(scope="module")
def server(family_store_path: Path) -> Iterator[str]:
    with live_server(settings_for(family_store_path, sources=SOURCES, query_workers=1)) as url:
        yield url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP", accept_downloads=True)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def shot(page: Page, name: str, **options: Any) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), **options)


def test_from_home_to_an_organisation_a_person_and_the_statement_span(page: Page, server: str) -> None:
    page.goto(server + "/")
    expect(page.locator("h1")).to_contain_text("knowledge graph")
    expect(page.locator("#counts tbody tr").first).to_be_visible()
    expect(page.locator("#documents tbody tr")).to_have_count(3)
    shot(page, "home", full_page=True)

    page.locator("#organisations").get_by_role("link", name="日本航空株式会社", exact=True).click()
    expect(page.locator("h1")).to_have_text("日本航空株式会社")
    expect(page.locator(".other-label .badge")).to_have_text("企業")  # the class, labelled in Japanese
    expect(page.locator("#posts tbody tr").first).to_be_visible()
    expect(page.locator("#stated-in mark").first).to_be_visible()
    shot(page, "organisation", full_page=True)

    page.locator("#posts").get_by_role("link", name="鈴木隆夫").click()
    expect(page.locator("h1")).to_have_text("鈴木隆夫")
    expect(page.locator("#posts")).to_contain_text("執行役員")
    shot(page, "person", full_page=True)

    page.locator("#statements a.statement").first.click()
    expect(page).to_have_url(re.compile(r"/id/statement/"))
    expect(page.locator("#statement")).to_contain_text("鈴木隆夫")
    span = page.locator("#stated-in blockquote.source mark").first
    expect(span).to_be_visible()
    highlighted = span.inner_text()
    assert len(highlighted) > 20  # the comment, not a stray character
    assert highlighted[:10] in page.locator("#statement blockquote").inner_text().replace("\n", "")
    background = span.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    shot(page, "statement", full_page=True)


def test_agreement_page_shows_parties_signing_purpose_and_scope(page: Page, server: str) -> None:
    page.goto(server + "/")
    page.locator("#agreements a").filter(has_text="基本合意").first.click()
    table = page.locator("#agreement")
    for text in ["株式会社ispace", "日本航空株式会社", "株式会社JALエンジニアリング", "株式会社JALUX", "2025-11-28",
                 "基本合意書締結式", "月面輸送"]:
        expect(table).to_contain_text(text)
    shot(page, "agreement", full_page=True)


def test_labels_follow_the_browser_language(browser: Browser, server: str) -> None:
    """The releases name things in Japanese only, so names fall back to ja; the ontology's labels switch."""
    context = browser.new_context(locale="en-GB", extra_http_headers={"Accept-Language": "en-GB,en;q=0.9"})
    page = context.new_page()
    page.goto(server + "/id/organization/日本航空")
    expect(page.locator("h1")).to_have_text("日本航空株式会社")
    expect(page.locator(".other-label .badge")).to_have_text("Company")
    page.goto(server + "/")
    page.locator("#agreements a").filter(has_text="asic agreement").first.click()
    expect(page.locator("#agreement")).to_contain_text("lunar transport")
    shot(page, "agreement-en", full_page=True)
    context.close()


def without_the_editor(page: Page) -> None:
    """The query page as it is when YASGUI is not installed (or fails to load): the plain form and query.js."""
    page.route("**/static/vendor/**", lambda route: route.abort())


def test_a_competency_query_from_the_query_page(page: Page, server: str) -> None:
    without_the_editor(page)
    page.goto(server + "/sparql")
    expect(page.locator("#query")).to_contain_text("PREFIX ckg:")  # prefixes pre-filled
    page.locator("a.example[data-name='posts']").click()
    expect(page.locator("#result-table")).to_be_visible()
    assert "query=" in page.url  # the query is in the URL: the result can be shared
    expect(page.locator("#result-table thead")).to_contain_text("name")
    expect(page.locator("#result-table tbody")).to_contain_text("袴田武史")
    assert page.locator("#result-table tbody tr").count() >= 10
    link = page.locator("#result-table tbody a[href^='/id/organization/']").first
    expect(link).to_be_visible()
    shot(page, "query", full_page=True)

    with page.expect_download() as download:
        page.locator("button.download[data-accept='text/csv']").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("name,title,organization,orgName") and "袴田武史" in text

    editor = page.locator("#query")
    editor.fill("PREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
                "SELECT ?name WHERE { ?p a foaf:Person ; foaf:name ?name } ORDER BY ?name")
    editor.press("Control+Enter")
    expect(page.locator("#row-count")).to_have_text("8")
    expect(page.locator("#result-table tbody")).to_contain_text("秡川宏樹")


def test_a_bad_query_shows_the_error_on_the_page(page: Page, server: str) -> None:
    without_the_editor(page)
    page.goto(server + "/sparql")
    page.locator("#query").fill("SELECT WHERE {")
    page.locator("#run").click()
    expect(page.locator("#error")).to_contain_text("400")
    expect(page.locator("#query")).to_have_value("SELECT WHERE {")


def test_timeline_svg(page: Page, server: str) -> None:
    page.goto(server + "/timeline")
    svg = page.locator("svg.timeline")
    expect(svg).to_be_visible()
    expect(svg.locator("g.milestone")).to_have_count(8)  # the seed's seven table rows and one told in prose
    interval = svg.locator("g.milestone[data-from='2018'][data-to='2022'] rect.interval")
    expect(interval.first).to_be_visible()
    assert interval.first.bounding_box()["width"] > 100  # type: ignore[index]  # a bar across five years
    expect(svg.locator("g.mark")).to_contain_text("2025-11-28")
    expect(svg.locator("text.year").first).to_have_text("2015")
    shot(page, "timeline", full_page=True)
    svg.locator("a").filter(has_text="2015").first.click()
    expect(page).to_have_url(re.compile(r"/id/milestone/"))


def test_network_svg(page: Page, server: str) -> None:
    page.goto(server + "/network")
    svg = page.locator("svg.network")
    expect(svg).to_be_visible()
    assert svg.locator("g.node.organization").count() >= 8
    assert svg.locator("g.node.person").count() == 8
    assert svg.locator("g.node.agreement").count() == 3
    for label in ["party of", "holds post in", "subsidiary of"]:
        assert svg.locator(f"g.edge[data-label='{label}']").count() >= 1, label
    shot(page, "network", full_page=True)
    svg.locator("a").filter(has=page.locator("g.node.agreement")).first.click()
    expect(page).to_have_url(re.compile(r"/id/agreement/"))


def test_phone_width(browser: Browser, server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="ja-JP")
    page = context.new_page()
    for path, name in [("/", "phone-home"), ("/id/organization/日本航空", "phone-organisation"),
                       ("/sparql", "phone-query")]:
        page.goto(server + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 392, (path, width)  # nothing wider than the screen
        shot(page, name)
    context.close()


def test_unknown_page_is_an_html_404(page: Page, server: str) -> None:
    response = page.goto(server + "/id/organization/nobody")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_contain_text("404")
    expect(page.get_by_role("link", name="home page")).to_be_visible()
