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
README_SHOT = Path(__file__).parents[1] / "docs" / "screenshots" / "query-editor.png"

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
