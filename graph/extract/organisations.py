"""Organisations, their head offices and representatives, from company header clauses.

A release introduces each company once, e.g.
`日本航空株式会社(東京都品川区、代表取締役社長:鳥取三津子、以下「JAL」)`, written with or without
`所在地:`, with `:` or `：`, ASCII or full-width brackets, `以下「X」` or `以下X`, extra parentheticals such
as `(証券コード9348)`, and names spaced or followed by `氏`. Companies named only in prose
(`…伊Telespazio社との間で`) and the issuing companies under the date line are found here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from ..facts import HeadOffice, Organisation, Post, Span
from ..source import DATE_LINE, SourceDocument
from .agreements import speech_quotes
from .countries import country_of, prefix_country
from .morphology import morphemes, phrase_ending, phrase_morphemes
from .names import (
    LEGAL_FORMS,
    collapse_spaces,
    is_name,
    looks_like_organisation,
    names_an_institution,
    org_key,
    person_key,
    plain_name,
)
from .spans import span

_HEADER_HINT = re.compile(r"以下|所在地|代表|本社")
_TITLE_WORD = re.compile(r"代表|社長|CEO|取締役|会長|執行役員|President|理事長|Chairman|頭取")
_SHORT_NAME = re.compile(r"^\s*以下\s*[、,:]?\s*[「『\"]?(?P<short>[^」』\"]+?)[」』\"]?\s*$")
_LOCATION = re.compile(r"^\s*(?:所在地|本社|本店)\s*:\s*(?P<address>.+?)\s*$")
_ADDRESS = re.compile(r"^\s*(?P<address>(?:東京都|北海道|京都府|大阪府|\S{2,3}県)\S*?|\S+?[市区町村])\s*$")
_PERSON = re.compile(r"^\s*(?P<title>[^:]+?)\s*:\s*(?P<name>.+?)\s*$")
_SECURITIES = re.compile(r"証券コード\s*:?\s*(?P<code>\d{4})")
_CONNECTIVES = re.compile(r"^(?:\s|と|及び|および|並びに|ならびに|や)+")
_COUNTERPARTY_MARK = "との間で"
_RUN = re.compile(r"[^、。「」\n]+")  # a name before the mark never crosses these
# Descriptions that stand in front of a Latin-script name (`宇宙教育企業Orbital Space …`), not part of it.
_LATIN = re.compile(r"[A-Za-z]")
# Words that stand for companies named elsewhere (`同社`, `当社`, `両社`, `4社`), never a company's own name:
# `extract.parties` resolves them to the organisations they refer to.
_BY_REFERENCE = re.compile(r"(?:同|当|両|弊|本|各|他|[二三四五六七八九十]|\d{1,2})\s*社")


@dataclass
class _Found:
    """Organisation facts gathered for one key before they are frozen."""

    name: str
    kind: str
    spans: list[Span] = field(default_factory=list)
    short_name: str | None = None
    securities_code: str | None = None
    written: list[str] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)  # every country the text gives it; one is kept

    def write(self, form: str) -> None:
        """Keep a written form of the name (`伊Telespazio社`) that differs from the name recorded."""
        form = collapse_spaces(form)
        if form != self.name and form != self.short_name and form not in self.written:
            self.written.append(form)


@dataclass
class OrganisationFindings:
    organisations: dict[str, _Found] = field(default_factory=dict)
    head_offices: list[HeadOffice] = field(default_factory=list)
    people: dict[str, list[Span]] = field(default_factory=dict)
    posts: list[Post] = field(default_factory=list)
    issuers: list[str] = field(default_factory=list)
    # Where a company is introduced as an actor (header clause or `…との間で`): candidates for agreement parties.
    introduced_at: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, key)

    def add_organisation(self, name: str, name_span: Span, kind: str = "company") -> str | None:
        """Record an organisation by its key; None when the name has nothing left once its legal form goes."""
        key = org_key(name)
        if not is_name(key) or _BY_REFERENCE.fullmatch(collapse_spaces(name)):
            return None
        found = self.organisations.setdefault(key, _Found(plain_name(name), kind))
        found.write(name)
        if country := prefix_country(collapse_spaces(name)):
            found.countries.add(country)
        if name_span not in found.spans:
            found.spans.append(name_span)
        return key

    def known_as(self, name: str) -> str | None:
        """The organisation already found under this name, short name or written form."""
        name = collapse_spaces(name)
        for key, found in self.organisations.items():
            if name in (found.name, found.short_name, *found.written) or org_key(name) == key:
                return key
        return None

    def add_person(self, name_span: Span) -> str:
        key = person_key(name_span.exact)
        self.people.setdefault(key, [])
        if name_span not in self.people[key]:
            self.people[key].append(name_span)
        return key

    def frozen_organisations(self) -> tuple[Organisation, ...]:
        return tuple(
            Organisation(
                key,
                f.name,
                f.kind,
                tuple(sorted(f.spans)),
                f.short_name,
                f.securities_code,
                tuple(f.written),
                next(iter(f.countries)) if len(f.countries) == 1 else None,  # two countries: the text is unclear
            )
            for key, f in self.organisations.items()
        )


def find_organisations(doc: SourceDocument) -> OrganisationFindings:
    findings = OrganisationFindings()
    _read_header_clauses(doc, findings)
    _read_issuers(doc, findings)
    _read_counterparties(doc, findings)
    _read_sentence_parties(doc, findings)
    for found in findings.organisations.values():
        found.countries.update(c for c in (country_of(doc, s) for s in found.spans) if c is not None)
    return findings


def _read_header_clauses(doc: SourceDocument, findings: OrganisationFindings) -> None:
    text = doc.folded
    last_key, last_close = None, -1
    for open_at, close_at in _parentheses(text, doc.body_start, doc.body_end):
        content = text[open_at + 1 : close_at]
        code = _SECURITIES.search(content)
        if code and last_key and not text[last_close + 1 : open_at].strip():
            findings.organisations[last_key].securities_code = code.group("code")
            continue
        if not _HEADER_HINT.search(content):
            continue
        name_span = _name_before(doc, open_at)
        describes_company = any(_TITLE_WORD.search(item) for _, item in _items(content)) or "所在地" in content
        if name_span is None or not (describes_company or names_an_institution(name_span.exact)):
            continue
        key = findings.add_organisation(name_span.exact, name_span)
        if key is None:
            continue
        findings.introduced_at.append((name_span.start, close_at + 1, key))
        _read_items(doc, findings, key, open_at + 1, content)
        last_key, last_close = key, close_at


def _read_items(doc: SourceDocument, findings: OrganisationFindings, key: str, offset: int, content: str) -> None:
    """The comma-separated items of a header clause: address, representative, short name."""
    representative: tuple[str, Span] | None = None
    for at, item in _items(content):
        start = offset + at
        if short := _SHORT_NAME.match(item):
            found = findings.organisations[key]
            written = short.group("short").strip()
            found.short_name = found.short_name or plain_name(written)
            found.write(written)
            findings.organisations[key].spans.append(
                span(doc, start + short.start("short"), start + short.end("short"))
            )
        elif location := (_LOCATION.match(item) or _ADDRESS.match(item)):
            address = span(doc, start + location.start("address"), start + location.end("address"))
            findings.head_offices.append(HeadOffice(key, collapse_spaces(address.exact), address))
        elif (person := _PERSON.match(item)) and _TITLE_WORD.search(person.group("title")):
            title = span(doc, start + person.start("title"), start + person.end("title"))
            name = _person_span(doc, start + person.start("name"), start + person.end("name"))
            if not is_name(person_key(name.exact)):
                continue
            representative = (collapse_spaces(title.exact), name)
            person_id = findings.add_person(name)
            findings.posts.append(Post(person_id, key, representative[0], (title, name)))


def _person_span(doc: SourceDocument, start: int, end: int) -> Span:
    """A person's name as written, without a trailing honorific."""
    found = span(doc, start, end)
    trimmed = re.sub(r"\s*(?:氏|様)$", "", found.exact)
    return span(doc, found.start, found.start + len(trimmed))


