"""`make bench`: long lines cost linear time. Times, on 1 MiB single-line inputs, reading a release file (refused:
a line longer than `graph.source.MAX_LINE`) and the counterparty reader (`との間で`) on the same length of text,
which used to retry its pattern from every position of a line (15.5 s for 40,000 characters)."""

from __future__ import annotations

import contextlib
import tempfile
import time
from pathlib import Path

from graph.errors import SourceError
from graph.extract.organisations import _counterparty_names
from graph.source import read_source

MIB = 2**20


def main() -> None:
    line = ("株式会社ispaceとの間で締結" + "あ" * 40) * (MIB // 50)
    started = time.perf_counter()
    names = _counterparty_names(line, 0, len(line))
    reader = time.perf_counter() - started
    clutter = "あ" * MIB
    started = time.perf_counter()
    _counterparty_names(clutter, 0, len(clutter))
    no_mark = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "one-line.txt"
        path.write_text("2025年12月3日\n" + line + "\n", encoding="utf-8")
        started = time.perf_counter()
        with contextlib.suppress(SourceError):
            read_source(path)
        refused = time.perf_counter() - started
    print(f"1 MiB line: counterparty reader {reader * 1000:7.1f} ms ({len(names)} names), "
          f"{no_mark * 1000:7.1f} ms without a mark; file refused in {refused * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
