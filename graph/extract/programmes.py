"""Programmes and missions: `プログラム「HAKUTO-R」`, `「HAKUTO-R」プログラム`, `プログラムHAKUTO-R`,
`チーム「HAKUTO」`, `Moonlight計画`, `「…」ミッション`, `Moonlight Lunar … Services(以下LNCS)プログラム`,
and `ミッション1`.

A programme named again by the first words of its name (`Moonlight計画` after `Moonlight Lunar Navigation …
プログラム`) or by the short name it was given (`以下LNCS`) is the same programme.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..facts import Agreement, Programme, Span
from ..source import SourceDocument
from .spans import span

_QUOTED_AFTER = re.compile(r"(?P<kind>プログラム|チーム)「(?P<name>[^」]{1,30})」")
_QUOTED_BEFORE = re.compile(r"「(?P<name>[^」「。]{1,30})」(?P<kind>プログラム|計画|ミッション)")
_LATIN_AFTER = re.compile(r"(?P<kind>プログラム)(?P<name>[A-Z][A-Za-z0-9\-]*[A-Za-z0-9])(?![A-Za-z0-9\-])")
# A Latin name of one or more words, with the short name it is given, before `プログラム` or `計画`.
_NAMED_BEFORE = re.compile(
    r"(?<![A-Za-z0-9\-])(?P<name>[A-Za-z][A-Za-z0-9\-]*(?: [A-Za-z][A-Za-z0-9\-]*){0,7})"
    r"\s*(?:\(以下\s*(?P<short>[A-Za-z][A-Za-z0-9\-]{1,15})\))?\s*(?P<kind>プログラム|計画)"
)
MISSION = re.compile(r"(?:ミッション|Mission)\s*(?P<n>\d+)")


@dataclass
class ProgrammeFindings:
    programmes: dict[str, list[Span]] = field(default_factory=dict)
    named_as_programme: list[str] = field(default_factory=list)  # introduced with the word プログラム
    also: dict[str, list[str]] = field(default_factory=dict)  # programme → the other names it goes by
    missions: dict[str, list[Span]] = field(default_factory=dict)

    def freeze(self) -> tuple[Programme, ...]:
        # A mission belongs to the one programme the release calls a プログラム, when there is exactly one.
        owners = sorted(set(self.named_as_programme))
        owner = owners[0] if len(owners) == 1 else None
        programmes = [
            Programme(k, k, "programme", tuple(sorted(set(s))), also=tuple(self.also.get(k, ())))
            for k, s in self.programmes.items()
        ]
        missions = [
            Programme(mission_key(owner, n), f"ミッション{n}", "mission", tuple(sorted(s)), owner)
            for n, s in self.missions.items()
        ]
        return tuple(programmes + missions)


def mission_key(programme: str | None, number: str) -> str:
    return f"{programme or 'unknown'}/{number}"


def find_programmes(doc: SourceDocument) -> ProgrammeFindings:
    text = doc.folded
    found = ProgrammeFindings()
    short_names: dict[str, str] = {}
    for pattern in (_QUOTED_AFTER, _QUOTED_BEFORE, _LATIN_AFTER, _NAMED_BEFORE):
        for match in pattern.finditer(text, doc.body_start, doc.body_end):
            name = match.group("name").strip()
            found.programmes.setdefault(name, [])
            if match.group("kind") == "プログラム":
                found.named_as_programme.append(name)
            if pattern is _NAMED_BEFORE and match["short"]:
                short_names[match["short"]] = name
    # `Moonlight` for `Moonlight Lunar …`, or a short name: another name of the same programme.
    canonical: dict[str, str] = {}
    for name in list(found.programmes):
        longer = [n for n in found.programmes if n != name and n.startswith(name + " ")]
        if len(longer) == 1:
            canonical[name] = longer[0]
    for short, name in short_names.items():
        found.programmes.pop(short, None)
        canonical[short] = canonical.get(name, name)
    for name, owner in canonical.items():
        found.programmes.pop(name, None)
        found.also.setdefault(owner, []).append(name)
    found.named_as_programme = [canonical.get(n, n) for n in found.named_as_programme]
    # Every mention of a known name (longest first: HAKUTO-R before HAKUTO) is a span of its programme.
    if found.programmes:
        names = sorted([*found.programmes, *canonical], key=len, reverse=True)
        mention = re.compile(r"(?<![A-Za-z0-9\-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![A-Za-z0-9\-])")
        for match in mention.finditer(text, doc.body_start, doc.body_end):
            owner = canonical.get(match.group(), match.group())
            found.programmes[owner].append(span(doc, match.start(), match.end()))
    for match in MISSION.finditer(text, doc.body_start, doc.body_end):
        found.missions.setdefault(match.group("n"), []).append(span(doc, match.start(), match.end()))
    return found


def about_programmes(
    doc: SourceDocument, agreements: list[Agreement], programmes: tuple[Programme, ...]
) -> list[Agreement]:
    """Each agreement with the programmes named before its name in a sentence that states it."""
    text = doc.folded
    named = [(p.key, s.start) for p in programmes if p.kind == "programme" for s in p.spans]
    linked = []
    for agreement in agreements:
        about: list[str] = []
        for found in agreement.spans:
            # Japanese puts what an agreement is about before its name, in the same sentence.
            start = max(text.rfind("。", 0, found.start), text.rfind("\n", 0, found.start)) + 1
            about += [key for key, at in named if start <= at < found.start and key not in about]
        linked.append(replace(agreement, programmes=tuple(sorted(about))) if about else agreement)
    return linked
