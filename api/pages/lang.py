"""Which language to show a label in: the browser's preference among ja and en, falling back to the other."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..qvalues import weighted

LANGUAGES = ("ja", "en")


def preferred(accept_language: str | None) -> tuple[str, ...]:
    """`ja, en` or `en, ja` by the client's Accept-Language (q-values, `en-GB` counts as `en`); ja by default."""
    scores: dict[str, float] = {}
    for position, item in enumerate(weighted(accept_language or "")):
        base = item.value.split("-")[0]
        if base in LANGUAGES and item.q > 0 and base not in scores:
            scores[base] = item.q - position * 1e-6  # equal q: the order written wins
    ranked = sorted(scores, key=lambda lang: -scores[lang])
    return tuple(ranked + [lang for lang in LANGUAGES if lang not in ranked])


def pick(values: Mapping[str, Sequence[str]], order: Sequence[str]) -> str | None:
    """The first value in the first language of `order` that has one, then any other (a language map)."""
    for lang in [*order, "@none", *sorted(values)]:
        if values.get(lang):
            return values[lang][0]
    return None
