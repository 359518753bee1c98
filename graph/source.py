"""Read a release file: its text, checksum, and where the release body starts and ends.

Releases arrive as captures of web pages, so the release is framed by page chrome (site name, image
links, `update:` fields, and after the closing `以上` unrelated topic lists). Only the body yields facts.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .errors import SourceError
from .language import detect_language
from .lines import Line, fold, split_lines

# The release's date line, in the forms captures give it: `2025年12月3日`, `2025-10-06`, `2025/10/06`,
# `2025.10.06`, after a label (`date`, `発表日:`), with a time (`2025-10-06T10:00:00+09:00`, `2025.10.06 10:00`),
# with a weekday (`(水)`), and maybe followed by the issuer on the same line.
DATE_LINE = re.compile(
    r"^[ \t]*(?:(?:date|発表日|公開日|配信日|掲載日|日付)[ \t]*:?[ \t]*)?"
    r"(?P<y>\d{4})(?:年|-|/|\.)(?P<m>\d{1,2})(?:月|-|/|\.)(?P<d>\d{1,2})日?"
    r"(?:[ \t]*\([月火水木金土日](?:曜日?)?\))?"  # a weekday: `2025年12月3日(水)`
    r"(?:(?:T|[ \t]+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"(?:[ \t]+(?P<rest>\S.*?))?[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)
CLOSING_LINE = re.compile(r"^[ \t]*以上[ \t]*$", re.MULTILINE)
_CHROME_LINE = re.compile(r"^\s*(?:\[(?:画像|image)[^\]]*\]|update\s*:.*)\s*$", re.IGNORECASE)
_GENERIC_LABEL = re.compile(
    r"^\s*(?:プレスリリース|ニュースリリース|報道発表|お知らせ|News ?Release|Press ?Release)\s*$", re.IGNORECASE
)
# A company introduced with a parenthesis that names its representative or short name.
HEADER_CLAUSE = re.compile(r"\S\([^()\n]*(?:以下|代表取締役|所在地)[^()\n]*\)")
MAX_BYTES = 5 * 1024 * 1024
# The longest line of the releases held is under 1,000 characters; a line far longer is a capture that lost
# its line breaks or clutter, and reading it would cost seconds (refused in the time it takes to measure it).
MAX_LINE = 20_000


@dataclass(frozen=True)
class SourceDocument:
    """A release as stored on disk; `folded` has the same length as `text`."""

    path: Path
    text: str
    checksum: str
    body_start: int
    body_end: int
    date_line: Line | None
    language: str = "ja"  # `ja` or `en`, from the text's script (`language.detect_language`)

    @property
    def name(self) -> str:
        return self.path.stem

    @cached_property
    def folded(self) -> str:
        """The text with full-width ASCII folded, computed once: every reader of the release scans it."""
        return fold(self.text)

    @cached_property
    def _lines(self) -> tuple[Line, ...]:
        return tuple(split_lines(self.folded))

    def lines(self, start: int = 0, end: int | None = None) -> list[Line]:
        """The folded lines that start within [start, end)."""
        stop = len(self.text) if end is None else end
        return [line for line in self._lines if start <= line.start < stop]


def read_source(path: Path | str) -> SourceDocument:
    """Read and frame a release, or raise SourceError naming the file and what is wrong with it."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"{path}: cannot read the file ({error.strerror or error})") from error
    if not data.strip():
        raise SourceError(f"{path}: the file is empty")
    if len(data) > MAX_BYTES:
        raise SourceError(f"{path}: the file is {len(data)} bytes, more than a release can be ({MAX_BYTES})")
    if b"\x00" in data:
        raise SourceError(f"{path}: the file is binary, not a text release")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(f"{path}: the file is not UTF-8 text (byte {error.start} cannot be decoded)") from error
    longest = max(_line_lengths(text))
    if longest > MAX_LINE:
        raise SourceError(f"{path}: a line of {longest} characters, more than a release's line can have ({MAX_LINE}); "
                          "a capture that lost its line breaks?")
    if detect_language(text) == "en":
        # Imported here: importing it runs the package graph.extract first, which imports this module.
        from .extract.english.frame import find_english_body

        english = find_english_body(text)
        if english is None:
            raise SourceError(
                f"{path}: no release body found (an English text with no dateline such as 'TOKYO – April 21, 2022 –', "
                "no date line and no paragraph of prose)"
            )
        return SourceDocument(path, text, hashlib.sha256(data).hexdigest(), *english, None, "en")
    start, end, date_line = find_body(text)
    if start is None:
        raise SourceError(
            f"{path}: no release body found (no release date line such as '2025年12月3日' "
            "and no company introduced as '株式会社X(…、以下「X」)')"
        )
    return SourceDocument(path, text, hashlib.sha256(data).hexdigest(), start, end, date_line)


def _line_lengths(text: str) -> list[int]:
    return [len(line) for line in text.replace("\r", "\n").split("\n")]


def find_body(text: str) -> tuple[int | None, int, Line | None]:
    """The release body: from its headline block to the closing `以上` (or the end of an excerpt).

    The body is anchored on the release date line; a release dated only in its text is anchored on its
    first company header clause instead (and then has no date line).
    """
    lines = split_lines(fold(text))
    date_index = next((i for i, line in enumerate(lines) if DATE_LINE.fullmatch(line.text)), None)
    anchor = date_index
    if anchor is None:
        anchor = next((i for i, line in enumerate(lines) if HEADER_CLAUSE.search(line.text)), None)
    if anchor is None:
        return None, len(text), None
    start = lines[anchor].start
    for line in _headline_block(lines, anchor):
        start = min(start, line.start)
    closing = CLOSING_LINE.search(fold(text), lines[anchor].end)
    end = closing.end() if closing else len(text.rstrip())
    return start, end, lines[date_index] if date_index is not None else None


def chrome_lines(lines: list[Line]) -> set[int]:
    """Indexes of page-chrome lines: image links, `update:` fields and the value line under an empty one."""
    chrome: set[int] = set()
    for i, line in enumerate(lines):
        if _CHROME_LINE.match(line.text):
            chrome.add(i)
            if re.match(r"^\s*update\s*:\s*$", line.text, re.IGNORECASE):
                following = next((j for j in range(i + 1, len(lines)) if not lines[j].blank), None)
                if following is not None:
                    chrome.add(following)
    return chrome


def _headline_block(lines: list[Line], date_index: int) -> list[Line]:
    """The run of text lines just above the date line (headline, subtitle, labels), skipping chrome."""
    chrome = chrome_lines(lines)
    block: list[Line] = []
    i = date_index - 1
    while i >= 0 and (lines[i].blank or i in chrome):  # the gap between headline and date
        i -= 1
    while i >= 0 and not lines[i].blank and i not in chrome:
        block.append(lines[i])
        i -= 1
    block.reverse()
    while block and _GENERIC_LABEL.match(block[0].text):
        block.pop(0)
    return block
