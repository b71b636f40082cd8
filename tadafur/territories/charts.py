"""Small server-rendered SVG charts (readable without JavaScript, each paired with a table)."""

from __future__ import annotations

from typing import Any

from django.utils.html import escape
from django.utils.translation import gettext as _

BAR_H = 9
HALF = 150


def age_pyramid_svg(census: dict[str, Any]) -> str:
    """Population pyramid: women on one side, men on the other, share of each sex per age band.

    The census gives, per sex, each band's share of that sex's population; we draw those shares
    so the two sides are comparable whatever the sex ratio.
    """
    bands = census.get("age") or {}
    if not bands:
        return ""
    labels = list(bands)
    peak = max(max(v.get("male") or 0, v.get("female") or 0) for v in bands.values()) or 1
    height = len(labels) * (BAR_H + 2) + 20
    out = [
        f'<svg class="chart" viewBox="0 0 {2 * HALF + 60} {height}" role="img" '
        f'aria-label="{escape(_("Age pyramid by sex, census 2024"))}" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="{HALF - 4}" y="10" text-anchor="end" class="lbl">{escape(_("Women"))}</text>',
        f'<text x="{HALF + 64}" y="10" class="lbl">{escape(_("Men"))}</text>',
    ]
    for i, band in enumerate(reversed(labels)):
        y = 16 + i * (BAR_H + 2)
        women = bands[band].get("female") or 0
        men = bands[band].get("male") or 0
        wf = round(women / peak * (HALF - 10), 1)
        wm = round(men / peak * (HALF - 10), 1)
        label = band.replace("_plus", "+").replace("_", "–")
        out.append(f'<rect class="f" x="{HALF - wf}" y="{y}" width="{wf}" height="{BAR_H}"/>')
        out.append(f'<text x="{HALF + 30}" y="{y + BAR_H - 1}" text-anchor="middle" class="ax">{label}</text>')
        out.append(f'<rect class="m" x="{HALF + 60}" y="{y}" width="{wm}" height="{BAR_H}"/>')
    out.append("</svg>")
    return "".join(out)
