"""Reads of the dashboards: scopes (a territory and everything under it), indicator cells with
small-cell suppression, comparisons, trends and representativeness. Nothing here writes.

A *scope* is the nation ("MA") or a territory; its group is the territory and every territory
under it (HCP codes nest: 06 ⊃ 06.461 ⊃ 06.461.01.15). Computed figures are cached for
DASHBOARDS_CACHE_SECONDS (default 300 s): the pages say so, and nothing invalidates them
earlier (docs/decisions/0713-dashboard-cells-periods-cache.md).
"""

from __future__ import annotations

import hashlib
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from tadafur.core import indicators as registry
from tadafur.core.indicators import GroupSet, IndicatorSpec, Measure, ParticipationSpec, Unit
from tadafur.dashboards import representativeness
from tadafur.dashboards.periods import Period
from tadafur.territories.models import Level, Territory

NATIONAL = "MA"
SMALL_CELL = 5  # rates and medians over fewer cases than this are shown as "—"
CACHE_PREFIX = "dashboards:v1"


def cache_seconds() -> int:
    return int(getattr(settings, "DASHBOARDS_CACHE_SECONDS", 300))


# --- Scopes ------------------------------------------------------------------------------------


@dataclass
class Scope:
    code: str
    territory: Territory | None  # None: the whole country
    ids: list[int]
    # (id, code) of every territory under it, as scope_get read them: its children's groups are
    # cut from these without a second query.
    under: list[tuple[int, str]] | None = None

    @property
    def name(self) -> str:
        return self.territory.name if self.territory else _("Morocco")

    @property
    def level(self) -> str:
        return self.territory.level if self.territory else "national"

    @property
    def census(self) -> dict[str, Any]:
        if self.territory is not None:
            return self.territory.census or {}
        return _national_census()

    @property
    def own_groups(self) -> GroupSet:
        """The scope alone as one group; the nation's covers every territory (no `IN` list)."""
        return GroupSet({self.code: self.ids}, everywhere=self.code == NATIONAL)

    @property
    def population(self) -> int | None:
        if self.territory is not None:
            return self.territory.population_2024
        return None


def _national_census() -> dict[str, Any]:
    """The country's census figures, read from the census package once a day at most: reading
    them takes seconds in a fresh process (docs/benchmarks-dashboards.md)."""
    from tadafur.programmes.selectors import national_census

    return cache.get_or_set(f"{CACHE_PREFIX}:census:{NATIONAL}", national_census, 24 * 3600)


def _under(code: str) -> list[tuple[int, str]]:
    """(id, code) of the territory with this code and every territory under it."""
    qs = Territory.objects.all() if code == NATIONAL else Territory.objects.filter(code__startswith=f"{code}.")
    rows = list(qs.values_list("pk", "code"))
    return rows


def scope_get(code: str) -> Scope | None:
    if code == NATIONAL:
        under = _under(NATIONAL)
        return Scope(NATIONAL, None, [pk for pk, _c in under], under)
    territory = Territory.objects.select_related("parent").filter(code=code).first()
    if territory is None or territory.level == Level.ARRONDISSEMENT:
        return None
    under = _under(code)
    return Scope(code, territory, [territory.pk] + [pk for pk, _c in under], under)


def children_of(scope: Scope) -> list[Territory]:
    """What a scope is compared across: regions of the country, provinces of a region, communes
    of a province. Communes have nothing under them to compare (arrondissements are not
    collectivities)."""
    if scope.territory is None:
        qs = Territory.objects.filter(level=Level.REGION)
    elif scope.territory.level in (Level.REGION, Level.PROVINCE):
        qs = Territory.objects.filter(parent=scope.territory, is_collectivity=True)
    else:
        return []
    return list(qs.defer("census").order_by("code"))


def child_groups(scope: Scope, children: Sequence[Territory]) -> dict[str, list[int]]:
    """Each child's own group (itself and everything under it), from one query."""
    return _split(children, scope.under if scope.under is not None else _under(scope.code))


