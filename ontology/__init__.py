"""The cislunar-kg ontology, its alignments, its released versions and its JSON-LD context, as package data.

The files are read through `importlib.resources` so they are found the same way from a source checkout,
an installed wheel or a zip, without relying on the working directory. Three kinds of file:

- `cislunar-kg.ttl`, the core ontology (`ONTOLOGY_IRI`): every `ckg:` term, defined and documented;
- `cislunar-kg-alignments.ttl`, a separate ontology (`ALIGNMENTS_IRI`) that imports the core and maps its
  terms to schema.org, FIBO and NIF with SKOS mapping properties, so users of the core take on none of them;
- `cislunar-kg-<version>.ttl` and `cislunar-kg-alignments-<version>.ttl`, a frozen copy of each released
  version, what its version IRI (`<IRI>/<version>`) answers with for ever.

The frozen copies sit next to the current files, not in a subfolder, because the package ships `*.ttl`.
"""

from __future__ import annotations

import re
from importlib.resources import files
from importlib.resources.abc import Traversable

from rdflib import Graph, URIRef
from rdflib.namespace import OWL

ONTOLOGY_IRI = "https://w3id.org/cislunar-kg/ontology"
ALIGNMENTS_IRI = ONTOLOGY_IRI + "/alignments"
NAMESPACE = ONTOLOGY_IRI + "#"
PREFIX = "ckg"

_PACKAGE: Traversable = files(__name__)
ONTOLOGY_FILE: Traversable = _PACKAGE / "cislunar-kg.ttl"
ALIGNMENTS_FILE: Traversable = _PACKAGE / "cislunar-kg-alignments.ttl"
CONTEXT_FILE: Traversable = _PACKAGE / "context.jsonld"

_FROZEN = re.compile(r"^cislunar-kg-(?P<alignments>alignments-)?(?P<version>\d+\.\d+\.\d+)\.ttl$")

__all__ = [
    "ALIGNMENTS_FILE",
    "ALIGNMENTS_IRI",
    "CONTEXT_FILE",
    "NAMESPACE",
    "ONTOLOGY_FILE",
    "ONTOLOGY_IRI",
    "PREFIX",
    "catalog",
    "current_version",
    "ontology_graph",
    "read_alignments_text",
    "read_context_text",
    "read_ontology_text",
    "read_version_text",
    "version_file",
    "versions",
]


def read_ontology_text() -> str:
    """The core ontology as Turtle text, ready for `Graph.parse(data=..., format="turtle")`."""
    return ONTOLOGY_FILE.read_text(encoding="utf-8")


def read_alignments_text() -> str:
    """The alignments ontology (SKOS mappings to schema.org, FIBO and NIF) as Turtle text."""
    return ALIGNMENTS_FILE.read_text(encoding="utf-8")


def read_context_text() -> str:
    """The JSON-LD 1.1 context that gives every `ckg:` term (and the reused ones) a short key."""
    return CONTEXT_FILE.read_text(encoding="utf-8")


def ontology_graph(with_alignments: bool = False) -> Graph:
    """A new graph of the core ontology, plus the alignments if asked; the caller owns it."""
    graph = Graph()
    graph.parse(data=read_ontology_text(), format="turtle")
    if with_alignments:
        graph.parse(data=read_alignments_text(), format="turtle")
    return graph


def current_version() -> str:
    """The `owl:versionInfo` of the core ontology file."""
    graph = Graph().parse(data=read_ontology_text(), format="turtle")
    info = graph.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo)
    if info is None:
        raise LookupError(f"{ONTOLOGY_FILE.name} has no owl:versionInfo")
    return str(info)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def versions() -> list[str]:
    """Every released version of the core ontology, oldest first (one frozen copy each)."""
    found = {
        m["version"]
        for entry in _PACKAGE.iterdir()
        if (m := _FROZEN.match(entry.name)) and not m["alignments"]
    }
    return sorted(found, key=_version_key)


def version_file(version: str, *, alignments: bool = False) -> Traversable:
    """The frozen copy of a released version; `KeyError` names the released ones if it is not one."""
    name = f"cislunar-kg-{'alignments-' if alignments else ''}{version}.ttl"
    entry = _PACKAGE / name
    if not _FROZEN.match(name) or not entry.is_file():
        raise KeyError(f"no released version {version!r}; released: {', '.join(versions()) or 'none'}")
    return entry


def read_version_text(version: str, *, alignments: bool = False) -> str:
    """A released version as Turtle text, exactly as it was released."""
    return version_file(version, alignments=alignments).read_text(encoding="utf-8")


def catalog() -> dict[str, Traversable]:
    """Every IRI the package answers for → the file that answers it, so imports resolve with no network.

    The ontology and alignments IRIs give the current files; `<IRI>/<version>` gives the frozen copy.
    """
    entries: dict[str, Traversable] = {ONTOLOGY_IRI: ONTOLOGY_FILE, ALIGNMENTS_IRI: ALIGNMENTS_FILE}
    for version in versions():
        entries[f"{ONTOLOGY_IRI}/{version}"] = version_file(version)
        entries[f"{ALIGNMENTS_IRI}/{version}"] = version_file(version, alignments=True)
    return entries
