"""Order-keeping de-duplication: the facts of a release keep the order the text gives them in."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from ..facts import HeadOffice

T = TypeVar("T")


def unique(items: Iterable[T]) -> list[T]:
    seen: list[T] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def unique_by(items: list[HeadOffice], key: Callable[[HeadOffice], Hashable]) -> list[HeadOffice]:
    seen: set[Hashable] = set()
    kept: list[HeadOffice] = []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            kept.append(item)
    return kept
