"""A Japanese release's own date: from its date line, or a date the text announces as its own."""

from __future__ import annotations

import datetime as dt
import re

from ..facts import Span
from ..source import DATE_LINE, SourceDocument
from .spans import span

# A date the release states as its own: `…は、2025年9月30日、…を発表しました`, or `…日、` before the event's own
# `…日に` — not an event's date (`…日に締結`, `…日、覚書を締結`), a cited release's (`…日付プレスリリース`) or a note's.
_BODY_DATE = re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日、(?P<rest>[^。\n]*)")
_OWN_DATE_FOLLOWS = re.compile(r"を発表|と発表|をお知らせ|\d日に")
_EVENT = re.compile(r"締結|調印|合意|開始|採択|実施|打ち上げ")


def find_issued(doc: SourceDocument) -> tuple[dt.date | None, Span | None]:
    """The release date: from the date line, or else a date the text gives as its own (`2025年9月30日、`)."""
    if doc.date_line is not None:
        match = DATE_LINE.fullmatch(doc.date_line.text)
        assert match is not None
        found = span(doc, doc.date_line.start + match.start("y"), doc.date_line.start + match.end("d"))
        if doc.folded[found.end : found.end + 1] == "日":
            found = span(doc, found.start, found.end + 1)
        return date_of(match), found
    for match in _BODY_DATE.finditer(doc.folded, doc.body_start, doc.body_end):
        line_start = doc.folded.rfind("\n", 0, match.start()) + 1
        rest = match["rest"]
        announced = _OWN_DATE_FOLLOWS.search(rest)
        if not announced or _EVENT.search(rest[: announced.start()]):
            continue
        if re.match(r"\s*\(?\*\d", doc.folded[line_start : match.start()]):
            continue  # a note's date
        return date_of(match), span(doc, match.start(), match.end("d") + 1)
    return None, None


def date_of(match: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
