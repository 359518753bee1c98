"""The query page's editor (YASGUI, installed by `make install` from package-lock.json) in Debian's Chromium.

Typed queries with completions from this graph, the named queries as tabs, a sortable result table whose IRIs
lead to their pages here, and no request to any other host (the tests run offline; so must the page). Skipped as
tests/test_browser.py is: only when /usr/bin/chromium is absent and CKG_REQUIRE_BROWSER is unset.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from api.routes.sparql import EDITOR_SCRIPT

from . import browser_fixtures
from .api_fixtures import live_server, settings_for
from .conftest import SOURCES
from .test_browser_csp import WATCH, violations

browser = browser_fixtures.browser  # the shared fixture: one Chromium per module
SHOTS = Path(__file__).parent / "screenshots"

pytestmark = pytest.mark.skipif(not EDITOR_SCRIPT.is_file(), reason="the editor is not built: run `make install`")


@pytest.fixture(scope="module")
def server(family_store_path: Path) -> Iterator[str]:
    with live_server(settings_for(family_store_path, sources=SOURCES, query_workers=1)) as url:
        yield url


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    context.add_init_script(WATCH)
    page = context.new_page()
    page.requested: list[str] = []  # type: ignore[attr-defined]
    page.on("request", lambda request: page.requested.append(request.url))  # type: ignore[attr-defined]
    page.console_messages: list[str] = []  # type: ignore[misc]
    page.on("console", lambda message: page.console_messages.append(message.text))  # type: ignore[attr-defined]
    try:
        yield page
    finally:
        context.close()


def elsewhere(page: Page, server: str) -> list[str]:
    """Every request the page made to a host other than this server."""
    own = urlsplit(server).netloc
    return [url for url in page.requested  # type: ignore[attr-defined]
            if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != own]


def editor_text(page: Page) -> str:
    return page.evaluate("window.queryEditor.yasgui.getTab().getYasqe().getValue()")


def type_in_editor(page: Page, text: str) -> None:
    page.locator(".tabPanel.active .CodeMirror textarea").type(text, delay=20)


def hint(page: Page, text: str) -> None:
    """Waits for the completion list to offer `text`, and takes it."""
    offered = page.locator(".CodeMirror-hints li").filter(has_text=text).first
    expect(offered).to_be_visible(timeout=10_000)
    offered.click()


def test_the_editor_replaces_the_form_with_the_named_queries_as_tabs(page: Page, server: str) -> None:
    page.goto(server + "/sparql")
    expect(page.locator("#editor .yasqe .CodeMirror")).to_be_visible()
    expect(page.locator("div.query form")).to_be_hidden()
    tabs = page.locator("#editor .tabsList .tab")
    expect(tabs).to_have_count(9)  # the editor's own tab, then the eight named queries
    assert "PREFIX ckg: <https://w3id.org/cislunar-kg/ontology#>" in editor_text(page)
    assert violations(page) == []
    assert elsewhere(page, server) == []


def test_entity_completion_from_the_search(page: Page, server: str) -> None:
    """Typing a short name offers the resource's IRI (REST search), labelled; taking it writes the IRI."""
    page.goto(server + "/sparql")
    page.evaluate("window.queryEditor.yasgui.getTab().getYasqe().setValue('SELECT ?p ?o WHERE {\\n  ')")
    page.evaluate("""(() => { const y = window.queryEditor.yasgui.getTab().getYasqe();
                             y.focus(); y.setCursor(y.lastLine(), 2); })()""")
    type_in_editor(page, "JALEC")
    hint(page, "/id/organization/JALエンジニアリング>")
    assert "<https://w3id.org/cislunar-kg/id/organization/JALエンジニアリング>" in editor_text(page)
    assert elsewhere(page, server) == []


