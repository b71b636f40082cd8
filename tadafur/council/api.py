"""Council sessions: public read API (published sessions only) and the staff's outcome write."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from tadafur.council import selectors, services
from tadafur.council.models import Point, Session
from tadafur.territories.models import Territory

router = Router(tags=["Council sessions"])


class PointOut(Schema):
    id: int
    position: int
    title: str
    source: str
    petition_id: int | None
    outcome: str
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None


class SessionOut(Schema):
    id: int
    collectivity: str
    kind: str
    title: str
    starts_at: dt.datetime
    place: str
    status: str
    notice_days: int
    citation: str
    agenda_published_at: dt.datetime | None
    members_present: int | None
    minutes: str
    points: list[PointOut]


class OutcomeIn(Schema):
    outcome: str
    votes_for: int = 0
    votes_against: int = 0
    votes_abstain: int = 0


def _point(p: Point) -> dict[str, Any]:
    return {
        "id": p.pk,
        "position": p.position,
        "title": p.title,
        "source": p.source,
        "petition_id": p.petition_id,
        "outcome": p.outcome,
        "votes_for": p.votes_for,
        "votes_against": p.votes_against,
        "votes_abstain": p.votes_abstain,
    }


def _session(s: Session) -> dict[str, Any]:
    m = s.meeting
    return {
        "id": s.pk,
        "collectivity": s.council.collectivity.code,
        "kind": s.kind,
        "title": s.title,
        "starts_at": m.starts_at,
        "place": m.place,
        "status": m.status,
        "notice_days": s.notice_days,
        "citation": s.citation,
        "agenda_published_at": s.agenda_published_at,
        "members_present": s.members_present,
        "minutes": m.minutes if m.status == "minutes_published" else "",
        "points": [_point(p) for p in s.points.all()],
    }


@router.get("/sessions", response=list[SessionOut], summary="Published sessions of a collectivity (HCP code)")
def session_list(request: HttpRequest, collectivity: str) -> list[dict[str, Any]]:
    territory = get_object_or_404(Territory, code=collectivity)
    return [_session(s) for s in selectors.sessions_public(territory)[:200]]


@router.get("/sessions/{session_id}", response=SessionOut, summary="A published session with its agenda and outcomes")
def session_detail(request: HttpRequest, session_id: int) -> dict[str, Any]:
    session = selectors.session_get(session_id)
    if session is None or not session.is_published:
        raise HttpError(404, "No published session with this id")
    return _session(session)


@router.post(
    "/points/{point_id}/outcome",
    response=PointOut,
    auth=django_auth,
    summary="Record the council's deliberation on a point (staff and president, session-authenticated)",
    description="403 with the reason when not allowed; 409 when the session is not held; 422 for invalid votes.",
)
def point_outcome(request: HttpRequest, point_id: int, payload: OutcomeIn) -> dict[str, Any]:
    point = (
        Point.objects.select_related("session__council__collectivity", "session__meeting", "agenda_item")
        .filter(pk=point_id)
        .first()
    )
    if point is None or not point.session.is_published:
        raise HttpError(404, "No published point with this id")
    point = services.point_outcome_record(
        point=point,
        outcome=payload.outcome,
        votes_for=payload.votes_for,
        votes_against=payload.votes_against,
        votes_abstain=payload.votes_abstain,
        actor=request.user,
    )
    return _point(point)
