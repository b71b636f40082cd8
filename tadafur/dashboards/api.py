"""Indicators and dashboards: public read API (`/api/v1/dashboards/`).

The same figures as the pages, with the same small-cell rule: a withheld value is `null` with
`suppressed: true` and no case count. Territories are named by their HCP code, the nation by
"MA"; periods are "2026", "2026-S1" or "2026-S2".
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from tadafur.core import indicators as registry
from tadafur.dashboards import periods, selectors

router = Router(tags=["Indicators and dashboards"])


class IndicatorOut(Schema):
    key: str
    module: str
    label: str
    unit: str
    description: str
    higher_is_better: bool | None


class ValueOut(Schema):
    indicator: str
    unit: str
    value: float | None
    cases: int | None
    suppressed: bool


class TerritoryValuesOut(Schema):
    territory: str
    name: str
    period: str
    values: list[ValueOut]


class ShareOut(Schema):
    group: str
    participants_share: float | None
    population_share: float | None


class RepresentativenessOut(Schema):
    channel: str
    label: str
    index: float | None
    sex: list[ShareOut]
    age: list[ShareOut]
    reading: list[str]


class ScopeOut(TerritoryValuesOut):
    representativeness: list[RepresentativenessOut]


class ComparisonOut(Schema):
    territory: str
    period: str
    rows: list[TerritoryValuesOut]


class PeriodQuery(Schema):
    period: str | None = None


def _value(cell: selectors.Cell) -> ValueOut:
    return ValueOut(
        indicator=cell.spec.key,
        unit=cell.spec.unit,
        value=None if cell.shown is None else round(cell.shown, 6),
        cases=None if cell.suppressed else cell.n,
        suppressed=cell.suppressed,
    )


def _scope_and_period(code: str, key: str | None) -> tuple[selectors.Scope, periods.Period]:
    scope = selectors.scope_get(code)
    if scope is None:
        raise HttpError(404, "Unknown territory code.")
    period = periods.parse(key) if key else periods.current()
    if period is None:
        raise HttpError(422, "Unknown period: use a year (2026) or a half-year (2026-S1, 2026-S2).")
    return scope, period


EXAMPLE_SCOPE = {
    "territory": "06.461.01.15",
    "name": "Settat",
    "period": "2026",
    "values": [
        {"indicator": "petitions.filed", "unit": "count", "value": 3, "cases": 3, "suppressed": False},
        {"indicator": "petitions.answer_days", "unit": "days", "value": None, "cases": None, "suppressed": True},
        {"indicator": "budgets.turnout", "unit": "share", "value": 0.042, "cases": 1240, "suppressed": False},
    ],
    "representativeness": [
        {
            "channel": "budgets.voters",
            "label": "Participatory budget voters",
            "index": 0.81,
            "sex": [
                {"group": "female", "participants_share": 0.31, "population_share": 0.51},
                {"group": "male", "participants_share": 0.69, "population_share": 0.49},
            ],
            "age": [{"group": "15-24", "participants_share": 0.12, "population_share": 0.21}],
            "reading": ["Women are under-represented: 31% of participants vs 51% of the population."],
        }
    ],
}


@router.get(
    "/indicators",
    response=list[IndicatorOut],
    summary="Registered indicators",
    openapi_extra={
        "responses": {
            "200": {
                "description": "Every indicator the modules publish.",
                "content": {
                    "application/json": {
                        "example": [
                            {
                                "key": "petitions.filed",
                                "module": "petitions",
                                "label": "Petitions filed",
                                "unit": "count",
                                "description": "Petitions filed with a council during the period.",
                                "higher_is_better": None,
                            }
                        ]
                    }
                },
            }
        }
    },
)
def indicator_list(request: HttpRequest) -> list[IndicatorOut]:
    return [
        IndicatorOut(
            key=s.key,
            module=s.module,
            label=str(s.label),
            unit=s.unit,
            description=str(s.description),
            higher_is_better=s.higher_is_better,
        )
        for s in registry.indicators()
    ]


@router.get(
    "/territories/{code}",
    response=ScopeOut,
    summary="Indicators and representativeness of a territory for a period",
    description="`code` is an HCP code (`06.461.01.15`) or `MA` for the whole country; `period` defaults to "
    "the current year. Example: `/api/v1/dashboards/territories/06.461.01.15?period=2026-S1`.",
    openapi_extra={
        "responses": {"200": {"description": "OK", "content": {"application/json": {"example": EXAMPLE_SCOPE}}}}
    },
)
def territory_values(request: HttpRequest, code: str, filters: Query[PeriodQuery]) -> ScopeOut:
    scope, period = _scope_and_period(code, filters.period)
    rows = selectors.overview(scope, period, with_previous=False)
    channels = selectors.representativeness_of(scope, period)
    return ScopeOut(
        territory=scope.code,
        name=scope.name,
        period=period.key,
        values=[_value(r.cell) for r in rows],
        representativeness=[
            RepresentativenessOut(
                channel=r.channel,
                label=r.label,
                index=None if r.index is None else round(r.index, 4),
                sex=[
                    ShareOut(group=s.key, participants_share=s.share, population_share=s.population_share)
                    for s in r.sex_rows
                ],
                age=[
                    ShareOut(group=s.key, participants_share=s.share, population_share=s.population_share)
                    for s in r.age_rows
                ],
                reading=r.reading,
            )
            for r in channels
        ],
    )


@router.get(
    "/territories/{code}/children",
    response=ComparisonOut,
    summary="Indicators of the territories under a territory (e.g. Settat's 46 communes)",
    description="Regions of `MA`, provinces of a region, communes of a province. "
    "Example: `/api/v1/dashboards/territories/06.461/children?period=2026`.",
    openapi_extra={
        "responses": {
            "200": {
                "description": "OK",
                "content": {
                    "application/json": {
                        "example": {
                            "territory": "06.461",
                            "period": "2026",
                            "rows": [
                                {
                                    "territory": "06.461.01.15",
                                    "name": "Settat",
                                    "period": "2026",
                                    "values": [
                                        {
                                            "indicator": "petitions.filed",
                                            "unit": "count",
                                            "value": 3,
                                            "cases": 3,
                                            "suppressed": False,
                                        }
                                    ],
                                }
                            ],
                        }
                    }
                },
            }
        }
    },
)
def territory_children(request: HttpRequest, code: str, filters: Query[PeriodQuery]) -> ComparisonOut:
    scope, period = _scope_and_period(code, filters.period)
    _columns, rows = selectors.comparison(scope, period)
    return ComparisonOut(
        territory=scope.code,
        period=period.key,
        rows=[
            TerritoryValuesOut(
                territory=r.territory.code,
                name=r.territory.name,
                period=period.key,
                values=[_value(c) for c in r.cells],
            )
            for r in rows
        ],
    )
