"""The query page's policy with the editor installed: the site's policy plus the hashes of the editor's own fixed
stylesheets, read from the installed file; the page itself with and without the editor built."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.editor_policy import editor_policy, editor_styles
from api.http_headers import PAGE_POLICY
from api.routes import sparql

from .api_fixtures import client_for, settings_for

# The shape of the two calls in the column resizer bundled with YASGUI (minified).
SCRIPT = ("x.createStyle(a,` .grip-resizable{table-layout:fixed;}`),y(); "
          "r.createStyle(document.querySelector(`head`),`*{cursor:`+n.opt.dragCursor+`!important}`); "
          "z={dragCursor:`col-resize`,hoverCursor:`col-resize`}; q.createStyle(a,`${user}`)")


def sha(css: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() + "'"


def test_the_fixed_stylesheets_are_found_and_a_templated_one_is_not() -> None:
    assert editor_styles(SCRIPT) == [" .grip-resizable{table-layout:fixed;}", "*{cursor:col-resize!important}"]


def test_the_policy_adds_their_hashes_to_style_src_only(tmp_path: Path) -> None:
    script = tmp_path / "yasgui.min.js"
    script.write_text(SCRIPT, encoding="utf-8")
    policy = editor_policy(script)
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["style-src"] == f"'self' {sha(' .grip-resizable{table-layout:fixed;}')} " \
                                      f"{sha('*{cursor:col-resize!important}')}"
    assert directives["script-src"] == "'self'" and "unsafe" not in policy
    assert editor_policy(tmp_path / "absent.js") == PAGE_POLICY


@pytest.fixture
def client(family_store_path: Path) -> Iterator[TestClient]:
    with client_for(settings_for(family_store_path, query_workers=1)) as client:
        yield client


def test_with_the_editor_built_the_page_loads_it_under_its_policy(client: TestClient, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    script = tmp_path / "yasgui.min.js"
    script.write_text(SCRIPT, encoding="utf-8")
    monkeypatch.setattr(sparql, "EDITOR_SCRIPT", script)
    response = client.get("/sparql", headers={"accept": "text/html"})
    assert 'src="/static/vendor/yasgui/yasgui.min.js"' in response.text and 'id="editor"' in response.text
    assert sha("*{cursor:col-resize!important}") in response.headers["content-security-policy"]
    assert '<textarea id="query"' in response.text  # the form stays, for browsers without JavaScript
    assert '"ckg": "https://w3id.org/cislunar-kg/ontology#"' in response.text  # the prefixes, for the editor


def test_without_the_editor_built_the_page_is_the_plain_form(client: TestClient, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sparql, "EDITOR_SCRIPT", tmp_path / "absent.js")
    response = client.get("/sparql", headers={"accept": "text/html"})
    assert "yasgui" not in response.text and 'id="editor"' not in response.text
    assert response.headers["content-security-policy"] == PAGE_POLICY
    assert '<textarea id="query"' in response.text
