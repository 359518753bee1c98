"""Where an English release stands in a captured page: its headline, its lead paragraph, its dates.

A capture frames the release with site menus, image links and forum chrome. The release begins at its lead: the
paragraph that opens with a dateline, or else the first paragraph of prose (a long line with a full stop). Its
headline is the headline-case line just above the lead (a subtitle or a site's date may stand between); its end is
a closing mark (`###`, `- END -`) or the end of the text. Nothing outside [headline, end) yields facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...lines import Line, fold, split_lines
from .dates import DATELINE, SITE_DATE_LINE

_CLOSING = re.compile(r"^[ \t]*(?:#[ \t]*#[ \t]*#|-+[ \t]*(?:END|ENDS)[ \t]*-+|\(END\))[ \t]*$",
                      re.MULTILINE | re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z0-9][\w’'&.\-]*")
_SENTENCE_END = re.compile(r"[a-z0-9)”\"’%][.!?][”\"’)]?(?:\s|$)")
# Words a headline may leave in lower case.
_MINOR = frozenset(
    ["a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or", "over", "per", "the",
     "to", "via", "vs", "with", "its", "their"]
)
_HEADLINE_LOOKBACK = 3  # a subtitle and a site's date may stand between the headline and the lead


@dataclass(frozen=True)
class Frame:
    start: int
    end: int
    lead: Line
    title: Line | None
    site_date: Line | None  # a site's or forum's own date line above the lead


def is_prose(line: Line) -> bool:
    return len(_WORD.findall(line.text)) >= 12 and bool(_SENTENCE_END.search(line.text))


def is_headline(line: Line) -> bool:
    """Headline case: three words or more, most of the main words capitalised, no closing full stop."""
    text = line.text.strip()
    words = _WORD.findall(text)
    if not 3 <= len(words) <= 30 or len(text) > 200 or text.endswith((".", ":", ",")) or SITE_DATE_LINE.match(text):
        return False
    main = [w for w in words if w.lower() not in _MINOR]
    capitalised = [w for w in main if w[0].isupper() or w[0].isdigit() or any(c.isupper() for c in w[1:])]
    return bool(main) and len(capitalised) / len(main) >= 0.6


def frame(text: str) -> Frame | None:
    lines = split_lines(fold(text))
    lead_at = next((i for i, line in enumerate(lines) if DATELINE.match(line.text) and is_prose(line)), None)
    if lead_at is None:
        lead_at = next((i for i, line in enumerate(lines) if is_prose(line)), None)
    if lead_at is None:
        return None
    lead = lines[lead_at]
    title, site_date, looked = None, None, 0
    for line in reversed(lines[:lead_at]):
        if line.blank:
            continue
        if SITE_DATE_LINE.match(line.text):
            site_date = site_date or line
            continue
        if title is None and looked < _HEADLINE_LOOKBACK and is_headline(line):
            title = line
        looked += 1
        if is_prose(line):
            break
    if site_date is None:  # a forum's `posted …` line stands above the post, chrome between
        site_date = next((line for line in reversed(lines[:lead_at]) if SITE_DATE_LINE.match(line.text)), None)
    start = min(x.start for x in (lead, title, site_date)
                if x is not None and (x is not site_date or looked_near(lines, x, lead_at)))
    closing = _CLOSING.search(fold(text), lead.end)
    end = closing.start() if closing else len(text.rstrip())
    return Frame(start, end, lead, title, site_date)


def looked_near(lines: list[Line], line: Line, lead_at: int) -> bool:
    """A date line within the few lines above the lead belongs to the release block (not to forum chrome)."""
    between = [x for x in lines[:lead_at] if x.start > line.start and not x.blank]
    return len(between) <= _HEADLINE_LOOKBACK + 1


def find_english_body(text: str) -> tuple[int, int] | None:
    found = frame(text)
    return None if found is None else (found.start, found.end)
