"""Agreements an English release states: the kind its name gives, the parties, the day of signing when given.

A sentence states an agreement when it names one of the ontology's kinds and says it was signed, concluded,
entered into, agreed or formed (`have signed a Letter of Intent`, `has signed two memorandums of understanding
related to payload services and strategic cooperation`); a list of partners states a partnership (`will lead a
team … with partners that include A, B and C`). `two memorandums` are two agreements; when the sentence names
what each is about (`related to A and B`), that names them apart.
"""

from __future__ import annotations

import datetime as dt
import re

from ...facts import Span
from ...source import SourceDocument
from ..found import Signing
from ..spans import span
from .dates import DATE_TEXT, parse_date

# Most specific first: `corporate partner agreement` before `partnership`, `support contract` before `contract`.
KINDS: tuple[tuple[str, str], ...] = (
    ("CapitalAndBusinessAlliance", r"capital\s+and\s+business\s+(?:alliance|partnership|tie-up)s?"),
    ("CorporatePartnerContract", r"corporate\s+partner(?:ship)?(?:\s+(?:agreement|contract))?s?"),
    ("MemorandumOfUnderstanding", r"memorand(?:um|a|ums)\s+of\s+understanding|\bMoUs?\b|\bMOUs?\b"),
    ("LetterOfIntent", r"letters?\s+of\s+intent|\bLOIs?\b|\bLoIs?\b"),
    ("BasicAgreement", r"basic\s+agreements?"),
    ("BusinessAlliance", r"business\s+(?:alliance|tie-up)(?:\s+agreement)?s?"),
    ("CommissionContract", r"(?:commission(?:ed)?|consignment)\s+(?:contract|agreement)s?"),
    ("SupportContract", r"support\s+(?:contract|agreement)s?"),
    ("Partnership", r"(?:strategic\s+)?partnership(?:\s+agreement)?s?"),
    ("Contract", r"\bcontracts?\b"),
)
_KIND = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in KINDS), re.IGNORECASE)
_SIGNED = re.compile(
    r"\b(?:signed|signs|sign|signing|concluded|concludes|entered\s+into|enters\s+into|executed|agreed|agree|formed|"
    r"forms|established|awarded|won|becomes?|became|joins?|joined)\b",
    re.IGNORECASE,
)
_COUNT = re.compile(r"\b(?P<n>two|three|four|2|3|4)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_NUMBERS = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}
_ABOUT = re.compile(
    r"\s+(?:related\s+to|on|regarding|concerning|covering|for)\s+(?P<topics>[^,.;]+?)(?=\s+(?:with|between)\b|[,.;])"
)
_SIGNED_ON = re.compile(rf"\b(?:signed|concluded|entered\s+into|executed)\b[^.]{{0,80}}?\bon\s+(?P<date>{DATE_TEXT})")
_SIGNED_TODAY = re.compile(
    r"\btoday\s+(?:signed|concluded|entered)|\b(?:signed|concluded|entered\s+into)\b[^.“”]{0,60}?\btoday\b",
    re.IGNORECASE,
)
PARTNER_LIST = re.compile(r"\b(?:partners|team\s+members)\s+(?:that|which|who)?\s*(?:include|includes|including|are)\b")


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences: up to a full stop before a space and a capital (not after `Co.`, `Inc.`, `U.S.`), or a line end."""
    found, at = [], start
    for match in re.finditer(
        r"(?<!\b[A-Z])(?<!\bCo)(?<!\bInc)(?<!\binc)(?<!\bLtd)(?<!\bCorp)(?<!\bNo)[.!?][”\"’]?(?=\s+[“\"A-Z0-9])|\n",
        text[start:end],
    ):
        stop = start + match.end()
        if text[at:stop].strip():
            found.append((at, stop))
        at = stop
    if text[at:end].strip():
        found.append((at, end))
    return found


def find_signings(doc: SourceDocument, text: str, issued: dt.date | None) -> list[Signing]:
    """`text` is the folded release with quotations blanked: an agreement a speaker mentions is told elsewhere."""
    found = []
    for start, end in sentences(text, doc.body_start, doc.body_end):
        sentence = text[start:end]
        if PARTNER_LIST.search(sentence):
            listed = PARTNER_LIST.search(sentence)
            assert listed is not None
            found.append(Signing("Partnership", span(doc, start + listed.start(), start + listed.end()),
                                 span(doc, start, end), None, None))
            continue
        for match in _KIND.finditer(sentence):
            kind = match.lastgroup
            assert kind is not None
            if not _SIGNED.search(sentence):
                continue
            count_match = _COUNT.search(sentence[: match.start()])
            count = _NUMBERS[count_match["n"].lower()] if count_match else 1
            topics: tuple[Span, ...] = ()
            if count > 1 and (about := _ABOUT.match(sentence, match.end())):
                base = start + about.start("topics")
                separators = list(re.finditer(r"\s*,\s*(?:and\s+)?|\s+and\s+", about["topics"]))
                bounds = [0, *(x for m in separators for x in m.span()), len(about["topics"])]
                if len(separators) + 1 == count:  # `related to A and B` names the two apart
                    topics = tuple(span(doc, base + bounds[i], base + bounds[i + 1]) for i in range(0, len(bounds), 2))
            signed_on, signed_span = _signed_on(doc, sentence, start, issued)
            found.append(Signing(kind, span(doc, start + match.start(), start + match.end()), span(doc, start, end),
                                 signed_on, signed_span, count=count, topics=topics))
            break  # one agreement kind per sentence: the first one it names
    return found


def _signed_on(doc: SourceDocument, sentence: str, start: int,
               issued: dt.date | None) -> tuple[dt.date | None, Span | None]:
    if match := _SIGNED_ON.search(sentence):
        day = parse_date(match["date"])
        if day:
            return day, span(doc, start + match.start("date"), start + match.end("date"))
    if issued and (match := _SIGNED_TODAY.search(sentence)):
        today = re.search(r"today", match.group(), re.IGNORECASE)
        assert today is not None
        return issued, span(doc, start + match.start() + today.start(), start + match.start() + today.end())
    return None, None
