"""Gold files: what a careful reader says a release states, in the shape the scorer compares.

One TOML file per release (`data/gold/<file stem>.toml`, rules in `data/gold/README.md`). Organisations are
written once, with their legal name, short names, head office and other written forms; posts, agreements and
statements refer to them by any of those names, and to people by any of their names. The reader checks every
reference, so a typo in a gold file is an error naming the file and the entry, never a silent miss.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import CislunarKGError
from .matching import fold_name

GOLD_SUFFIX = ".toml"


class GoldError(CislunarKGError):
    """A gold file cannot be read or refers to something it does not define; the message names the file."""


@dataclass(frozen=True)
class GoldOrganisation:
    name: str  # legal name as written, without nationality prefix or counter 社
    short_names: tuple[str, ...] = ()
    head_office: str | None = None
    written: tuple[
        str, ...
    ] = ()  # other forms the text writes it in (伊Telespazio社): they identify, not name it
    country: str | None = None  # ISO 3166-1 alpha-2 code of the country the text gives it (伊 → IT)

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.short_names, *self.written)


@dataclass(frozen=True)
class GoldPerson:
    name: str
    also: tuple[
        str, ...
    ] = ()  # the same person written otherwise in the same release (katakana, Latin script)

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.also)


@dataclass(frozen=True)
class GoldPost:
    person: int  # index into Gold.people
    organisation: int  # index into Gold.organisations
    title: str


@dataclass(frozen=True)
class GoldAgreement:
    kind: str  # ontology class local name, or the name of a kind the ontology lacks
    parties: frozenset[int]  # indexes into Gold.organisations
    signed_on: dt.date | None = None


@dataclass(frozen=True)
class GoldProgramme:
    name: str  # as written (`HAKUTO-R`, `Moonlight Lunar Navigation and Communication Services`)
    also: tuple[str, ...] = ()  # other names the release gives it (`LNCS`, `Moonlight`)

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.also)


@dataclass(frozen=True)
class GoldMilestone:
    begins: int  # year
    ends: int  # year
    involves: frozenset[int] = frozenset()  # indexes into Gold.organisations


@dataclass(frozen=True)
class GoldReference:
    address: str | None
    issued: dt.date | None


@dataclass(frozen=True)
class Gold:
    """Every fact of one release that the scorer compares."""

    path: Path
    title: str | None
    issued: dt.date | None
    organisations: tuple[GoldOrganisation, ...]
    people: tuple[GoldPerson, ...]
    posts: tuple[GoldPost, ...]
    agreements: tuple[GoldAgreement, ...]
    speakers: tuple[int, ...]  # indexes into Gold.people, one per statement
    references: tuple[GoldReference, ...]
    programmes: tuple[GoldProgramme, ...] = ()
    milestones: tuple[GoldMilestone, ...] = ()


# Each key of a gold file and the kinds of fact the scorer counts under it, in the order its reports list them.
KINDS_OF_KEY: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "issued": ("release_date",),
    "organisation": ("organisation", "short_name", "head_office", "country"),
    "person": ("person",),
    "post": ("post",),
    "agreement": ("agreement",),
    "statement": ("statement",),
    "reference": ("reference",),
    "programme": ("programme",),
    "milestone": ("milestone",),
}


def gold_path(gold_dir: Path, release: Path) -> Path:
    return gold_dir / (release.stem + GOLD_SUFFIX)


def read_gold(path: Path) -> Gold:
    """Read and check one gold file, or raise GoldError naming the file and the faulty entry."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise GoldError(f"{path}: cannot read the gold file ({error.strerror or error})") from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise GoldError(f"{path}: not a TOML gold file ({error})") from error
    return _Reader(path, data).gold()


