"""Programmes and missions: `プログラム「HAKUTO-R」`, `チーム「HAKUTO」`, `Moonlight計画`, `ミッション1`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..facts import Programme, Span
from ..source import SourceDocument
from .spans import span

_QUOTED_AFTER = re.compile(r"(?P<kind>プログラム|チーム)「(?P<name>[^」]{1,30})」")
_NAMED_BEFORE = re.compile(r"(?<![A-Za-z0-9\-])(?P<name>[A-Za-z][A-Za-z0-9\-]*)(?P<kind>プログラム|計画)")
MISSION = re.compile(r"(?:ミッション|Mission)\s*(?P<n>\d+)")


@dataclass
class ProgrammeFindings:
    programmes: dict[str, list[Span]] = field(default_factory=dict)
    named_as_programme: list[str] = field(default_factory=list)  # introduced with the word プログラム
    missions: dict[str, list[Span]] = field(default_factory=dict)

    def freeze(self) -> tuple[Programme, ...]:
        # A mission belongs to the one programme the release calls a プログラム, when there is exactly one.
        owners = sorted(set(self.named_as_programme))
        owner = owners[0] if len(owners) == 1 else None
        programmes = [Programme(k, k, "programme", tuple(sorted(s))) for k, s in self.programmes.items()]
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
    for pattern in (_QUOTED_AFTER, _NAMED_BEFORE):
        for match in pattern.finditer(text, doc.body_start, doc.body_end):
            name = match.group("name")
            found.programmes.setdefault(name, [])
            if match.group("kind") == "プログラム":
                found.named_as_programme.append(name)
    # Every later mention of a known name (longest first: HAKUTO-R before HAKUTO) is a span of it.
    if found.programmes:
        names = sorted(found.programmes, key=len, reverse=True)
        mention = re.compile("|".join(re.escape(n) for n in names) + r"(?![A-Za-z0-9\-])")
        for match in mention.finditer(text, doc.body_start, doc.body_end):
            found.programmes[match.group()].append(span(doc, match.start(), match.end()))
    for match in MISSION.finditer(text, doc.body_start, doc.body_end):
        found.missions.setdefault(match.group("n"), []).append(span(doc, match.start(), match.end()))
    return found
