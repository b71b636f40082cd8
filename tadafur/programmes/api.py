"""Public read API of action programmes: programmes, axes, projects with progress and indicators."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from tadafur.programmes import selectors
from tadafur.programmes.models import Programme

router = Router(tags=["programmes"])


class ProgrammeSummary(Schema):
    id: int
    collectivity: str
    kind: str
    start_year: int
    end_year: int
    phase: str


class IndicatorOut(Schema):
    name: str
    unit: str
    baseline: Decimal
    target: Decimal
    actual: Decimal | None


class ProjectOut(Schema):
    id: int
    title_ar: str
    title_fr: str
    location: str
    cost: Decimal
    first_three_years: Decimal
    executed: Decimal
    funding_sources: str
    start_year: int
    end_year: int
    gender_marker: int
    responsible_service: str
    status: str
    progress: int
    indicators: list[IndicatorOut]


class AxisOut(Schema):
    id: int
    order: int
    title_ar: str
    title_fr: str
    projects: list[ProjectOut]


class AdoptionOut(Schema):
    session: str | None
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None


class ProgrammeOut(ProgrammeSummary):
    consultation_opens: str | None
    consultation_closes: str | None
    adoption: AdoptionOut
    axes: list[AxisOut]


def _summary(p: Programme) -> dict:
    return {
        "id": p.pk,
        "collectivity": p.collectivity.code,
        "kind": p.kind,
        "start_year": p.start_year,
        "end_year": p.end_year,
        "phase": p.phase,
    }


def _iso(value: object) -> str | None:
    return value.isoformat() if value else None  # type: ignore[attr-defined]


@router.get("/", response=list[ProgrammeSummary])
def programme_list(request: HttpRequest, collectivity: str) -> list[dict]:
    return [_summary(p) for p in selectors.programmes_by_code(collectivity)]


@router.get("/{programme_id}", response=ProgrammeOut)
def programme_detail(request: HttpRequest, programme_id: int) -> dict:
    programme = selectors.programme_get(programme_id)
    if programme is None:
        raise HttpError(404, "Not found")
    axes = [
        {
            "id": axis.pk,
            "order": axis.order,
            "title_ar": axis.title_ar,
            "title_fr": axis.title_fr,
            "projects": [
                {
                    "id": p.pk,
                    "title_ar": p.title_ar,
                    "title_fr": p.title_fr,
                    "location": p.location_commune.code if p.location_commune else p.location_text,
                    "cost": p.cost,
                    "first_three_years": p.first_three_years,
                    "executed": p.executed,
                    "funding_sources": p.funding_sources,
                    "start_year": p.start_year,
                    "end_year": p.end_year,
                    "gender_marker": p.gender_marker,
                    "responsible_service": p.responsible_service,
                    "status": p.status,
                    "progress": p.progress,
                    "indicators": list(p.indicators.all()),
                }
                for p in axis.projects.all()
            ],
        }
        for axis in selectors.axes_with_projects(programme)
    ]
    return {
        **_summary(programme),
        "consultation_opens": _iso(programme.consultation_opens),
        "consultation_closes": _iso(programme.consultation_closes),
        "adoption": {
            "session": _iso(programme.adoption_session),
            "votes_for": programme.votes_for,
            "votes_against": programme.votes_against,
            "votes_abstain": programme.votes_abstain,
        },
        "axes": axes,
    }