class _Reader:
    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data

    def fail(self, message: str) -> GoldError:
        return GoldError(f"{self.path}: {message}")

    def gold(self) -> Gold:
        unknown = sorted(set(self.data) - KINDS_OF_KEY.keys())
        if unknown:
            raise self.fail(f"unknown key(s) {', '.join(unknown)}; expected {', '.join(sorted(KINDS_OF_KEY))}")
        organisations = tuple(self.organisation(i, e) for i, e in enumerate(self.table("organisation")))
        people = tuple(GoldPerson(*self.named("person", i, e)) for i, e in enumerate(self.table("person")))
        org_index = self.index("organisation", [o.names() for o in organisations])
        person_index = self.index("person", [p.names() for p in people])
        posts = tuple(
            GoldPost(
                self.refer(person_index, "post", i, e, "person"),
                self.refer(org_index, "post", i, e, "organisation"),
                self.text(e, "title", f"post {i + 1}"),
            )
            for i, e in enumerate(self.table("post"))
        )
        agreements = tuple(self.agreement(i, e, org_index) for i, e in enumerate(self.table("agreement")))
        speakers = tuple(
            self.refer(person_index, "statement", i, e, "speaker")
            for i, e in enumerate(self.table("statement"))
        )
        references = tuple(self.reference(i, e) for i, e in enumerate(self.table("reference")))
        programmes = tuple(GoldProgramme(*self.named("programme", i, e)) for i, e in enumerate(self.table("programme")))
        self.index("programme", [p.names() for p in programmes])
        milestones = tuple(self.milestone(i, e, org_index) for i, e in enumerate(self.table("milestone")))
        return Gold(
            self.path,
            self.optional("title", str),
            self.optional("issued", dt.date),
            organisations,
            people,
            posts,
            agreements,
            speakers,
            references,
            programmes,
            milestones,
        )

    def optional(self, key: str, kind: type) -> Any:
        """`title` and `issued` must be stated: a value, or `false` for a release that has none."""
        if key not in self.data:
            raise self.fail(f"`{key}` is missing (write `{key} = false` if the release has none)")
        value = self.data[key]
        if value is False:
            return None
        wrong_type = kind is dt.date and isinstance(value, dt.datetime) or not isinstance(value, kind)
        if wrong_type or (isinstance(value, str) and not value.strip()):
            raise self.fail(
                f"`{key}` must be a {'date' if kind is dt.date else 'non-empty string'} or false, not {value!r}"
            )
        return value

    def table(self, key: str) -> list[dict[str, Any]]:
        entries = self.data.get(key, [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise self.fail(f"`{key}` must be written as [[{key}]] tables")
        return entries

    def text(self, entry: dict[str, Any], key: str, where: str) -> str:
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where}: `{key}` must be a non-empty string")
        return value

    def texts(self, entry: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        values = entry.get(key, [])
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            raise self.fail(f"{where}: `{key}` must be a list of non-empty strings")
        return tuple(values)

    def organisation(self, i: int, entry: dict[str, Any]) -> GoldOrganisation:
        where = f"organisation {i + 1}"
        self.only(entry, {"name", "short_names", "head_office", "written", "country"}, where)
        office = entry.get("head_office")
        if office is not None and not (isinstance(office, str) and office.strip()):
            raise self.fail(f"{where}: `head_office` must be a non-empty string")
        country = entry.get("country")
        if country is not None and not (isinstance(country, str) and re.fullmatch(r"[A-Z]{2}", country)):
            raise self.fail(f"{where}: `country` must be an ISO 3166-1 alpha-2 code such as \"IT\"")
        return GoldOrganisation(
            self.text(entry, "name", where),
            self.texts(entry, "short_names", where),
            office,
            self.texts(entry, "written", where),
            country,
        )

    def named(self, table: str, i: int, entry: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
        """A `name` and the other names it goes by (`also`): what a person or a programme entry holds."""
        where = f"{table} {i + 1}"
        self.only(entry, {"name", "also"}, where)
        return self.text(entry, "name", where), self.texts(entry, "also", where)

    def milestone(self, i: int, entry: dict[str, Any], org_index: dict[str, int]) -> GoldMilestone:
        where = f"milestone {i + 1}"
        self.only(entry, {"begins", "ends", "involves"}, where)
        begins, ends = entry.get("begins"), entry.get("ends", entry.get("begins"))
        if not (isinstance(begins, int) and isinstance(ends, int)) or isinstance(begins, bool) or begins > ends:
            raise self.fail(f"{where}: `begins` (and `ends`, if given) must be years, `ends` not before `begins`")
        involves = frozenset(self.resolve(org_index, name, where) for name in self.texts(entry, "involves", where))
        return GoldMilestone(begins, ends, involves)

    def agreement(self, i: int, entry: dict[str, Any], org_index: dict[str, int]) -> GoldAgreement:
        where = f"agreement {i + 1}"
        self.only(entry, {"kind", "parties", "signed_on"}, where)
        parties = self.texts(entry, "parties", where)
        if len(parties) < 2:
            raise self.fail(f"{where}: an agreement has at least two parties")
        indexes = frozenset(self.resolve(org_index, name, where) for name in parties)
        signed = entry.get("signed_on")
        if signed is not None and (isinstance(signed, dt.datetime) or not isinstance(signed, dt.date)):
            raise self.fail(f"{where}: `signed_on` must be a date such as 2025-11-28")
        return GoldAgreement(self.text(entry, "kind", where), indexes, signed)

    def reference(self, i: int, entry: dict[str, Any]) -> GoldReference:
        where = f"reference {i + 1}"
        self.only(entry, {"address", "issued"}, where)
        address = entry.get("address")
        issued = entry.get("issued")
        if address is not None and not (isinstance(address, str) and address.strip()):
            raise self.fail(f"{where}: `address` must be a non-empty string")
        if issued is not None and (isinstance(issued, dt.datetime) or not isinstance(issued, dt.date)):
            raise self.fail(f"{where}: `issued` must be a date")
        if address is None and issued is None:
            raise self.fail(f"{where}: a reference needs its address, its date or both")
        return GoldReference(address, issued)

    def only(self, entry: dict[str, Any], allowed: set[str], where: str) -> None:
        unknown = sorted(set(entry) - allowed)
        if unknown:
            raise self.fail(f"{where}: unknown key(s) {', '.join(unknown)}")

    def index(self, what: str, names_by_entry: list[tuple[str, ...]]) -> dict[str, int]:
        """Every name (folded) to its entry; a name given to two entries would make references ambiguous."""
        index: dict[str, int] = {}
        for i, names in enumerate(names_by_entry):
            for name in names:
                folded = fold_name(name)
                if index.setdefault(folded, i) != i:
                    raise self.fail(f"the name {name!r} is given to {what}s {index[folded] + 1} and {i + 1}")
        return index

    def refer(self, index: dict[str, int], what: str, i: int, entry: dict[str, Any], key: str) -> int:
        return self.resolve(index, self.text(entry, key, f"{what} {i + 1}"), f"{what} {i + 1}")

    def resolve(self, index: dict[str, int], name: str, where: str) -> int:
        try:
            return index[fold_name(name)]
        except KeyError:
            raise self.fail(
                f"{where}: {name!r} is not the name of any organisation or person of this file"
            ) from None
