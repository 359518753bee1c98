"""The endpoint benchmark's verdicts and table: measurements in, text out (pure; tested in test_bench_report).

The reference for every target is the Oxigraph server, the same engine behind a Rust HTTP server, measured in
the same run with the same HTTP client, so a ratio says what this service's own request path costs:

- a query that costs `COSTLY_FROM` or more (p50): ours within `P50_RATIO` x the Oxigraph server's p50 and
  `P99_RATIO` x its p99. What a query costs is the engine's own time, pyoxigraph in-process (the Oxigraph
  server's p50 when that did not answer): on a busy machine an HTTP round trip alone can pass 5 ms, and a cheap
  lookup must not change targets with the load;
- a cheaper query: ours at most `CHEAP_EXTRA` seconds more than its p50;
- concurrent single-subject lookups: ours answers at least as many per second, with no error;
- an ASK sent while a runaway query runs: p99 under `ASK_UNDER_RUNAWAY`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .workload import Measurement

COSTLY_FROM = 0.005
P50_RATIO = 1.2
P99_RATIO = 2.0
CHEAP_EXTRA = 0.0005
ASK_UNDER_RUNAWAY = 0.100


@dataclass(frozen=True)
class Check:
    """One target on one row: what was asked, and whether this run met it."""

    what: str
    met: bool

    def __str__(self) -> str:
        return f"{self.what}: {'yes' if self.met else 'NO'}"


@dataclass
class QueryRow:
    """One query timed on the three contenders (a contender that was not asked has `failure="-"`)."""

    name: str
    ours: Measurement
    server: Measurement
    local: Measurement = field(default_factory=lambda: Measurement(failure="-"))


@dataclass
class Throughput:
    """Concurrent clients asking one query for a while: answers, failures by kind, and the wall time."""

    clients: int
    answered: int = 0
    errors: dict[str, int] = field(default_factory=dict)  # e.g. {"503": 12, "timeout": 1}
    seconds: float = 0.0

    def extend(self, more: Throughput) -> None:
        """Add another round of the same load."""
        self.answered += more.answered
        self.seconds += more.seconds
        for kind, count in more.errors.items():
            self.errors[kind] = self.errors.get(kind, 0) + count

    @property
    def per_second(self) -> float:
        return self.answered / self.seconds if self.seconds > 0 else 0.0

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


@dataclass
class RunawayRow:
    """A cheap query timed on one contender while a runaway query ran there, and what became of the runaway."""

    contender: str
    during: Measurement
    runaway: str


def row_counts_agree(row: QueryRow) -> bool:
    """Every contender that answered gave the same number of rows."""
    return len(_row_counts(row)) <= 1


def _row_counts(row: QueryRow) -> list[int]:
    return sorted({m.rows for m in (row.ours, row.server, row.local) if m.ok and m.rows is not None})


def query_checks(row: QueryRow) -> list[Check]:
    """The targets that apply to a query row; none when either HTTP contender gave no timings."""
    ours, server = row.ours, row.server
    if not ours.ok or not server.ok:
        return [Check("answered by both servers", False)]
    if cost(row) >= COSTLY_FROM:
        return [Check(f"p50 <= {P50_RATIO:g}x", ours.p50 <= P50_RATIO * server.p50),
                Check(f"p99 <= {P99_RATIO:g}x", ours.p99 <= P99_RATIO * server.p99)]
    return [Check(f"p50 <= +{CHEAP_EXTRA * 1000:g} ms", ours.p50 - server.p50 <= CHEAP_EXTRA)]


def cost(row: QueryRow) -> float:
    """What the query costs the engine (p50 s): in-process, or on the Oxigraph server if in-process failed."""
    return row.local.p50 if row.local.ok else row.server.p50


def throughput_checks(ours: Throughput, server: Throughput) -> list[Check]:
    return [Check(">= server's req/s", ours.answered > 0 and ours.per_second >= server.per_second),
            Check("0 errors", ours.error_count == 0 and ours.answered > 0)]


def runaway_checks(row: RunawayRow) -> list[Check]:
    return [Check(f"p99 < {ASK_UNDER_RUNAWAY * 1000:g} ms", row.during.ok and row.during.p99 < ASK_UNDER_RUNAWAY)]


# -- Rendering --

COLUMNS = [("query", 28), ("rows", 6), ("ours HTTP", 17), ("Oxigraph server", 17), ("in-process", 17),
           ("ours/server", 11), ("ours-server", 11), ("target (vs the Oxigraph server)", 0)]


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def cell(m: Measurement) -> str:
    """`p50/p99 (n)` in ms, or why there are no timings."""
    if not m.ok:
        return m.failure or "-"
    return f"{ms(m.p50)}/{ms(m.p99)} ({len(m.seconds)})"


def _ratio(ours: Measurement, server: Measurement) -> str:
    if not (ours.ok and server.ok):
        return "-"
    return f"{ours.p50 / server.p50:.2f}/{ours.p99 / server.p99:.2f}"


def _extra(ours: Measurement, server: Measurement) -> str:
    return f"{(ours.p50 - server.p50) * 1000:+.2f}" if ours.ok and server.ok else "-"


def _line(cells: Sequence[str]) -> str:
    return "  ".join(c.ljust(w) for c, (_, w) in zip(cells, COLUMNS, strict=True)).rstrip()


def render(rows: Sequence[QueryRow], load: tuple[Throughput, Throughput] | None = None,
           runaways: Sequence[RunawayRow] = ()) -> str:
    """The three-way table, the throughput line and the runaway lines, with each target's verdict."""
    lines = [_line([title for title, _ in COLUMNS]),
             "  ".join("-" * max(width, len(title)) for title, width in COLUMNS)]
    for row in rows:
        counts = _row_counts(row)
        rows_cell = "/".join(map(str, counts)) + ("!" if len(counts) > 1 else "")
        verdict = "; ".join(map(str, query_checks(row)))
        lines.append(_line([row.name, rows_cell, cell(row.ours), cell(row.server), cell(row.local),
                            _ratio(row.ours, row.server), _extra(row.ours, row.server), verdict]))
    lines.append(f"p50/p99 in ms, (n) = runs after warm-up; ours/server = ratio of p50s/p99s; ours-server = the "
                 f"p50 difference in ms. Costly = {COSTLY_FROM * 1000:g} ms or more at p50 in-process.")
    if load is not None:
        ours, server = load
        verdict = "; ".join(map(str, throughput_checks(ours, server)))
        lines.append(f"{ours.clients} clients doing single-subject lookups: ours {_rate(ours)}, Oxigraph server "
                     f"{_rate(server)}; {verdict}")
    for runaway in runaways:
        verdict = "; ".join(map(str, runaway_checks(runaway)))
        lines.append(f"ASK while a runaway cross join runs on {runaway.contender}: {cell(runaway.during)}; "
                     f"the runaway {runaway.runaway}; {verdict}")
    return "\n".join(lines)


