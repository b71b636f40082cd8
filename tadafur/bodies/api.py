"""Public read API of the consultative bodies: public fields only.

Members are listed with their display name, bureau role, field and association; their sex and
age band are never given per person, only as the body's aggregate composition.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from tadafur.bodies import selectors
from tadafur.bodies.models import Body, Meeting, Opinion

router = Router(tags=["bodies"])


class BodySummary(Schema):
    id: int
    collectivity: str
    kind: str
    name_ar: str
    name_fr: str


class MemberOut(Schema):
    display_name: str
    bureau_role: str
    field: str
    association_id: int | None
    association: str


class CompositionOut(Schema):
    members: int
    women: int
    young: int
    from_associations: int
    balanced: bool
    warnings: list[str]


class BodyOut(BodySummary):
    mission: str
    legal_basis: str
    quorum: int | None
    members: list[MemberOut]
    composition: CompositionOut


class MeetingOut(Schema):
    id: int
    title: str
    starts_at: dt.datetime
    place: str
    status: str
    agenda: list[str]
    minutes: str
    present: int | None
    quorum_reached: bool | None


class AnswerOut(Schema):
    verdict: str
    reasons: str
    answered_at: dt.datetime


class FollowUpOut(Schema):
    title: str
    owner: str
    due_date: dt.date
    progress: int
    status: str


class OpinionOut(Schema):
    id: int
    body_id: int
    title: str
    text: str
    status: str
    adopted_at: dt.datetime | None
    answer_due: dt.date | None
    referral: str
    concerns_type: str
    concerns_id: int | None
    concerns_label: str
    answer: AnswerOut | None
    followups: list[FollowUpOut]


def _summary(body: Body) -> dict[str, Any]:
    return {
        "id": body.pk,
        "collectivity": body.collectivity.code,
        "kind": body.kind,
        "name_ar": body.name_ar,
        "name_fr": body.name_fr,
    }


@router.get("/", response=list[BodySummary], summary="Consultative bodies, optionally of one collectivity (HCP code)")
def body_list(request: HttpRequest, collectivity: str = "") -> list[dict[str, Any]]:
    qs = selectors.bodies_by_code(collectivity) if collectivity else Body.objects.select_related("collectivity")
    return [_summary(b) for b in qs[:500]]


@router.get("/opinions/{opinion_id}", response=OpinionOut, summary="An adopted opinion, with the council's answer")
def opinion_detail(request: HttpRequest, opinion_id: int) -> dict[str, Any]:
    opinion: Opinion | None = selectors.opinion_get_public(opinion_id)
    if opinion is None:
        raise HttpError(404, "No adopted opinion with this id")
    answer = getattr(opinion, "answer", None)
    return {
        "id": opinion.pk,
        "body_id": opinion.body_id,
        "title": opinion.title,
        "text": opinion.text,
        "status": opinion.status,
        "adopted_at": opinion.adopted_at,
        "answer_due": opinion.answer_due,
        "referral": opinion.referral.title if opinion.referral else "",
        "concerns_type": opinion.concerns_type,
        "concerns_id": opinion.concerns_id,
        "concerns_label": opinion.concerns_label,
        "answer": {"verdict": answer.verdict, "reasons": answer.reasons, "answered_at": answer.answered_at}
        if answer
        else None,
        "followups": [
            {
                "title": f.title,
                "owner": f.owner_label,
                "due_date": f.due_date,
                "progress": f.progress,
                "status": f.status,
            }
            for f in opinion.followups.all()
        ],
    }


def _body_or_404(body_id: int) -> Body:
    body = selectors.body_get(body_id)
    if body is None:
        raise HttpError(404, "No body with this id")
    return body


@router.get("/{body_id}", response=BodyOut, summary="One body: mission, members (public fields), composition")
def body_detail(request: HttpRequest, body_id: int) -> dict[str, Any]:
    body = _body_or_404(body_id)
    composition = selectors.body_composition(body)
    return {
        **_summary(body),
        "mission": body.mission,
        "legal_basis": body.citation,
        "quorum": body.quorum,
        "members": [
            {
                "display_name": m.display_name,
                "bureau_role": m.bureau_role,
                "field": m.field,
                "association_id": m.association_id,
                "association": m.association.name if m.association else "",
            }
            for m in selectors.active_members(body)
        ],
        "composition": {
            "members": composition.total,
            "women": composition.women,
            "young": composition.young,
            "from_associations": composition.associations,
            "balanced": composition.balanced,
            "warnings": [str(w) for w in composition.warnings],
        },
    }


@router.get("/{body_id}/meetings", response=list[MeetingOut], summary="The body's public meetings")
def body_meetings(request: HttpRequest, body_id: int) -> list[dict[str, Any]]:
    from tadafur.bodies import meetings

    body = _body_or_404(body_id)
    out = []
    m: Meeting
    for m in selectors.public_meetings(body).prefetch_related("attendances"):
        summary = meetings.attendance_summary(m, body.quorum)
        out.append(
            {
                "id": m.pk,
                "title": m.title,
                "starts_at": m.starts_at,
                "place": m.place,
                "status": m.status,
                "agenda": [i.title for i in m.agenda_items.all()],
                "minutes": m.minutes if m.status == "minutes_published" else "",
                "present": summary.present if summary.total else None,
                "quorum_reached": summary.quorum_reached if summary.total else None,
            }
        )
    return out
