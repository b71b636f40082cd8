"""API of action programmes: public reads (programmes, axes, projects with progress and indicators) and
writes by the collectivity (staff, president) and, during the consultation, by verified residents."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from ninja.security import django_auth

from tadafur.programmes import selectors, services
from tadafur.programmes.models import Axis, Indicator, Programme, Project

router = Router(tags=["programmes"])


class ProgrammeSummary(Schema):
    id: int
    collectivity: str
    kind: str
    start_year: int
    end_year: int
    phase: str


class ProgrammeIndicatorOut(Schema):
    name: str
    unit: str
    baseline: Decimal
    target: Decimal
    actual: Decimal | None


class ProgrammeProjectOut(Schema):
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
    indicators: list[ProgrammeIndicatorOut]


class AxisOut(Schema):
    id: int
    order: int
    title_ar: str
    title_fr: str
    projects: list[ProgrammeProjectOut]


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


# --- Writes (session-authenticated) through the same services as the pages ----------------------


class Created(Schema):
    id: int


# The columns' bounds (PositiveSmallIntegerField, DecimalField(14, 2)): a value past them is a 422,
# not a database error (a 500 on PostgreSQL, found by the API fuzz: decision 0811).
Small = Annotated[int, Field(ge=0, le=32767)]
Money = Annotated[Decimal, Field(max_digits=14, decimal_places=2)]


class ProgrammeIn(Schema):
    collectivity: str  # HCP code
    start_year: Small
    end_year: Small | None = None


class AdvanceIn(Schema):
    to: str


class WorkshopIn(Schema):
    held_on: dt.date
    place: str
    needs: str
    women_under_35: Small = 0
    women_35_plus: Small = 0
    men_under_35: Small = 0
    men_35_plus: Small = 0


class AxisIn(Schema):
    title_ar: str
    title_fr: str
    order: Small = 1


class ProjectIn(Schema):
    title_ar: str
    title_fr: str
    description: str = ""
    location_text: str = ""
    cost: Money
    first_three_years: Money
    funding_sources: str = ""
    start_year: Small
    end_year: Small
    gender_marker: Small = 0
    responsible_service: str = ""


class ProgressIn(Schema):
    status: str
    progress: Small
    executed: Money


class IndicatorIn(Schema):
    actual: Money


class ProgrammeCommentIn(Schema):
    text: str
    axis_id: int | None = None


class RankingIn(Schema):
    order: list[int]


def _programme_or_404(programme_id: int) -> Programme:
    programme = Programme.objects.select_related("collectivity").filter(pk=programme_id).first()
    if programme is None:
        raise HttpError(404, "No programme with this id")
    return programme


def _get_or_404(model: Any, pk: int, label: str) -> Any:
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise HttpError(404, f"No {label} with this id")
    return obj


@router.post("/", response={201: Created}, auth=django_auth, summary="Launch a programme (staff, president)")
def programme_create(request: HttpRequest, payload: ProgrammeIn) -> Status[dict[str, int]]:
    from tadafur.territories.models import Territory

    collectivity = Territory.objects.filter(code=payload.collectivity).first()
    if collectivity is None:
        raise HttpError(404, "No collectivity with this code")
    programme = services.programme_create(
        collectivity=collectivity, start_year=payload.start_year, end_year=payload.end_year, actor=request.user
    )
    return Status(201, {"id": programme.pk})


@router.post("/{programme_id}/phase", response=ProgrammeOut, auth=django_auth, summary="Move to the next phase")
def programme_advance(request: HttpRequest, programme_id: int, payload: AdvanceIn) -> dict:
    services.programme_advance(programme=_programme_or_404(programme_id), to=payload.to, actor=request.user)
    return programme_detail(request, programme_id)


@router.post(
    "/{programme_id}/workshops", response={201: Created}, auth=django_auth, summary="Record a participatory workshop"
)
def workshop_record(request: HttpRequest, programme_id: int, payload: WorkshopIn) -> Status[dict[str, int]]:
    workshop = services.workshop_record(programme=_programme_or_404(programme_id), actor=request.user, **payload.dict())
    return Status(201, {"id": workshop.pk})


@router.post("/{programme_id}/axes", response={201: Created}, auth=django_auth, summary="Add an axis (priority)")
def axis_add(request: HttpRequest, programme_id: int, payload: AxisIn) -> Status[dict[str, int]]:
    axis = services.axis_add(programme=_programme_or_404(programme_id), actor=request.user, **payload.dict())
    return Status(201, {"id": axis.pk})


@router.post("/axes/{axis_id}/projects", response={201: Created}, auth=django_auth, summary="Add a project")
def project_add(request: HttpRequest, axis_id: int, payload: ProjectIn) -> Status[dict[str, int]]:
    axis = _get_or_404(Axis, axis_id, "axis")
    project = services.project_add(axis=axis, actor=request.user, **payload.dict())
    return Status(201, {"id": project.pk})


@router.post(
    "/projects/{project_id}/progress",
    response={200: Created},
    auth=django_auth,
    summary="Record a project's status, progress (%) and money executed",
)
def project_progress(request: HttpRequest, project_id: int, payload: ProgressIn) -> dict[str, int]:
    project = _get_or_404(Project, project_id, "project")
    services.project_progress_update(project=project, actor=request.user, **payload.dict())
    return {"id": project.pk}


@router.post(
    "/indicators/{indicator_id}", response={200: Created}, auth=django_auth, summary="Record an indicator's value"
)
def indicator_update(request: HttpRequest, indicator_id: int, payload: IndicatorIn) -> dict[str, int]:
    indicator = _get_or_404(Indicator, indicator_id, "indicator")
    services.indicator_update(indicator=indicator, actual=payload.actual, actor=request.user)
    return {"id": indicator.pk}


@router.post(
    "/{programme_id}/comments",
    response={201: Created},
    auth=django_auth,
    summary="Comment during the consultation window (verified residents)",
)
def comment_post(request: HttpRequest, programme_id: int, payload: ProgrammeCommentIn) -> Status[dict[str, int]]:
    programme = _programme_or_404(programme_id)
    axis = _get_or_404(Axis, payload.axis_id, "axis") if payload.axis_id is not None else None
    comment = services.comment_post(programme=programme, text=payload.text, axis=axis, actor=request.user)
    return Status(201, {"id": comment.pk})


@router.post(
    "/{programme_id}/ranking",
    response={201: Created},
    auth=django_auth,
    summary="Rank the priorities, once (verified residents, during the consultation)",
)
def ranking_submit(request: HttpRequest, programme_id: int, payload: RankingIn) -> Status[dict[str, int]]:
    ranking = services.ranking_submit(
        programme=_programme_or_404(programme_id), order=payload.order, actor=request.user
    )
    return Status(201, {"id": ranking.pk})
