"""Small SVG charts drawn on the server, so the pages need no chart library."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape

from geo.vi_format import local_date, local_number, local_percent

WIDTH, HEIGHT, PAD = 640, 180, 36
YEAR_ROOM = 28  # px of a first or last year drawn needed to write its number under it
#: The width a chart is drawn at for a phone's screen: the wide one, scaled to fit 360 px, would write its words at
#: half their size (5 px).
NARROW = 360
#: Where the narrow drawing replaces the wide one (the pages' CSS).
CHART_CSS = (
    "svg.chart { max-width: 100%; height: auto; } svg.chart.narrow { display: none; }\n"
    "@media (max-width: 600px) { svg.chart.wide { display: none; } svg.chart.narrow { display: block; } }"
)


def for_screens(draw: Callable[[int, str], str]) -> str:
    """A chart drawn twice, ``draw(width, size_class)``: for desktops (:data:`WIDTH`) and for phones
    (:data:`NARROW`); the page's CSS (:data:`CHART_CSS`) shows the one that fits."""
    return draw(WIDTH, "wide") + draw(NARROW, "narrow")


def timeline_svg(
    points: list[tuple[date, float | None, str]],
    title: str,
    lang: str,
    notes: list[str] | None = None,
    width: int = WIDTH,
    size_class: str = "wide",
    ticks: list[str] | None = None,
) -> str:
    """Percent complete over time as a step line, one dot per point coloured by ``colour`` (its third item);
    ``notes``, one per point (or empty), are written above the dots and in their tooltips. ``width``: the drawing's,
    in pixels; ``size_class`` the screens it is for (:func:`for_screens`). ``ticks``, one per point, are written
    under the dots (a unit's year ends: "2018" under the dot of 31/12/2018); without them the axis names the years
    in the middle of their spans."""
    notes = notes or [""] * len(points)
    drawn = [(d, v, c, n) for (d, v, c), n in zip(points, notes, strict=True) if v is not None]
    if not drawn:
        return ""
    start, end = drawn[0][0].toordinal(), max(drawn[-1][0].toordinal(), drawn[0][0].toordinal() + 1)

    def x(day: date) -> float:
        return PAD + (day.toordinal() - start) / (end - start) * (width - 2 * PAD)

    def y(value: float) -> float:
        return HEIGHT - PAD - value / 100 * (HEIGHT - 2 * PAD)

    steps, dots, previous = [], [], None
    for day, value, colour, note in drawn:
        if previous is not None:
            steps.append(f"L{x(day):.1f},{y(previous):.1f}")
        steps.append(f"{'M' if previous is None else 'L'}{x(day):.1f},{y(value):.1f}")
        told = f" ({escape(note)})" if note else ""
        dots.append(
            f'<circle cx="{x(day):.1f}" cy="{y(value):.1f}" r="5" fill="{colour}" stroke="#222">'
            f"<title>{local_date(day, lang)}: {local_percent(value, lang)}{told}</title></circle>"
        )
        if note:
            dots.append(
                f'<text class="note" x="{x(day):.1f}" y="{y(value) - 9:.1f}" font-size="10" fill="#555" '
                f'text-anchor="middle">{escape(note)}</text>'
            )
        previous = value
    grid = "".join(
        f'<line x1="{PAD}" x2="{width - PAD}" y1="{y(v)}" y2="{y(v)}" stroke="#ddd"/>'
        f'<text x="{PAD - 8}" y="{y(v) + 4}" text-anchor="end" font-size="10">{v}</text>'  # clear of a first dot
        for v in (0, 50, 100)
    )
    if ticks:
        kept = [t for (_, v, _), t in zip(points, ticks, strict=True) if v is not None]
        labels = _under_dots([x(day) for day, *_ in drawn], kept)
    else:
        labels = _years(drawn[0][0], drawn[-1][0], x)
    if not labels:
        labels = _first_and_last_days(drawn[0][0], drawn[-1][0], lang, width)
    return (
        f'<svg class="chart {size_class}" role="img" width="{width}" height="{HEIGHT}" viewBox="0 0 {width} {HEIGHT}">'
        f"<title>{escape(title)}</title>{grid}{labels}"
        f'<path d="{" ".join(steps)}" fill="none" stroke="#1565c0" stroke-width="2"/>{"".join(dots)}</svg>'
    )


