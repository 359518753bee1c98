"""Which language to show a label in: the browser's preference among ja and en, falling back to the other."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

LANGUAGES = ("ja", "en")


def preferred(accept_language: str | None) -> tuple[str, ...]:
    """`ja, en` or `en, ja` by the client's Accept-Language (q-values, `en-GB` counts as `en`); ja by default."""
    scores: dict[str, float] = {}
    for position, item in enumerate((accept_language or "").split(",")):
        tag, _, params = item.strip().partition(";")
        base = tag.strip().lower().split("-")[0]
        if base not in LANGUAGES:
            continue
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0 and base not in scores:
            scores[base] = q - position * 1e-6  # equal q: the order written wins
    ranked = sorted(scores, key=lambda lang: -scores[lang])
    return tuple(ranked + [lang for lang in LANGUAGES if lang not in ranked])


def pick(values: Mapping[str, Sequence[str]], order: Sequence[str]) -> str | None:
    """The first value in the first language of `order` that has one, then any other (a language map)."""
    for lang in [*order, "@none", *sorted(values)]:
        if values.get(lang):
            return values[lang][0]
    return None
