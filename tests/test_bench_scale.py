"""bench-scale's tables: docs/benchmarks.md quotes the Markdown one, so it must say what was measured, no more."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

from bench.scale import markdown, table

from .docs_pages import page

ROOT = Path(__file__).resolve().parent.parent


def embedded(load_s: float, posts_p99: float) -> dict[str, object]:
    return {
        "load_s": load_s, "load_peak_mib": 800, "store_mib": 374.0, "quads": 1_000_000,
        "union": {"replace_graph_ms": 3.0, "named_only_ms": 2.0},
        "queries": {"posts": {"p50_ms": 1.0, "p99_ms": posts_p99}},
    }  # fmt: skip


def virtuoso(load_s: float) -> dict[str, object]:
    return {
        "load_s": load_s, "load_peak_mib": 88, "store_mib": 148.0, "server_peak_mib": 514,
        "queries": {"posts": {"p50_ms": 1.0, "p99_ms": 2.0}},
    }  # fmt: skip


RUN = [
    {"releases": 1000, "oxigraph": embedded(90.0, 2.0), "virtuoso": virtuoso(200.0)},
    {"releases": 10000, "oxigraph": embedded(855.0, math.nan), "virtuoso": {"failed": "timed out"}},
]


def rows(text: str) -> dict[str, list[str]]:
    cells = [[c.strip() for c in line.strip("|").split("|")] for line in text.splitlines()]
    return {row[0]: row[1:] for row in cells[2:]}


def test_the_markdown_table_puts_the_backends_side_by_side_with_their_ratios() -> None:
    text = markdown(RUN)
    assert text.splitlines()[0] == (
        "| figure | embedded 1,000 | embedded 10,000 | ratio | Virtuoso 1,000 | Virtuoso 10,000 | ratio |"
    )
    found = rows(text)
    assert found["load+validate, s"] == ["90.0", "855.0", "9.50", "200.0", "failed", "-"]
    assert found["releases/s"][:3] == ["11.1", "11.7", "1.05"]


def test_a_figure_one_backend_lacks_is_a_dash_and_a_failed_one_says_so() -> None:
    found = rows(markdown(RUN))
    assert found["quads"][3:] == ["–", "–", "–"]
    assert found["peak memory of the Virtuoso server, MiB"] == ["–", "–", "–", "514", "failed", "-"]
    assert found["posts p99, ms"][:3] == ["2.00", "failed", "-"]  # a query that failed: no ratio either


def test_rows_keep_the_order_each_backend_measured_them_in() -> None:
    labels = list(rows(markdown(RUN)))
    assert (labels.index("peak memory of a loading process, MiB") + 1
            == labels.index("peak memory of the Virtuoso server, MiB"))
    assert labels.index("store on disk, MiB") + 1 == labels.index("quads")
    assert labels[-2:] == ["posts p50, ms", "posts p99, ms"]


def test_the_text_table_names_each_backend_on_its_rows() -> None:
    lines = table(RUN).splitlines()
    assert lines[0].split() == ["figure", "1,000", "releases", "10,000", "releases", "ratio", "10,000/1,000"]
    assert any(line.startswith("[virtuoso] load+validate, s") and line.split()[-2:] == ["failed", "-"]
               for line in lines)


def test_a_saved_run_renders_without_measuring_anything(tmp_path: Path) -> None:
    saved = tmp_path / "scale.json"
    saved.write_text(json.dumps(RUN))
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "scale.py"), "--markdown", str(saved)],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert done.stdout.strip() == markdown(RUN)


def test_the_benchmarks_page_quotes_the_saved_run_as_it_renders() -> None:
    saved = json.loads((ROOT / "bench" / "results" / "scale.json").read_text())
    assert markdown(saved) in page("benchmarks.md")
