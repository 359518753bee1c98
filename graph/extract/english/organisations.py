"""Organisations in an English release: where each is introduced, its legal name, short name and stock code.

- a legal form ends the name: `ispace, inc. (ispace)`, `Sky Co., Ltd. (Sky)`, `mu Space and Advance Technology
  Co., Ltd., (mu Space)`, `Example Corp. (TSE: 1234)`; the words before it that read as a name begin it
- an appositive introduces a company without a form: `Draper, a company with a heritage …`, `Telespazio, a joint
  venture between Leonardo (67%) and Thales (33%)`
- a list of partners: `with partners that include General Atomics Electromagnetic Systems, ispace and …`
- a unit of a known company: `ispace-Europe, ispace’s European entity`
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ...facts import HeadOffice, Organisation, OrgRelation, Span
from ...source import SourceDocument
from ..spans import span

LEGAL_FORM = re.compile(
    r",?\s+(?:Co\.,?\s*Ltd\.?|Company,?\s+Limited|Pty\.?\s+Ltd\.?|[Ii]nc\.|Incorporated|Corp\.|Corporation|Ltd\.|Limited"
    r"|L\.?L\.?C\.?(?![A-Za-z])|GmbH|AG(?![A-Za-z])|S\.A\.S\.|S\.A\.|S\.p\.A\.|SE(?![A-Za-z])|[Pp][Ll][Cc](?![A-Za-z])"
    r"|N\.V\.|B\.V\.|K\.K\.)"
)
_FORM_ONLY = re.compile(r"^\s*" + LEGAL_FORM.pattern.removeprefix(r",?\s+") + r"\s*$")
_NAME_WORD = re.compile(r"(?:[A-Z0-9][\w’'&.\-]*|[a-z]+[\-]?[A-Z][\w’'&.\-]*|&)$")
_CONNECTOR = frozenset({"and", "of", "for", "de", "du", "&"})
# Capitalised words that open a sentence or a clause, never a company's name.
_NOT_NAME = frozenset(
    ["The", "A", "An", "Today", "Recently", "Both", "Under", "As", "At", "In", "On", "With", "By", "For", "From",
     "According", "Its", "Their", "This", "These", "That", "Our", "We", "Mr", "Ms", "Mrs", "Dr"]
)
# A name of up to eight words, starting at a word: bounded, so scanning a long run of capitalised words stays
# linear.
NAME = (r"(?<![\w’'&.\-])(?:[A-Z][\w’'&.\-]*|[a-z]+-?[A-Z][\w’'&.\-]*)"
        r"(?:\s+(?:[A-Z0-9][\w’'&.\-]*|&|of|and(?=\s+[A-Z]))){0,7}")
_PAREN = re.compile(r"\s*,?\s*\((?P<inner>[^()\n]{1,80})\)")
_STOCK = re.compile(
    r"(?:(?:TSE|TYO|TOKYO|Tokyo|NYSE|NASDAQ|Nasdaq|LSE|Tokyo Stock Exchange)"
    r"(?:\s+(?:Growth|Prime|Standard|Mothers))?\s*[:：]?\s*"
    r"|(?:securities|stock|ticker)\s+code\s*[:：]?\s*)(?P<code>[0-9A-Z]{3,6})\b",
    re.IGNORECASE,
)
_APPOSITIVE = re.compile(
    rf"(?:^|(?<=[.;]\s)|(?<=\band\s)|(?<=\bwith\s)|(?<=\bbetween\s))(?P<name>{NAME}),\s+(?:a|an)\s+(?P<what>[^,;.]{{0,160}}?)"
    r"\b(?P<noun>company|firm|provider|manufacturer|maker|operator|startup|start-up|joint venture|developer"
    r"|integrator|group|corporation|contractor|supplier|leader|organi[sz]ation|institute|university)\b",
    re.MULTILINE,
)
_VENTURE = re.compile(
    rf",\s+a\s+joint\s+venture\s+(?:between|of)\s+(?P<a>{NAME})\s*(?:\((?P<ap>\d+(?:\.\d+)?)\s*%\))?"
    rf"\s+and\s+(?P<b>{NAME})\s*(?:\((?P<bp>\d+(?:\.\d+)?)\s*%\))?"
)
_PARTNER_LIST = re.compile(
    r"\b(?:partners|team\s+members|members)\s+(?:that|which|who)?\s*(?:include|includes|including|are)\s*:?\s+(?P<list>[^.;:]+)"
)
_UNIT = re.compile(
    rf"(?P<name>{NAME}|[a-z]+(?:-[A-Za-z]+)+),\s+(?P<parent>{NAME}|[a-z]+)[’']s\s+(?:[A-Za-z.]+\s+){{0,2}}"
    r"(?:entity|subsidiary|affiliate|arm|unit|office)\b"
)
_HEADQUARTERED = (
    r",\s+(?:headquartered|based|located)\s+in\s+"
    r"(?P<place>[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*)*(?:,\s+[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*)*)*?)"
    r"(?=,\s+[a-z]|\s*[.;)]|,\s+(?:is|was|has|became)\b)"
)


def org_key(name: str) -> str:
    """The company's identity: its name without legal form or spaces, as the Japanese reader keys it (`ispace`)."""
    core = LEGAL_FORM.sub("", name).strip(" ,")
    return re.sub(r"\s+", "", core)


