"""BCP 47 language tags, checked against the IANA Language Subtag Registry as `langcodes` ships it.

A tag is valid when it is well formed (RFC 5646's grammar) and each subtag as written is registered: `jp` is
a country code, not a language, and `en-UK` names no region. The registry's own aliases still count: an
overlong or deprecated language (`jpn`, `iw`) and the grandfathered tags (`i-klingon`).
"""

from __future__ import annotations

from langcodes import Language, tag_is_valid
from langcodes.tag_parser import LanguageTagError

__all__ = ["is_valid_language_tag"]


def is_valid_language_tag(tag: str) -> bool:
    """Whether `tag` is a BCP 47 language tag (`ja`, `en-GB`, `ja-Latn`), not just something like one (`jp`)."""
    if "_" in tag:  # langcodes also reads CLDR's locale form (`ja_JP`), which is no language tag
        return False
    try:
        written = Language.get(tag, normalize=False)
    except LanguageTagError:
        return False
    # Normalising maps a language to its preferred code, which is right, but also a region to its replacement
    # (`UK` to `GB`), which would hide a tag naming no region: the script and region are checked as written.
    as_written = Language.make(language="und", script=written.script, territory=written.territory)
    return tag_is_valid(tag) and as_written.is_valid()
