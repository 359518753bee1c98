"""The partnership timeline table `【…の歩み】`: one row per year or year range, continuation lines below.

    2015年     JALがHAKUTOのコーポレートパートナーとして支援
    2018-2022年  JALECがランダー組立・試験支援…
              ミッション1 ランダーフライトモデル推進系配管の航空輸送   ← same period, its own milestone
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..facts import Span
from ..source import SourceDocument
from .agreements import find_signings, speech_quotes
from .morphology import morphemes
from .spans import sentences, span

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


# History told in prose: `2010年に設立されました`, `2017年12月に…を締結しました`,
# `2018年10月より、JALは…を開始しました`.
_PROSE_DATE = re.compile(
    r"(?P<y>\d{4})\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?(?:\s*\([月火水木金土日]\))?"
    r"\s*(?:には|に|より|から)"
)
_PAST = re.compile(r"(?:た|だ)\s*[。.]?\s*$")  # the sentence ends in the past tense: `…しました。`, `…した。`
# Notes and citations are not the release's history: `(*1)2017年12月13日付プレスリリース`, `※…`, `[i] …`.
_NOTE = re.compile(r"^\s*(?:\(?\*\d+\)?|※|\[[ivx\d]+\])")
_CITED = re.compile(r"日付\s*(?:の)?\s*(?:プレス|ニュース)?リリース")


def find_prose_history(doc: SourceDocument, names_a_party: Callable[[str], bool]) -> list[TimelineRow]:
    """Dated past acts told in sentences: one milestone per sentence, spanning it.

    Only a sentence that ends in the past tense and names a party (`names_a_party`) counts; a date that
    qualifies a noun (`2022年に打ち上げたミッション1`), a future plan (`…より開始します`), what someone says
    in a quote, notes and cited releases do not, nor a sentence stating an agreement signed on a given day
    (`2社は、2025年11月28日に…基本合意書を締結しました`): that is the agreement, dated by its `ckg:signedOn`.
    """
    text = doc.folded
    quotes = speech_quotes(text, doc.body_start, doc.body_end)
    table = [(row.text.start, row.text.end) for row in find_timeline(doc)]
    rows: list[TimelineRow] = []
    for start, end in sentences(text, doc.body_start, doc.body_end):
        sentence = text[start:end]
        if _NOTE.match(text, text.rfind("\n", 0, start) + 1) or _CITED.search(sentence) or not _PAST.search(sentence):
            continue
        for date in _PROSE_DATE.finditer(text, start, end):
            at = date.start()
            if any(a <= at < b for a, b in quotes) or any(a <= at < b for a, b in table):
                continue
            if _qualifies_a_noun(text[date.end() : end]) or not names_a_party(text[start:end]):
                continue
            if any(s.signed_on is not None for s in find_signings(doc, start, end)):
                break  # an agreement signed on a stated day: read as the agreement, whose ckg:signedOn is that day
            # The whole sentence: its subject (`ispaceは`) may stand before the date.
            first = start + len(sentence) - len(sentence.lstrip())
            stop = end - (1 if text[end - 1] == "\n" else 0)
            rows.append(TimelineRow(int(date["y"]), int(date["y"]), span(doc, first, stop)))
            break  # one milestone per sentence: its first dated act
    return rows


def _qualifies_a_noun(after_date: str) -> bool:
    """The first verb after the date, with its auxiliaries, stands before a noun: a relative clause.

    A comma right after the date (`2018年10月より、JALは…`) makes it qualify the sentence's own predicate.
    """
    clause = re.split(r"[、,。]", after_date[:80], maxsplit=1)[0]
    found = morphemes(clause)
    for i, m in enumerate(found):
        if m.pos[0] != "動詞":
            continue
        j = i + 1
        while j < len(found) and (found[j].pos[0] in ("助動詞", "動詞") or found[j].pos[:2] == ("接尾辞", "動詞的")):
            j += 1
        return j < len(found) and found[j].pos[0] in ("名詞", "代名詞")
    return False
