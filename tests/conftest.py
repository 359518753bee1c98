"""Fixtures chained the way data flows: release text → facts → graph → store.

The seed release is the real 2025-12-03 press release as captured from a news site.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from graph.build import build_graph
from graph.extract import extract_release
from graph.facts import Release
from graph.pipeline import PreparedDocument, prepare, scope_concepts, write
from graph.remote_store import SparqlStore
from graph.source import SourceDocument, read_source
from graph.store import OxigraphStore
from graph.store_factory import open_store

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "data" / "sources"
SEED = SOURCES / "2025-12-03_ispace-jal-basic-agreement.txt"
LANDER_2018 = SOURCES / "family" / "2018-10-04_jal-ispace_lander-assembly.txt"
LOI_2025 = SOURCES / "family" / "2025-09-30_ispace-telespazio_loi.txt"
# A sentence with a date that no rule reads a fact from: written into a copy of the seed, it is "not understood".
UNREAD = "両社は2026年4月1日より月面輸送の共同研究を順次開始する予定です。"


def write_seed_with_unread(folder: Path) -> Path:
    """A copy of the seed with `UNREAD` as the last sentence of its body (before 以上), under the seed's name."""
    text = SEED.read_text(encoding="utf-8").replace("\n以上", f"\n{UNREAD}\n以上", 1)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SEED.name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def seed_source() -> SourceDocument:
    return read_source(SEED)


@pytest.fixture(scope="session")
def seed_release(seed_source: SourceDocument) -> Release:
    return extract_release(seed_source)


@pytest.fixture(scope="session")
def seed_graph(seed_release: Release):  # type: ignore[no-untyped-def]
    return build_graph(seed_release, scope_concepts=scope_concepts())


@pytest.fixture(scope="session")
def seed_prepared() -> PreparedDocument:
    return prepare(SEED)


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory, seed_prepared: PreparedDocument) -> OxigraphStore:
    """A persistent store holding the seed release (and the ontology), as `cislunar-kg load` writes it."""
    store = OxigraphStore(tmp_path_factory.mktemp("store") / "seed")
    write(store, [seed_prepared])
    return store


@pytest.fixture(scope="session")
def family_documents() -> list[PreparedDocument]:
    """Every release under data/sources, validated and ready to write."""
    return [prepare(p) for p in (SEED, LANDER_2018, LOI_2025)]


@pytest.fixture(scope="session")
def family_store_path(tmp_path_factory: pytest.TempPathFactory, family_documents: list[PreparedDocument]) -> Path:
    """A closed store folder holding every release under data/sources (as `make run` loads them)."""
    path = tmp_path_factory.mktemp("store") / "family"
    store = OxigraphStore(path)
    write(store, family_documents)
    store.close()
    return path


BACKENDS = ["oxigraph", "virtuoso"]


@contextmanager
def virtuoso_holding(documents: list[PreparedDocument], folder: Path) -> Iterator[SparqlStore]:
    """A throw-away Virtuoso in `folder` holding `documents`, written through its SPARQL endpoint as
    `cislunar-kg load --store sparql:URL` writes them."""
    from .virtuoso import running_virtuoso

    with running_virtuoso(folder) as server, open_store(f"sparql:{server.sparql_url}") as remote:
        assert isinstance(remote, SparqlStore)
        write(remote, documents)
        yield remote


@pytest.fixture(scope="session", params=BACKENDS)
def seed_on_backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, seed_prepared: PreparedDocument
) -> Iterator[OxigraphStore | SparqlStore]:
    """The seed release on each backend in turn: the session's embedded store, then a throw-away Virtuoso."""
    if request.param == "oxigraph":
        yield request.getfixturevalue("seed_store")
        return
    with virtuoso_holding([seed_prepared], tmp_path_factory.mktemp(request.param)) as store:
        yield store


def store_setting(store: OxigraphStore | SparqlStore) -> Path | str:
    """What `CKG_STORE` says to serve `store`: its folder, or `sparql:QUERY_URL`."""
    if isinstance(store, SparqlStore):
        return f"sparql:{store.query_url}"
    assert store.path is not None
    return store.path


@pytest.fixture(scope="session", params=BACKENDS)
def family_on_backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, family_documents: list[PreparedDocument]
) -> Iterator[Path | str]:
    """The `store` setting of every release under data/sources on each backend in turn (a closed folder, then
    `sparql:URL` of a throw-away Virtuoso)."""
    if request.param == "oxigraph":
        yield request.getfixturevalue("family_store_path")
        return
    with virtuoso_holding(family_documents, tmp_path_factory.mktemp(request.param)) as store:
        yield store_setting(store)
