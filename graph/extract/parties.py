"""Parties an agreement's sentence names by a count or a reference instead of a name.

`両社は…覚書を締結しました` (both companies), `三社`/`4社` (three, four companies), `同社と…` (that company) and
`当社は…` (our company) stand for organisations the release introduced before. They are resolved only when the
count matches the candidates exactly; otherwise the sentence keeps the parties it names, and an agreement left
with fewer than two is dropped, so its sentence is listed as not understood.
"""

from __future__ import annotations

import re

from ..facts import Span
from ..source import SourceDocument
from .aliases import Aliases
from .organisations import OrganisationFindings

_NUMERALS = {"両": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# A count of companies acting: `両社は`, `3社が`, `両社で`, `両社間で`, `三社の間で`, `4社による`, `両社として`.
# `両社の能力` or `両社ならでは` qualify a noun and name nobody as a party.
_COUNTED = re.compile(
    r"(?<![A-Za-z0-9社])(?P<n>[両二三四五六七八九十]|[2-9]|1[0-9])\s*社"
    r"(?=\s*(?:は|が|で|間|の間|による|により|として|共同|とも|、))"
)
_THAT_COMPANY = re.compile(r"同社(?=\s*(?:と|は|が|との|から|、))")
_OUR_COMPANY = re.compile(r"当社(?=\s*(?:と|は|が|との|から|、))")


def with_parties_by_count(
    doc: SourceDocument, orgs: OrganisationFindings, aliases: Aliases, sentence: Span, parties: list[str]
) -> list[str]:
    """`parties` completed by the organisations the sentence names by a count or by `同社`/`当社`.

    A sentence that already names two parties or more is left as it is.
    """
    if len(parties) >= 2:
        return parties
    text = doc.folded
    counted = _COUNTED.search(text, sentence.start, sentence.end)
    if counted:
        wanted = _count(counted["n"])
        for candidates in (_introduced_before(orgs, sentence.start), list(orgs.issuers)):
            if len(candidates) == wanted and set(parties) <= set(candidates):
                return candidates
        return parties
    resolved = list(parties)
    if _THAT_COMPANY.search(text, sentence.start, sentence.end):
        named = [k for k in _last_named_before(doc, aliases, sentence.start) if k not in resolved]
        if len(named) == 1:
            resolved += named
    if _OUR_COMPANY.search(text, sentence.start, sentence.end):
        ours = [k for k in orgs.issuers if k not in resolved]
        if len(orgs.issuers) == 1 and len(ours) == 1:
            resolved += ours
    return resolved


def _count(numeral: str) -> int:
    return _NUMERALS.get(numeral) or int(numeral)


def _introduced_before(orgs: OrganisationFindings, at: int) -> list[str]:
    """The organisations introduced as actors (header clause, `…との間で`) before `at`, each once, in order."""
    keys: list[str] = []
    for start, _, key in sorted(orgs.introduced_at):
        if start < at and key not in keys:
            keys.append(key)
    return keys


def _last_named_before(doc: SourceDocument, aliases: Aliases, at: int) -> list[str]:
    """The organisations named in the nearest sentence before `at` that names any: what `同社` refers back to."""
    text = doc.folded
    stop = at
    while stop > doc.body_start:
        start = max(text.rfind("。", doc.body_start, stop - 1), text.rfind("\n", doc.body_start, stop - 1)) + 1
        start = max(start, doc.body_start)
        named = list(aliases.mentioned(text[start:stop]))
        if named:
            return named
        stop = start
    return []
