"""Debian's Chromium under Playwright, shared by the browser tests; importing this skips a module without it.

Skipped only when /usr/bin/chromium is absent and CKG_REQUIRE_BROWSER is unset; CI sets it, so there the
browser tests must run. Playwright never downloads a browser here: it drives the one Debian installed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps trying this machine's closed network.
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

if not os.environ.get("CKG_REQUIRE_BROWSER"):
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (apt-get install chromium; CI sets CKG_REQUIRE_BROWSER)",
                    allow_module_level=True)
    pytest.importorskip("playwright", reason="playwright is in the test extra: pip install -e '.[test]'")

from playwright.sync_api import Browser, sync_playwright  # noqa: E402  (only once the skips above have passed)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
