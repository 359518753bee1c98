"""Milestones on a year axis, as an SVG string: a dot for a single year, a bar for an interval (2018–2022).

    draw([Milestone("JAL supports HAKUTO", "/id/…", 2015, 2015), …],
         [Mark("2025-11-28 基本合意書", "/id/…", 2025, 11, 28)])

One row per milestone in the order given, each linked to its page; a `Mark` is a dated event drawn as a
vertical line across the rows at its day (the agreement of 2025-11-28). Pure: same data, same SVG.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

ROW = 34
TOP = 46
LEFT = 24
WIDTH = 960
YEAR_MIN_PX = 40


@dataclass(frozen=True)
class Milestone:
    label: str
    href: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Mark:
    label: str
    href: str | None
    day: date


def _a(href: str | None, inner: str) -> str:
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


def text_width(text: str, size: float = 13) -> float:
    """About how wide `text` is drawn: full width for CJK, a bit over half for Latin letters and digits."""
    return sum(size if ord(c) >= 0x2E80 else size * 0.58 for c in text)


def fit(text: str, room: float) -> str:
    """`text`, cut with `…` so that it is drawn within `room` pixels."""
    if text_width(text) <= room:
        return text
    while text and text_width(text + "…") > room:
        text = text[:-1]
    return text + "…"


def draw(milestones: list[Milestone], marks: list[Mark] | None = None, width: int = WIDTH) -> str:
    marks = marks or []
    years = [y for m in milestones for y in (m.start, m.end)] + [m.day.year for m in marks]
    if not years:
        return ('<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 400 40" role="img">'
                '<text x="10" y="24">No milestones.</text></svg>')
    first, last = min(years), max(years) + 1  # the axis runs to the end of the last year
    span = max(last - first, 1)
    inner = width - 2 * LEFT
    step = inner / span

    def x(year: float) -> float:
        return LEFT + (year - first) * step

    height = TOP + ROW * len(milestones) + 40
    bottom = height - 28
    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 {width} {height}" '
           f'role="img" aria-label="Timeline of the partnership">')]
    out.append(f'<line class="axis" x1="{LEFT}" y1="{bottom}" x2="{width - LEFT}" y2="{bottom}"/>')
    label_every = max(1, round(YEAR_MIN_PX / step))
    for i, year in enumerate(range(first, last + 1)):
        out.append(f'<line class="tick" x1="{x(year):.1f}" y1="{TOP - 16}" x2="{x(year):.1f}" y2="{bottom + 4}"/>')
        if i % label_every == 0 and year < last:
            out.append(f'<text class="year" x="{x(year + 0.5):.1f}" y="{bottom + 20}" '
                       f'text-anchor="middle">{year}</text>')
    for mark in marks:
        at = x(mark.day.year + (mark.day.timetuple().tm_yday - 1) / 365)
        label = escape(mark.label)
        out.append(_a(mark.href, f'<g class="mark"><line x1="{at:.1f}" y1="{TOP - 30}" x2="{at:.1f}" '
                                 f'y2="{bottom}"/><text x="{at - 4:.1f}" y="{TOP - 34}" text-anchor="end">'
                                 f'{label}</text><title>{label}</title></g>'))
    for row, milestone in enumerate(milestones):
        y = TOP + row * ROW + ROW / 2
        left, right = x(milestone.start), x(milestone.end + 1)
        label = escape(milestone.label)
        period = (f"{milestone.start}" if milestone.start == milestone.end
                  else f"{milestone.start}–{milestone.end}")
        if milestone.start == milestone.end:
            shape = f'<circle class="point" cx="{(left + right) / 2:.1f}" cy="{y:.1f}" r="7"/>'
        else:
            shape = (f'<rect class="interval" x="{left + 3:.1f}" y="{y - 8:.1f}" width="{right - left - 6:.1f}" '
                     f'height="16" rx="8"/>')
        if milestone.start != milestone.end:
            left, right = left + 3, right - 3
        else:
            left = right = (left + right) / 2
        room_right, room_left = width - right - 14, left - 14
        if text_width(f"{period} {milestone.label}") <= room_right or room_right >= room_left:
            tx, anchor, room = right + 12, "start", room_right
        else:
            tx, anchor, room = left - 12, "end", room_left
        shown = escape(fit(f"{period} {milestone.label}", room))  # the full label is the tooltip and the table
        text = f'<text x="{tx:.1f}" y="{y + 5:.1f}" text-anchor="{anchor}">{shown}</text>'
        out.append(_a(milestone.href, f'<g class="milestone" data-from="{milestone.start}" '
                                      f'data-to="{milestone.end}">{shape}{text}<title>{period} {label}</title></g>'))
    out.append("</svg>")
    return "\n".join(out)
