"""Resolve mentions such as `JALEC` or `日本航空株式会社` to the organisation they name in this release."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..facts import Organisation


class Aliases:
    """Every way a release writes an organisation's name, matched longest first (`JALEC` before `JAL`)."""

    def __init__(self, organisations: Iterable[Organisation]) -> None:
        self._keys: dict[str, str] = {}
        for org in organisations:
            for alias in (org.name, org.key, org.short_name, re.sub(r"\s+", "", org.name), *org.written):
                if alias:
                    self._keys.setdefault(alias, org.key)
        ordered = sorted(self._keys, key=len, reverse=True)
        self._pattern = re.compile("|".join(re.escape(a) for a in ordered)) if ordered else None

    def prefix(self, text: str) -> tuple[str, int] | None:
        """The organisation whose name `text` starts with, and the length of that name."""
        if self._pattern is None:
            return None
        match = self._pattern.match(text)
        return (self._keys[match.group()], match.end()) if match else None

    def mentions(self, text: str) -> list[tuple[int, int, str]]:
        """Every mention in `text` as (start, end, organisation key), in order."""
        if self._pattern is None:
            return []
        return [
            (m.start(), m.end(), self._keys[m.group()])
            for m in self._pattern.finditer(text)
            if not _inside_word(text, m.start(), m.end())
        ]

    def mentioned(self, text: str) -> tuple[str, ...]:
        """Organisations named anywhere in `text`, in order of first mention, each once."""
        if self._pattern is None:
            return ()
        keys: list[str] = []
        for match in self._pattern.finditer(text):
            if _inside_word(text, match.start(), match.end()):
                continue
            key = self._keys[match.group()]
            if key not in keys:
                keys.append(key)
        return tuple(keys)


def _inside_word(text: str, start: int, end: int) -> bool:
    """A Latin alias glued to more Latin letters (`JAL` in `JALbird`) is not a mention."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return bool(re.match(r"[A-Za-z]", before) and re.match(r"[A-Za-z]", text[start])) or bool(
        re.match(r"[A-Za-z]", after) and re.match(r"[A-Za-z]", text[end - 1])
    )
