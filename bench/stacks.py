"""py-spy's raw stacks → milliseconds of CPU per request, by part of the request path (pure; tested).

`py-spy record --format raw --gil --subprocesses` writes one line per distinct stack: the frames from the root
(`process PID:"command"` frames first, then `function (file:line)`) joined by `;`, a space, and how many samples
had that stack. With `--gil` a thread is sampled only while it holds the interpreter lock, so the samples are
Python CPU time (a thread waiting on a socket or a pipe has released it). Each stack is charged to the first
part whose rule matches, looking from the innermost frame outwards: a `json` frame called by the access log is
the access log's, a Starlette frame between two of ours is Starlette's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# (part, substrings of a frame's file); the first part whose rule matches the innermost frame it can wins.
Rules = Sequence[tuple[str, Sequence[str]]]

SERVER_RULES: Rules = (
    ("access log (JSON line to stderr)", ("api/access_log.py", "logging/", "json/", "datetime")),
    ("content negotiation", ("api/negotiation.py", "api/serializers.py")),
    ("SPARQL protocol parsing", ("api/sparql_protocol.py", "urllib/parse.py")),
    ("hop to the worker: pickling, pipe", ("multiprocessing/", "pickle", "copyreg", "api/workers.py")),
    ("hop to the worker: thread hand-off", ("concurrent/futures/", "threading.py", "queue.py")),
    ("HTTP parsing and writing (h11, uvicorn)", ("h11/", "uvicorn/")),
    ("routing, Request/Response (Starlette, FastAPI)", ("starlette/", "fastapi/", "pydantic", "anyio/")),
    ("the route, slots, service (api/)", ("api/",)),
    ("event loop (asyncio)", ("asyncio/", "selectors.py", "socket.py")),
)

WORKER_RULES: Rules = (
    ("guard (rdflib parse, cached for short texts)", ("api/query_guard.py", "rdflib/", "pyparsing/")),
    ("serialisation", ("api/serializers.py",)),
    ("evaluation (pyoxigraph)", ("graph/store.py", "pyoxigraph")),
    ("pipe and pickling, worker side", ("multiprocessing/", "pickle", "copyreg", "api/workers.py")),
    ("the job (api/execute.py)", ("api/",)),
)

_FRAME_FILE = re.compile(r"\((.*):\d+\)$")
_PROCESS = re.compile(r'^process (\d+):')


@dataclass(frozen=True)
class Stack:
    pids: tuple[int, ...]  # outermost process first; the innermost is the one sampled
    files: tuple[str, ...]  # the files of the Python frames, outermost first
    samples: int


def parse_raw(lines: Iterable[str]) -> list[Stack]:
    """Read py-spy's raw format; blank or malformed lines are skipped."""
    stacks = []
    for line in lines:
        frames, _, count = line.rstrip("\n").rpartition(" ")
        if not frames or not count.isdigit():
            continue
        pids: list[int] = []
        files: list[str] = []
        for frame in frames.split(";"):
            process = _PROCESS.match(frame)
            if process:
                pids.append(int(process.group(1)))
                continue
            found = _FRAME_FILE.search(frame)
            files.append(found.group(1) if found else frame)
        stacks.append(Stack(tuple(pids), tuple(files), int(count)))
    return stacks


def part_of(files: Sequence[str], rules: Rules) -> str:
    for file in reversed(files):
        for part, needles in rules:
            if any(needle in file for needle in needles):
                return part
    return "other"


def per_request(stacks: Iterable[Stack], pid: int, rules: Rules, rate: int, requests: int) -> dict[str, float]:
    """Milliseconds of CPU per request by part, for the stacks sampled in process `pid` (largest part first)."""
    samples: dict[str, int] = {}
    for stack in stacks:
        if stack.pids and stack.pids[-1] == pid:
            part = part_of(stack.files, rules)
            samples[part] = samples.get(part, 0) + stack.samples
    if requests <= 0:
        return {}
    costs = {part: count / rate / requests * 1000 for part, count in samples.items()}
    return dict(sorted(costs.items(), key=lambda item: -item[1]))


def sampled_pids(stacks: Iterable[Stack]) -> set[int]:
    return {stack.pids[-1] for stack in stacks if stack.pids}
