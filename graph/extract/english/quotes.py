"""Quotations in an English release: where each runs, so that a speaker's words state no company or agreement."""

from __future__ import annotations

import re

_CURLY = re.compile(r"“[^“”\n]*(?:”|$)", re.MULTILINE)  # a capture may cut a quote short: it runs to the line's end
_STRAIGHT = re.compile(r"(?<![\w])\"[^\"\n]{2,}(?:\"|$)", re.MULTILINE)


def quotations(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Each quotation in [start, end) as (opening mark, after the closing mark)."""
    found = [(m.start(), m.end()) for m in _CURLY.finditer(text, start, end)]
    found += [(m.start(), m.end()) for m in _STRAIGHT.finditer(text, start, end) if not _inside(found, m.start())]
    return sorted(found)


def blank_quotations(text: str, start: int, end: int) -> str:
    """`text` with every quotation's words replaced by spaces: same length, so offsets still hold."""
    chars = list(text)
    for begin, stop in quotations(text, start, end):
        for i in range(begin + 1, max(begin + 1, stop - 1)):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _inside(spans: list[tuple[int, int]], at: int) -> bool:
    return any(begin <= at < stop for begin, stop in spans)
