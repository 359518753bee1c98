"""Language tags are checked against the IANA registry, every subtag: three-letter languages, scripts and variants
too, not only the two-letter codes a hand-kept list held."""

from __future__ import annotations

import pytest

from graph.language_tags import is_valid_language_tag


@pytest.mark.parametrize("tag", ["ain", "tlh", "qaa", "und", "ja-Hrkt", "ja-JP-hepburn", "en-GB-oxendict", "en-001"])
def test_registered_subtags_are_valid(tag: str) -> None:
    assert is_valid_language_tag(tag)


@pytest.mark.parametrize("tag", ["zzz", "ja-Abcd", "en-GB-oxenfree", "en-000"])
def test_well_formed_but_unregistered_subtags_are_not(tag: str) -> None:
    """Each is well formed, so only the registry tells them from a real tag."""
    assert not is_valid_language_tag(tag)
