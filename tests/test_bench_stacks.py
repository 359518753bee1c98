"""py-spy's raw stacks → ms of CPU per request by part: the parse, the innermost-frame rule, the arithmetic."""

from __future__ import annotations

import pytest

from bench.stacks import SERVER_RULES, WORKER_RULES, Stack, parse_raw, part_of, per_request, sampled_pids

SERVER = 'process 10:"python cislunar-kg serve"'
WORKER = 'process 11:"python -c from multiprocessing.forkserver import main"'
RAW = [
    f"{SERVER};run (uvicorn/server.py:86);AccessLog.__call__ (api/access_log.py:41);dumps (json/__init__.py:238) 30",
    f"{SERVER};run_asgi (uvicorn/protocols/http/h11_impl.py:411);next_event (h11/_connection.py:470) 50",
    (f"{SERVER};AccessLog.__call__ (api/access_log.py:41);handle (starlette/routing.py:290);"
    f"_query (api/routes/sparql.py:70);negotiate (api/negotiation.py:25);<genexpr> (<frozen abc>:1) 20"),
    (f"{SERVER};AccessLog.__call__ (api/access_log.py:41);handle (starlette/routing.py:290);"
    f"__instancecheck__ (<frozen abc>:119) 25"),
    f"{SERVER};worker.call (api/workers.py:48);send (multiprocessing/connection.py:206) 15",
    f"{SERVER};_bootstrap (threading.py:1002);run (mystery/module.py:3) 10",
    f"{SERVER};{WORKER};_serve (api/workers.py:150);run (api/execute.py:30);check_query (api/query_guard.py:80) 4",
    f"{SERVER};{WORKER};_serve (api/workers.py:150);run (api/execute.py:30);evaluate (graph/store.py:200) 12",
    "",
    "not a stack line",
]


def test_raw_lines_become_stacks_of_processes_and_files() -> None:
    stacks = parse_raw(RAW)
    assert len(stacks) == 8  # the blank and the malformed line are skipped
    assert stacks[0] == Stack((10,), ("uvicorn/server.py", "api/access_log.py", "json/__init__.py"), 30)
    assert stacks[-1].pids == (10, 11)
    assert sampled_pids(stacks) == {10, 11}


def test_a_stack_belongs_to_its_innermost_known_part() -> None:
    stacks = parse_raw(RAW)
    parts = [part_of(stack.files, SERVER_RULES) for stack in stacks[:6]]
    assert parts == [
        "access log (JSON line to stderr)",  # json called by the access log
        "HTTP parsing and writing (h11, uvicorn)",
        "content negotiation",  # an unknown leaf frame is charged to its caller
        "routing, Request/Response (Starlette, FastAPI)",  # Starlette's, although the access log wraps it
        "hop to the worker: pickling, pipe",
        "hop to the worker: thread hand-off",
    ]
    assert part_of(("nowhere.py",), SERVER_RULES) == "other"
    assert part_of(stacks[6].files, WORKER_RULES) == "guard (rdflib parse, cached for short texts)"


def test_samples_become_milliseconds_of_cpu_per_request() -> None:
    stacks = parse_raw(RAW)
    # 250 Hz: a sample is 4 ms; over 100 requests, each sample is 0.04 ms per request
    server = per_request(stacks, 10, SERVER_RULES, rate=250, requests=100)
    assert server == pytest.approx({
        "HTTP parsing and writing (h11, uvicorn)": 2.0,
        "access log (JSON line to stderr)": 1.2,
        "routing, Request/Response (Starlette, FastAPI)": 1.0,
        "content negotiation": 0.8,
        "hop to the worker: pickling, pipe": 0.6,
        "hop to the worker: thread hand-off": 0.4,
    })
    assert list(server) == sorted(server, key=lambda part: -server[part])  # largest first
    worker = per_request(stacks, 11, WORKER_RULES, rate=250, requests=100)
    assert worker == pytest.approx(
        {"evaluation (pyoxigraph)": 0.48, "guard (rdflib parse, cached for short texts)": 0.16}
    )
    assert per_request(stacks, 10, SERVER_RULES, rate=250, requests=0) == {}
