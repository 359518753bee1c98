"""The partnership timeline table `【…の歩み】`: one row per year or year range, continuation lines below.

    2015年     JALがHAKUTOのコーポレートパートナーとして支援
    2018-2022年  JALECがランダー組立・試験支援…
              ミッション1 ランダーフライトモデル推進系配管の航空輸送   ← same period, its own milestone
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..facts import Span
from ..source import SourceDocument
from .spans import span

TABLE_HEADING = re.compile(r"^\s*【[^】]*(?:歩み|沿革|経緯|年表|これまでの取り組み)[^】]*】\s*$")
ROW = re.compile(r"^\s*(?P<from>\d{4})(?:\s*[-~–—〜]\s*(?P<to>\d{4}))?\s*年\s+(?P<text>\S.*?)\s*$")


@dataclass(frozen=True)
class TimelineRow:
    begins: int
    ends: int
    text: Span


def find_timeline(doc: SourceDocument) -> list[TimelineRow]:
    rows: list[TimelineRow] = []
    in_table = False
    for line in doc.lines(doc.body_start, doc.body_end):
        if TABLE_HEADING.match(line.text):
            in_table = True
            continue
        if not in_table:
            continue
        if line.blank:
            if rows:
                in_table = False
            continue
        row = ROW.match(line.text)
        if row:
            begins = int(row.group("from"))
            ends = int(row.group("to") or begins)
            rows.append(TimelineRow(begins, ends,
                                    span(doc, line.start + row.start("text"), line.start + row.end("text"))))
        elif rows and line.text[:1].isspace():
            rows.append(TimelineRow(rows[-1].begins, rows[-1].ends, span(doc, line.start, line.end)))
        else:
            in_table = False
    return rows
