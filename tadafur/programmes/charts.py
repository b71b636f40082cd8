"""Server-rendered SVG bar charts for the diagnosis (each shown beside its data table)."""

from __future__ import annotations

from typing import Any

from django.utils.html import escape
from django.utils.translation import gettext as _

ROW_H = 22
LABEL_W = 120
BAR_W = 240


def compare_by_sex_svg(title: str, values: list[tuple[str, Any, Any, Any]]) -> str:
    """One pair of bars (women, men) per place, as percentages on a common 0–100 scale."""
    rows = [(place, women, men) for place, women, men, _all in values if women is not None or men is not None]
    if not rows:
        return ""
    height = len(rows) * (2 * ROW_H // 2 + 8) + 24
    out = [
        f'<svg class="chart" viewBox="0 0 {LABEL_W + BAR_W + 40} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f'<rect class="f" x="{LABEL_W}" y="2" width="8" height="8"/>'
        f'<text x="{LABEL_W + 12}" y="10" class="lbl">{escape(_("Women"))}</text>',
        f'<rect class="m" x="{LABEL_W + 80}" y="2" width="8" height="8"/>'
        f'<text x="{LABEL_W + 92}" y="10" class="lbl">{escape(_("Men"))}</text>',
    ]
    y = 18
    for place, women, men in rows:
        out.append(f'<text x="0" y="{y + 12}" class="ax">{escape(place[:28])}</text>')
        for cls, value in (("f", women), ("m", men)):
            width = round(float(value or 0) / 100 * BAR_W, 1)
            out.append(f'<rect class="{cls}" x="{LABEL_W}" y="{y}" width="{width}" height="9"/>')
            out.append(
                f'<text x="{LABEL_W + width + 3}" y="{y + 8}" class="ax">{value if value is not None else "–"}</text>'
            )
            y += 10
        y += 8
    out.append("</svg>")
    return "".join(out)
