"""The cislunar-kg ontology and its JSON-LD context, shipped as package data.

The files are read through `importlib.resources` so they are found the same way from a source checkout,
an installed wheel or a zip, without relying on the working directory.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

ONTOLOGY_FILE: Traversable = files(__name__) / "cislunar-kg.ttl"
CONTEXT_FILE: Traversable = files(__name__) / "context.jsonld"

__all__ = ["CONTEXT_FILE", "ONTOLOGY_FILE", "read_ontology_text"]


def read_ontology_text() -> str:
    """The ontology as Turtle text, ready for `Graph.parse(data=..., format="turtle")`."""
    return ONTOLOGY_FILE.read_text(encoding="utf-8")
