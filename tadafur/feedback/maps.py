"""A server-side SVG map of a commune's reports: its boundary (tadafur/territories/data,
simplified HCP boundaries) with one dot per report that has a point. Readable without
JavaScript; the list beside it is the fallback and says the same."""

from __future__ import annotations

import math
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.translation import gettext as _

from tadafur.feedback.models import Report
from tadafur.territories import maps as territory_maps

WIDTH = 480
MARGIN = 12
COLOURS = {"resolved": "#1a7f37", "reopened": "#b35900"}
OPEN_COLOUR = "#c62828"


def commune_rings(code: str) -> list[list[list[float]]]:
    _attribution, features = territory_maps._features()
    return [ring for f in features if f["properties"]["code"] == code for ring in territory_maps._rings(f["geometry"])]


def has_boundary(code: str) -> bool:
    return bool(commune_rings(code))


def commune_map_svg(collectivity: object, reports: Iterable[Report]) -> str:
    """The commune's boundary and its reports' points; "" when no boundary is known."""
    code = getattr(collectivity, "code", "")
    rings = commune_rings(code)
    if not rings:
        return ""
    points = [pt for ring in rings for pt in ring]
    min_x = min(p[0] for p in points)
    max_x = max(p[0] for p in points)
    min_y = min(p[1] for p in points)
    max_y = max(p[1] for p in points)
    kx = math.cos(math.radians((min_y + max_y) / 2))
    scale = (WIDTH - 2 * MARGIN) / max((max_x - min_x) * kx, 1e-9)
    height = math.ceil((max_y - min_y) * scale) + 2 * MARGIN

    def project(lon: float, lat: float) -> tuple[int, int]:
        return round((lon - min_x) * kx * scale) + MARGIN, round((max_y - lat) * scale) + MARGIN

    title = _("Reports in %(name)s") % {"name": getattr(collectivity, "name", code)}
    parts = [
        f'<svg class="map" viewBox="0 0 {WIDTH} {height}" role="group" aria-labelledby="feedback-map-title" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="feedback-map-title">{escape(title)}</title>'
    ]
    for ring in rings:
        d = "M" + "L".join("{} {}".format(*project(lon, lat)) for lon, lat in ring) + "Z"
        parts.append(f'<path d="{d}" fill="#f3f1ea" stroke="#555" stroke-width="1"/>')
    for report in reports:
        if not report.has_point:
            continue
        lon, lat = float(report.longitude), float(report.latitude)  # type: ignore[arg-type]
        if not (min_x - 0.05 <= lon <= max_x + 0.05 and min_y - 0.05 <= lat <= max_y + 0.05):
            continue  # a point far outside the commune would stretch nothing: it is left out
        x, y = project(lon, lat)
        colour = COLOURS.get(report.status, OPEN_COLOUR)
        label = f"#{report.pk} {report.get_service_display()} — {report.get_status_display()}"
        parts.append(
            f'<a href="{escape(report.get_absolute_url())}"><circle cx="{x}" cy="{y}" r="6" fill="{colour}" '
            f'stroke="#fff" stroke-width="1.5"><title>{escape(label)}</title></circle></a>'
        )
    parts.append("</svg>")
    return "".join(parts)
