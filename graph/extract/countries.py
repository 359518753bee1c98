"""The country a release gives a company: a nationality prefix (`伊Telespazio社`, `米Intuitive Machines社`) or
a country named before its description (`アラブ首長国連邦の宇宙教育企業Orbital Space …`), as ISO 3166-1 alpha-2.

`ヨーロッパの` names a continent, not a country, and gives none.
"""

from __future__ import annotations

import re

from ..facts import Span
from ..source import SourceDocument

# One-character prefixes written before a foreign company's Latin-script name.
PREFIXES = {
    "伊": "IT",
    "仏": "FR",
    "米": "US",
    "独": "DE",
    "英": "GB",
    "豪": "AU",
    "印": "IN",
    "中": "CN",
    "韓": "KR",
    "加": "CA",
    "蘭": "NL",
    "露": "RU",
    "西": "ES",
    "伯": "BR",
}
# Country names written before a company (`米国の`, `アラブ首長国連邦の`, `UAE`), longest first when matched.
NAMES = {
    "アラブ首長国連邦": "AE",
    "UAE": "AE",
    "米国": "US",
    "アメリカ": "US",
    "イタリア": "IT",
    "フランス": "FR",
    "ドイツ": "DE",
    "英国": "GB",
    "イギリス": "GB",
    "オーストラリア": "AU",
    "インド": "IN",
    "中国": "CN",
    "韓国": "KR",
    "カナダ": "CA",
    "オランダ": "NL",
    "ルクセンブルク": "LU",
    "スペイン": "ES",
    "シンガポール": "SG",
    "ニュージーランド": "NZ",
    "イスラエル": "IL",
    "スイス": "CH",
    "ベルギー": "BE",
    "日本": "JP",
}
_PREFIXED = re.compile(r"^(?P<prefix>[" + "".join(PREFIXES) + r"])\s*(?=[A-Za-z])")
# A country, `の` or nothing, then at most a short description in kanji or katakana (`宇宙教育企業`), right
# before the name; `国`-forms (`米国`) may stand directly before a Latin name.
_NAMED_BEFORE = re.compile(
    r"(?P<country>" + "|".join(sorted(map(re.escape, NAMES), key=len, reverse=True)) + r")"
    r"(?:の|・)?(?P<description>[\u4e00-\u9fff\u30a0-\u30ffー]{0,12})[ \t]*$"
)
# A name stands before the country word, not a description.
_NAME_END = re.compile(r"(?:株式会社|有限会社|合同会社|社|グループ|大学|機構|法人)$")
_REACH = 40  # characters before a name in which its country and description must stand


def prefix_country(written: str) -> str | None:
    """The country a nationality prefix gives a company written `伊Telespazio社`, if it has one."""
    prefixed = _PREFIXED.match(written)
    return PREFIXES[prefixed["prefix"]] if prefixed else None


def country_of(doc: SourceDocument, name: Span) -> str | None:
    """The country code the text gives the company whose name (as written) is `name`, if any."""
    if prefixed := prefix_country(name.exact):
        return prefixed
    before = doc.folded[max(doc.body_start, name.start - _REACH) : name.start]
    named = _NAMED_BEFORE.search(before)
    if named is None:
        return None
    country, description = named["country"], named["description"]
    if _NAME_END.search(description):
        return None  # `日本航空株式会社 株式会社ispace`: the text before is another company's name
    if not description and not before[named.end("country") :].strip() and not re.match(r"[A-Za-z]", name.exact):
        return None  # `日本航空`: the country is part of a Japanese name, not said of it
    return NAMES[country]
