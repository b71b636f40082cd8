from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from tadafur.territories import selectors

router = Router(tags=["territories"])


class TerritoryOut(Schema):
    code: str
    level: str
    kind: str
    name_ar: str
    name_fr: str
    parent: str | None
    population_2014: int | None
    population_2024: int | None
    children: list[str]


class TerritorySummary(Schema):
    code: str
    level: str
    name_ar: str
    name_fr: str


@router.get("/search", response=list[TerritorySummary], summary="Search collectivities by name (ar/fr)")
def search(request: HttpRequest, q: str) -> list[dict[str, str]]:
    return [
        {"code": t.code, "level": t.level, "name_ar": t.name_ar, "name_fr": t.name_fr}
        for t in selectors.territory_search(q)
    ]


@router.get("/{code}", response=TerritoryOut, summary="One territory with its children's codes")
def territory(request: HttpRequest, code: str) -> dict[str, object]:
    item = selectors.territory_get(code)
    if item is None:
        raise HttpError(404, "Unknown territory code")
    return {
        "code": item.code,
        "level": item.level,
        "kind": item.kind,
        "name_ar": item.name_ar,
        "name_fr": item.name_fr,
        "parent": item.parent.code if item.parent else None,
        "population_2014": item.population_2014,
        "population_2024": item.population_2024,
        "children": list(item.children.order_by("code").values_list("code", flat=True)),
    }
