"""Normalised names: the keys that make one organisation or person the same across documents."""

from __future__ import annotations

import re

from ..source import fold

LEGAL_FORMS = ("株式会社", "有限会社", "合同会社", "(株)", "㈱")
# A Latin-script company written the Japanese way: country prefix and 社, e.g. "伊Telespazio社".
_FOREIGN_COMPANY = re.compile(r"^(?:[伊仏米独英欧露中韓加豪印蘭瑞]\s*)?(?P<core>[A-Za-z][\w .&\-]*?)\s*社$")
_ORG_MARKER = re.compile(
    r"(株式会社|有限会社|合同会社|\(株\)|㈱|社$|グループ$|S\.A\.?$|\bInc\.?$|\bLtd\.?$|Corporation$|GmbH$|S\.p\.A\.?$)"
)
_LATIN_LEGAL_FORM = re.compile(r"[\s,]*(?:S\.A\.|S\.p\.A\.|Inc\.?|Co\.,?\s*Ltd\.?|Ltd\.?|GmbH|Corporation)$")
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


def person_key(name: str) -> str:
    """The identity of a person: the name without spaces or honorific (`袴田 武史 氏` → `袴田武史`)."""
    key = re.sub(r"\s+", "", fold(name))
    for honorific in HONORIFICS:
        if key.endswith(honorific) and len(key) > len(honorific) + 1:
            key = key[: -len(honorific)]
    return key


def collapse_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def is_name(key: str) -> bool:
    """A key names something only if it holds a letter or digit (not just punctuation left by bad input)."""
    return bool(re.search(r"\w", key))
