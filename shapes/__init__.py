"""The SHACL shapes, in two layers, shipped as package data.

- the vocabulary shapes (`vocabulary.shapes.ttl`, `…/shapes/vocabulary`): only this ontology's terms, any
  language; what another team runs on its own data;
- the data-policy shapes (`policy.shapes.ttl`, `…/shapes/policy`): the project's rules for what its loader
  stores (Japanese or English only, one legal name per language, its modelling of the reused vocabularies),
  run on top of the vocabulary shapes.

`https://w3id.org/cislunar-kg/shapes` is both, one document: its header (`cislunar-kg.shapes.ttl`) followed
by the two layers, so that every shape IRI `…/shapes#Shape` resolves to its definition. The files are read
through `importlib.resources`, so they are found the same way from a checkout, a wheel or a zip.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

SHAPES_IRI = "https://w3id.org/cislunar-kg/shapes"
SHAPES_NAMESPACE = SHAPES_IRI + "#"
VOCABULARY_IRI = SHAPES_IRI + "/vocabulary"
POLICY_IRI = SHAPES_IRI + "/policy"
SHAPES_FILE: Traversable = files(__name__) / "cislunar-kg.shapes.ttl"
VOCABULARY_FILE: Traversable = files(__name__) / "vocabulary.shapes.ttl"
POLICY_FILE: Traversable = files(__name__) / "policy.shapes.ttl"

__all__ = [
    "POLICY_FILE",
    "POLICY_IRI",
    "SHAPES_FILE",
    "SHAPES_IRI",
    "SHAPES_NAMESPACE",
    "VOCABULARY_FILE",
    "VOCABULARY_IRI",
    "read_policy_text",
    "read_shapes_text",
    "read_vocabulary_text",
]


def read_vocabulary_text() -> str:
    """The vocabulary shapes alone, as Turtle: what a team validates its own data with."""
    return VOCABULARY_FILE.read_text(encoding="utf-8")


def read_policy_text() -> str:
    """The data-policy shapes alone, as Turtle (they are meant to run with the vocabulary shapes)."""
    return POLICY_FILE.read_text(encoding="utf-8")


def read_shapes_text() -> str:
    """Both layers as one Turtle document (header, vocabulary, policy): what the loader's gate runs."""
    parts = (SHAPES_FILE.read_text(encoding="utf-8"), read_vocabulary_text(), read_policy_text())
    return "\n".join(parts)
