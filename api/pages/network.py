"""Organisations, people and agreements as a graph, as an SVG string, with labelled edges.

Layout in three columns, so the picture reads left to right the way the relations do:

    people ──holds post in──▶ organisations ──party of──▶ agreements
                               └─subsidiary of─┘ (an arc inside the column)

`order` puts subsidiaries under their parent and people and agreements beside what they link to. Pure: same
data, same SVG.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

KINDS = ("person", "organization", "agreement")
COLUMN_X = {"person": 130, "organization": 470, "agreement": 820}
WIDTH = 980
ROW = 46
TOP = 40


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    kind: str  # one of KINDS
    href: str | None = None


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str  # "holds post in", "party of", "subsidiary of"


def order(nodes: list[Node], edges: list[Edge]) -> list[Node]:
    """Organisations with their subsidiaries under them; people and agreements beside the organisations they
    link to (by the mean row of those), so fewer edges cross."""
    orgs = [n for n in nodes if n.kind == "organization"]
    parent = {e.source: e.target for e in edges if e.label == "subsidiary of"}
    placed: list[Node] = []

    def place(node: Node) -> None:
        if node in placed:
            return
        placed.append(node)
        for child in orgs:
            if parent.get(child.id) == node.id:
                place(child)

    for node in orgs:
        if node.id not in parent or parent[node.id] not in {o.id for o in orgs}:
            place(node)
    for node in orgs:
        place(node)
    row = {n.id: i for i, n in enumerate(placed)}

    def mean_row(node: Node) -> float:
        linked = [row[e.target] for e in edges if e.source == node.id and e.target in row]
        linked += [row[e.source] for e in edges if e.target == node.id and e.source in row]
        return sum(linked) / len(linked) if linked else float(len(placed))

    people = sorted((n for n in nodes if n.kind == "person"), key=mean_row)
    agreements = sorted((n for n in nodes if n.kind == "agreement"), key=mean_row)
    return people + placed + agreements


def layout(nodes: list[Node]) -> dict[str, tuple[float, float]]:
    """Each node's centre: its kind's column, rows centred on the tallest column."""
    columns = {kind: [n for n in nodes if n.kind == kind] for kind in KINDS}
    tallest = max((len(c) for c in columns.values()), default=0)
    at = {}
    for kind, members in columns.items():
        offset = TOP + (tallest - len(members)) * ROW / 2
        for i, node in enumerate(members):
            at[node.id] = (float(COLUMN_X[kind]), offset + i * ROW + ROW / 2)
    return at


def draw(nodes: list[Node], edges: list[Edge]) -> str:
    nodes = order(nodes, edges)
    at = layout(nodes)
    tallest = max((sum(1 for n in nodes if n.kind == k) for k in KINDS), default=0)
    height = TOP + tallest * ROW + 30
    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" class="network" viewBox="0 0 {WIDTH} {height}" '
           'role="img" aria-label="Organisations, people and agreements">'),
           ('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>')]
    for kind, title in zip(KINDS, ("People", "Organisations", "Agreements"), strict=True):
        out.append(f'<text class="column" x="{COLUMN_X[kind]}" y="20" text-anchor="middle">{title}</text>')
    for edge in edges:
        if edge.source not in at or edge.target not in at:
            continue
        (x1, y1), (x2, y2) = at[edge.source], at[edge.target]
        label = escape(edge.label)
        data = f'data-label="{label}" data-source="{escape(edge.source)}" data-target="{escape(edge.target)}"'
        if x1 == x2:  # within a column: an arc bulging right
            bulge = 60 + abs(y2 - y1) * 0.25
            cx = x1 + 80 + bulge
            path = f"M{x1 + 80:.1f},{y1:.1f} Q{cx:.1f},{(y1 + y2) / 2:.1f} {x2 + 80:.1f},{y2:.1f}"
            lx, ly = x1 + 80 + bulge / 2 + 4, (y1 + y2) / 2
        else:
            sx = x1 + (80 if x2 > x1 else -80)
            tx = x2 - (80 if x2 > x1 else -80)
            path = f"M{sx:.1f},{y1:.1f} L{tx:.1f},{y2:.1f}"
            lx, ly = sx + (tx - sx) * 0.3, y1 + (y2 - y1) * 0.3 - 3  # near the source: labels spread out
        out.append(f'<g class="edge" {data}><path d="{path}" marker-end="url(#arrow)"/>'
                   f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="middle">{label}</text></g>')
    for node in nodes:
        x, y = at[node.id]
        label = escape(node.label)
        shown = escape(node.label if len(node.label) <= 14 else node.label[:13] + "…")
        body = (f'<g class="node {node.kind}" data-id="{escape(node.id)}"><rect x="{x - 78:.1f}" y="{y - 16:.1f}" '
                f'width="156" height="32" rx="{16 if node.kind == "person" else 4}"/>'
                f'<text x="{x:.1f}" y="{y + 5:.1f}" text-anchor="middle">{shown}</text><title>{label}</title></g>')
        out.append(f'<a href="{escape(node.href)}">{body}</a>' if node.href else body)
    out.append("</svg>")
    return "\n".join(out)
