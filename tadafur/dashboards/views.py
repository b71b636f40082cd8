"""Public dashboard pages and their CSV downloads: read-only, no login, no personal data."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tadafur.core import indicators as registry
from tadafur.core.exports import csv_response
from tadafur.dashboards import charts, periods, selectors
from tadafur.dashboards.selectors import NATIONAL, SMALL_CELL, Scope
from tadafur.territories import maps
from tadafur.territories.models import Level


def _scope(code: str) -> Scope:
    scope = selectors.scope_get(code)
    if scope is None:
        raise Http404
    return scope


def _period(request: HttpRequest) -> periods.Period:
    return periods.parse(request.GET.get("period")) or periods.current()


def _spec(key: str | None, default: bool = True) -> registry.IndicatorSpec:
    every = selectors.specs()
    if not every:
        raise Http404
    for spec in every:
        if spec.key == key:
            return spec
    if key and not default:
        raise Http404
    return every[0]


def _common(scope: Scope, period: periods.Period) -> dict[str, Any]:
    ancestors = []
    node = scope.territory.parent if scope.territory else None
    while node is not None:
        ancestors.append(node)
        node = node.parent
    return {
        "scope": scope,
        "period": period,
        "periods": periods.choices(),
        "ancestors": list(reversed(ancestors)),
        "national": NATIONAL,
        "small_cell": SMALL_CELL,
        "cache_minutes": max(1, selectors.cache_seconds() // 60),
        "has_children": scope.territory is None or scope.territory.level in (Level.REGION, Level.PROVINCE),
    }


@require_GET
def national(request: HttpRequest) -> HttpResponse:
    return scope_detail(request, NATIONAL)


@require_GET
def scope_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A collectivity's (or the country's) indicators for a period, beside the period before,
    with the representativeness of each participation channel; for a commune, its profile
    among the communes of its province."""
    scope = _scope(code)
    period = _period(request)
    context = _common(scope, period)
    # The period's figures are computed once, with the scope's family (a commune's province and
    # its communes), and serve both the indicators and the commune's profile.
    family = selectors.family(scope)
    current = selectors.columns(family.groups, period, selectors.specs())
    context["rows"] = selectors.overview(scope, period, current=current)
    context["channels"] = selectors.representativeness_of(scope, period)
    if scope.territory is not None and scope.territory.level == Level.COMMUNE:
        context["profile"] = selectors.profile(scope, period, fam=family, current=current)
    return render(request, "dashboards/scope.html", context)


@require_GET
def compare(request: HttpRequest, code: str) -> HttpResponse:
    """The scope's communes (or provinces, or regions) side by side, with a map and a chart of one
    indicator."""
    scope = _scope(code)
    period = _period(request)
    context = _common(scope, period)
    if not context["has_children"]:
        raise Http404
    chosen = _spec(request.GET.get("indicator"))
    columns, rows = selectors.comparison(scope, period)
    index = next(i for i, spec in enumerate(columns) if spec.key == chosen.key)
    bars = [charts.Bar(r.territory.name, r.cells[index].shown, r.cells[index].display) for r in rows]
    title = f"{chosen.label} — {scope.name}, {period.label}"
    context.update(
        columns=columns,
        rows=rows,
        chosen=chosen,
        chart_svg=charts.bar_chart_svg(title, bars, axis_label=str(chosen.label)),
    )
    if scope.territory is not None and maps.has_map(scope.territory):
        values = {r.territory.code: (r.cells[index].shown, r.cells[index].display) for r in rows}
        context["map_svg"], context["legend"] = charts.choropleth_svg(scope.territory, title, values)
        context["map_attribution"] = maps.map_attribution()
    return render(request, "dashboards/compare.html", context)


def _trend_periods(request: HttpRequest) -> tuple[str, list[periods.Period]]:
    by = "semester" if request.GET.get("by") == "semester" else "year"
    today = periods.current().start
    last = periods.semester_period(today.year, 1 if today.month <= 6 else 2) if by == "semester" else periods.current()
    return by, periods.series(last, 8 if by == "semester" else 5)


