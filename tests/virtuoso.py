"""A throw-away Virtuoso (Debian's `virtuoso-opensource`) on 127.0.0.1, for the remote-store tests.

`running_virtuoso(folder)` copies the packaged ini, points its database files at `folder` and both ports at
free loopback ports, starts `virtuoso-t +wait` (about 3 s), grants SPARQL_UPDATE to the `SPARQL` user with
`isql-vt`, and stops the server (its pid is in `virtuoso.lck`) afterwards. Nothing outside `folder` is written.

Without `virtuoso-t` the tests skip with the reason; with `CKG_REQUIRE_VIRTUOSO=1` (CI sets it) they fail instead,
so CI never passes by skipping.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

PACKAGED_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
START_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Virtuoso:
    sparql_url: str  # query and update (SPARQL 1.1 Protocol), user `SPARQL`
    sql_port: int
    folder: Path

    def pid(self) -> int | None:
        found = re.search(r"VIRT_PID=(\d+)", _read(self.folder / "db" / "virtuoso.lck"))
        return int(found.group(1)) if found else None

    def isql(self, statement: str) -> str:
        done = subprocess.run(
            ["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statement}"],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql-vt {statement!r} failed: {done.stdout}{done.stderr}")
        return done.stdout


def require_virtuoso() -> None:
    """Skip (or, when CI requires it, fail) unless the Virtuoso binaries are installed."""
    missing = [tool for tool in ("virtuoso-t", "isql-vt") if shutil.which(tool) is None]
    if not missing and PACKAGED_INI.exists():
        return
    reason = (f"Virtuoso is not installed ({', '.join(missing) or PACKAGED_INI} missing): "
              "`apt-get install virtuoso-opensource` to run the remote-store tests")
    if os.environ.get("CKG_REQUIRE_VIRTUOSO"):
        pytest.fail(reason + " (CKG_REQUIRE_VIRTUOSO is set)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _write_ini(folder: Path, sql_port: int, http_port: int, buffers: int | None, sparql: Mapping[str, str]) -> Path:
    text = PACKAGED_INI.read_text()
    for key, value in sparql.items():  # [SPARQL] settings the packaged ini already names, e.g. ResultSetMaxRows
        text, found = re.subn(rf"(?m)^{key}\s*=.*$", f"{key} = {value}", text)
        if not found:
            raise ValueError(f"the packaged virtuoso.ini has no {key} setting")
    if buffers is not None:  # 8 KiB pages; the packaged 10000 (80 MiB) suits tests, not millions of triples
        text = re.sub(r"(?m)^NumberOfBuffers\s*=\s*\d+", f"NumberOfBuffers = {buffers}", text)
        text = re.sub(r"(?m)^MaxDirtyBuffers\s*=\s*\d+", f"MaxDirtyBuffers = {buffers * 3 // 4}", text)
    db = folder / "db"
    db.mkdir(parents=True, exist_ok=True)
    text = text.replace("/var/lib/virtuoso-opensource-7/db", str(db))
    text = text.replace("/var/lib/virtuoso-opensource-7/vsp", str(folder / "vsp"))
    (folder / "vsp").mkdir(exist_ok=True)
    ports = iter([f"127.0.0.1:{sql_port}", f"127.0.0.1:{http_port}"])
    text = re.sub(r"(?m)^(ServerPort\s*=\s*)\S+", lambda m: m.group(1) + next(ports), text, count=2)
    text = re.sub(r"(?m)^(DefaultHost\s*=\s*)\S+", rf"\g<1>127.0.0.1:{http_port}", text)
    text = re.sub(r"(?m)^(DirsAllowed\s*=\s*).*$", rf"\g<1>., {folder}, /usr/share/virtuoso-opensource-7/vad", text)
    ini = folder / "virtuoso.ini"
    ini.write_text(text)
    return ini


@contextmanager
def running_virtuoso(
    folder: Path, *, buffers: int | None = None, sparql: Mapping[str, str] | None = None
) -> Iterator[Virtuoso]:
    require_virtuoso()
    sql_port, http_port = _free_port(), _free_port()
    ini = _write_ini(folder, sql_port, http_port, buffers, sparql or {})
    log = (folder / "stdout.log").open("wb")
    started = subprocess.run(
        ["virtuoso-t", "+configfile", str(ini), "+wait"], cwd=folder / "db", stdout=log, stderr=subprocess.STDOUT,
        timeout=START_TIMEOUT_S, check=False,
    )  # fmt: skip
    server = Virtuoso(f"http://127.0.0.1:{http_port}/sparql", sql_port, folder)
    try:
        if started.returncode != 0:
            raise RuntimeError(f"virtuoso-t did not start: see {folder / 'db' / 'virtuoso.log'}")
        _wait_for_http(server.sparql_url)
        server.isql('GRANT SPARQL_UPDATE TO "SPARQL";')
        yield server
    finally:
        _stop(folder / "db")
        log.close()


def _wait_for_http(url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"Virtuoso's SPARQL endpoint {url} did not answer")
        time.sleep(0.2)


def _read(path: Path) -> str:
    return path.read_text() if path.exists() else ""


def _stop(db: Path) -> None:
    """Stop the server we started: its pid is in `virtuoso.lck` (`VIRT_PID=…`)."""
    match = re.search(r"VIRT_PID=(\d+)", _read(db / "virtuoso.lck"))
    if not match:
        return
    pid = int(match.group(1))
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server
