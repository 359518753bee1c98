"""Compare one release's graph facts with its gold, fact by fact: correct, wrong, missed or invented.

Two steps. First, each organisation and person of the graph is paired with the gold entry it is about (same
folded name; else another name the gold lists for it; else a name that holds the other), so a wrong name costs
one wrong fact and the posts, short names and agreements of that organisation still count. Second, each kind of
fact is compared: a graph fact equal to a gold fact (same subject, same folded value; parties as sets) is correct;
left-over facts about the same subject are paired as wrong (the most alike first; for agreements, only if they
share a party); the rest are missed (gold only) or invented (graph only).

precision = correct / (correct + wrong + invented), recall = correct / (correct + wrong + missed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import cast

from .gold import KINDS_OF_KEY, Gold
from .graph_facts import GraphFacts
from .matching import contains, fold_name, loose, text_similarity

KINDS = tuple(kind for kinds in KINDS_OF_KEY.values() for kind in kinds)
# Kinds with one value per subject: any two left-over facts about the same subject are one wrong fact.
_SINGLE_VALUED = {"title", "release_date", "organisation", "head_office", "country", "person", "programme"}
OUTCOMES = ("correct", "wrong", "missed", "invented")
AgreementValue = tuple[str, frozenset[str], dt.date | None]  # kind, parties, signing date
ReferenceValue = tuple[str | None, dt.date | None]  # address, date
MilestoneValue = tuple[int | None, int | None, frozenset[str]]  # first and last year, organisations involved


@dataclass(frozen=True)
class Fact:
    kind: str
    key: tuple[str, ...]  # what the fact is about, as paired subjects ("org:0", "person:1", or a graph IRI)
    value: object  # what it says, folded: compared for equality
    shown: str  # how the report prints it


@dataclass(frozen=True)
class Finding:
    kind: str
    outcome: str  # one of OUTCOMES
    gold: str | None = None
    found: str | None = None


@dataclass(frozen=True)
class Tally:
    correct: int = 0
    wrong: int = 0
    missed: int = 0
    invented: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.correct + other.correct,
            self.wrong + other.wrong,
            self.missed + other.missed,
            self.invented + other.invented,
        )

    @property
    def gold(self) -> int:
        return self.correct + self.wrong + self.missed

    @property
    def found(self) -> int:
        return self.correct + self.wrong + self.invented

    @property
    def precision(self) -> float | None:
        return self.correct / self.found if self.found else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.gold if self.gold else None


def tally(findings: Iterable[Finding]) -> Tally:
    counts = {outcome: 0 for outcome in OUTCOMES}
    for finding in findings:
        counts[finding.outcome] += 1
    return Tally(**counts)


def score(gold: Gold, found: GraphFacts | None) -> tuple[Finding, ...]:
    """Every gold and graph fact of one release with its outcome; `found=None` (a refused release) misses all."""
    gold_facts = gold_side(gold)
    found_facts = graph_side(gold, found) if found is not None else []
    findings: list[Finding] = []
    for kind in KINDS:
        findings += compare(
            kind, [f for f in gold_facts if f.kind == kind], [f for f in found_facts if f.kind == kind]
        )
    return tuple(findings)


# -- the gold's facts -----------------------------------------------------------------------------------------


def gold_side(gold: Gold) -> list[Fact]:
    facts = []
    if gold.title is not None:
        facts.append(Fact("title", (), fold_name(gold.title), gold.title))
    if gold.issued is not None:
        facts.append(Fact("release_date", (), gold.issued, gold.issued.isoformat()))
    for i, org in enumerate(gold.organisations):
        key = (f"org:{i}",)
        facts.append(Fact("organisation", key, fold_name(org.name), org.name))
        facts += [Fact("short_name", key, fold_name(s), f"{org.name}: {s}") for s in org.short_names]
        if org.head_office:
            facts.append(
                Fact("head_office", key, fold_name(org.head_office), f"{org.name}: {org.head_office}")
            )
        if org.country:
            facts.append(Fact("country", key, org.country, f"{org.name}: {org.country}"))
    for i, person in enumerate(gold.people):
        facts.append(Fact("person", (f"person:{i}",), fold_name(person.name), person.name))
    for post in gold.posts:
        who, where = gold.people[post.person].name, gold.organisations[post.organisation].name
        facts.append(
            Fact(
                "post",
                (f"person:{post.person}", f"org:{post.organisation}"),
                fold_name(post.title),
                f"{who}, {where}: {post.title}",
            )
        )
    for agreement in gold.agreements:
        parties = frozenset(f"org:{p}" for p in agreement.parties)
        names = [gold.organisations[p].name for p in agreement.parties]
        facts.append(_agreement_fact(agreement.kind, parties, names, agreement.signed_on))
    for speaker in gold.speakers:
        facts.append(Fact("statement", (f"person:{speaker}",), None, f"by {gold.people[speaker].name}"))
    facts += [_reference_fact(reference.address, reference.issued) for reference in gold.references]
    facts += [Fact("programme", (f"programme:{i}",), fold_name(p.name), p.name) for i, p in enumerate(gold.programmes)]
    for milestone in gold.milestones:
        names = [gold.organisations[o].name for o in milestone.involves]
        involves = frozenset(f"org:{o}" for o in milestone.involves)
        facts.append(_milestone_fact(milestone.begins, milestone.ends, involves, names))
    return facts


# -- the graph's facts, about the gold's subjects where they are the same ------------------------------------


def graph_side(gold: Gold, found: GraphFacts) -> list[Fact]:
    orgs = align_organisations(gold, found)
    people = align_people(gold, found)
    org_names = {o.iri: o.name for o in found.organisations}
    person_names = {p.iri: p.name for p in found.people}
    facts = []
    if found.title is not None:
        facts.append(Fact("title", (), fold_name(found.title), found.title))
    if found.issued is not None:
        facts.append(Fact("release_date", (), found.issued, found.issued.isoformat()))
    for org in found.organisations:
        key: tuple[str, ...] = (orgs.get(org.iri, org.iri),)
        paired = gold.organisations[int(key[0][4:])] if org.iri in orgs else None
        facts.append(Fact("organisation", key, fold_name(org.name), org.name))
        written = {fold_name(w) for w in paired.written} if paired else set()
        for short in org.short_names:  # a written form kept as an alternative label is neither right nor wrong
            if fold_name(short) not in written:
                facts.append(Fact("short_name", key, fold_name(short), f"{org.name}: {short}"))
        facts += [Fact("head_office", key, fold_name(a), f"{org.name}: {a}") for a in org.head_offices]
        facts += [Fact("country", key, c, f"{org.name}: {c}") for c in org.countries]
    for person in found.people:
        pid = people.get(person.iri)
        value = fold_name(person.name)
        if pid is not None and value in {fold_name(n) for n in gold.people[int(pid[7:])].names()}:
            value = fold_name(gold.people[int(pid[7:])].name)  # another name the gold gives the same person
        facts.append(Fact("person", (pid or person.iri,), value, person.name))
    for post in found.posts:
        key = (people.get(post.person, post.person), orgs.get(post.organisation, post.organisation))
        shown = (f"{person_names.get(post.person, post.person)}, "
                 f"{org_names.get(post.organisation, post.organisation)}: {post.title}")
        facts.append(Fact("post", key, fold_name(post.title), shown))
    for agreement in found.agreements:
        parties = frozenset(orgs.get(p, p) for p in agreement.parties)
        names = [org_names.get(p, p) for p in agreement.parties]
        facts.append(_agreement_fact(agreement.kind, parties, names, agreement.signed_on))
    for speaker in found.speakers:
        facts.append(
            Fact(
                "statement", (people.get(speaker, speaker),), None, f"by {person_names.get(speaker, speaker)}"
            )
        )
    facts += [_reference_fact(reference.address, reference.issued) for reference in found.references]
    for programme in found.programmes:
        # Paired with the gold programme any of its labels names; its name (the preferred label) must be the gold's.
        labels = {fold_name(n) for n in programme.names}
        index = next((i for i, g in enumerate(gold.programmes) if labels & {fold_name(n) for n in g.names()}), None)
        name = programme.names[0] if programme.names else programme.iri
        key = (f"programme:{index}",) if index is not None else (programme.iri,)
        facts.append(Fact("programme", key, fold_name(name), name))
    for milestone in found.milestones:
        involves = frozenset(orgs.get(o, o) for o in milestone.involves)
        names = [org_names.get(o, o) for o in milestone.involves]
        facts.append(_milestone_fact(milestone.begins, milestone.ends, involves, names))
    return facts


Pass = Callable[[int, str, str], bool]  # (gold entry index, graph IRI, graph name) → same subject?


def _align(entries: int, found: list[tuple[str, str]], passes: list[Pass], prefix: str) -> dict[str, str]:
    """Pair graph resources (iri, name) with gold entries one to one, pass by pass, in a stable order."""
    paired: dict[str, str] = {}
    taken: set[int] = set()
    for matches in passes:
        for i in range(entries):
            if i in taken:
                continue
            for iri, name in sorted(found):
                if iri not in paired and matches(i, iri, name):
                    paired[iri] = f"{prefix}:{i}"
                    taken.add(i)
                    break
    return paired


def align_organisations(gold: Gold, found: GraphFacts) -> dict[str, str]:
    """Graph organisation IRI → gold organisation ("org:N"): by legal name, then other names, then containment."""
    orgs = gold.organisations
    short = {o.iri: o.short_names for o in found.organisations}

    def same_name(i: int, iri: str, name: str) -> bool:
        return fold_name(name) == fold_name(orgs[i].name)

    def other_name(i: int, iri: str, name: str) -> bool:
        others = {fold_name(n) for n in (*orgs[i].short_names, *orgs[i].written)}
        return fold_name(name) in others or any(fold_name(s) in others for s in short[iri])

    def holds(
        i: int, iri: str, name: str
    ) -> bool:  # short names are too short to be held safely (JAL in JALUX)
        names = (orgs[i].name, *orgs[i].written)
        return any(loose(n) == loose(name) or contains(name, n) or contains(n, name) for n in names)

    return _align(
        len(orgs), [(o.iri, o.name) for o in found.organisations], [same_name, other_name, holds], "org"
    )


def align_people(gold: Gold, found: GraphFacts) -> dict[str, str]:
    """Graph person IRI → gold person ("person:N"): by any of the gold's names, then spaces and case aside, then
    containment."""
    people = gold.people

    def same_name(i: int, iri: str, name: str) -> bool:
        return fold_name(name) in {fold_name(n) for n in people[i].names()}

    def holds(i: int, iri: str, name: str) -> bool:
        return any(
            loose(n) == loose(name) or contains(name, n) or contains(n, name) for n in people[i].names()
        )

    return _align(len(people), [(p.iri, p.name) for p in found.people], [same_name, holds], "person")


# -- comparing one kind -------------------------------------------------------------------------------------


def compare(kind: str, gold: list[Fact], found: list[Fact]) -> list[Finding]:
    """Correct facts first, then wrong pairs (same subject, most alike first), then missed and invented."""
    findings: list[Finding] = []
    left = list(found)
    unmatched: list[Fact] = []
    for fact in gold:
        same = next((f for f in left if f.key == fact.key and f.value == fact.value), None)
        if same is None:
            unmatched.append(fact)
        else:
            left.remove(same)
            findings.append(Finding(kind, "correct", fact.shown, same.shown))
    pairs = sorted(
        (
            (similarity(kind, g.value, f.value), i, j)
            for i, g in enumerate(unmatched)
            for j, f in enumerate(left)
            if g.key == f.key
        ),
        key=lambda p: (-p[0], p[1], p[2]),
    )
    used_gold: set[int] = set()
    used_found: set[int] = set()
    for alike, i, j in pairs:
        if i in used_gold or j in used_found or (alike <= 0 and kind not in _SINGLE_VALUED):
            continue
        used_gold.add(i)
        used_found.add(j)
        findings.append(Finding(kind, "wrong", unmatched[i].shown, left[j].shown))
    findings += [Finding(kind, "missed", gold=f.shown) for i, f in enumerate(unmatched) if i not in used_gold]
    findings += [Finding(kind, "invented", found=f.shown) for j, f in enumerate(left) if j not in used_found]
    return findings


def similarity(kind: str, gold: object, found: object) -> float:
    """How alike two values about the same subject are, from 0 to 1; decides which left-overs pair as wrong."""
    if kind == "agreement":
        return _agreement_similarity(cast(AgreementValue, gold), cast(AgreementValue, found))
    if kind == "milestone":
        (g_begins, g_ends, g_orgs), (f_begins, f_ends, f_orgs) = cast(MilestoneValue, gold), cast(MilestoneValue, found)
        return 0.0 if (g_begins, g_ends) != (f_begins, f_ends) else 0.5 + 0.5 * float(g_orgs == f_orgs)
    if kind == "reference":
        (g_address, g_issued), (f_address, f_issued) = cast(ReferenceValue, gold), cast(ReferenceValue, found)
        if g_address is not None and g_address == f_address:
            return 1.0
        return 0.5 if g_issued is not None and g_issued == f_issued else 0.0
    if isinstance(gold, str) and isinstance(found, str):
        return text_similarity(gold, found)
    return float(gold == found)


def _agreement_similarity(gold: AgreementValue, found: AgreementValue) -> float:
    """Agreements pair only when they share a party; then kind, parties (Jaccard) and date weigh alike."""
    (g_kind, g_parties, g_date), (f_kind, f_parties, f_date) = gold, found
    union = g_parties | f_parties
    shared = len(g_parties & f_parties) / len(union) if union else 0.0
    return 0.0 if not shared else (float(g_kind == f_kind) + shared + float(g_date == f_date)) / 3


def _agreement_fact(kind: str, parties: frozenset[str], names: list[str], signed_on: dt.date | None) -> Fact:
    """One agreement fact, the same on both sides: its value (kind, parties, date) and how it is shown."""
    shown = (f"{kind} between {' / '.join(sorted(names))}, "
             f"signed {signed_on.isoformat() if signed_on else 'on no stated date'}")
    return Fact("agreement", (), (kind, parties, signed_on), shown)


def _milestone_fact(begins: int | None, ends: int | None, involves: frozenset[str], names: list[str]) -> Fact:
    """One milestone fact, the same on both sides: its years and the organisations it involves."""
    years = f"{begins}" if begins == ends else f"{begins}-{ends}"
    shown = f"{years}: {' / '.join(sorted(names)) or 'no organisation named'}"
    return Fact("milestone", (), (begins, ends, involves), shown)


def _reference_fact(address: str | None, issued: dt.date | None) -> Fact:
    """One reference fact, the same on both sides."""
    shown = " ".join(part for part in (f"release of {issued.isoformat()}" if issued else "undated release", address)
                     if part)
    return Fact("reference", (), (address, issued), shown)
