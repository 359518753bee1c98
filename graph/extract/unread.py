"""What the extractor did not understand: sentences that look like they state something but yielded no fact.

A sentence of the body that mentions an agreement word, a full date, a company form or a comment heading, and
that no fact's span touches, is one the graph may be missing: a maintainer reads these to see where the rules
fall short. Page chrome and notes outside the body are never listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import fields, is_dataclass

from ..facts import Release, Span
from ..source import SourceDocument
from .spans import sentences, span

# What makes a sentence worth a look; `本覚書`, `今回の契約` refer back to an agreement already read.
CUES = re.compile(
    r"(?<!本)(?<!今回の)(?<!同)(?<!本基本)(?:締結|合意|調印|提携|覚書|意向表明|契約|協定|パートナーシップ)"
    r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|株式会社|有限会社|合同会社|\(株\)|㈱"
    r"|のコメント|の談話"
)


def find_unread(doc: SourceDocument, release: Release) -> tuple[Span, ...]:
    """Sentences of the body with a cue (see `CUES`) that no fact of `release` was read from."""
    return unread_sentences(doc, release, sentences(doc.folded, doc.body_start, doc.body_end), CUES)


def unread_sentences(
    doc: SourceDocument, release: Release, sentences: Iterable[tuple[int, int]], cues: re.Pattern[str]
) -> tuple[Span, ...]:
    """Those of `sentences` (offsets of the stored file) with a cue that no fact's span touches."""
    covered = sorted((s.start, s.end) for s in fact_spans(release))
    unread = []
    for start, end in sentences:
        if not cues.search(doc.folded, start, end):
            continue
        if any(a < end and start < b for a, b in covered):
            continue
        found = span(doc, start, end)
        if found.exact:
            unread.append(found)
    return tuple(unread)


def fact_spans(release: Release) -> Iterator[Span]:
    """Every span a fact of the release was read from: each `Span` a fact holds, alone or in a tuple, and the
    title's and date's. Reading the fields, not a list of them, counts a new kind of fact without a change here."""
    yield from (s for s in (release.title_span, release.issued_span) if s is not None)
    for kind in fields(release):
        facts = getattr(release, kind.name)
        if kind.name == "unread" or not isinstance(facts, tuple):
            continue
        for fact in facts:
            if not is_dataclass(fact):
                continue  # `issuers` holds keys
            for value in (getattr(fact, f.name) for f in fields(fact)):
                if isinstance(value, Span):
                    yield value
                elif isinstance(value, tuple):
                    yield from (v for v in value if isinstance(v, Span))
