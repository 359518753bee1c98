"""How organisations relate, as stated in prose.

- `JALの100%子会社であり、…株式会社JALエンジニアリング(以下JALEC)` — subsidiary, with its share when given
  (`株式会社ispace(…)の子会社であるispace Europe S.A.`)
- `JALグループの商社であるJALUX` — member of a corporate group
- `伊Leonardo社 (出資比率67%) と 仏Thales 社(出社比率33%)の合弁企業である伊Telespazio社` — joint venture
- `ispaceの欧州法人であるispace- EUROPE S.A.` — regional subsidiary
"""

from __future__ import annotations

import re

from ..facts import OrgRelation
from ..source import SourceDocument
from .aliases import Aliases
from .names import org_key
from .organisations import OrganisationFindings
from .spans import span

_SUBSIDIARY = re.compile(r"の(?:(?P<share>\d+(?:\.\d+)?)%)?子会社(?=である|であり|の|、)")
_GROUP_MEMBER = re.compile(
    r"(?P<group>[A-Za-z0-9\-]+グループ|[^\s、。「」()A-Za-z]{2,10}グループ)の[^\s、。「」]{1,12}?である"
)
_SHARE = re.compile(
    r"(?P<owner>(?:[伊仏米独英欧]\s*)?[A-Za-z][\w.\- ]*?\s*社|[^\s、。「」()]+?)"
    r"\s*\(出.比率\s*(?P<share>\d+(?:\.\d+)?)%\)"
)
_JOINT_VENTURE = re.compile(r"の合弁(?:企業|会社)である")
_REGIONAL = re.compile(r"の(?P<region>欧州|米国|北米|南米|アジア|中国|海外|現地)?法人である")


def find_relations(doc: SourceDocument, findings: OrganisationFindings, aliases: Aliases) -> list[OrgRelation]:
    text = doc.folded
    relations: list[OrgRelation] = []
    named_at = sorted((s.start, key) for key, f in findings.organisations.items() for s in f.spans)

    def next_organisation(after: int, limit: int = 120) -> str | None:
        """The organisation whose name first appears after `after` (within the same stretch of text)."""
        return next((key for start, key in named_at if after <= start <= after + limit), None)

    def organisation_ending_at(end: int) -> str | None:
        while end > doc.body_start and text[end - 1] == ")":  # `株式会社ispace(…)(証券コード…)の子会社`
            opened = text.rfind("(", doc.body_start, end)
            if opened < 0:
                break
            end = opened
        window = text[max(doc.body_start, end - 40) : end]
        for cut in range(len(window)):
            found = aliases.prefix(window[cut:])
            if found and found[1] == len(window) - cut:
                return found[0]
        return None

    for match in _SUBSIDIARY.finditer(text, doc.body_start, doc.body_end):
        parent, child = organisation_ending_at(match.start()), next_organisation(match.end())
        if parent and child and parent != child:
            relations.append(
                OrgRelation(
                    child,
                    "subsidiary",
                    parent,
                    span(doc, match.start(), match.end()),
                    float(match["share"]) if match["share"] else None,
                )
            )
    for match in _GROUP_MEMBER.finditer(text, doc.body_start, doc.body_end):
        member = aliases.prefix(text[match.end() : match.end() + 40])
        if member:
            group = span(doc, match.start("group"), match.end("group"))
            if findings.add_organisation(group.exact, group, kind="group") is None:
                continue
            relations.append(
                OrgRelation(member[0], "group-member", org_key(group.exact), span(doc, match.start(), match.end()))
            )
    for match in _JOINT_VENTURE.finditer(text, doc.body_start, doc.body_end):
        venture = next_organisation(match.end(), limit=2)
        sentence_start = max(text.rfind("。", doc.body_start, match.start()),
                             text.rfind("\n", doc.body_start, match.start())) + 1
        if venture is None:
            continue
        for owner in _SHARE.finditer(text, sentence_start, match.start()):
            name = re.sub(r"^(?:と|及び|および)", "", owner["owner"])
            owner_span = span(doc, owner.end("owner") - len(name), owner.end("owner"))
            owner_key = findings.add_organisation(owner_span.exact, owner_span)
            if owner_key is None:
                continue
            relations.append(
                OrgRelation(venture, "joint-venture", owner_key, span(doc, owner.start(), match.end()),
                            float(owner["share"]))
            )
    for match in _REGIONAL.finditer(text, doc.body_start, doc.body_end):
        parent, child = organisation_ending_at(match.start()), next_organisation(match.end(), limit=2)
        if parent and child and parent != child:
            relations.append(OrgRelation(child, "regional-subsidiary", parent, span(doc, match.start(), match.end())))
    return relations

