"""The SHACL shapes every document graph must satisfy before it is stored, shipped as package data.

The file is read through `importlib.resources` so it is found the same way from a source checkout, an
installed wheel or a zip, without relying on the working directory. `graph.validate` is the one user.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

SHAPES_IRI = "https://w3id.org/cislunar-kg/shapes"
SHAPES_NAMESPACE = SHAPES_IRI + "#"
SHAPES_FILE: Traversable = files(__name__) / "cislunar-kg.shapes.ttl"

__all__ = ["SHAPES_FILE", "SHAPES_IRI", "SHAPES_NAMESPACE", "read_shapes_text"]


def read_shapes_text() -> str:
    """The shapes as Turtle text, ready for `Graph.parse(data=..., format="turtle")`."""
    return SHAPES_FILE.read_text(encoding="utf-8")
