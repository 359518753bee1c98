"""Which language a release is written in, from its script: kana and kanji against Latin letters.

Japanese releases carry Latin names (`ispace`, `HAKUTO-R`) and English releases may quote a Japanese name, so the
decision is a share, never the presence of one script: a text is Japanese when Japanese script makes up a fifth or
more of its letters. Page chrome counts too, so a Japanese site's menu around an English text can tip it only if
it outweighs the release. Deterministic and offline; a statistical detector adds nothing for these two languages.
"""

from __future__ import annotations

import re

_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")
_LATIN = re.compile(r"[A-Za-z\uff21-\uff3a\uff41-\uff5a]")
JAPANESE_SHARE = 0.2


def detect_language(text: str) -> str:
    """`ja` or `en`: the language the release's script says it is written in."""
    japanese = len(_JAPANESE.findall(text))
    latin = len(_LATIN.findall(text))
    if japanese + latin == 0:
        return "ja"  # no letters at all: the Japanese reader gives the clearer refusal
    return "ja" if japanese / (japanese + latin) >= JAPANESE_SHARE else "en"
