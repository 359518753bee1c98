"""Milestones of the partnership, in time order, optionally only those overlapping a span of years.

A milestone's time is an OWL-Time interval whose beginning and end are years (`time:inXSDgYear`); a row
`2018–2022` overlaps `from=2019&to=2019`. Bounds arrive as Python ints (`$low`, `$high`, or `UNDEF` for none).
"""

from __future__ import annotations

from .index import Index, key
from .kinds import Item, Kind, Links, detail_of
from .shape import labels, org_ref, ref, sources, types
from .terms import CKG, TIME, integer

PAGE = """
SELECT ?item (MIN(?begins) AS ?from) (MAX(?ends) AS ?to) WHERE {
  VALUES (?low ?high) { ($low $high) }
  ?item a ckg:Milestone ; time:hasTime ?time .
  ?time time:hasBeginning/time:inXSDgYear ?beginYear ; time:hasEnd/time:inXSDgYear ?endYear .
  BIND (xsd:integer(STR(?beginYear)) AS ?begins)
  BIND (xsd:integer(STR(?endYear)) AS ?ends)
  FILTER (isIRI(?item) && STRSTARTS(STR(?item), $base))
  FILTER (!BOUND(?high) || ?begins <= ?high)
  FILTER (!BOUND(?low) || ?ends >= ?low)
}
GROUP BY ?item
ORDER BY ?from ?to ?item
LIMIT $limit OFFSET $offset
"""

DETAIL = detail_of(
    template="""
  ?time time:hasBeginning ?beginning ; time:hasEnd ?end .
  ?beginning time:inXSDgYear ?beginYear .
  ?end time:inXSDgYear ?endYear .
""",
    pattern="""
  UNION { ?item time:hasTime ?time .
          ?time time:hasBeginning ?beginning ; time:hasEnd ?end .
          ?beginning time:inXSDgYear ?beginYear .
          ?end time:inXSDgYear ?endYear }
""",
)


def year_bounds(low: int | None, high: int | None) -> dict[str, str]:
    """The page query's `$low` / `$high` slots."""
    return {"low": "UNDEF" if low is None else integer(low), "high": "UNDEF" if high is None else integer(high)}


def shape(ix: Index, iri: str, links: Links) -> Item:
    intervals = ix.iris(iri, TIME + "hasTime")
    begins = [_year(ix, t, "hasBeginning") for t in intervals]
    ends = [_year(ix, t, "hasEnd") for t in intervals]
    return {
        "id": iri,
        "type": types(ix, iri),
        "label": labels(ix, iri),
        "from": min((y for y in begins if y is not None), default=None),
        "to": max((y for y in ends if y is not None), default=None),
        "hasTime": intervals,
        "involves": [org_ref(ix, o) for o in ix.iris(iri, CKG + "involves")],
        "concerns": [ref(ix, c) for c in ix.iris(iri, CKG + "concerns")],
        "sources": sources(ix, iri),
    }


def _year(ix: Index, interval: str, end: str) -> int | None:
    for instant in ix.objects(interval, TIME + end):
        for year in ix.literals(key(instant), TIME + "inXSDgYear"):
            try:
                return int(year.value)
            except ValueError:
                continue
    return None


MILESTONES = Kind("milestone", CKG + "Milestone", PAGE, DETAIL, shape)
