"""The endpoint benchmark's verdicts and table: which target applies to a query, and what the table says."""

from __future__ import annotations

import pytest

from bench.report import (
    QueryRow,
    RunawayRow,
    Throughput,
    query_checks,
    render,
    row_counts_agree,
    summary,
    throughput_checks,
)
from bench.workload import Measurement


def timings(p50_ms: float, p99_ms: float, rows: int = 3) -> Measurement:
    """A measurement whose median is `p50_ms` and whose nearest-rank p99 (of 100 runs) is `p99_ms`."""
    seconds = [p50_ms / 1000] * 98 + [p99_ms / 1000] * 2
    return Measurement(seconds=seconds, rows=rows)


def verdicts(ours: Measurement, server: Measurement, local: Measurement | None = None) -> list[tuple[str, bool]]:
    row = QueryRow("q", ours, server, local or Measurement(failure="-"))
    return [(check.what, check.met) for check in query_checks(row)]


@pytest.mark.parametrize(("ours", "server", "local_p50", "expected"), [
    # costly (>= 5 ms in-process): p50 within 1.2x, p99 within 2x of the server's
    ((12.0, 30.0), (10.0, 15.0), 9.0, [("p50 <= 1.2x", True), ("p99 <= 2x", True)]),
    ((12.1, 30.0), (10.0, 15.0), 9.0, [("p50 <= 1.2x", False), ("p99 <= 2x", True)]),
    ((11.0, 31.0), (10.0, 15.0), 9.0, [("p50 <= 1.2x", True), ("p99 <= 2x", False)]),
    ((6.5, 9.0), (6.0, 6.0), 5.0, [("p50 <= 1.2x", True), ("p99 <= 2x", True)]),
    # cheap: at most 0.5 ms more at p50, whatever the ratio or the p99
    ((1.4, 40.0), (0.9, 1.0), 0.1, [("p50 <= +0.5 ms", True)]),
    ((1.5, 1.6), (0.9, 1.0), 0.1, [("p50 <= +0.5 ms", False)]),
    # a busy machine's round trip passes 5 ms: the query is still cheap, as the engine says
    ((8.6, 20.0), (8.4, 19.0), 0.2, [("p50 <= +0.5 ms", True)]),
    # no in-process answer: the server's p50 says what the query costs
    ((12.0, 30.0), (10.0, 15.0), None, [("p50 <= 1.2x", True), ("p99 <= 2x", True)]),
    ((1.5, 1.6), (0.9, 1.0), None, [("p50 <= +0.5 ms", False)]),
])  # fmt: skip
def test_the_target_depends_on_what_the_query_costs_the_engine(
    ours: tuple[float, float], server: tuple[float, float], local_p50: float | None,
    expected: list[tuple[str, bool]],
) -> None:
    local = timings(local_p50, local_p50) if local_p50 is not None else None
    assert verdicts(timings(*ours), timings(*server), local) == expected


def test_a_query_either_server_did_not_answer_misses() -> None:
    assert verdicts(Measurement(failure="503 after 5.0 s"), timings(1, 1)) == [("answered by both servers", False)]
    assert verdicts(timings(1, 1), Measurement(failure="no answer in 7 s")) == [("answered by both servers", False)]


@pytest.mark.parametrize(("ours", "server", "expected"), [
    (Throughput(16, 900, {}, 3.0), Throughput(16, 900, {}, 3.0), [True, True]),
    (Throughput(16, 899, {}, 3.0), Throughput(16, 900, {}, 3.0), [False, True]),
    (Throughput(16, 2000, {"503": 1}, 3.0), Throughput(16, 900, {}, 3.0), [True, False]),
    (Throughput(16, 0, {}, 3.0), Throughput(16, 0, {}, 3.0), [False, False]),  # nothing answered meets nothing
])  # fmt: skip
def test_lookup_throughput_must_match_the_server_with_no_error(
    ours: Throughput, server: Throughput, expected: list[bool]
) -> None:
    assert [check.met for check in throughput_checks(ours, server)] == expected


def test_throughput_rounds_add_up() -> None:
    total = Throughput(16)
    total.extend(Throughput(16, 300, {"503": 2}, 3.0))
    total.extend(Throughput(16, 600, {"503": 1, "timeout": 1}, 3.0))
    assert (total.answered, total.errors, total.per_second, total.error_count) == (900, {"503": 3, "timeout": 1},
                                                                                   150.0, 4)


def test_row_counts_must_agree_between_the_contenders_that_answered() -> None:
    assert row_counts_agree(QueryRow("q", timings(1, 1, rows=5), timings(1, 1, rows=5), timings(1, 1, rows=5)))
    assert row_counts_agree(QueryRow("q", timings(1, 1, rows=5), Measurement(failure="503"), timings(1, 1, rows=5)))
    assert not row_counts_agree(QueryRow("q", timings(1, 1, rows=5), timings(1, 1, rows=6)))


def table_line(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(start))


def test_the_table_shows_each_contender_the_ratios_and_the_verdict() -> None:
    rows = [QueryRow("posts", timings(44.0, 60.0, rows=120), timings(40.0, 50.0, rows=120),
                     timings(30.0, 35.0, rows=120)),
            QueryRow("ASK (idle)", timings(1.6, 2.0, rows=1), timings(0.8, 1.0, rows=1))]
    text = render(rows)
    posts = table_line(text, "posts")
    assert "44.0/60.0 (100)" in posts and "40.0/50.0 (100)" in posts and "30.0/35.0 (100)" in posts
    assert "1.10/1.20" in posts and "+4.00" in posts
    assert posts.endswith("p50 <= 1.2x: yes; p99 <= 2x: yes")
    ask = table_line(text, "ASK (idle)")
    assert "+0.80" in ask and ask.endswith("p50 <= +0.5 ms: NO")


def test_the_table_marks_rows_whose_counts_differ_and_the_summary_names_them() -> None:
    rows = [QueryRow("timeline", timings(10, 10, rows=7), timings(10, 10, rows=9))]
    assert " 7/9! " in table_line(render(rows), "timeline")
    assert "ROW COUNTS DIFFER" in summary(rows) and "timeline" in summary(rows)


def test_the_summary_counts_every_target_of_the_run() -> None:
    rows = [QueryRow("posts", timings(44, 60), timings(40, 50), timings(30, 35)),
            QueryRow("ASK", timings(1.6, 2), timings(0.8, 1), timings(0.05, 0.1))]
    load = (Throughput(16, 300, {"503": 30}, 3.0), Throughput(16, 900, {}, 3.0))
    runaways = [RunawayRow("cislunar-kg serve", timings(3.0, 20.0, rows=1), "503 after 5.0 s")]
    text = render(rows, load, runaways)
    assert "ours 100 req/s (300 answers in 3.0 s, 30 x 503)" in text
    assert "Oxigraph server 300 req/s (900 answers in 3.0 s, no errors)" in text
    assert ">= server's req/s: NO; 0 errors: NO" in text
    assert "runs on cislunar-kg serve: 3.00/20.0 (100); the runaway 503 after 5.0 s; p99 < 100 ms: yes" in text
    assert summary(rows, load, runaways).startswith("targets met: 3 of 6")  # posts 2, ASK 0, load 0, runaway 1
