"""How two written forms of a name or title are compared when a release's graph is scored against its gold.

`fold_name` is the form that must be equal for a fact to count as right: Unicode NFKC (full-width letters, `＆`,
`（）` fold to ASCII), whitespace runs as one space, and no space at all unless it stands between two Latin letters
or digits. So `袴田 武史` equals `袴田武史` and `取締役 事業推進部長` equals `取締役事業推進部長`, but `MarkDunkerly`
is not `Mark Dunkerly`. Case is kept. `loose` also drops every space and case: it only decides which graph
resource a gold entry is about, so that a wrong name counts as one wrong fact instead of one missed and one invented.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_LATIN = re.compile(r"[A-Za-z0-9]")


def fold_name(text: str) -> str:
    """The form two names, titles or addresses must share to be the same (see the module docstring)."""
    folded = _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    kept = []
    for i, char in enumerate(folded):
        if char == " " and not (_LATIN.fullmatch(folded[i - 1]) and _LATIN.fullmatch(folded[i + 1])):
            continue
        kept.append(char)
    return "".join(kept)


def loose(text: str) -> str:
    """The form used only to pair a graph resource with a gold entry: no spaces at all, case folded."""
    return fold_name(text).replace(" ", "").casefold()


def contains(longer: str, shorter: str) -> bool:
    """One name holds the other (`…を開発するヨーロッパのPlus Ultra Space Outposts社` holds the company's name)."""
    a, b = loose(longer), loose(shorter)
    return len(b) >= 2 and b in a


def text_similarity(gold: str, found: str) -> float:
    """1 for the same folded text, 0.5 when one holds the other, else 0."""
    if fold_name(gold) == fold_name(found):
        return 1.0
    if contains(gold, found) or contains(found, gold):
        return 0.5
    return 0.0
