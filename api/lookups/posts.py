"""Posts (`org:Membership`) seen from either end: an organisation's name who holds them, a person's where.

Both ends fetch and show a post alike: its role, the release dates that state it, and the other end's names.
"""

from __future__ import annotations

from .index import Index
from .shape import Item, one, org_ref, person_ref, ref
from .terms import CKG, ORG

# From each end (`org:organization` or `org:member`): the post's other end, the names it shows, and their JSON.
_OTHER_END = {
    "organization": ("member", ("foaf:name",), person_ref),
    "member": ("organization", ("rdfs:label", "skos:altLabel"), org_ref),
}


def posts_template(end: str) -> str:
    """CONSTRUCT template lines for the posts whose `end` is `?item`."""
    other, names, _ = _OTHER_END[end]
    return (
        f"  ?post org:{end} ?item ; org:{other} ?postEnd ; org:role ?postRole ; ckg:statedOn ?postStatedOn .\n"
        + "".join(f"  ?postEnd {name} ?postEndName{i} .\n" for i, name in enumerate(names))
        + "  ?postRole rdfs:label ?postTitle .\n"
    )


def posts_pattern(end: str) -> str:
    """The `UNION { … }` branch of a detail query that finds what `posts_template(end)` constructs."""
    other, names, _ = _OTHER_END[end]
    optional = ["?post ckg:statedOn ?postStatedOn", *(f"?postEnd {n} ?postEndName{i}" for i, n in enumerate(names)),
                "?postRole rdfs:label ?postTitle"]
    lines = [f"  UNION {{ ?post org:{end} ?item ; org:{other} ?postEnd ; org:role ?postRole .",
             *(f"          OPTIONAL {{ {triple} }}" for triple in optional)]
    return "\n".join(lines) + " }\n"


def posts(ix: Index, iri: str, end: str) -> list[Item]:
    """The posts whose `end` is `iri`, each with its other end, its role and the release dates that state it."""
    other, _, other_ref = _OTHER_END[end]
    return [
        {
            "id": membership,
            other: one(other_ref(ix, x) for x in ix.iris(membership, ORG + other)),
            "role": one(ref(ix, r) for r in ix.iris(membership, ORG + "role")),
            "statedOn": [d.value for d in ix.literals(membership, CKG + "statedOn")],
        }
        for membership in ix.subjects(ORG + end, iri)
    ]
