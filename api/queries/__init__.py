"""The named competency queries: the public contract other teams query the graph by."""

from __future__ import annotations

from importlib import resources


def named_queries() -> dict[str, str]:
    """Query name (file stem) → SPARQL text, for every `.rq` file shipped with the package."""
    folder = resources.files(__name__)
    return {
        entry.name.removesuffix(".rq"): entry.read_text(encoding="utf-8")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".rq")
    }