def core_name(name: str) -> str:
    return LEGAL_FORM.sub("", name).strip(" ,")


@dataclass
class EnglishOrganisations:
    doc: SourceDocument
    found: dict[str, Organisation] = field(default_factory=dict)
    relations: list[OrgRelation] = field(default_factory=list)
    head_offices: list[HeadOffice] = field(default_factory=list)
    order: list[tuple[int, str]] = field(default_factory=list)  # (offset introduced, key)

    def add(self, name: Span, short: str | None = None, code: str | None = None) -> str | None:
        text = re.sub(r"\s+", " ", name.exact).strip()
        key = org_key(text)
        if not re.search(r"\w", key) or text in _NOT_NAME:
            return None
        known = self.found.get(key)
        if known is None:
            self.found[key] = Organisation(key, text, "company", (name,), short, code)
            self.order.append((name.start, key))
        else:
            legal = known.name if LEGAL_FORM.search(known.name) else text
            spans = tuple(sorted(set(known.spans) | {name}))
            self.found[key] = Organisation(key, legal, "company", spans, known.short_name or short,
                                           known.securities_code or code)
        return key

    def frozen(self) -> tuple[Organisation, ...]:
        return tuple(self.found[key] for _, key in sorted(self.order))


def find_organisations(doc: SourceDocument, text: str) -> EnglishOrganisations:
    """`text` is the folded release with quotations blanked out: what a speaker says introduces no company."""
    orgs = EnglishOrganisations(doc)
    start, end = doc.body_start, doc.body_end
    for form in LEGAL_FORM.finditer(text, start, end):
        _legal_name(doc, text, orgs, form)
    for match in _APPOSITIVE.finditer(text, start, end):
        if not LEGAL_FORM.search(match["name"]) and not _FORM_ONLY.match(match["name"]):
            orgs.add(span(doc, match.start("name"), match.end("name")))
        venture = _VENTURE.match(text, match.end("name"))
        if venture:
            _venture(doc, orgs, match, venture)
    for match in _PARTNER_LIST.finditer(text, start, end):
        for item_start, item_end in _list_items(text, match.start("list"), match.end("list")):
            orgs.add(span(doc, item_start, item_end))
    for match in _UNIT.finditer(text, start, end):
        parent = org_key(match["parent"])
        if parent in orgs.found and org_key(match["name"]) != parent:
            child = orgs.add(span(doc, match.start("name"), match.end("name")))
            if child:
                orgs.relations.append(
                    OrgRelation(child, "regional-subsidiary", parent, span(doc, match.start(), match.end()))
                )
    _head_offices(doc, text, orgs)
    return orgs


def _legal_name(doc: SourceDocument, text: str, orgs: EnglishOrganisations, form: re.Match[str]) -> None:
    begin = _name_start(text, doc.body_start, form.start(), _brands(text, doc.body_start, doc.body_end))
    if begin is None:
        return
    # The word before the name may begin it after all, when the short name starts with it (`mu` of `mu Space`).
    reach = text[max(doc.body_start, begin - 40) : form.end()]
    short, code, at = None, None, form.end()
    while paren := _PAREN.match(text, at):  # `(ispace) (TOKYO: 9348)`: a short name and a code, in either order
        found_short, found_code = _short_and_code(paren["inner"], text[begin : form.end()], reach)
        short, code, at = short or found_short, code or found_code, paren.end()
    if short and not text[begin:].startswith(short):
        before = text[max(doc.body_start, begin - len(short) - 1) : begin]
        first = short.split()[0]
        if before.rstrip().endswith(first) and before[-1:] == " ":  # `mu Space and Advance … (mu Space)`
            begin -= len(first) + 1
    orgs.add(span(doc, begin, form.end()), short, code)