def _read_issuers(doc: SourceDocument, findings: OrganisationFindings) -> None:
    """Companies listed under the date line (or after it on the same line) issue the release."""
    date_line = doc.date_line
    if date_line is None:
        return
    candidates: list[tuple[int, int]] = []
    trailing = DATE_LINE.fullmatch(date_line.text)
    if trailing and trailing["rest"]:
        candidates.append((date_line.start + trailing.start("rest"), date_line.end))
    for line in doc.lines(date_line.end + 1, doc.body_end):
        if line.blank:
            break
        candidates.append((line.start, line.end))
    for start, end in candidates:
        issuer = span(doc, start, end)
        if looks_like_organisation(issuer.exact) and len(issuer.exact) <= 40 and "、" not in issuer.exact:
            key = findings.add_organisation(issuer.exact, issuer)
            if key is not None and key not in findings.issuers:
                findings.issuers.append(key)


def _read_counterparties(doc: SourceDocument, findings: OrganisationFindings) -> None:
    """`…伊Telespazio社との間で` names a party that has no header clause."""
    text = doc.folded
    for start, end in _counterparty_names(text, doc.body_start, doc.body_end):
        name = text[start:end]
        for joiner in ("である", "であり"):
            if joiner in name:
                cut = name.rindex(joiner) + len(joiner)
                start, name = start + cut, name[cut:]
        stripped = _CONNECTIVES.sub("", name)
        start += len(name) - len(stripped)
        if stripped and looks_like_organisation(stripped):
            found = span(doc, noun_phrase_start(text, start, end), end)
            if not found.exact:
                continue
            key = findings.add_organisation(found.exact, found)
            if key is not None:
                findings.introduced_at.append((found.start, found.end, key))