def _split(children: Sequence[Territory], under: Sequence[tuple[int, str]]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {c.code: [c.pk] for c in children}
    for pk, code in under:
        parts = code.split(".")
        for depth in range(1, len(parts)):
            owner = ".".join(parts[:depth])
            if owner in groups:
                if pk not in groups[owner]:
                    groups[owner].append(pk)
                break
    return groups


# --- Cells -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    spec: IndicatorSpec
    value: float | None
    n: int
    suppressed: bool

    @property
    def shown(self) -> float | None:
        return None if self.suppressed else self.value

    @cached_property
    def display(self) -> str:
        return format_value(self.spec.unit, self.shown)

    @cached_property
    def note(self) -> str:
        if self.suppressed:
            return _("Fewer than %(n)s cases: not shown.") % {"n": SMALL_CELL}
        if self.value is None:
            return _("Nothing to measure in this period.")
        return ""


def format_value(unit: str, value: float | None) -> str:
    if value is None:
        return "—"
    if unit == Unit.SHARE:
        return f"{number_format(round(100 * value, 1), decimal_pos=1)} %"
    if unit == Unit.DAYS:
        return _("%(days)s days") % {"days": number_format(round(value, 1), decimal_pos=1 if value % 1 else 0)}
    if unit == Unit.AMOUNT:
        return _("%(amount)s MAD") % {"amount": number_format(round(value), use_l10n=True, force_grouping=True)}
    return number_format(round(value), force_grouping=True)


def csv_value(cell: Cell) -> str:
    """The value in a CSV cell: plain number (shares as fractions 0–1), empty when not shown."""
    value = cell.shown
    if value is None:
        return ""
    if cell.spec.unit == Unit.COUNT:
        return str(round(value))
    return f"{value:.4f}".rstrip("0").rstrip(".") if value % 1 else str(int(value))


def make_cell(spec: IndicatorSpec, measure: Measure | None) -> Cell:
    measure = measure or Measure(None, 0)
    small = spec.suppress and spec.unit != Unit.COUNT and 0 < measure.n < SMALL_CELL
    return Cell(spec, measure.value, measure.n, small)


def _groups_key(groups: dict[str, Sequence[int]]) -> str:
    cached = getattr(groups, "digest", None)
    if cached:
        return cached
    text = ";".join(f"{name}:{','.join(map(str, sorted(ids)))}" for name, ids in sorted(groups.items()))
    digest = hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()
    if isinstance(groups, GroupSet):
        groups.digest = digest
    return digest


def compute(
    spec: IndicatorSpec, groups: dict[str, Sequence[int]], period: Period, *, groups_key: str | None = None
) -> dict[str, Cell]:
    """One query (or one cache hit) for every group. `groups_key`: the groups' digest, when the
    caller computes several indicators for the same groups (1,600 ids nationally)."""
    key = f"{CACHE_PREFIX}:i:{spec.key}:{period.key}:{groups_key or _groups_key(groups)}"
    measures = cache.get(key) if cache_seconds() else None
    if measures is None:
        measures = spec.compute(groups, period.start, period.end)
        if cache_seconds():
            cache.set(key, measures, cache_seconds())
    return {name: make_cell(spec, measures.get(name)) for name in groups}


def participation(spec: ParticipationSpec, groups: dict[str, Sequence[int]], period: Period) -> dict[str, Counter]:
    key = f"{CACHE_PREFIX}:p:{spec.channel}:{period.key}:{_groups_key(groups)}"
    counts = cache.get(key) if cache_seconds() else None
    if counts is None:
        counts = spec.compute(groups, period.start, period.end)
        if cache_seconds():
            cache.set(key, counts, cache_seconds())
    return counts


def specs(keys: Sequence[str] | None = None) -> list[IndicatorSpec]:
    every = registry.indicators()
    if keys:
        return [s for s in every if s.key in keys]
    return every


# --- Pages -------------------------------------------------------------------------------------


@dataclass
class Row:
    spec: IndicatorSpec
    cell: Cell
    previous: Cell | None = None


@dataclass
class Family:
    """The groups a scope's current figures are computed with: the scope *and* the territories
    compared with it, so one call per indicator serves several pages (docs/decisions/0714-dashboard-families.md).

    - a nation, region or province: itself and its children (the dashboard and the comparison);
    - a commune: its province and the province's communes (the dashboard, its profile among the
      communes, the province's dashboard and comparison, and every sibling's profile).

    Adding the children costs little: their ids are the scope's own, so the query is the same,
    only its rows are fanned out to more groups.
    """

    host: str  # the code of the scope whose children these are ("06.461" for a commune of Settat)
    groups: dict[str, list[int]]
    children: list[Territory]


def family(scope: Scope) -> Family:
    if scope.territory is not None and scope.territory.level == Level.COMMUNE:
        province = scope.territory.parent
        if province is None:
            return Family(scope.code, {scope.code: scope.ids}, [])
        under = _under(province.code)
        host = Scope(province.code, province, [province.pk] + [pk for pk, _c in under], under)
    else:
        host = scope
    children = children_of(host)
    groups = child_groups(host, children) if children else {}
    groups[host.code] = host.ids
    if scope.code not in groups:  # a commune outside its province's collectivities
        groups[scope.code] = scope.ids
    return Family(host.code, GroupSet(groups, everywhere=host.code == NATIONAL), children)


Columns = dict[str, dict[str, Cell]]  # indicator key -> group name -> cell


def columns(groups: dict[str, Sequence[int]], period: Period, chosen: Sequence[IndicatorSpec]) -> Columns:
    """Every chosen indicator for the groups in the period: one call (or cache hit) each; rows that
    several indicators of a module read alike are queried once (`core.indicators.sharing`)."""
    digest = _groups_key(groups)
    if not isinstance(groups, GroupSet):
        groups = GroupSet(groups)
    with registry.sharing():
        return {spec.key: compute(spec, groups, period, groups_key=digest) for spec in chosen}


def overview(scope: Scope, period: Period, *, with_previous: bool = True, current: Columns | None = None) -> list[Row]:
    """Every indicator for the scope in the period (and the period before). The period's figures
    come with the scope's family (`current`, when the page has computed them already); the
    period before with the scope alone, as the trend computes it."""
    chosen = specs()
    if current is None:
        current = columns(family(scope).groups, period, chosen)
    before = columns(scope.own_groups, period.previous, chosen) if with_previous else {}
    return [
        Row(spec, current[spec.key][scope.code], before[spec.key][scope.code] if with_previous else None)
        for spec in chosen
    ]


def representativeness_of(scope: Scope, period: Period) -> list[representativeness.Representativeness]:
    groups = scope.own_groups
    census = scope.census
    out = []
    for spec in registry.participation_channels():
        counts = participation(spec, groups, period).get(scope.code) or Counter()
        out.append(representativeness.measure(spec.channel, str(spec.label), counts, census, spec.bands))
    return out


@dataclass
class ComparisonRow:
    territory: Territory
    cells: list[Cell]

    def cells_html(self) -> SafeString:
        """The row's <td>s, built here: a 46 × 25 table is too many template nodes to be quick."""
        return format_html_join(
            "",
            '<td class="num"{}>{}</td>',
            ((format_html(' title="{}"', c.note) if c.note else "", c.display) for c in self.cells),
        )


def comparison(
    scope: Scope, period: Period, keys: Sequence[str] | None = None
) -> tuple[list[IndicatorSpec], list[ComparisonRow]]:
    """The scope's children (e.g. Settat's 46 communes) side by side: one query per indicator,
    shared with the scope's own dashboard (the same family of groups)."""
    chosen = specs(keys)
    fam = family(scope)
    if fam.host != scope.code or not fam.children:
        return chosen, []
    cells = columns(fam.groups, period, chosen)
    rows = [ComparisonRow(c, [cells[spec.key][c.code] for spec in chosen]) for c in fam.children]
    return chosen, rows


@dataclass
class TrendPoint:
    period: Period
    cell: Cell


def trend(scope: Scope, spec: IndicatorSpec, periods: Sequence[Period]) -> list[TrendPoint]:
    groups = scope.own_groups
    digest = _groups_key(groups)
    return [TrendPoint(p, compute(spec, groups, p, groups_key=digest)[scope.code]) for p in periods]


@dataclass
class ProfileRow:
    spec: IndicatorSpec
    cell: Cell
    province: Cell | None
    rank: int | None  # 1 = best among the communes with a figure, by higher_is_better
    ranked: int
    median: float | None

    @property
    def median_display(self) -> str:
        return format_value(self.spec.unit, self.median)


def profile(
    scope: Scope, period: Period, *, fam: Family | None = None, current: Columns | None = None
) -> list[ProfileRow]:
    """A commune's indicators beside its province's and the other communes' (rank, median):
    the same figures as the commune's dashboard, computed once for both (`fam`, `current`)."""
    commune = scope.territory
    assert commune is not None
    fam = fam or family(scope)
    siblings = [c.code for c in fam.children] or [commune.code]
    chosen = specs()
    if current is None:
        current = columns(fam.groups, period, chosen)
    province = fam.host if fam.host != scope.code else None
    rows = []
    for spec in chosen:
        cells = current[spec.key]
        own = cells[commune.code]
        values = [cells[code].shown for code in siblings if cells[code].shown is not None]
        rank = None
        if own.shown is not None and spec.higher_is_better is not None:
            better = [v for v in values if (v > own.shown if spec.higher_is_better else v < own.shown)]
            rank = len(better) + 1
        rows.append(
            ProfileRow(
                spec,
                own,
                cells[province] if province else None,
                rank,
                len(values),
                statistics.median(values) if values else None,
            )
        )
    return rows