def _brands(text: str, start: int, end: int) -> frozenset[str]:
    """Lower-case words the release opens a sentence with (`ispace, headquartered in …`, `mu Space currently …`):
    English capitalises a sentence's first word, so one left in lower case is a name written that way."""
    opening = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=[.!?]”\s))[ \t]*([a-z][a-z0-9\-]*)(?=[\s,’'])", re.MULTILINE)
    return frozenset(m.group(1) for m in opening.finditer(text, start, end)) - _FUNCTION_WORDS


_FUNCTION_WORDS = frozenset(["the", "a", "an", "and", "or", "but", "with", "for", "of", "in", "on", "at", "by", "to",
                            "from", "as", "this", "that", "these", "its", "our", "we", "it"])


def _name_start(text: str, floor: int, end: int, brands: frozenset[str] = frozenset()) -> int | None:
    """Where the name before a legal form begins: the run of name words before it (and a brand written in lower
    case in front of them: `ispace Europe S.A.`), or one lower-case brand word alone (`ispace, inc.`)."""
    tokens = [(m.start(), m.group()) for m in re.finditer(r"\S+", text[max(floor, end - 200) : end])]
    offset = max(floor, end - 200)
    begin: int | None = None
    for at, token in reversed(tokens):
        if token in _NOT_NAME or token.endswith((",", ";", ":", ")", "”", "\"")) or token.startswith(("(", "“")):
            break
        if _NAME_WORD.match(token) or (token in _CONNECTOR and begin is not None):
            begin = offset + at
            continue
        break
    if begin is not None:
        before = [(at, token) for at, token in tokens if offset + at < begin]
        if before and before[-1][1] in brands:
            begin = offset + before[-1][0]
    while begin is not None:  # a name does not begin with a connector (`and Sky Co., Ltd.`)
        word = re.match(r"\S+", text[begin:end])
        if word and word.group() in _CONNECTOR:
            nxt = re.search(r"\S", text[begin + len(word.group()) : end])
            begin = begin + len(word.group()) + nxt.start() if nxt else None
        else:
            break
    if begin is None and tokens:  # `ispace, inc.`: a brand written in lower case, just before the form
        at, token = tokens[-1]
        brand = re.fullmatch(r"[–—\-]?([a-z][a-z0-9\-]*)", token)  # `2025 –ispace, inc.`: a dash may cling to it
        if brand and offset + at + len(token) == end:
            begin = offset + at + brand.start(1)
    return begin


def _short_and_code(inner: str, name: str, reach: str) -> tuple[str | None, str | None]:
    """`(ispace)`, `(“ispace”)`, `(hereinafter “Sky”)`, `(TSE: 9348)`, `(ispace, TSE 9348)`."""
    code = None
    if stock := _STOCK.search(inner):
        code = stock["code"]
        inner = inner[: stock.start()] + inner[stock.end() :]
    for piece in re.split(r"[,;]", inner):
        candidate = re.sub(r"^\s*(?:hereinafter|hereafter)?\s*(?:referred\s+to\s+as\s+)?(?:the\s+)?", "", piece)
        candidate = candidate.strip(" “”\"'‘’")
        if candidate and len(candidate.split()) <= 5 and (
            candidate.lower() in reach.lower() or _abbreviates(candidate, name)
        ):
            return candidate, code
    return None, code


def _abbreviates(short: str, name: str) -> bool:
    """A short name is a stretch of the name or its letters in order (`JAL` for `Japan Airlines`)."""
    if short.lower() in name.lower():
        return True
    letters = [c.lower() for c in short if c.isalnum()]
    rest = iter(name.lower())
    return bool(letters) and short[0].lower() == name.strip()[0].lower() and all(c in rest for c in letters)


def _venture(doc: SourceDocument, orgs: EnglishOrganisations, match: re.Match[str], venture: re.Match[str]) -> None:
    key = org_key(match["name"])
    for owner, share in (("a", "ap"), ("b", "bp")):
        owner_key = orgs.add(span(doc, venture.start(owner), venture.end(owner)))
        if owner_key and key in orgs.found:
            percent = float(venture[share]) if venture[share] else None
            orgs.relations.append(
                OrgRelation(key, "joint-venture", owner_key, span(doc, venture.start(), venture.end()), percent)
            )


def _list_items(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Names in `A, B and C`: each item that reads as a name (capitalised words, or one brand word)."""
    for item in re.finditer(r"[^,]+", text[start:end]):
        for part in re.split(r"\s+and\s+", item.group()):
            offset = start + item.start() + item.group().find(part)
            words = part.strip()
            if not words:
                continue
            lead = offset + part.find(words)
            if re.fullmatch(NAME, words) or re.fullmatch(r"[a-z][a-z0-9\-]+", words):
                yield lead, lead + len(words)


def _head_offices(doc: SourceDocument, text: str, orgs: EnglishOrganisations) -> None:
    names = sorted({n for o in orgs.found.values() for n in (o.name, o.short_name, core_name(o.name)) if n},
                   key=len, reverse=True)
    if not names:
        return
    alias = "|".join(re.escape(n) for n in names)
    for match in re.finditer(rf"(?<![\w-])(?P<org>{alias})(?:\s*\([^()]*\))?{_HEADQUARTERED}", text[: doc.body_end]):
        if match.start() < doc.body_start:
            continue
        key = next(o.key for o in orgs.found.values() if match["org"] in (o.name, o.short_name, core_name(o.name)))
        orgs.head_offices.append(HeadOffice(key, match["place"], span(doc, match.start("place"), match.end("place"))))
