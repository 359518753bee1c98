"""How well the loader reads: each release through the real pipeline, its graph scored against its gold file.

A release goes through `pipeline.prepare` exactly as `load` would take it (read → extract → build → SHACL gate);
one the loader refuses scores zero, with the loader's reason. The graph, not the extractor's dataclasses, is what
is scored (`graph_facts`), fact by fact (`scoring`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import CislunarKGError
from .gold import GoldError, gold_path, read_gold
from .graph_facts import read_graph_facts
from .namespaces import DEFAULT_BASE_IRI
from .pipeline import expand_sources, prepare
from .scoring import KINDS, Finding, Tally, score, tally

DEFAULT_GOLD_DIR = Path("data/gold")


@dataclass(frozen=True)
class DocumentScore:
    release: Path
    gold: Path
    findings: tuple[Finding, ...]
    refused: str | None = None  # the loader's reason when it refused the release

    def tally(self, kind: str | None = None) -> Tally:
        return tally(f for f in self.findings if kind is None or f.kind == kind)


@dataclass(frozen=True)
class Evaluation:
    documents: tuple[DocumentScore, ...]
    unscored: tuple[tuple[Path, str], ...]  # releases without a gold file, and why

    def tally(self, kind: str | None = None) -> Tally:
        total = Tally()
        for document in self.documents:
            total += document.tally(kind)
        return total


def evaluate_release(release: Path, gold_file: Path, *, base_iri: str = DEFAULT_BASE_IRI) -> DocumentScore:
    """Score one release against one gold file; a refused release misses every gold fact."""
    gold = read_gold(gold_file)
    try:
        prepared = prepare(release, base_iri=base_iri)
    except CislunarKGError as error:
        return DocumentScore(release, gold_file, score(gold, None), refused=str(error))
    return DocumentScore(release, gold_file, score(gold, read_graph_facts(prepared.graph, base_iri=base_iri)))


def evaluate(
    paths: Iterable[Path], gold_dir: Path = DEFAULT_GOLD_DIR, *, base_iri: str = DEFAULT_BASE_IRI
) -> Evaluation:
    """Every release under `paths` that has a gold file `gold_dir/<file stem>.toml`."""
    if not gold_dir.is_dir():
        raise GoldError(f"{gold_dir}: no such gold folder")
    documents, unscored = [], []
    for release in expand_sources(paths):
        gold_file = gold_path(gold_dir, release)
        if gold_file.is_file():
            documents.append(evaluate_release(release, gold_file, base_iri=base_iri))
        else:
            unscored.append((release, f"no gold file {gold_file}"))
    if not documents:
        raise GoldError(f"none of the {len(unscored)} release(s) has a gold file in {gold_dir}")
    return Evaluation(tuple(documents), tuple(unscored))


def as_json(evaluation: Evaluation) -> dict[str, Any]:
    """The whole evaluation as plain data: figures per kind, per document and overall, and every finding."""
    return {
        "overall": _figures(evaluation.tally()),
        "kinds": {kind: _figures(evaluation.tally(kind)) for kind in KINDS},
        "documents": [
            {
                "release": str(d.release),
                "gold": str(d.gold),
                "refused": d.refused,
                "overall": _figures(d.tally()),
                "kinds": {kind: _figures(d.tally(kind)) for kind in KINDS},
                "findings": [
                    {"kind": f.kind, "outcome": f.outcome, "gold": f.gold, "found": f.found}
                    for f in d.findings
                    if f.outcome != "correct"
                ],
            }
            for d in evaluation.documents
        ],
        "unscored": [{"release": str(path), "reason": reason} for path, reason in evaluation.unscored],
    }


def _figures(t: Tally) -> dict[str, Any]:
    return {
        "gold": t.gold,
        "found": t.found,
        "correct": t.correct,
        "wrong": t.wrong,
        "missed": t.missed,
        "invented": t.invented,
        "precision": _round(t.precision),
        "recall": _round(t.recall),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
