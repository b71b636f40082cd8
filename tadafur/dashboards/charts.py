"""Server-rendered SVG charts and the choropleth map of the dashboards.

Readable without JavaScript: each SVG has a <title> (and role="img"; role="group" for the map,
whose communes are links), axis labels, and a <title> on every bar or commune giving its exact
value; every chart is shown beside its data table and CSV. Colours are presentation attributes
(the CSP forbids inline styles); hatching is not used, suppressed or missing figures are drawn
in light grey and say so in their title.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from tadafur.territories import maps
from tadafur.territories.models import Territory

# A 5-step sequential palette (ColorBrewer "Greens"), light to dark, readable on white.
PALETTE = ("#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c")
MISSING = "#e0e0e0"
BAR = "#2a7a5e"
INK = "#1d1d1d"
MUTED = "#5c5c5c"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: not shown (suppressed or nothing to measure)
    display: str


def _uid(prefix: str, title: str) -> str:
    return f"{prefix}-{hashlib.md5(title.encode(), usedforsecurity=False).hexdigest()[:8]}"


def _scale_max(values: Sequence[float]) -> float:
    top = max(values, default=0)
    return top if top > 0 else 1


def bar_chart_svg(title: str, bars: Sequence[Bar], *, axis_label: str) -> str:
    """Horizontal bars, one per row, with the value written at the end of each bar."""
    if not bars:
        return ""
    label_w, bar_w, row_h = 170, 300, 16
    height = len(bars) * row_h + 46
    top = _scale_max([b.value for b in bars if b.value is not None])
    uid = _uid("bar", title)
    out = [
        f'<svg class="chart" viewBox="0 0 {label_w + bar_w + 70} {height}" role="img" '
        f'aria-labelledby="{uid}" xmlns="http://www.w3.org/2000/svg"><title id="{uid}">{escape(title)}</title>',
        f'<text x="{label_w}" y="12" font-size="10" fill="{INK}">{escape(axis_label)}</text>',
    ]
    y = 20
    for bar in bars:
        out.append(
            f'<text x="{label_w - 4}" y="{y + 11}" font-size="9" text-anchor="end" fill="{INK}">'
            f"{escape(bar.label[:32])}</text>"
        )
        if bar.value is None:
            out.append(
                f'<rect x="{label_w}" y="{y + 2}" width="6" height="10" fill="{MISSING}">'
                f"<title>{escape(bar.label)}: {escape(bar.display)}</title></rect>"
                f'<text x="{label_w + 10}" y="{y + 11}" font-size="9" fill="{MUTED}">{escape(bar.display)}</text>'
            )
        else:
            width = round(bar.value / top * bar_w, 1)
            out.append(
                f'<rect x="{label_w}" y="{y + 2}" width="{width}" height="10" fill="{BAR}">'
                f"<title>{escape(bar.label)}: {escape(bar.display)}</title></rect>"
                f'<text x="{label_w + width + 4}" y="{y + 11}" font-size="9" fill="{INK}">{escape(bar.display)}</text>'
            )
        y += row_h
    out.append(f'<line x1="{label_w}" y1="18" x2="{label_w}" y2="{y + 2}" stroke="{MUTED}" stroke-width="1"/>')
    out.append("</svg>")
    return "".join(out)


def column_chart_svg(title: str, bars: Sequence[Bar], *, axis_label: str) -> str:
    """Vertical columns over time (oldest on the start side), with the periods as the x axis."""
    if not bars:
        return ""
    col_w, gap, chart_h, left = 44, 10, 160, 10
    width = left + len(bars) * (col_w + gap) + 10
    height = chart_h + 60
    top = _scale_max([b.value for b in bars if b.value is not None])
    uid = _uid("col", title)
    base = chart_h + 24
    out = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{uid}" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="{uid}">{escape(title)}</title>',
        f'<text x="{left}" y="12" font-size="10" fill="{INK}">{escape(axis_label)}</text>',
        f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="{MUTED}" stroke-width="1"/>',
    ]
    for i, bar in enumerate(bars):
        x = left + i * (col_w + gap)
        if bar.value is None:
            h = 4.0
            fill = MISSING
        else:
            h = round(bar.value / top * chart_h, 1)
            fill = BAR
        out.append(
            f'<rect x="{x}" y="{base - h}" width="{col_w}" height="{h}" fill="{fill}">'
            f"<title>{escape(bar.label)}: {escape(bar.display)}</title></rect>"
            f'<text x="{x + col_w / 2}" y="{base - h - 4}" font-size="9" text-anchor="middle" fill="{INK}">'
            f"{escape(bar.display)}</text>"
            f'<text x="{x + col_w / 2}" y="{base + 14}" font-size="9" text-anchor="middle" fill="{MUTED}">'
            f"{escape(bar.label)}</text>"
        )
    out.append(f'<text x="{left}" y="{height - 6}" font-size="10" fill="{INK}">{escape(_("Period"))}</text>')
    out.append("</svg>")
    return "".join(out)


@dataclass(frozen=True)
class LegendEntry:
    colour: str
    label: str


def classes(values: Sequence[float]) -> list[float]:
    """Upper bounds of up to 5 equal-count classes (quantiles) of the values."""
    ordered = sorted(values)
    if not ordered:
        return []
    bounds = []
    for k in range(1, 6):
        bound = ordered[min(len(ordered) - 1, max(0, round(k * len(ordered) / 5) - 1))]
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    return bounds


def colour_of(value: float | None, bounds: Sequence[float]) -> str:
    if value is None or not bounds:
        return MISSING
    for i, bound in enumerate(bounds):
        if value <= bound:
            # Spread the classes over the palette when there are fewer than 5.
            return PALETTE[round(i * (len(PALETTE) - 1) / max(1, len(bounds) - 1))]
    return PALETTE[-1]


def choropleth_svg(
    province: Territory,
    title: str,
    values: dict[str, tuple[float | None, str]],
    *,
    link_name: str = "dashboards:scope",
) -> tuple[str, list[LegendEntry]]:
    """The province's communes coloured by value (code → (value or None, display)); each
    commune links to its dashboard profile and titles its name and value."""
    height, paths = maps._paths()
    bounds = classes([v for v, _d in values.values() if v is not None])
    communes = Territory.objects.filter(code__in=list(paths)).only("code", "name_ar", "name_fr", "name_zgh")
    names = {t.code: t.name for t in communes}
    parts = [
        f'<svg class="map" viewBox="0 0 {maps.WIDTH} {height}" role="group" aria-labelledby="choropleth-title" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="choropleth-title">{escape(title)}</title>'
    ]
    for code, d in sorted(paths.items()):
        if code not in names:
            continue
        value, display = values.get(code, (None, "—"))
        parts.append(
            f'<a href="{reverse(link_name, args=[code])}"><path d="{d}" fill="{colour_of(value, bounds)}" '
            f'stroke="#ffffff" stroke-width="1"><title>{escape(names[code])}: {escape(display)}</title></path></a>'
        )
    parts.append("</svg>")
    shown = {v: d for v, d in values.values() if v is not None}
    legend = []
    low = min(shown, default=0.0)
    for bound in bounds:
        above = [v for v in shown if low <= v <= bound]
        first = min(above, default=low)
        legend.append(LegendEntry(colour_of(bound, bounds), f"{shown.get(first, first)} – {shown.get(bound, bound)}"))
        low = min((v for v in shown if v > bound), default=bound)
    legend.append(LegendEntry(MISSING, _("Not shown or nothing to measure")))
    return "".join(parts), legend
