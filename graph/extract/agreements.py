"""Agreements: the sentence that says one was signed (`…を締結`), its kind, date, parties, purpose and scope."""

from __future__ import annotations

import datetime as dt
import re

from ..facts import Span
from ..source import SourceDocument
from .found import Signing
from .morphology import morphemes, phrase_start
from .spans import sentences, span

# An agreement is found by its act (`締結`, `合意`, `調印`, `提携を行い`) and the agreement noun phrase the act
# takes as its object (`包括的業務提携契約を締結`, `委託契約を締結`, `覚書の締結`, `…として参画することで合意`).
_ACT = re.compile(r"締結|調印|署名|合意|行い|行った|交わし|結び|結ん")
_HEADS = (
    r"コーポレートパートナー(?:として|に)[^、。]{0,8}?(?:参画|参加)(?:する)?こと",
    r"Memorandum of Understanding",
    r"Letter of Intent",
    r"Partnership Agreement",
    r"MoU|MOU|LOI|LoI|Agreement",
    r"基本合意書|基本合意|意向表明書|意向表明|合意書|覚書|契約書|契約|協定書|協定|提携|パートナーシップ",
)
_OBJECT = re.compile(
    r"(?P<head>" + "|".join(_HEADS) + r")(?:\s*\([^()]*\))?\s*(?:を|に|で|の|について)?\s*"
    r"(?:\d{4}年\d{1,2}月\d{1,2}日(?:\([月火水木金土日]\))?(?:に|付で|付けで)?、?\s*)?$"
)
_OBJECT_REACH = 100  # characters before the act in which its object (name, parenthesis, date) must stand
# (pattern over the agreement's noun phrase and what qualifies it, ontology class), first match wins.
_KIND_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), kind)
    for pattern, kind in (
        (r"コーポレートパートナー", "CorporatePartnerContract"),
        (r"資本(?:業務)?提携|資本業務契約", "CapitalAndBusinessAlliance"),
        (r"基本合意", "BasicAgreement"),
        (r"意向表明|Letter of Intent|LOI|LoI", "LetterOfIntent"),
        (r"覚書|Memorandum of Understanding|MoU|MOU", "MemorandumOfUnderstanding"),
        (r"提携", "BusinessAlliance"),
        (r"委託|受託", "CommissionContract"),
        (r"支援(?:を受ける|を得る|に関する|契約)", "SupportContract"),
        (r"パートナーシップ|Partnership|協定", "Partnership"),
        (r"契約|Contract", "Contract"),
        (r"Agreement", "Agreement"),
    )
)
DATE = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日(?:\s*\([月火水木金土日]\))?")
_TODAY = re.compile(r"本日")
_PURPOSE = re.compile(r"「(?P<purpose>[^」]+)」(?:の実現)?を(?:目指し|目的と)")
_PURPOSE_PLAIN = re.compile(r"(?:、|について、)(?P<purpose>[^、。「」]{4,80}?)を目的とした")
_SCOPE = re.compile(r"(?P<areas>[^\s、。「」()]+?)分野")


def find_signings(
    doc: SourceDocument, start: int, end: int, issued: dt.date | None = None
) -> list[Signing]:
    """Sentences in [start, end) that state an agreement was made; one per agreement they name.

    `issued` is the release's own date: a signing `本日` (today) took place on it.
    """
    text = doc.folded
    quotes = speech_quotes(text, start, end)
    found = []
    for sentence_start, sentence_end in sentences(text, start, end):
        sentence = text[sentence_start:sentence_end]
        named: set[int] = set()
        for act in _ACT.finditer(sentence):
            if any(a <= sentence_start + act.start() < b for a, b in quotes):
                continue  # what someone says in a comment is not the release's statement
            obj = _OBJECT.search(sentence, max(0, act.start() - _OBJECT_REACH), act.start())
            if obj is None or obj.start("head") in named:
                continue
            named.add(obj.start("head"))
            head_start, head_end = obj.start("head"), obj.end("head")
            qualified = sentence[_clause_start(sentence, head_start) : head_end]
            kind = next((k for pattern, k in _KIND_RULES if pattern.search(qualified)), None)
            if kind is None:
                continue
            name_start = _name_start(sentence, head_start, head_end)
            date, date_span = _signing_date(doc, sentence_start, sentence, name_start, act.start(), issued)
            purpose = _PURPOSE.search(sentence) or _PURPOSE_PLAIN.search(sentence)
            found.append(
                Signing(
                    kind=kind,
                    name=span(doc, sentence_start + name_start, sentence_start + head_end),
                    sentence=span(doc, sentence_start, sentence_end),
                    signed_on=date,
                    signed_on_span=date_span,
                    purpose=span(
                        doc, sentence_start + purpose.start("purpose"), sentence_start + purpose.end("purpose")
                    )
                    if purpose
                    else None,
                )
            )
    return found


