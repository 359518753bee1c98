"""A generated fuzz: 10,000 disguised SERVICE and LOAD requests, and not one reaches the network or a file.

Each variant starts from a request that would fetch from the listener on 127.0.0.1 or read the watched secret
file, then piles up disguises at random (fixed seed): codepoint escapes of any character (`\\u`, `\\U`, either
case, escapes that spell escapes), the string trick that once split the two parsers, comments, keyword case,
prefixed names, variable service IRIs, SILENT, and nesting in OPTIONAL / MINUS / EXISTS / UNION / GRAPH /
subqueries and update WHERE clauses. Every variant goes through the app (queries to a store folder, served by
the worker processes; updates to an in-memory store, served in its threads); a sample also goes through the
`cislunar-kg query` command. None may be answered 5xx, and the tripwires must stay silent.
"""

from __future__ import annotations

import asyncio
import random
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from cislunar_kg.cli import app as cli
from graph.store import OxigraphStore

from .api_fixtures import TOKEN, FileWatch, Listener, client_for, fill, settings_for, write_store

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="FileWatch uses Linux inotify")

SEED = 20261201
VARIANTS = 10_000
CLI_SAMPLE = 40
AUTH = {"authorization": f"Bearer {TOKEN}"}


def escape_some(text: str, rng: random.Random, share: float) -> str:
    """Replace about `share` of the characters by codepoint escapes of every spelling."""
    out = []
    for char in text:
        if rng.random() >= share:
            out.append(char)
            continue
        form = rng.randrange(4)
        if form == 0:
            out.append(f"\\u{ord(char):04x}")
        elif form == 1:
            out.append(f"\\u{ord(char):04X}")
        elif form == 2:
            out.append(f"\\U{ord(char):08X}")
        else:  # an escaped backslash followed by the rest of an escape: one pass leaves an escape behind
            out.append(f"\\u005C{'u' if ord(char) < 0x10000 else 'U'}{ord(char):04X}")
    return "".join(out)


def service_pattern(target: str, rng: random.Random) -> tuple[str, str]:
    """(prologue, a SERVICE group pattern reaching `target`) in one of several spellings."""
    keyword = rng.choice(["SERVICE", "service", "Service", "SERVICE SILENT", "service silent"])
    prologue = ""
    form = rng.randrange(4)
    if form == 0:
        iri = f"<{target}>"
    elif form == 1:
        head, _, tail = target.rpartition("/")
        prologue = f"PREFIX r: <{head}/> "
        iri = f"r:{tail}"
    elif form == 2:
        return "", f"BIND(<{target}> AS ?u) {keyword} ?u {{ ?s ?p ?o }}"
    else:
        return "", f"VALUES ?u {{ <{target}> }} {keyword} ?u {{ ?s ?p ?o }}"
    return prologue, f"{keyword} {iri} {{ ?s ?p ?o }}"


NESTINGS: list[Callable[[str], str]] = [
    lambda p: p,
    lambda p: f"OPTIONAL {{ {p} }}",
    lambda p: f"?s ?p ?o MINUS {{ {p} }}",
    lambda p: f"FILTER EXISTS {{ {p} }}",
    lambda p: f"FILTER NOT EXISTS {{ {p} }}",
    lambda p: f"{{ ?s ?p ?o }} UNION {{ {p} }}",
    lambda p: f"GRAPH ?g {{ {p} }}",
    lambda p: f"{{ SELECT * WHERE {{ {p} }} }}",
    lambda p: f"{{ {{ {p} }} }}",
]


def string_trick(pattern: str, rng: random.Random) -> str:
    """The pattern between two strings that only a whole-text escape pass closes and reopens."""
    backslash = rng.choice(["\\u005C", "\\u005c", "\\U0000005C"])
    quote = rng.choice(["\\u0022", "\\U00000022"])
    return f'BIND("{backslash}" AS ?a) {pattern} BIND(" AS ?z) BIND({quote}" AS ?b)'