def _first_and_last_days(first: date, last: date, lang: str, width: int) -> str:
    """The axis of a chart within one year: its first and last days; its one day when it has one (a project with a
    single report read "14/06/2017 … 14/06/2017")."""
    start = f'<text x="{PAD}" y="{HEIGHT - 8}" font-size="10">{local_date(first, lang)}</text>'
    if first == last:
        return start
    return start + (
        f'<text x="{width - PAD}" y="{HEIGHT - 8}" font-size="10" text-anchor="end">{local_date(last, lang)}</text>'
    )


def _under_dots(xs: list[float], ticks: list[str]) -> str:
    """Each tick at its x (under its dot, or a year's), from the last one back, leaving out one that would touch the
    one after it (the latest, "now", is always named). A 10 px label is about 6 px a character: "2025" and "nay"
    need 27 px between their middles (a fixed 32 px left a phone's "2025" unnamed before "nay")."""
    shown, right, after = [], float("inf"), ""
    for at, tick in reversed(list(zip(xs, ticks, strict=True))):
        if right - at >= 3 * (len(tick) + len(after)) + 6:
            shown.append(
                f'<text x="{at:.1f}" y="{HEIGHT - 14}" font-size="10" text-anchor="middle">{escape(tick)}</text>'
            )
            right, after = at, tick
    return "".join(reversed(shown))  # left to right, as read


def _years(first: date, last: date, x: Callable[[date], float]) -> str:
    """Ticks at each 1 January from ``first`` to ``last``, each year's label in the middle of the part of it drawn
    (a first year drawn over less than :data:`YEAR_ROOM` px unnamed; from the last back, one that would touch the
    next left out): a point at a year's end sits at the end of its year, and the year a chart ends in is always
    named, beside its tick when little of it is drawn (a phone's chart of a project reported on in March 2026 had no
    "2026")."""
    ticks = range(first.year + 1, last.year + 1)
    if not ticks:
        return ""
    spans = {y: (max(first, date(y, 1, 1)), min(last, date(y, 12, 31))) for y in range(first.year, last.year + 1)}
    middle = {y: date.fromordinal((a.toordinal() + b.toordinal()) // 2) for y, (a, b) in spans.items()}
    at = {y: x(middle[y]) for y, (a, b) in spans.items() if x(b) - x(a) >= YEAR_ROOM}
    at[last.year] = max(x(middle[last.year]), x(date(last.year, 1, 1)) + YEAR_ROOM / 2)
    lines = "".join(
        f'<line x1="{x(date(y, 1, 1)):.1f}" x2="{x(date(y, 1, 1)):.1f}" y1="{HEIGHT - PAD}" y2="{HEIGHT - PAD + 5}" '
        'stroke="#999"/>'
        for y in ticks
    )
    return lines + _under_dots(list(at.values()), [str(y) for y in at])


def bars_svg(
    rows: list[tuple[str, float, str]],
    title: str,
    lang: str,
    unit: str = "",
    width: int = WIDTH,
    size_class: str = "wide",
) -> str:
    """Horizontal bars: (label, value, colour), scaled to the largest value; ``unit`` follows each value (" %").
    ``width`` and ``size_class`` as for :func:`timeline_svg`."""
    if not rows:
        return ""
    top = max(v for _, v, _ in rows) or 1
    height = 22 * len(rows) + 8
    start = 230 if width >= WIDTH else 150  # the labels' column: "Đề xuất trong kế hoạch" fits 150 px
    longest = width - start - 70  # room for the value after the longest bar
    bars = "".join(
        f'<text x="0" y="{22 * i + 18}" font-size="11">{escape(label)}</text>'
        f'<rect x="{start}" y="{22 * i + 6}" width="{value / top * longest:.1f}" height="14" fill="{colour}"/>'
        f'<text x="{start + 6 + value / top * longest:.1f}" y="{22 * i + 18}" font-size="11">'
        f"{local_number(value, lang, 1)}{escape(unit)}</text>"
        for i, (label, value, colour) in enumerate(rows)
    )
    return (
        f'<svg class="chart {size_class}" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f"<title>{escape(title)}</title>{bars}</svg>"
    )