def _counterparty_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where the names before `との間で` lie: in each run of text without a delimiter, from the run's start (or
    the previous mark) to the next mark. Linear in the text's length: a lazy pattern such as
    `[^、。]+?との間で` retries from every position of a long line, quadratic in its length."""
    found = []
    for run in _RUN.finditer(text, start, end):
        floor, at = run.start(), text.find(_COUNTERPARTY_MARK, run.start(), run.end())
        while at != -1:
            if at > floor:  # a mark right at the floor names nobody; the next mark's name then begins with it
                found.append((floor, at))
                floor = at + len(_COUNTERPARTY_MARK)
            at = text.find(_COUNTERPARTY_MARK, at + 1, run.end())
    return found


def _read_sentence_parties(doc: SourceDocument, findings: OrganisationFindings) -> None:
    """`…は、米Intuitive Machines社と覚書を締結`: a party the agreement's sentence names with `と` or `から` only.

    The noun phrase before the particle must name an organisation by its form (`株式会社`, `社`, `大学`, …) and
    by a proper name (a proper noun or Latin script), so `両社と` or `連携機関と` are not parties.
    """
    text = doc.folded
    quotes = speech_quotes(text, doc.body_start, doc.body_end)
    for start, end in _act_sentences(text, doc.body_start, doc.body_end):
        sentence = text[start:end]
        found_here = morphemes(sentence)
        for index, particle in enumerate(found_here):
            if particle.pos[0] != "助詞" or particle.surface not in ("と", "から"):
                continue
            if any(a <= start + particle.start < b for a, b in quotes):
                continue  # named inside someone's comment
            before = index
            if before and found_here[before - 1].surface in (")", "）"):  # `宇宙航空研究開発機構(JAXA)と`
                opened = next((i for i in range(before - 1, -1, -1) if found_here[i].surface in ("(", "（")), None)
                before = opened if opened is not None else before
            phrase = phrase_ending(found_here, before)
            if not phrase:
                continue
            end_at = start + phrase[-1].end
            name_start = noun_phrase_start(text, start + phrase[0].start, end_at)
            found = span(doc, name_start, end_at)
            proper = any(m.pos[:2] == ("名詞", "固有名詞") or _LATIN.search(m.surface) for m in phrase)
            if not (found.exact and proper and names_an_institution(found.exact)) or len(found.exact) > 60:
                continue
            if findings.known_as(found.exact):
                continue  # a name the release has already introduced (`東京科学大学` after `以下東京科学大学`)
            key = findings.add_organisation(found.exact, found)
            if key is not None and not any(at == found.start for at, _, _ in findings.introduced_at):
                findings.introduced_at.append((found.start, found.end, key))


_ACT_WORD = re.compile(r"締結|調印|合意|提携")


def _act_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences in [start, end) that state an act of agreement."""
    sentences, at = [], start
    for stop in [m.end() for m in re.finditer(r"[。\n]", text[start:end])] + [end - start]:
        if _ACT_WORD.search(text, at, start + stop):
            sentences.append((at, start + stop))
        at = start + stop
    return sentences