def _rate(load: Throughput) -> str:
    errors = ", ".join(f"{count} x {kind}" for kind, count in sorted(load.errors.items())) or "no errors"
    return f"{load.per_second:.0f} req/s ({load.answered} answers in {load.seconds:.1f} s, {errors})"


def all_checks(rows: Sequence[QueryRow], load: tuple[Throughput, Throughput] | None = None,
               runaways: Sequence[RunawayRow] = ()) -> list[Check]:
    checks = [check for row in rows for check in query_checks(row)]
    if load is not None:
        checks += throughput_checks(*load)
    return checks + [check for runaway in runaways for check in runaway_checks(runaway)]


def summary(rows: Sequence[QueryRow], load: tuple[Throughput, Throughput] | None = None,
            runaways: Sequence[RunawayRow] = ()) -> str:
    """How many targets were met, and whether the engines agreed on every answer's size."""
    checks = all_checks(rows, load, runaways)
    met = sum(check.met for check in checks)
    lines = [f"targets met: {met} of {len(checks)}"]
    mismatched = [row.name for row in rows if not row_counts_agree(row)]
    if mismatched:
        lines.append("ROW COUNTS DIFFER between contenders (marked !): " + ", ".join(mismatched))
    else:
        lines.append("every contender that answered a query gave the same number of rows")
    return "\n".join(lines)
