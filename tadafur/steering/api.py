"""Steering and monitoring committee: API. Reads are public (public meetings only); status
changes and progress notes need a session and the same permission as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.responses import Status
from ninja.security import django_auth

from tadafur.core import clock
from tadafur.steering import selectors, services
from tadafur.steering.models import Committee, Recommendation

router = Router(tags=["Steering and monitoring committee"])


class CommitteeSummary(Schema):
    id: int
    province: str
    programme: str
    name_ar: str
    name_fr: str
    meetings_per_year: int


class SteeringMemberOut(Schema):
    display_name: str
    organisation: str
    role: str


class AlertOut(Schema):
    period_start: dt.date
    period_end: dt.date


class CommitteeOut(CommitteeSummary):
    members: list[SteeringMemberOut]
    alerts: list[AlertOut]


class SteeringMeetingOut(Schema):
    id: int
    title: str
    starts_at: dt.datetime
    place: str
    status: str
    agenda: list[str]
    decisions: list[str]
    minutes: str


class NoteOut(Schema):
    id: int
    at: dt.datetime
    text: str
    progress: int | None
    evidence_url: str


class RecommendationOut(Schema):
    id: int
    committee_id: int
    title: str
    text: str
    source_kind: str
    source_label: str
    collectivity: str
    responsible: str
    due_date: dt.date
    status: str
    dropped_reason: str
    progress: int
    overdue: bool


class RecommendationDetail(RecommendationOut):
    notes: list[NoteOut]


class StatusIn(Schema):
    to: str
    reason: str = ""


class ProgressNoteIn(Schema):
    text: str
    progress: int | None = None


def _summary(c: Committee) -> dict[str, Any]:
    return {
        "id": c.pk,
        "province": c.collectivity.code,
        "programme": c.programme,
        "name_ar": c.name_ar,
        "name_fr": c.name_fr,
        "meetings_per_year": c.meetings_per_year,
    }


def _rec(r: Recommendation, today: dt.date) -> dict[str, Any]:
    return {
        "id": r.pk,
        "committee_id": r.committee_id,
        "title": r.title,
        "text": r.text,
        "source_kind": r.source_kind,
        "source_label": r.source_label,
        "collectivity": r.collectivity.code,
        "responsible": r.responsible,
        "due_date": r.due_date,
        "status": r.status,
        "dropped_reason": r.dropped_reason,
        "progress": r.progress,
        "overdue": r.is_overdue(today),
    }


def _rec_detail(r: Recommendation) -> dict[str, Any]:
    return {
        **_rec(r, clock.today()),
        "notes": [_note_out(n) for n in r.notes.all()],
    }


def _committee_or_404(committee_id: int) -> Committee:
    committee = selectors.committee_get(committee_id)
    if committee is None:
        raise HttpError(404, "No steering committee with this id")
    return committee


def _recommendation_or_404(recommendation_id: int) -> Recommendation:
    rec = selectors.recommendation_get(recommendation_id)
    if rec is None:
        raise HttpError(404, "No recommendation with this id")
    return rec


@router.get("/committees", response=list[CommitteeSummary], summary="Steering committees")
def committee_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_summary(c) for c in selectors.committees()]


@router.get("/committees/{committee_id}", response=CommitteeOut, summary="One committee: members and alerts")
def committee_detail(request: HttpRequest, committee_id: int) -> dict[str, Any]:
    c = _committee_or_404(committee_id)
    return {
        **_summary(c),
        "members": [
            {"display_name": m.display_name, "organisation": m.organisation, "role": m.role}
            for m in selectors.active_members(c)
        ],
        "alerts": [{"period_start": a.period_start, "period_end": a.period_end} for a in selectors.alerts_of(c)],
    }


@router.get(
    "/committees/{committee_id}/meetings", response=list[SteeringMeetingOut], summary="The committee's public meetings"
)
def committee_meetings(request: HttpRequest, committee_id: int) -> list[dict[str, Any]]:
    c = _committee_or_404(committee_id)
    qs = selectors.committee_meetings(c, public_only=True).prefetch_related("agenda_items", "decisions")
    return [
        {
            "id": m.pk,
            "title": m.title,
            "starts_at": m.starts_at,
            "place": m.place,
            "status": m.status,
            "agenda": [i.title for i in m.agenda_items.all()],
            "decisions": [d.text for d in m.decisions.all()],
            "minutes": m.minutes if m.status == "minutes_published" else "",
        }
        for m in qs
    ]


@router.get(
    "/committees/{committee_id}/recommendations",
    response=list[RecommendationOut],
    summary="The committee's recommendations and their status",
)
def committee_recommendations(request: HttpRequest, committee_id: int, status: str = "") -> list[dict[str, Any]]:
    c = _committee_or_404(committee_id)
    qs = selectors.recommendations_of(c)
    if status:
        qs = qs.filter(status=status)
    today = clock.today()
    return [_rec(r, today) for r in qs]


@router.get("/recommendations/{recommendation_id}", response=RecommendationDetail, summary="One recommendation")
def recommendation_detail(request: HttpRequest, recommendation_id: int) -> dict[str, Any]:
    return _rec_detail(_recommendation_or_404(recommendation_id))


@router.post(
    "/recommendations/{recommendation_id}/status",
    response=RecommendationDetail,
    auth=django_auth,
    summary="Move a recommendation (accepted, in_progress, done, dropped with a reason)",
)
def recommendation_status(request: HttpRequest, recommendation_id: int, payload: StatusIn) -> dict[str, Any]:
    rec = _recommendation_or_404(recommendation_id)
    services.recommendation_move(recommendation=rec, to=payload.to, reason=payload.reason, actor=request.user)
    return _rec_detail(_recommendation_or_404(recommendation_id))


def _note_out(note: Any) -> dict[str, Any]:
    return {
        "id": note.pk,
        "at": note.at,
        "text": note.text,
        "progress": note.progress,
        "evidence_url": note.evidence.url if note.evidence else "",
    }


@router.post(
    "/recommendations/{recommendation_id}/notes",
    response={201: NoteOut},
    auth=django_auth,
    summary="Add a progress note (text and optional progress %)",
)
def recommendation_note(
    request: HttpRequest, recommendation_id: int, payload: ProgressNoteIn
) -> Status[dict[str, Any]]:
    rec = _recommendation_or_404(recommendation_id)
    note = services.progress_note_add(
        recommendation=rec, text=payload.text, progress=payload.progress, actor=request.user
    )
    return Status(201, _note_out(note))


@router.post(
    "/recommendations/{recommendation_id}/notes/with-evidence",
    response={201: NoteOut},
    auth=django_auth,
    summary="Add a progress note with its evidence (multipart form: a PDF or a photo)",
)
def recommendation_note_with_evidence(
    request: HttpRequest,
    recommendation_id: int,
    text: Form[str],
    evidence: File[UploadedFile],
    progress: Form[int | None] = None,
) -> Status[dict[str, Any]]:
    rec = _recommendation_or_404(recommendation_id)
    note = services.progress_note_add(
        recommendation=rec, text=text, progress=progress, evidence=evidence, actor=request.user
    )
    return Status(201, _note_out(note))
