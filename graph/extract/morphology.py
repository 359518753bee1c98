"""Where a Japanese noun phrase begins, from SudachiPy's morphological analysis (core dictionary).

Hand-written rules cannot tell `…を開発するヨーロッパのPlus Ultra Space Outposts社` from a company name: the
analyser can, because `を`, `する` and `の` are a particle, a verb and a particle. A name (or an agreement's
name) is the run of nouns, prefixes, suffixes and symbols that ends where it is introduced. The analyser is
loaded once per process, on first use (about 0.1 s), and only short windows of text are analysed, so a release
costs a few milliseconds. Offsets are code points into the string given, so they map back to the original file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# A noun phrase is made of these parts of speech (Sudachi's first level).
_PHRASE_POS = frozenset({"名詞", "接頭辞", "接尾辞", "補助記号", "空白", "記号"})
# Symbols that end a phrase even though they are `補助記号`.
_BREAKS = frozenset("、,。「」『』()（）[]【】:：")


@dataclass(frozen=True)
class Morpheme:
    surface: str
    start: int  # offset into the analysed string
    end: int
    pos: tuple[str, ...]  # Sudachi's part of speech, most general first

    @property
    def common_noun(self) -> bool:
        return self.pos[:2] == ("名詞", "普通名詞")


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    from sudachipy import Dictionary, SplitMode  # imported on first use: the dictionary is large

    return Dictionary().tokenizer(mode=SplitMode.C)


def morphemes(text: str) -> list[Morpheme]:
    """The morphemes of `text` with their offsets (mode C: longest units, so `代表取締役社長` is one)."""
    if not text:
        return []
    return [Morpheme(m.surface(), m.begin(), m.end(), tuple(m.part_of_speech())) for m in _tokenizer().tokenize(text)]


def phrase_start(text: str) -> int:
    """Where the noun phrase that ends `text` begins (len(text) when `text` does not end in one)."""
    phrase = phrase_ending(morphemes(text), None)
    return phrase[0].start if phrase else len(text)


def phrase_ending(found: list[Morpheme], before: int | None) -> list[Morpheme]:
    """The morphemes of the noun phrase that ends just before `found[before]` (or at the end of `found`)."""
    stop = len(found) if before is None else before
    at = stop
    while at > 0 and found[at - 1].pos[0] in _PHRASE_POS and not any(c in _BREAKS for c in found[at - 1].surface):
        at -= 1
    while at < stop and found[at].pos[0] == "空白":
        at += 1
    return found[at:stop]


def phrase_morphemes(text: str) -> list[Morpheme]:
    """The morphemes of the noun phrase that ends `text`."""
    return phrase_ending(morphemes(text), None)
