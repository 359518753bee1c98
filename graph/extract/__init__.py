"""Release text → facts. Pure functions over a `SourceDocument`; every fact keeps its source span.

`extract_release` (in `release_reader`) runs the reader of each section of a release in order and joins what they
found into one `Release`: the headline (`headline`), the release's own date (`release_date`), the agreements and
their parties (`release_agreements`), the timeline's milestones (`milestones`) and the notes citing earlier
releases (`references`), beside the section readers (organisations, people, agreements, timeline, statements,
programmes, relations) and the English reader (`english`).
"""

from __future__ import annotations

from ..facts import agreement_key
from .release_reader import extract_release

__all__ = ["agreement_key", "extract_release"]
