"""Normalised names: the keys that make one organisation or person the same across documents."""

from __future__ import annotations

import re

from ..lines import fold

LEGAL_FORMS = ("株式会社", "有限会社", "合同会社", "(株)", "㈱")
# A Latin-script company written the Japanese way: country prefix and 社, e.g. "伊Telespazio社".
_FOREIGN_COMPANY = re.compile(r"^(?:[伊仏米独英欧露中韓加豪印蘭瑞]\s*)?(?P<core>[A-Za-z][A-Za-z0-9 .&'\-]*?)\s*社$")
_ORG_MARKER = re.compile(
    r"(株式会社|有限会社|合同会社|\(株\)|㈱|社$|グループ$|S\.A\.?$|\bInc\.?$|\bLtd\.?$|Corporation$|GmbH$|S\.p\.A\.?$"
    r"|\bL\.?L\.?C\.?$)"
)
# Institutions that carry no company form: universities, agencies, foundations (`国立大学法人東京科学大学`).
_INSTITUTION = re.compile(
    r"(?:大学|法人|機構|研究所|研究機関|協会|財団|公社|庁|University|Agency|Institute|Foundation)$"
)
_LATIN_LEGAL_FORM = re.compile(
    r"[\s,]*(?:S\.A\.|S\.p\.A\.|Inc\.?|Co\.,?\s*Ltd\.?|Ltd\.?|GmbH|Corporation|L\.?L\.?C\.?)$"
)
_LATIN_PAIR = re.compile(r"(?<=[A-Za-z0-9.])\s+(?=[A-Za-z0-9])")
HONORIFICS = ("氏", "様", "さん")


def org_key(name: str) -> str:
    """The identity of a company: its name without legal form, country prefix or spaces."""
    core = fold(name).strip()
    for form in LEGAL_FORMS:
        core = core.replace(form, "")
    core = _LATIN_LEGAL_FORM.sub("", core.strip())
    foreign = _FOREIGN_COMPANY.match(core.strip())
    if foreign:
        core = foreign.group("core")
    return re.sub(r"\s+", "", core)


def looks_like_organisation(name: str) -> bool:
    return bool(_ORG_MARKER.search(fold(name).strip()))


def names_an_institution(name: str) -> bool:
    """A company or an institution (university, agency, foundation) by the way its name ends."""
    return looks_like_organisation(name) or bool(_INSTITUTION.search(fold(name).strip()))


def plain_name(written: str) -> str:
    """A Latin-script company's name without the Japanese way of writing it (`伊Telespazio社` → `Telespazio`).

    Names in Japanese script keep their `社` (`日本航空株式会社`); only the prefix and counter around a Latin
    core go, and inner spaces collapse to one.
    """
    core = collapse_spaces(fold(written))
    foreign = _FOREIGN_COMPANY.match(core)
    return collapse_spaces(foreign.group("core")) if foreign else core


def person_key(name: str) -> str:
    """The identity of a person: the name without spaces or honorific (`袴田 武史 氏` → `袴田武史`).

    A space between two Latin-script words stays (`Mark Dunkerly`): there it separates given and family name.
    """
    key = re.sub(r"\s+", "", _LATIN_PAIR.sub("\x00", fold(name).strip())).replace("\x00", " ")
    for honorific in HONORIFICS:
        if key.endswith(honorific) and len(key) > len(honorific) + 1:
            key = key[: -len(honorific)]
    return key


def collapse_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def is_name(key: str) -> bool:
    """A key names something only if it holds a letter or digit (not just punctuation left by bad input)."""
    return bool(re.search(r"\w", key))
