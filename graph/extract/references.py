"""The notes of a Japanese release that cite earlier releases (`(*1)…日付プレスリリース`, `*1 関連リリース:`)."""

from __future__ import annotations

import re

from ..facts import Reference
from ..source import SourceDocument
from .release_date import date_of
from .spans import span

_FOOTNOTE = re.compile(r"^\s*\(\*(?P<n>\d+)\)\s*(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日付(?P<rest>.*)$")
# `*1 関連プレスリリース:` (or `(*1) 関連リリース`), the cited release on the same line or the next.
_RELATED = re.compile(r"^\s*\(?\*(?P<n>\d+)\)?\s*関連(?:プレス|ニュース)?リリース\s*[::]?\s*(?P<rest>.*)$")
_URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]+")
_CITED_DATE = re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")


def find_references(doc: SourceDocument) -> tuple[Reference, ...]:
    """Notes citing earlier releases: `(*1)2017年12月13日付プレスリリース … URL` or `*1 関連プレスリリース:` with the
    cited release's title and address on the lines below it (dated or not)."""
    references = []
    lines = [line for line in doc.lines(doc.body_start, doc.body_end) if not line.blank]
    for i, line in enumerate(lines):
        if note := _FOOTNOTE.match(line.text):
            issued = date_of(note)
            if issued is None:
                continue
            url = _URL.search(note["rest"])
            references.append(Reference(f"*{note['n']}", issued, span(doc, line.start, line.end),
                                        url.group() if url else None))
        elif related := _RELATED.match(line.text):
            cited = [line] + ([] if _URL.search(related["rest"]) else lines[i + 1 : i + 2])
            where = "".join(c.text for c in cited)
            url, dated = _URL.search(where), _CITED_DATE.search(where)
            issued = date_of(dated) if dated else None
            if url or issued:
                found = span(doc, cited[0].start, cited[-1].end)
                references.append(Reference(f"*{related['n']}", issued, found, url.group() if url else None))
    return tuple(references)
