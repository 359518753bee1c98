"""What `make bench` asks, and how a set of timings becomes p50/p99.

The same query text goes to every contender: the shipped competency queries (read from `api/queries/` at run
time, so a new one is benchmarked without touching this file), a 5-pattern join, a single-subject lookup and a
cheap ASK. The runaway query is a triple cross join that no engine finishes; it exists to be stopped.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field

from api.queries import named_queries

from .synthetic_graph import ID

# Who can act for the parties of each agreement: agreement → party → membership → person → name.
JOIN = """PREFIX ckg:  <https://w3id.org/cislunar-kg/ontology#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX org:  <http://www.w3.org/ns/org#>

SELECT DISTINCT ?agreement ?signed ?organization ?name WHERE {
  ?agreement ckg:signedOn ?signed ;
             ckg:hasParty ?organization .
  ?membership org:organization ?organization ;
              org:member ?person .
  ?person foaf:name ?name .
}"""

# Everything said about one company (one that several synthetic releases describe).
LOOKUP = f"""SELECT DISTINCT ?p ?o WHERE {{ <{ID}organization/synthetic-0007> ?p ?o }}"""

ASK = """ASK { ?organization a <http://www.w3.org/ns/org#Organization> }"""

RUNAWAY = """SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"""


JOIN_NAME = "join (5 patterns)"


def workload() -> dict[str, str]:
    """Name → SPARQL, in the order the table prints them."""
    return {**named_queries(), JOIN_NAME: JOIN, "lookup (1 subject)": LOOKUP, "ASK (idle)": ASK}


@dataclass
class Measurement:
    """Timings (seconds, warm-up excluded) of one query on one contender, or why there are none."""

    seconds: list[float] = field(default_factory=list)
    rows: int | None = None
    failure: str | None = None  # e.g. "503 after 5.0 s", "no answer in 30 s"

    def extend(self, more: Measurement) -> None:
        """Add another batch of runs of the same query (a failure sticks)."""
        self.seconds += more.seconds
        self.rows = more.rows if more.rows is not None else self.rows
        self.failure = self.failure or more.failure

    @property
    def ok(self) -> bool:
        return self.failure is None and bool(self.seconds)

    @property
    def p50(self) -> float:
        return statistics.median(self.seconds)

    @property
    def p99(self) -> float:
        return percentile(self.seconds, 99)


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `pct`% of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]
