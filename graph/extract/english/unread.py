"""What the English reader did not understand: sentences of the body that look like they state something but
gave no fact.

The cues are the English ones (an agreement word, a full date, a company's legal form, a quotation or `said`);
the sentences are those of the body the frame found, so menus and share links above the headline or below the
closing mark are never listed. Inside the body, lines of page chrome (cookie banners, copyright footers, share and
follow links) and a site's own date line are skipped: they state nothing a release of the kind states.
"""

from __future__ import annotations

import re

from ...facts import Release, Span
from ...lines import split_lines
from ...source import SourceDocument
from ..unread import unread_sentences
from .dates import SITE_DATE_LINE

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
CUES = re.compile(
    r"(?i:\b(?:agreements?|memorand(?:um|a|ums)|letters?\s+of\s+intent|contracts?|partnerships?|alliances?"
    r"|signed|signs?|signing|agreed|agrees)\b)"
    r"|\bMO[Uu]s?\b|\bLOI\b"
    rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b|\b\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
    r"|(?i:(?<![\w.])(?:co\.|(?:inc|ltd|corp|llc|plc|gmbh|s\.p\.a|s\.a|s\.r\.l|b\.v|k\.k)\.?)(?![\w\-]))"
    r"|\b(?:Corporation|Limited|AG|SE)\b"
    r"|[“”\"]|(?i:\b(?:said|says|commented|stated)\b)"
)
# Abbreviations a full stop does not end a sentence after: titles, company forms, `No.`, months, initials.
_ABBREVIATION_END = re.compile(
    r"(?:(?<![\w.])(?i:mr|mrs|ms|dr|prof|st|no|vs|etc|approx|dept|jr|sr|inc|co|ltd|corp|jan|feb|mar|apr|jun|jul|aug"
    r"|sep|sept|oct|nov|dec)|(?<![\w.])(?:[A-Za-z]\.)+[A-Za-z]|(?<![\w.])[A-Z])$"
)
_ABBREVIATION_REACH = 16  # look only this far back: a long line stays linear
_STOP = re.compile(r"[.!?]+[”\"’')\]]*(?=\s+[“\"‘'(\[]?[A-Z0-9])")
# Page chrome a body may still hold: a cookie banner, a copyright line, share or follow links.
_CHROME = re.compile(
    r"(?i:cookies?\b|©|\(c\)\s*\d{4}|all\s+rights\s+reserved|share\s+this|follow\s+us|subscribe|sign\s+(?:in|up)\b"
    r"|log\s*in\b|privacy\s+policy|terms\s+of\s+(?:use|service))"
)


def find_unread_english(doc: SourceDocument, release: Release) -> tuple[Span, ...]:
    """Sentences of the English body with a cue (see `CUES`) that no fact of `release` was read from."""
    return unread_sentences(doc, release, sentences(doc.folded, doc.body_start, doc.body_end), CUES)


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of text[start:end] as offsets: each line of prose cut at its sentence ends, chrome lines left out."""
    found = []
    for line in split_lines(text[start:end]):
        if line.blank or _CHROME.search(line.text) or SITE_DATE_LINE.match(line.text):
            continue  # chrome, or the site's own date line (the dateline gives the release's date)
        at = 0
        for stop in _STOP.finditer(line.text):
            if _ABBREVIATION_END.search(line.text, max(0, stop.start() - _ABBREVIATION_REACH), stop.start()):
                continue  # `Co., Ltd. (JAL)`, `Mr. Hakamada`: the full stop belongs to the word
            found.append((start + line.start + at, start + line.start + stop.end()))
            at = stop.end()
        if line.text[at:].strip():
            found.append((start + line.start + at, start + line.end))
    return found
