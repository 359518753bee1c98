"""Agreements: the sentence that says one was signed (`…を締結`), its kind, date, parties, purpose and scope."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..facts import Span
from ..source import SourceDocument
from .spans import span

# Longest names first, so 資本業務提携契約 is not read as 資本業務提携 plus noise.
KINDS: tuple[tuple[str, str], ...] = (
    ("コーポレートパートナー契約", "CorporatePartnerContract"),
    ("資本業務提携契約", "CapitalAndBusinessAlliance"),
    ("資本業務契約", "CapitalAndBusinessAlliance"),
    ("資本業務提携", "CapitalAndBusinessAlliance"),
    ("基本合意書", "BasicAgreement"),
    ("基本合意", "BasicAgreement"),
    ("意向表明書", "LetterOfIntent"),
    ("Letter of Intent", "LetterOfIntent"),
    ("覚書", "MemorandumOfUnderstanding"),
)
_KIND = re.compile("|".join(re.escape(name) for name, _ in KINDS))
_KIND_CLASS = dict(KINDS)
_SIGNED = re.compile(r"締結|調印|合意(?:しました|いたしました)|を行い")
DATE = re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_PURPOSE = re.compile(r"「(?P<purpose>[^」]+)」(?:の実現)?を(?:目指し|目的と)")
_PURPOSE_PLAIN = re.compile(r"(?:、|について、)(?P<purpose>[^、。「」]{4,80}?)を目的とした")
_SCOPE = re.compile(r"(?P<areas>[^\s、。「」()]+?)分野")


@dataclass(frozen=True)
class SigningSentence:
    kind: str
    name: Span
    sentence: Span
    signed_on: dt.date | None
    signed_on_span: Span | None
    purpose: Span | None


def find_signings(doc: SourceDocument, start: int, end: int) -> list[SigningSentence]:
    """Sentences in [start, end) that state an agreement was signed; one per agreement name."""
    text = doc.folded
    found = []
    for sentence_start, sentence_end in _sentences(text, start, end):
        sentence = text[sentence_start:sentence_end]
        kind = _KIND.search(sentence)
        if not kind or not _SIGNED.search(sentence, kind.end()):
            continue
        date = _signing_date(sentence, kind.start())
        purpose = _PURPOSE.search(sentence) or _PURPOSE_PLAIN.search(sentence)
        found.append(
            SigningSentence(
                kind=_KIND_CLASS[kind.group()],
                name=span(doc, sentence_start + kind.start(), sentence_start + kind.end()),
                sentence=span(doc, sentence_start, sentence_end),
                signed_on=_date(date) if date else None,
                signed_on_span=span(doc, sentence_start + date.start(), sentence_start + date.end()) if date else None,
                purpose=span(doc, sentence_start + purpose.start("purpose"), sentence_start + purpose.end("purpose"))
                if purpose
                else None,
            )
        )
    return found


def find_scope_areas(doc: SourceDocument, start: int, end: int) -> list[Span]:
    """`月面輸送・運航分野` names the areas an agreement covers, split at `・`."""
    areas = []
    for match in _SCOPE.finditer(doc.folded, start, end):
        at = match.start("areas")
        for piece in match.group("areas").split("・"):
            if piece and not piece.endswith(("の", "な")):
                areas.append(span(doc, at, at + len(piece)))
            at += len(piece) + 1
    return areas


def _signing_date(sentence: str, before: int) -> re.Match[str] | None:
    """The date an agreement was signed: `…日に` before its name wins over other dates (a release date)."""
    dates = list(DATE.finditer(sentence, 0, before))
    marked = [d for d in dates if sentence[d.end() : d.end() + 1] == "に"]
    chosen = marked or dates
    return chosen[-1] if chosen else None


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces, at = [], start
    for match in re.finditer(r"[。\n]", text[start:end]):
        stop = start + match.end()
        if text[at:stop].strip():
            pieces.append((at, stop))
        at = stop
    if at < end and text[at:end].strip():
        pieces.append((at, end))
    return pieces


def _date(match: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
