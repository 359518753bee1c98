"""A Japanese release's timeline rows as milestones, with the programmes, missions and agreement they concern."""

from __future__ import annotations

import re

from ..facts import Milestone
from ..source import SourceDocument
from .aliases import Aliases
from .names import collapse_spaces
from .programmes import MISSION, ProgrammeFindings, mission_key
from .timeline import find_prose_history, find_timeline

_THIS_MATTER = "(本件)"


def find_milestones(
    doc: SourceDocument, aliases: Aliases, programmes: ProgrammeFindings, main: str | None
) -> tuple[Milestone, ...]:
    owners = sorted(set(programmes.named_as_programme))
    owner = owners[0] if len(owners) == 1 else None
    names = sorted(programmes.programmes, key=len, reverse=True)
    milestones = []
    for row in [*find_timeline(doc), *find_prose_history(doc, lambda text: bool(aliases.mentioned(text)))]:
        text = doc.folded[row.text.start : row.text.end]
        concerns = [n for n in names if re.search(re.escape(n) + r"(?![A-Za-z0-9\-])", text)]
        concerns = [n for n in concerns if not any(o != n and n in o and o in concerns for o in concerns)]
        concerns += [mission_key(owner, m["n"]) for m in MISSION.finditer(text)]
        if _THIS_MATTER in text and main:
            concerns.append(main)
        milestones.append(Milestone(row.begins, row.ends, collapse_spaces(row.text.exact), row.text,
                                    aliases.mentioned(text), tuple(concerns)))
    return tuple(milestones)
