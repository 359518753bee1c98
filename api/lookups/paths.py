"""Where each IRI is served on this server: pure functions, table-tested.

    {base}{rest}                         →  /id/{rest}            (linked data; any base, one-to-one)
    {base}organization/{id}              →  /organizations/{id}   (REST, also for people and agreements)
    https://w3id.org/cislunar-kg/ontology{suffix}  →  /ontology{suffix}   (#Term, /0.1.0, /alignments …)

`{id}` is one path segment: the slugs the loader mints never hold `/` (a signing event,
`agreement/{id}/signing`, is therefore served only at `/id/…`). Paths are returned percent-encoded, ready
for an `href` or a `Link` header, which must be ASCII.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from graph.namespaces import ONTOLOGY_IRI
from shapes import SHAPES_IRI

from .terms import UnsafeValue, iri_ref

# Kind segment of a data IRI → the REST collection serving it.
COLLECTIONS = {"organization": "organizations", "person": "people", "agreement": "agreements"}

# What an `{id}` may hold: the loader's slugs exclude exactly these (`graph.namespaces.slug`).
_ID = re.compile(r'^[^\s<>"{}|^`\\/?#%\[\]\x00-\x1f\x7f]{1,200}$')

_SAFE = "/#-._~!$&'()*+,;=:@"


def base_of(base_iri: str) -> str:
    """The base as the loader mints under it: always ending with `/`."""
    return base_iri if base_iri.endswith("/") else base_iri + "/"


def url_path(path: str) -> str:
    """A path with everything outside URL syntax percent-encoded (UTF-8), `/` and `#` kept."""
    return quote(path, safe=_SAFE)


def item_iri(base_iri: str, kind: str, item_id: str) -> str:
    """The IRI a REST `{id}` names, e.g. (`organization`, `日本航空`) → `{base}organization/日本航空`.

    Raises `UnsafeValue` when the id could not have been minted by the loader.
    """
    if not _ID.match(item_id) or item_id in (".", ".."):
        raise UnsafeValue(f"{item_id!r} is not an id this service mints")
    iri = f"{base_of(base_iri)}{kind}/{item_id}"
    iri_ref(iri)
    return iri


def data_iri(base_iri: str, rest: str) -> str:
    """The IRI `/id/{rest}` stands for; `UnsafeValue` if it is not one."""
    iri = base_of(base_iri) + rest
    iri_ref(iri)
    return iri


def rest_path(base_iri: str, iri: str) -> str | None:
    """`/organizations/日本航空`-style path of a resource the REST API serves one by one, else None."""
    base = base_of(base_iri)
    if not iri.startswith(base):
        return None
    kind, _, item_id = iri[len(base):].partition("/")
    if kind not in COLLECTIONS or not _ID.match(item_id):
        return None
    return url_path(f"/{COLLECTIONS[kind]}/{item_id}")


def local_path(base_iri: str, iri: str) -> str | None:
    """Where this server dereferences `iri` (`/id/…` or `/ontology…`), or None for other vocabularies."""
    base = base_of(base_iri)
    if iri.startswith(base) and len(iri) > len(base):
        return url_path("/id/" + iri[len(base):])
    if iri == ONTOLOGY_IRI or iri.startswith((ONTOLOGY_IRI + "#", ONTOLOGY_IRI + "/")):
        return url_path("/ontology" + iri[len(ONTOLOGY_IRI):])
    if iri == SHAPES_IRI or iri.startswith((SHAPES_IRI + "#", SHAPES_IRI + "/")):
        return url_path("/shapes" + iri[len(SHAPES_IRI):])
    return None
