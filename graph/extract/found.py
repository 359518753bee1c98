"""What the sentence finders of both languages hand on: a sentence stating a signing, and a quotation.

Each language finds these its own way; what it finds has one shape, so the fact builders read both alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Generic, TypeVar

from ..facts import Span

Speaker = TypeVar("Speaker")


@dataclass(frozen=True)
class Signing:
    """A sentence saying an agreement was made: `name` is the words naming it, `kind` the ontology class they give."""

    kind: str
    name: Span
    sentence: Span
    signed_on: dt.date | None
    signed_on_span: Span | None
    purpose: Span | None = None  # `「…」を目指し`: what the agreement is for, where the sentence says it
    count: int = 1  # `two memorandums of understanding`: one sentence, that many agreements
    topics: tuple[Span, ...] = ()  # `related to A and B`: what each of the `count` agreements is about


@dataclass(frozen=True)
class Quoted(Generic[Speaker]):
    """Words quoted in a release, with the person they are attributed to and the heading or clause naming them."""

    speaker: Speaker
    heading: Span
    text: str
    span: Span
