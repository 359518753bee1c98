"""An evaluation as plain text: figures per kind and per document, then every wrong, missed and invented fact."""

from __future__ import annotations

from .evaluate import Evaluation
from .scoring import KINDS, Tally

_HEADER = (f"{'kind':<14}{'gold':>6}{'found':>7}{'correct':>9}{'wrong':>7}{'missed':>8}{'invented':>10}"
           f"{'precision':>11}{'recall':>8}")


def render(evaluation: Evaluation) -> str:
    lines = [f"{len(evaluation.documents)} release(s) scored against their gold files", "", _HEADER]
    lines += [_row(kind, evaluation.tally(kind)) for kind in KINDS]
    lines += [_row("overall", evaluation.tally()), "", "per release:"]
    width = max(len(d.release.stem) for d in evaluation.documents)
    for document in evaluation.documents:
        t = document.tally()
        refused = ", refused by the loader" if document.refused else ""
        lines.append(
            f"  {document.release.stem:<{width}}  precision {_figure(t.precision)}  recall {_figure(t.recall)}"
            f"  ({t.correct} of {t.gold} gold facts, {t.found} found{refused})"
        )
    for document in evaluation.documents:
        faults = [f for f in document.findings if f.outcome != "correct"]
        if not faults and not document.refused:
            continue
        lines += ["", f"{document.release}:"]
        if document.refused:
            lines.append(f"  refused by the loader: {document.refused}")
        short = [(kind, document.tally(kind)) for kind in KINDS]
        short = [(kind, t) for kind, t in short if t.correct < max(t.gold, t.found)]
        if short:  # the kinds this release falls short on
            lines.append(
                "  "
                + ", ".join(f"{kind} P {_figure(t.precision)} R {_figure(t.recall)}" for kind, t in short)
            )
        for finding in faults:
            if finding.outcome == "wrong":
                lines.append(f"  wrong     {finding.kind:<13} {finding.found}  (gold: {finding.gold})")
            elif finding.outcome == "missed":
                lines.append(f"  missed    {finding.kind:<13} {finding.gold}")
            else:
                lines.append(f"  invented  {finding.kind:<13} {finding.found}")
    if evaluation.unscored:
        lines += ["", "not scored:"]
        lines += [f"  {path}: {reason}" for path, reason in evaluation.unscored]
    return "\n".join(lines) + "\n"


def _row(label: str, t: Tally) -> str:
    return (
        f"{label:<14}{t.gold:>6}{t.found:>7}{t.correct:>9}{t.wrong:>7}{t.missed:>8}{t.invented:>10}"
        f"{_figure(t.precision):>11}{_figure(t.recall):>8}"
    )


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"
