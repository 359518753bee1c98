"""Dates as English releases write them: the dateline, a site's date line, a forum's `posted` line.

The dateline opens the lead paragraph (`TOKYO – April 21, 2022 –`, `Denver, Colorado – Today,`,
`TOKYO--(BUSINESS WIRE)--`); a site or forum often adds its own date on a line of its own (`9 Nov, 2020`,
`20.04.2022`, `30 September 2025 08:00`, `posted 10-10-2018 07:28 AM`). The dateline's date is the release's;
the site's stands in when the dateline says only `Today` or is missing. python-dateutil reads the date once the
pattern has found where it is, with the day-first convention of the separator: dots day-first (European),
slashes and dashes month-first (US).
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as date_parser

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
DATE_TEXT = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{4}|\d{4}[./]\d{1,2}[./]\d{1,2})"
)
_TIME = r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*(?:[A-Z]{2,4}|[+-]\d{2}:?\d{2}))?)?"
_DASH = r"\s*(?:[–—]|-{1,2})\s*"
# `TOKYO – April 21, 2022 –`: a place in capitals or words, a dash, a date or `Today`, a dash or comma.
DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Za-z.'’\-]*(?:[ \t]+[A-Z][A-Za-z.'’\-]*){0,3}"
    r"(?:,[ \t]*[A-Z][A-Za-z.'’\-]*(?:[ \t]+[A-Z][A-Za-z.'’\-]*){0,2})?)"
    rf"(?:{_DASH}(?:\((?:[A-Z][A-Za-z ]{{2,30}})\){_DASH})?|,[ \t]+(?={_MONTH}))"
    rf"(?:(?P<date>{DATE_TEXT})|(?P<today>[Tt]oday))\s*(?:/[A-Za-z ]{{2,30}}/\s*)?(?:[–—]|-{{1,2}}|,|/)\s*",
    re.MULTILINE,
)
# A line that is a date (and perhaps a time), or a forum's `posted <date>` with the post's chrome after it.
SITE_DATE_LINE = re.compile(
    rf"^[ \t]*(?:(?:(?P<label>posted|published|date(?:d)?|released)\b[ \t]*:?[ \t]*)(?P<posted>{DATE_TEXT}){_TIME}.*"
    rf"|(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?[ \t]+)?(?P<date>{DATE_TEXT}){_TIME}[ \t]*)$",
    re.MULTILINE | re.IGNORECASE,
)


def parse_date(text: str) -> dt.date | None:
    """A date as written, or None when it names no real day (`31 February 2025`)."""
    cleaned = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", text)
    numeric = re.fullmatch(r"\d{1,2}([./-])\d{1,2}\1\d{4}", cleaned)
    try:
        parsed = date_parser.parse(cleaned, dayfirst=bool(numeric and numeric.group(1) == "."), fuzzy=False)
    except (ValueError, OverflowError):
        return None
    day: dt.date = parsed.date()
    return day
