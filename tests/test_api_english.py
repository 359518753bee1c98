"""English where people look: search, entity pages and REST answers over a graph holding both languages."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from graph.batch import prepare_batch
from graph.pipeline import write
from graph.store import OxigraphStore

from .api_fixtures import client_for, settings_for
from .conftest import SEED
from .test_extract_english import HELD_OUT

BROWSER = "text/html,application/xhtml+xml"
JAL = "/id/organization/" + quote("日本航空")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("bilingual")
    english = folder / "2025-12-03_ispace-jal-basic-agreement_en.txt"
    english.write_text(HELD_OUT, encoding="utf-8")
    batch = prepare_batch([SEED, english], jobs=1)
    try:
        with OxigraphStore(folder / "store") as store:
            write(store, batch.documents())
    finally:
        batch.close()
    with client_for(settings_for(folder / "store", query_workers=1)) as client:
        yield client


def test_search_by_the_english_name_finds_the_one_resource(client: TestClient) -> None:
    found = client.get("/search", params={"q": "Japan Airlines"}, headers={"accept": "application/json"})
    assert found.status_code == 200, found.text
    items = found.json()["items"]
    assert items[0]["id"].endswith("/organization/" + "日本航空")
    assert items[0]["label"] == {"en": ["Japan Airlines Co., Ltd."], "ja": ["日本航空株式会社"]}


def test_the_entity_page_speaks_english_to_an_english_browser_and_japanese_otherwise(client: TestClient) -> None:
    english = client.get(JAL, headers={"accept": BROWSER, "accept-language": "en-GB,en;q=0.9"})
    japanese = client.get(JAL, headers={"accept": BROWSER})
    assert english.status_code == japanese.status_code == 200
    assert english.headers["content-language"] == "en" and japanese.headers["content-language"] == "ja"
    assert "<h1>Japan Airlines Co., Ltd." in english.text.replace("\n", "")
    assert "<h1>日本航空株式会社" in japanese.text.replace("\n", "")


def test_the_rest_answer_carries_both_names(client: TestClient) -> None:
    answer = client.get("/organizations/" + quote("日本航空"),
                        headers={"accept": "application/json", "accept-language": "en"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["label"]["en"] == ["Japan Airlines Co., Ltd."] and body["label"]["ja"] == ["日本航空株式会社"]
