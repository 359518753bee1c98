"""One q-value parser for Accept and Accept-Language (`api/qvalues.py`)."""

from __future__ import annotations

import pytest

from api.negotiation import negotiate
from api.pages.lang import preferred
from api.qvalues import Weighted, weighted


@pytest.mark.parametrize(("header", "expected"), [
    ("", ()),
    (" , ,", ()),
    ("text/html", (Weighted("text/html", 1.0, 0),)),
    ("Text/HTML;q=0.5", (Weighted("text/html", 0.5, 0),)),
    ("text/plain;format=flowed;q=0.2;ext=1", (Weighted("text/plain", 0.2, 1),)),
    ("en-GB, en;q=0.8, ja; q=0", (Weighted("en-gb", 1.0, 0), Weighted("en", 0.8, 0), Weighted("ja", 0.0, 0))),
    ("en;q=abc, ja;q=1.5, fr;q=-1, de;q=1", (Weighted("de", 1.0, 0),)),  # not a q-value: the item is dropped
])
def test_weighted(header: str, expected: tuple[Weighted, ...]) -> None:
    assert weighted(header) == expected


@pytest.mark.parametrize("header", ["en;q=2, ja;q=0.5", "en;q=nonsense, ja;q=0.1"])
def test_a_q_out_of_range_counts_for_neither_header(header: str) -> None:
    assert preferred(header) == ("ja", "en")
    media = header.replace("en", "text/turtle").replace("ja", "application/n-triples")
    assert negotiate(media, ["text/turtle", "application/n-triples"]) == "application/n-triples"
