from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tadafur.core import registry
from tadafur.territories import charts, maps, selectors


@require_GET
def territory_detail(request: HttpRequest, code: str) -> HttpResponse:
    territory = selectors.territory_get(code)
    if territory is None:
        raise Http404
    open_items = []
    for module in registry.modules():
        if module.open_items:
            open_items.extend(module.open_items(territory))
    return render(
        request,
        "territories/detail.html",
        {
            "territory": territory,
            "ancestors": selectors.ancestors_of(territory),
            "children": selectors.children_of(territory),
            "open_items": open_items,
            "census_chart": charts.age_pyramid_svg(territory.census) if territory.census else "",
            "census": territory.census,
            "map_svg": maps.province_map_svg(territory) if maps.has_map(territory) else "",
        },
    )


@require_GET
def territory_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    results = selectors.territory_search(query) if query else []
    return render(request, "territories/search.html", {"query": query, "results": results})
