"""Folded text and its lines: what every reader scans, at offsets that point into the original text.

Apart from `source` (which reads a release file) so that the readers that frame a text before it becomes a
`SourceDocument` (the English frame) use it without importing the module that calls them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Full-width ASCII and the ideographic space map one-for-one onto ASCII, so offsets stay valid
# (NFKC would change lengths: "…" becomes "...").
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0x301C: 0x7E}

_LONE_CR = re.compile(r"\r(?!\n)")


def fold(text: str) -> str:
    """Full-width ASCII to ASCII, one character for one, so every offset still points into the original.

    Line ends too: a lone CR (old Mac files) reads as LF and CRLF as a space and LF, so every reader, whose
    patterns end lines at LF, sees the same lines whichever ending the file has, at the same offsets.
    """
    folded = text.translate(_FOLD)
    if "\r" in folded:
        folded = _LONE_CR.sub("\n", folded).replace("\r\n", " \n")
    return folded


@dataclass(frozen=True)
class Line:
    start: int
    end: int  # offset of the line break (exclusive end of the line's text)
    text: str  # folded

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def split_lines(text: str) -> list[Line]:
    lines, offset = [], 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lines.append(Line(offset, offset + len(body), body))
        offset += len(raw)
    return lines