def speech_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Quoted speech in [start, end): `「…」` holding a full stop (a name or purpose in 「」 does not)."""
    quotes, depth, opened = [], 0, 0
    for mark in _QUOTE_MARK.finditer(text, start, end):
        if mark.group() == "「":
            if depth == 0:
                opened = mark.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0 and "。" in text[opened : mark.start()]:
                quotes.append((opened, mark.end()))
    if depth and "。" in text[opened:end]:  # a quote the capture cuts short
        quotes.append((opened, end))
    return quotes


_QUOTE_MARK = re.compile(r"[「」]")


def _clause_start(sentence: str, at: int) -> int:
    """Start of the clause holding `at`: after the last `、` or `は、` before it."""
    cut = max(sentence.rfind("、", 0, at), sentence.rfind("。", 0, at))
    return cut + 1


def _name_start(sentence: str, head_start: int, head_end: int) -> int:
    """The agreement's name: the noun phrase that ends with its head (`包括的業務提携契約`)."""
    if not sentence[head_start:head_end].endswith(
        ("契約", "契約書", "提携", "協定", "協定書", "合意", "合意書", "覚書")
    ):
        return head_start
    clause = _clause_start(sentence, head_start)
    start = clause + phrase_start(sentence[clause:head_end])
    if sentence[start:head_end] in ("契約", "契約書"):
        # `支援を受けるための契約`: a bare 契約 is named by what qualifies it, after its parties (`…との`)
        cuts = [sentence.rfind(p, clause, start) + len(p)
                for p in ("との", "から", "と", "で", "は") if p in sentence[clause:start]]
        qualifier = max([clause, *cuts])
        if head_end - qualifier <= 40:
            return qualifier
    return start


def find_scope_areas(doc: SourceDocument, start: int, end: int) -> list[Span]:
    """`月面輸送・運航分野` names the areas an agreement covers, split at `・`."""
    areas = []
    for match in _SCOPE.finditer(doc.folded, start, end):
        at = match.start("areas")
        for piece in match.group("areas").split("・"):
            if piece and not piece.endswith(("の", "な")):
                areas.append(span(doc, at, at + len(piece)))
            at += len(piece) + 1
    return areas


def _signing_date(
    doc: SourceDocument, offset: int, sentence: str, name: int, act: int, issued: dt.date | None
) -> tuple[dt.date | None, Span | None]:
    """The day an agreement was made: `…日に` or `…日、` before the act, `…日付で` with no other verb before the
    agreement's name, or `本日` (the release's own date).

    Other dates in the sentence (`…日付で採択を受けた`, `…月より開始`) are about something else.
    """
    marked = []
    for date in DATE.finditer(sentence, 0, act):
        after = sentence[date.end() : date.end() + 3]
        if after[:1] in ("に", "、") or (
            after.startswith(("付で", "付け")) and not _has_verb(sentence[date.end() : name])
        ):
            marked.append(date)
    if marked:
        date = marked[-1]
        return _date(date), span(doc, offset + date.start(), offset + date.end())
    today = _TODAY.search(sentence, 0, act)
    if today and issued:
        return issued, span(doc, offset + today.start(), offset + today.end())
    return None, None


def _has_verb(text: str) -> bool:
    return any(m.pos[0] == "動詞" and m.surface not in ("関する", "関し", "おける", "向けた", "対する")
               for m in morphemes(text))


def _date(match: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