def test_type_complete_run_sort_open_a_named_query_and_follow_an_iri(page: Page, server: str) -> None:
    page.goto(server + "/sparql")
    yasqe = "window.queryEditor.yasgui.getTab().getYasqe()"
    page.evaluate(f"""(() => {{ const y = {yasqe};
        const prologue = y.getValue().split('\\n').filter(line => line.startsWith('PREFIX ')).join('\\n');
        y.setValue(prologue + '\\nSELECT ?person ?name WHERE {{\\n  ?person a ');
        y.focus(); y.setCursor(y.lastLine(), y.getLine(y.lastLine()).length); }})()""")
    type_in_editor(page, "foaf:Pers")
    hint(page, "foaf:Person")  # a class the data uses, from the graph
    type_in_editor(page, " ; foaf:na")
    hint(page, "foaf:name")  # a property, likewise
    type_in_editor(page, " ?name }")
    assert editor_text(page).endswith("?person a foaf:Person ; foaf:name ?name }")

    page.locator(".tabPanel.active .CodeMirror textarea").press("Control+Enter")
    rows = page.locator(".tabPanel.active .yasr table.dataTable tbody tr")
    expect(rows).to_have_count(8)
    expect(page.locator(".tabPanel.active .yasr table.dataTable tbody")).to_contain_text("秡川宏樹")

    names = page.locator(".tabPanel.active .yasr table.dataTable tbody tr td:nth-child(3)")
    header = page.locator(".tabPanel.active .yasr table.dataTable thead th").filter(has_text="name")
    header.click()
    ascending = names.all_inner_texts()
    header.click()
    expect(names.first).not_to_have_text(ascending[0])
    descending = names.all_inner_texts()
    assert descending == ascending[::-1] and ascending != descending  # DataTables orders by the locale
    page.locator("#editor").screenshot(path=str(shot_path("query-editor")))  # README's picture of the editor

    page.get_by_role("tab", name="posts", exact=True).click()
    assert "foaf:member" not in editor_text(page) and "org:Membership" in editor_text(page)
    page.locator(".tabPanel.active .yasqe_queryButton").click()
    expect(page.locator(".tabPanel.active .yasr table.dataTable tbody")).to_contain_text("袴田武史")
    expect(page.locator("#network-view")).to_be_visible()  # organisations and people: the network offered

    link = page.locator(".tabPanel.active .yasr table.dataTable tbody a.iri[href^='/id/organization/']").first
    name = link.get_attribute("title")
    assert name and name.startswith("https://w3id.org/cislunar-kg/id/organization/")
    link.click()
    expect(page).to_have_url(re.compile(r"/id/organization/"))
    expect(page.locator("h1")).to_be_visible()
    assert violations(page) == []
    assert elsewhere(page, server) == []


def test_dates_offer_the_timeline_and_an_example_link_opens_its_tab(page: Page, server: str) -> None:
    page.goto(server + "/sparql")
    page.locator("a.example[data-name='timeline']").click()
    assert "query=" not in page.url  # the tab opened here, no page load
    expect(page.locator("#editor .tabsList .tab.active")).to_contain_text("timeline")
    expect(page.locator(".tabPanel.active .yasr table.dataTable tbody tr").first).to_be_visible()
    expect(page.locator("#timeline-view")).to_be_visible()
    page.locator("#timeline-view").click()
    expect(page.locator("svg.timeline")).to_be_visible()


def test_a_shared_query_url_runs_in_the_editor(page: Page, server: str) -> None:
    page.goto(server + "/sparql?query=" + "ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D")
    expect(page.locator("#results")).to_be_hidden()  # the server's own table gives way to the editor's
    assert editor_text(page) == "ASK { ?s ?p ?o }"
    expect(page.locator(".tabPanel.active .yasr")).to_contain_text("true", ignore_case=True)


def shot_path(name: str) -> Path:
    SHOTS.mkdir(exist_ok=True)
    return SHOTS / f"{name}.png"


def test_without_javascript_the_form_serves(browser: Browser, server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "/sparql")
    expect(page.locator("#editor")).to_be_hidden()
    page.locator("#query").fill("PREFIX foaf: <http://xmlns.com/foaf/0.1/>\nSELECT ?name WHERE { ?p foaf:name ?name }")
    page.locator("#run").click()
    expect(page.locator("#result-table tbody")).to_contain_text("秡川宏樹")
    context.close()


def test_the_page_policy_allows_only_the_editors_fixed_styles(browser: Browser, server: str) -> None:
    """No 'unsafe-inline', no 'unsafe-eval'; a style injected into the page is still refused."""
    context = browser.new_context()
    context.add_init_script(WATCH)
    page = context.new_page()
    response = page.goto(server + "/sparql")
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "unsafe" not in policy and "script-src 'self';" in policy and "'sha256-" in policy
    page.evaluate("""() => { const s = document.createElement("style");
                             s.textContent = "body { display: none }"; document.head.appendChild(s); }""")
    page.wait_for_function("window.__violations.length > 0", timeout=5_000)
    assert page.locator("body").is_visible()
    home = page.goto(server + "/")
    assert home is not None and "'sha256-" not in home.headers["content-security-policy"]  # this page only
    context.close()


def test_hostile_values_in_results_stay_text(page: Page, server: str) -> None:
    """A javascript: IRI gets no link, markup in a literal is shown as text, not run."""
    page.goto(server + "/sparql")
    query = ('SELECT ?iri ?text WHERE { BIND (IRI("javascript:window.__ran=1") AS ?iri) '
             'BIND ("<img src=x onerror=window.__ran=1>" AS ?text) }')
    page.evaluate("q => window.queryEditor.yasgui.getTab().getYasqe().setValue(q)", query)
    page.locator(".tabPanel.active .yasqe_queryButton").click()
    cells = page.locator(".tabPanel.active .yasr table.dataTable tbody")
    expect(cells).to_contain_text("<img src=x onerror=window.__ran=1>")
    iri = cells.locator("a.iri").first
    expect(iri).to_have_text("javascript:window.__ran=1")
    assert iri.get_attribute("href") is None
    assert cells.locator("img").count() == 0
    assert page.evaluate("window.__ran === undefined")
