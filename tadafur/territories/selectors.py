"""Reads about territories, for views, the API and other modules."""

from __future__ import annotations

from django.db.models import QuerySet

from tadafur.core.text import fold
from tadafur.territories.models import Level, Territory

FEATURED_PROVINCE = "06.461"  # Settat, the programme's first province


def territory_get(code: str) -> Territory | None:
    return Territory.objects.select_related("parent").filter(code=code).first()


def featured_province() -> Territory | None:
    return Territory.objects.filter(code=FEATURED_PROVINCE).first()


def children_of(territory: Territory) -> QuerySet[Territory]:
    return territory.children.order_by("-population_2024", "code")


def ancestors_of(territory: Territory) -> list[Territory]:
    chain: list[Territory] = []
    node = territory.parent
    while node is not None:
        chain.append(node)
        node = node.parent
    return list(reversed(chain))


def collectivities() -> QuerySet[Territory]:
    return Territory.objects.filter(is_collectivity=True)


def territory_search(query: str, *, limit: int = 30) -> list[Territory]:
    """Collectivities whose Arabic or French name contains every word of the query, folded.

    Folding (core.text.fold) lets hamza and ta marbuta variants, diacritics and tatweel in
    Arabic ("أولاد سعيد" / "اولاد سعيد") and accents and case in French ("Béni Mellal" /
    "beni mellal") match the same names.
    """
    words = fold(query).split()
    if not words:
        return []
    qs = Territory.objects.filter(level__in=[Level.REGION, Level.PROVINCE, Level.COMMUNE, Level.ARRONDISSEMENT])
    for word in words[:6]:
        qs = qs.filter(search_key__contains=word)
    results = list(qs.select_related("parent")[: limit * 3])
    key = fold(query)
    # Exact names first, then names that start with the query, then by population.
    results.sort(
        key=lambda t: (
            not any(part.strip() == key for part in t.search_key.split("|")),
            not any(part.strip().startswith(key) for part in t.search_key.split("|")),
            -(t.population_2024 or 0),
        )
    )
    return results[:limit]
