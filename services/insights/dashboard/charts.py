"""Charts drawn on the server as inline SVG: nothing to fetch, no script to run, readable
without a browser's help (each chart carries its title and a table of its values is beside it
on the page); pure."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

# Okabe-Ito: told apart by colour-blind readers too.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999")
WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 32, 12, 28
MAX_X_LABELS = 8


@dataclass(frozen=True)
class Line:
    name: str
    values: Sequence[float | None]  # one per label; None: nothing to show there


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten at or above `value` (1 for nothing)."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in (1.0, 2.0, 2.5, 5.0, 10.0) if step * power >= value)


def _number(value: float, percent: bool) -> str:
    if percent:
        return f"{value * 100:.0f}%"
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span / 2 if count == 1 else span * index / (count - 1))


def _y(value: float, top: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / top)


# Markup.format escapes what it is given: labels and names may hold anything.
GRID = Markup(
    '<line class="grid" x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}"/>'
    '<text class="tick" x="{x}" y="{text_y:.1f}" text-anchor="end">{value}</text>'
)
X_LABEL = Markup('<text class="tick" x="{x:.1f}" y="{y}" text-anchor="middle">{label}</text>')
SVG = Markup(
    '<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{title}" '
    'xmlns="http://www.w3.org/2000/svg"><title>{title}</title>{body}</svg>'
)
SERIES = Markup('<g class="series" data-series="{name}" stroke="{colour}">{body}</g>')
POLYLINE = Markup('<polyline fill="none" stroke-width="2" points="{points}"/>')
DOT = Markup('<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')
BAR = Markup(
    '<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" '
    'fill="{colour}"/><text class="tick" x="{middle:.1f}" y="{value_y:.1f}" '
    'text-anchor="middle">{value}</text>'
)


def scale(highest: float, percent: bool) -> tuple[float, int]:
    """The axis' top and its number of intervals, so every tick is a round number: shares
    0-100% in quarters; counts up to 1, 2, 2.5 or 5 times a power of ten (5 at least), in
    fifths or (for 2) quarters."""
    if percent:
        return 1.0, 4
    top = max(nice_ceiling(highest), 5.0)
    leading = top / 10 ** math.floor(math.log10(top))
    return top, 4 if leading == 2 else 5


def _axes(labels: Sequence[str], top: float, percent: bool) -> list[Markup]:
    parts = []
    _, intervals = scale(top, percent)
    for tick in range(intervals + 1):
        value = top * tick / intervals
        y = _y(value, top)
        parts.append(
            GRID.format(
                left=LEFT,
                right=WIDTH - RIGHT,
                y=y,
                x=LEFT - 6,
                text_y=y + 4,
                value=_number(value, percent),
            )
        )
    every = max(1, math.ceil(len(labels) / MAX_X_LABELS))
    for index, label in enumerate(labels):
        if index % every == 0:
            parts.append(X_LABEL.format(x=_x(index, len(labels)), y=HEIGHT - 8, label=label))
    return parts


def _svg(title: str, body: list[Markup]) -> Markup:
    return SVG.format(width=WIDTH, height=HEIGHT, title=title, body=Markup("").join(body))


def line_chart(
    title: str, labels: Sequence[str], lines: Sequence[Line], *, percent: bool = False
) -> Markup:
    """One line per series over the labels; gaps where a value is None, a dot where a value
    stands alone. Shares (percent=True) are drawn on 0-100%."""
    known = [v for line in lines for v in line.values if v is not None]
    top, _ = scale(max(known, default=0), percent)
    body = _axes(labels, top, percent)
    for number, line in enumerate(lines):
        colour = PALETTE[number % len(PALETTE)]
        strokes = Markup("").join(_strokes(line.values, top, len(labels), colour))
        body.append(SERIES.format(name=line.name, colour=colour, body=strokes))
    return _svg(title, body)


def _strokes(values: Sequence[float | None], top: float, count: int, colour: str) -> list[Markup]:
    runs: list[list[tuple[float, float]]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            runs.append([])
        else:
            runs[-1].append((_x(index, count), _y(value, top)))
    parts = []
    for run in runs:
        if len(run) > 1:
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
            parts.append(POLYLINE.format(points=points))
        elif run:
            ((x, y),) = run
            parts.append(DOT.format(x=x, y=y, colour=colour))
    return parts


def bar_chart(title: str, labels: Sequence[str], values: Sequence[float]) -> Markup:
    """One bar per label, its value above it."""
    top, _ = scale(max(values, default=0), percent=False)
    body = _axes([], top, percent=False)
    span = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = LEFT + span * index + span * 0.15
        y = _y(value, top)
        middle = x + span * 0.35
        body.append(
            BAR.format(
                x=x,
                y=y,
                width=span * 0.7,
                height=HEIGHT - BOTTOM - y,
                colour=PALETTE[0],
                middle=middle,
                value_y=y - 4,
                value=_number(value, False),
            )
        )
        body.append(X_LABEL.format(x=middle, y=HEIGHT - 8, label=label))
    return _svg(title, body)


def legend(lines: Sequence[Line]) -> list[tuple[str, str]]:
    """(colour, name) per series, in the chart's order."""
    return [(PALETTE[n % len(PALETTE)], line.name) for n, line in enumerate(lines)]
