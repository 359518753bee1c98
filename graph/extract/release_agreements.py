"""The agreements a Japanese release states: one per kind and date, each with the parties that sign it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Protocol

from ..facts import Agreement, ScopeMention, Span
from ..source import SourceDocument
from .agreements import find_scope_areas, find_signings
from .aliases import Aliases
from .names import collapse_spaces
from .ordered import unique
from .organisations import OrganisationFindings
from .parties import with_parties_by_count


def find_agreements(
    doc: SourceDocument, orgs: OrganisationFindings, aliases: Aliases, title: Span | None, issued: dt.date | None
) -> list[Agreement]:
    """One agreement per kind and date; sentences that repeat it (the headline) add spans, not agreements.

    The sentence naming the most parties states an agreement first, so a headline naming one party and the
    agreement cannot stand in for the body's sentence that names both.
    """
    by_key: dict[str, Agreement] = {}
    signings = [
        (s, with_parties_by_count(doc, orgs, aliases, s.sentence, _parties(doc, orgs, aliases, s.sentence)))
        for s in find_signings(doc, doc.body_start, doc.body_end, issued)
    ]
    for signing, parties in sorted(signings, key=lambda sp: (sp[0].signed_on is None, -len(sp[1]), sp[0].name.start)):
        sentence = signing.sentence
        # The same agreement told again: same kind and no other date, in the headline (which may name a party by its
        # group: `ispaceとJALグループ、…基本合意書を締結`) or naming no party the first telling did not.
        headline = title is not None and title.start <= signing.name.start < title.end
        same = next(
            (
                a
                for a in by_key.values()
                if a.kind == signing.kind and (headline or len(parties) < 2 or set(parties) <= set(a.parties))
            ),
            None,
        )
        if same and (signing.signed_on is None or signing.signed_on == same.signed_on):
            by_key[same.key] = with_span(same, signing.name)
            continue
        scopes = find_scope_areas(doc, sentence.start, sentence.end)
        if title and not scopes:
            scopes = find_scope_areas(doc, title.start, title.end)
        agreement = signed_agreement(
            signing,
            parties,
            purpose=signing.purpose.exact if signing.purpose else None,
            purpose_span=signing.purpose,
            scopes=tuple(ScopeMention(collapse_spaces(s.exact), s) for s in scopes),
            carried_out_through=_carried_out_through(doc, aliases),
        )
        by_key[agreement.key] = agreement
    return [a for a in by_key.values() if len(a.parties) >= 2]


# After an organisation's name (and its header clause), `の` makes it qualify the next noun
# (`株式会社ispace(…)の子会社である…`): it is not a party. `…の4社は` and `…の両社は` still count them.
_GENITIVE = re.compile(r"\s*(?:\([^()]*\)\s*)*の(?!\s*(?:\d+|[二三四五六七八九十両])社)")


def _parties(doc: SourceDocument, orgs: OrganisationFindings, aliases: Aliases, sentence: Span) -> list[str]:
    """The organisations a sentence states as acting: those it introduces, else those it mentions by name."""
    text = doc.folded
    introduced = [
        (start, end, key) for start, end, key in sorted(orgs.introduced_at) if sentence.start <= start < sentence.end
    ]
    parties = unique(key for _, end, key in introduced if not _GENITIVE.match(text, end))
    if len(parties) >= 2:
        return parties
    mentioned = aliases.mentions(text[sentence.start : sentence.end])
    return unique(key for _, end, key in mentioned if not _GENITIVE.match(text, sentence.start + end))


class Signed(Protocol):
    """What a reader of either language finds of a signing: the agreement's kind, its name and its date."""

    @property
    def kind(self) -> str: ...

    @property
    def name(self) -> Span: ...

    @property
    def signed_on(self) -> dt.date | None: ...

    @property
    def signed_on_span(self) -> Span | None: ...


def signed_agreement(
    signing: Signed,
    parties: Iterable[str],
    *,
    purpose: str | None = None,
    purpose_span: Span | None = None,
    scopes: tuple[ScopeMention, ...] = (),
    carried_out_through: str | None = None,
    instance: str | None = None,
) -> Agreement:
    """The agreement `signing` states between `parties`, labelled with its name as written."""
    return Agreement(
        kind=signing.kind,
        label=collapse_spaces(signing.name.exact),
        parties=tuple(sorted(set(parties))),
        spans=(signing.name,),
        signed_on=signing.signed_on,
        signed_on_span=signing.signed_on_span,
        purpose=purpose,
        purpose_span=purpose_span,
        scopes=scopes,
        carried_out_through=carried_out_through,
        instance=instance,
    )


def with_span(agreement: Agreement, extra: Span) -> Agreement:
    """`agreement` told again at `extra`: the span joins its spans."""
    return replace(agreement, spans=tuple(sorted(set(agreement.spans) | {extra})))


def _carried_out_through(doc: SourceDocument, aliases: Aliases) -> str | None:
    """`本協業は、…ispace EUROPEを通じて実施されます`: the entity that carries the collaboration out."""
    match = re.search(r"(?P<who>[^、。]+?)を通じて実施", doc.folded[doc.body_start : doc.body_end])
    if not match:
        return None
    mentioned = aliases.mentioned(match["who"])
    return mentioned[-1] if mentioned else None