def _parentheses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(open, close) offsets of top-level parentheses in [start, end) of folded text."""
    pairs, stack = [], []
    for i in range(start, end):
        if text[i] == "(":
            stack.append(i)
        elif text[i] == ")" and stack:
            opened = stack.pop()
            if not stack:
                pairs.append((opened, i))
        elif text[i] == "\n":
            stack.clear()
    return pairs


def _items(content: str) -> list[tuple[int, str]]:
    """Split a clause at `、` (or `,`), keeping each item's offset within the clause.

    Some releases separate the items with spaces instead (`本社:愛知県名古屋市 会長兼社長:尾堂真一 以下:「X」`):
    a space before `label:` or before `以下` also ends an item (a space inside a name does not).
    """
    pieces: list[tuple[int, str]] = []
    at = 0
    for piece in re.split(r"[、,]", content):
        cuts = [0, *_label_starts(piece), len(piece)]
        pieces += [(at + a, piece[a:b]) for a, b in pairwise(cuts) if a == 0 or piece[a:b].strip()]
        at += len(piece) + 1
    items: list[tuple[int, str]] = []
    for start, piece in pieces:
        if items and items[-1][1].strip() == "以下":  # `以下、JALEC`: the comma is inside the item
            items[-1] = (items[-1][0], content[items[-1][0] : start + len(piece)])
        else:
            items.append((start, piece))
    return items


def _label_starts(piece: str) -> list[int]:
    """Where space-separated items begin inside one `、`-item: at `以下`, or at the label before a `:`.

    A label is the run of words before the colon that name a post or a place (`代表取締役社長 兼 CEO:`, `本社:`),
    so a space inside a post does not split it, and the value before it (`東京都港区`) keeps no part of it.
    """
    starts = []
    for colon in re.finditer(":", piece):
        words = list(re.finditer(r"\S+", piece[: colon.start()]))
        at = len(words) - 1
        while at > 0 and ":" not in words[at - 1].group() and (
            _TITLE_WORD.search(words[at - 1].group()) or words[at - 1].group() in ("兼", "&", "and")
        ):
            at -= 1
        if at > 0:
            starts.append(words[at].start())
    starts += [m.start() for m in re.finditer(r"(?<=\s)以下", piece)]
    return sorted({s for s in starts if s > 0})


def _name_before(doc: SourceDocument, open_at: int) -> Span | None:
    """The company name that a header clause follows, back to the previous clause boundary."""
    text = doc.folded
    start = open_at
    while start > doc.body_start and text[start - 1] not in "、。\n「」『』):":
        start -= 1
    name = text[start:open_at]
    for joiner in ("である", "であり", "の4社は"):
        if joiner in name:
            cut = name.rindex(joiner) + len(joiner)
            start, name = start + cut, name[cut:]
    stripped = _CONNECTIVES.sub("", name)
    start += len(name) - len(stripped)
    start = noun_phrase_start(text, start, open_at)
    found = span(doc, start, open_at)
    if not found.exact or len(found.exact) > 60:
        return None
    return found


def noun_phrase_start(text: str, start: int, end: int) -> int:
    """Where the name ending at `end` begins: the noun phrase, without a description before a Latin name.

    `…を開発するヨーロッパのPlus Ultra Space Outposts社` → `Plus Ultra Space Outposts社`;
    `アラブ首長国連邦の宇宙教育企業Orbital Space …` → `Orbital Space …`; `株式会社ispace` keeps its form, and a
    one-letter country prefix (`伊Telespazio社`) stays for the name's written form.
    """
    phrase = phrase_morphemes(text[start:end])
    if not phrase:
        return end
    first_latin = next((i for i, m in enumerate(phrase) if _LATIN.search(m.surface)), None)
    if first_latin:
        before = phrase[:first_latin]
        described = sum(len(m.surface) for m in before) >= 2 and all(
            m.common_noun and m.surface not in LEGAL_FORMS for m in before
        )
        if described:
            return start + phrase[first_latin].start
    return start + phrase[0].start
