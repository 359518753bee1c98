"""Header values weighted by quality, as `Accept` and `Accept-Language` write them (RFC 9110 §12.4.2).

    Accept: text/html, application/xhtml+xml;q=0.9, */*;q=0.8
    Accept-Language: en-GB, en;q=0.8, ja;q=0.5

One parser for both, so a q-value means the same in each: q runs from 0 to 1 (`q=0` means "not this"), an item
whose q is not a number in that range is dropped, and what follows the first q is an extension, not a parameter.
"""

from __future__ import annotations

from typing import NamedTuple


class Weighted(NamedTuple):
    value: str  # lower-cased: `text/html`, `en-gb`
    q: float
    params: int  # parameters before q (a media type's; a language range has none)


def weighted(header: str) -> tuple[Weighted, ...]:
    """The header's items in the order written, each with its q (1 when none is given); empty items left out."""
    items: list[Weighted] = []
    for item in header.split(","):
        parts = [p.strip() for p in item.split(";")]
        value = parts[0].lower()
        if not value:
            continue
        q = 1.0
        params = 0
        for param in parts[1:]:
            name, _, text = param.partition("=")
            if name.strip().lower() == "q":
                q = _quality(text)
                break  # what follows q are accept-extensions, not parameters
            if name.strip():
                params += 1
        if 0.0 <= q <= 1.0:
            items.append(Weighted(value, q, params))
    return tuple(items)


def _quality(text: str) -> float:
    """The q-value written, or -1 (out of range, so the item is dropped) when it is not a number."""
    try:
        return float(text.strip())
    except ValueError:
        return -1.0