@require_GET
def trend(request: HttpRequest, code: str, key: str) -> HttpResponse:
    scope = _scope(code)
    spec = _spec(key, default=False)
    by, series = _trend_periods(request)
    points = selectors.trend(scope, spec, series)
    bars = [charts.Bar(p.period.short_label, p.cell.shown, p.cell.display) for p in points]
    context = _common(scope, series[-1])
    context.update(
        spec=spec,
        by=by,
        points=points,
        chart_svg=charts.column_chart_svg(f"{spec.label} — {scope.name}", bars, axis_label=str(spec.label)),
    )
    return render(request, "dashboards/trend.html", context)


# --- CSV ---------------------------------------------------------------------------------------

CELL_HEADER = ["indicator", "unit", "value", "cases", "suppressed"]


def _cell_columns(cell: selectors.Cell) -> list[Any]:
    return [
        cell.spec.key,
        cell.spec.unit,
        selectors.csv_value(cell),
        "" if cell.suppressed else cell.n,
        int(cell.suppressed),
    ]


def _territory_columns(scope: Scope) -> list[str]:
    if scope.territory is None:
        return [NATIONAL, "Maroc", "المغرب"]
    return [scope.code, scope.territory.name_fr, scope.territory.name_ar]


@require_GET
def scope_csv(request: HttpRequest, code: str) -> HttpResponse:
    scope = _scope(code)
    period = _period(request)
    rows = []
    for row in selectors.overview(scope, period):
        rows.append([*_territory_columns(scope), period.key, *_cell_columns(row.cell)])
        if row.previous is not None:
            rows.append([*_territory_columns(scope), period.previous.key, *_cell_columns(row.previous)])
    header = ["territory_code", "territory_name_fr", "territory_name_ar", "period", *CELL_HEADER]
    return csv_response(f"indicators-{scope.code}-{period.key}.csv", header, rows)


@require_GET
def compare_csv(request: HttpRequest, code: str) -> HttpResponse:
    scope = _scope(code)
    period = _period(request)
    _columns, rows = selectors.comparison(scope, period)
    out = []
    for row in rows:
        t = row.territory
        for cell in row.cells:
            out.append([t.code, t.name_fr, t.name_ar, period.key, *_cell_columns(cell)])
    header = ["territory_code", "territory_name_fr", "territory_name_ar", "period", *CELL_HEADER]
    return csv_response(f"indicators-{scope.code}-communes-{period.key}.csv", header, out)


@require_GET
def trend_csv(request: HttpRequest, code: str, key: str) -> HttpResponse:
    scope = _scope(code)
    spec = _spec(key, default=False)
    _by, series = _trend_periods(request)
    rows = [
        [*_territory_columns(scope), p.period.key, *_cell_columns(p.cell)] for p in selectors.trend(scope, spec, series)
    ]
    header = ["territory_code", "territory_name_fr", "territory_name_ar", "period", *CELL_HEADER]
    return csv_response(f"trend-{scope.code}-{spec.key}.csv", header, rows)


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


@require_GET
def representativeness_csv(request: HttpRequest, code: str) -> HttpResponse:
    scope = _scope(code)
    period = _period(request)
    rows = []
    for r in selectors.representativeness_of(scope, period):
        index = "" if r.index is None else f"{r.index:.4f}"
        for dimension, items in (("sex", r.sex_rows), ("age", r.age_rows)):
            for item in items:
                rows.append(
                    [
                        *_territory_columns(scope),
                        period.key,
                        r.channel,
                        index,
                        dimension,
                        item.key,
                        _pct(item.share),
                        _pct(item.population_share),
                    ]
                )
    header = [
        "territory_code",
        "territory_name_fr",
        "territory_name_ar",
        "period",
        "channel",
        "representativeness_index",
        "dimension",
        "group",
        "participants_share",
        "population_share",
    ]
    return csv_response(f"representativeness-{scope.code}-{period.key}.csv", header, rows)
