"""The Content-Security-Policy in a real browser (Debian's Chromium, through Playwright): every page works under
it and none trips it — the API docs (Swagger UI, started by an inline script the policy allows by hash), the
ontology page (an inline stylesheet, likewise), the query page's script and downloads.

Skipped as tests/test_browser.py is: only when /usr/bin/chromium is absent and CKG_REQUIRE_BROWSER is unset.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from . import browser_fixtures
from .api_fixtures import settings_for
from .conftest import SOURCES
from .uvicorn_server import Server

browser = browser_fixtures.browser  # the shared fixture: one Chromium per module

# Records every violation the page reports, from the first script on (before the page's own run).
WATCH = """window.__violations = [];
document.addEventListener("securitypolicyviolation",
  e => window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline")));"""


@pytest.fixture(scope="module")
def server(family_store_path: Path) -> Iterator[str]:
    with Server(settings_for(family_store_path, sources=SOURCES, query_workers=1)) as running:
        yield running.url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(accept_downloads=True)
    context.add_init_script(WATCH)
    page = context.new_page()
    page.console_messages: list[str] = []  # type: ignore[misc]
    page.on("console", lambda message: page.console_messages.append(message.text))  # type: ignore[attr-defined]
    try:
        yield page
    finally:
        context.close()


def violations(page: Page) -> list[str]:
    reported = page.evaluate("window.__violations")
    console = [text for text in page.console_messages if "Content Security Policy" in text]  # type: ignore[attr-defined]
    return [*reported, *console]


def assert_inline_scripts_are_blocked(page: Page) -> None:
    """A script injected into the page (as an XSS would be) does not run, and is reported."""
    page.evaluate("""() => { const s = document.createElement("script");
                             s.textContent = "window.__injected = true;"; document.head.appendChild(s); }""")
    page.wait_for_function("window.__violations.length > 0", timeout=5_000)
    assert page.evaluate("window.__injected === undefined")
    assert any(v.startswith("script-src") for v in page.evaluate("window.__violations"))


def test_swagger_ui_works_under_the_policy(page: Page, server: str) -> None:
    page.goto(server + "/docs")
    expect(page.locator(".opblock").first).to_be_visible(timeout=15_000)
    assert page.locator(".opblock").count() >= 15
    sparql = page.locator("#operations-default-sparql_get")
    sparql.locator(".opblock-summary").click()
    expect(sparql).to_contain_text("default-graph-uri")
    sparql.get_by_role("button", name="Try it out").click()
    sparql.locator("input[placeholder='query']").fill("ASK { ?s ?p ?o }")
    sparql.get_by_role("button", name="Execute").click()
    expect(sparql.locator(".responses-wrapper .live-responses-table")).to_contain_text("200", timeout=15_000)
    assert violations(page) == []
    assert_inline_scripts_are_blocked(page)


@pytest.mark.parametrize("path", ["/", "/timeline", "/network", "/ontology", "/id/organization/日本航空",
                                  "/sparql?query=ASK%20%7B%7D"])
def test_pages_trip_no_policy(page: Page, server: str, path: str) -> None:
    page.goto(server + path)
    expect(page.locator("h1").first).to_be_visible()
    styled = page.locator("body").evaluate("e => getComputedStyle(e).fontFamily")
    assert styled  # the stylesheet (site.css, or the ontology page's inline one) applied
    assert violations(page) == []
    assert_inline_scripts_are_blocked(page)


def test_the_query_pages_script_runs_and_downloads_under_the_policy(page: Page, server: str) -> None:
    page.route("**/static/vendor/**", lambda route: route.abort())  # the plain form's script, without the editor
    page.goto(server + "/sparql")
    editor = page.locator("#query")
    editor.fill("SELECT ?s WHERE { ?s ?p ?o } LIMIT 2")
    with page.expect_navigation():
        editor.press("Control+Enter")  # query.js submits the form
    assert "query=" in page.url
    with page.expect_download() as download:
        page.locator("button.download").first.click()  # query.js fetches the answer with its Accept
    assert download.value.suggested_filename.startswith("results.")
    assert violations(page) == []
    assert_inline_scripts_are_blocked(page)