def with_comments(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    return " ".join(w + (" # (\n" if rng.random() < 0.15 else "") for w in words)


def query_variant(target: str, rng: random.Random) -> str:
    prologue, pattern = service_pattern(target, rng)
    pattern = rng.choice(NESTINGS)(pattern)
    if rng.random() < 0.3:
        pattern = string_trick(pattern, rng)
    form = rng.choice(["SELECT * WHERE { %s }", "ASK { %s }", "CONSTRUCT { ?s ?p ?o } WHERE { %s }",
                       "SELECT ?s WHERE { %s } LIMIT 1"])
    text = prologue + form % pattern
    if rng.random() < 0.3:
        text = with_comments(text, rng)
    return escape_some(text, rng, rng.choice([0.0, 0.02, 0.1, 0.5, 1.0]))


def update_variant(target: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        load = rng.choice([f"LOAD <{target}>", f"LOAD SILENT <{target}>", f"LOAD <{target}> INTO GRAPH <urn:g>"])
        text = rng.choice([load, f"CLEAR SILENT GRAPH <urn:g> ; {load}",
                           (f'INSERT DATA {{ <urn:a> <urn:b> "\\u005C" }} ; {load} ; '
                           'INSERT DATA { <urn:a> <urn:b> \\u0022" }')])
    else:
        prologue, pattern = service_pattern(target, rng)
        pattern = rng.choice(NESTINGS)(pattern)
        if rng.random() < 0.3:
            pattern = string_trick(pattern, rng)
        text = prologue + f"INSERT {{ <urn:a> <urn:b> ?o }} WHERE {{ {pattern} }}"
    if rng.random() < 0.3:
        text = with_comments(text, rng)
    return escape_some(text, rng, rng.choice([0.0, 0.02, 0.1, 0.5, 1.0]))


def variants(targets: list[str]) -> Iterator[tuple[str, str]]:
    """(kind, text) pairs: nine queries for each update, deterministic for the seed."""
    rng = random.Random(SEED)
    for _ in range(VARIANTS):
        target = rng.choice(targets)
        if rng.random() < 0.1:
            yield "update", update_variant(target, rng)
        else:
            yield "query", query_variant(target, rng)


@pytest.fixture(scope="module")
def tripwires(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Listener, FileWatch, list[str]]]:
    listener = Listener()
    secret = tmp_path_factory.mktemp("secret") / "secret.ttl"
    secret.write_text("<urn:secret> <urn:is> 'the secret' .\n")
    watch = FileWatch(secret)
    yield listener, watch, [listener.url, secret.as_uri(), f"http://127.0.0.1:{listener.port}/sparql?x=1"]
    watch.close()
    listener.close()


def test_generated_variants_are_many_and_different(tripwires: tuple[Listener, FileWatch, list[str]]) -> None:
    texts = [text for _, text in variants(tripwires[2])]
    assert len(texts) == VARIANTS
    assert len(set(texts)) > 0.95 * VARIANTS
    assert sum("\\u005C" in t or "\\u005c" in t or "\\U0000005C" in t for t in texts) > 1_000
    assert sum("LOAD" in t for t in texts) > 200


def post_all(client: TestClient, forms: list[dict[str, str]], headers: dict[str, str]) -> list[int]:
    """POST each form to /sparql through the app, a few at a time, straight on the app's own event loop (the
    test client's portal): the same app, a fifth of the per-request cost of one `client.post` at a time."""

    async def send() -> list[int]:
        transport = httpx.ASGITransport(app=client.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver", timeout=60) as session:
            slots = asyncio.Semaphore(4)

            async def one(form: dict[str, str]) -> int:
                async with slots:
                    return (await session.post("/sparql", data=form, headers=headers)).status_code

            return await asyncio.gather(*(one(form) for form in forms))

    return client.portal.call(send)  # type: ignore[union-attr]


def test_no_variant_reaches_out_through_the_app(tmp_path: Path,
                                                tripwires: tuple[Listener, FileWatch, list[str]]) -> None:
    listener, watch, targets = tripwires
    queries = [text for kind, text in variants(targets) if kind == "query"]
    updates = [text for kind, text in variants(targets) if kind == "update"]
    with client_for(settings_for(write_store(tmp_path / "store"), query_workers=2)) as client:
        statuses = post_all(client, [{"query": text} for text in queries], {})
    memory = OxigraphStore()
    fill(memory)
    with client_for(settings_for(tmp_path / "unused", update_token=TOKEN), memory) as client:
        statuses += post_all(client, [{"update": text} for text in updates], AUTH)
    assert len(statuses) == VARIANTS
    failed = [text for text, status in zip(queries + updates, statuses, strict=True) if status >= 500]
    assert not failed, failed[:3]
    assert statuses.count(400) > 0.8 * VARIANTS, Counter(statuses)  # most refused; the rest read as harmless text
    assert listener.connections == 0
    assert watch.events() == 0


def test_a_sample_reaches_out_through_the_command_line_neither(
    tmp_path: Path, tripwires: tuple[Listener, FileWatch, list[str]]
) -> None:
    listener, watch, targets = tripwires
    store = write_store(tmp_path / "store")
    queries = [text for kind, text in variants(targets) if kind == "query"]
    sample = random.Random(SEED).sample(queries, CLI_SAMPLE)
    runner = CliRunner()
    for text in sample:
        result = runner.invoke(cli, ["query", text, "--store", str(store), "-f", "json"])
        assert result.exit_code in (0, 1), (text, result.output)
        if result.exit_code == 1:
            assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
        assert "Traceback" not in result.output
    assert listener.connections == 0
    assert watch.events() == 0

