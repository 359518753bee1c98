"""Quotations attributed to a named person: `“…,” said Name, …`, `Name, title, remarked, “…”`, `● Name, …: “…”`.

A quotation nobody is named for is no statement. The statement's span is the quoted words as they stand in the
file (to the end of the line when a capture cuts the quote short); its heading is the attribution.
"""

from __future__ import annotations

import re

from ...facts import Span
from ...source import SourceDocument
from ..found import Quoted
from ..spans import span
from .people import PERSON, is_person_name
from .quotes import quotations

_SAYS = r"(?:said|says|commented|comments|added|adds|stated|states|noted|notes|remarked|explained|explains)"
# `said Name`, `said ispace founder and CEO Name` (the title before the name), `Name said`.
_AFTER = (
    re.compile(rf"^\s*,?\s*{_SAYS}\s+(?:[\w&’'.\-]+\s+){{0,8}}?{PERSON}"),
    re.compile(rf"^\s*,?\s*{PERSON}\s+{_SAYS}\b"),
)
_BEFORE = re.compile(rf"{PERSON}(?:,\s+[^“”\"\n]{{0,140}}?,)?\s+{_SAYS}\s*[,.:]?\s*$")
_HEADING = re.compile(rf"^\s*[●•■◆▪◇○*\-–]\s*{PERSON}\s*,[^“”\"\n]{{0,140}}?[:：]\s*$")


def find_quotes(doc: SourceDocument) -> list[Quoted[Span]]:
    text = doc.folded
    found = []
    for begin, end in quotations(text, doc.body_start, doc.body_end):
        line_start = text.rfind("\n", 0, begin) + 1
        line_end = text.find("\n", end) if text.find("\n", end) >= 0 else len(text)
        before = text[line_start:begin]
        after = text[end:line_end]
        attribution = None
        match = next((m for pattern in _AFTER if (m := pattern.match(after)) and is_person_name(m["person"])), None)
        if match:
            attribution = (end + match.start("person"), end + match.end("person"), end, end + match.end())
        elif (match := (_BEFORE.search(before) or _HEADING.match(before))) and is_person_name(match["person"]):
            attribution = (line_start + match.start("person"), line_start + match.end("person"),
                           line_start + match.start(), line_start + match.end())
        if attribution is None:
            continue
        quoted = span(doc, begin, end)
        inner = re.sub(r"\s+", " ", text[begin + 1 : end - 1 if text[end - 1] in "”\"" else end]).strip()
        speaker, heading = span(doc, attribution[0], attribution[1]), span(doc, attribution[2], attribution[3])
        found.append(Quoted(speaker=speaker, heading=heading, text=inner, span=quoted))
    return found
