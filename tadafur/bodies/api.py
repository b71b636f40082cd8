"""API of the consultative bodies: public reads (public fields only) and staff/member writes.

Members are listed with their display name, bureau role, field and association; their sex and
age band are never given per person, only as the body's aggregate composition.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from ninja.security import django_auth

from tadafur.accounts.models import Sex
from tadafur.bodies import selectors, services
from tadafur.bodies.models import Body, BureauRole, FollowUp, Meeting, Opinion, Referral
from tadafur.bodies.rules import AgeBand

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


class BodyFollowUpOut(Schema):
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
    followups: list[BodyFollowUpOut]


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


# --- Staff and member writes (session-authenticated), through the same services as the pages ---


class BodyIn(Schema):
    collectivity: str  # HCP code
    kind: str
    name_ar: str
    name_fr: str
    mission: str = ""
    quorum: int | None = None


class MemberIn(Schema):
    # The columns' choices and lengths: another value is a 422, not a database error (decision 0811).
    display_name: str = Field(max_length=120)
    sex: Sex
    age_band: AgeBand
    mandate_start: dt.date
    mandate_end: dt.date | None = None
    bureau_role: BureauRole = BureauRole.MEMBER
    field: str = Field("", max_length=120)
    association_id: int | None = None


class ReferralIn(Schema):
    title: str
    question: str
    deadline: dt.date


class OpinionIn(Schema):
    title: str
    text: str
    referral_id: int | None = None


class OpinionAnswerIn(Schema):
    verdict: str
    reasons: str


class FollowUpIn(Schema):
    title: str
    owner_label: str
    due_date: dt.date


class FollowUpProgressIn(Schema):
    progress: int
    evidence_text: str = ""


class Created(Schema):
    id: int


def _opinion_or_404(opinion_id: int) -> Opinion:
    opinion = Opinion.objects.select_related("body__collectivity").filter(pk=opinion_id).first()
    if opinion is None:
        raise HttpError(404, "No opinion with this id")
    return opinion


@router.post("/", response={201: Created}, auth=django_auth, summary="Create a body (collectivity staff)")
def body_create(request: HttpRequest, payload: BodyIn) -> Status[dict[str, int]]:
    from tadafur.territories.models import Territory

    collectivity = Territory.objects.filter(code=payload.collectivity).first()
    if collectivity is None:
        raise HttpError(404, "No collectivity with this code")
    body = services.body_create(
        collectivity=collectivity,
        kind=payload.kind,
        name_ar=payload.name_ar,
        name_fr=payload.name_fr,
        mission=payload.mission,
        quorum=payload.quorum,
        actor=request.user,
    )
    return Status(201, {"id": body.pk})


@router.post("/{body_id}/members", response={201: Created}, auth=django_auth, summary="Seat a member (staff)")
def member_add(request: HttpRequest, body_id: int, payload: MemberIn) -> Status[dict[str, int]]:
    from tadafur.associations.models import Association

    body = _body_or_404(body_id)
    association = None
    if payload.association_id is not None:
        association = Association.objects.filter(pk=payload.association_id).first()
        if association is None:
            raise HttpError(404, "No association with this id")
    member = services.member_add(
        body=body,
        display_name=payload.display_name,
        sex=payload.sex,
        age_band=payload.age_band,
        mandate_start=payload.mandate_start,
        mandate_end=payload.mandate_end,
        bureau_role=payload.bureau_role,
        field=payload.field,
        association=association,
        actor=request.user,
    )
    return Status(201, {"id": member.pk})


@router.post("/{body_id}/referrals", response={201: Created}, auth=django_auth, summary="The council refers a question")
def referral_create(request: HttpRequest, body_id: int, payload: ReferralIn) -> Status[dict[str, int]]:
    referral = services.referral_create(
        body=_body_or_404(body_id),
        title=payload.title,
        question=payload.question,
        deadline=payload.deadline,
        actor=request.user,
    )
    return Status(201, {"id": referral.pk})


@router.post(
    "/{body_id}/opinions", response={201: Created}, auth=django_auth, summary="Draft an opinion (body secretary)"
)
def opinion_draft(request: HttpRequest, body_id: int, payload: OpinionIn) -> Status[dict[str, int]]:
    body = _body_or_404(body_id)
    referral = None
    if payload.referral_id is not None:
        referral = Referral.objects.filter(pk=payload.referral_id).first()
        if referral is None:
            raise HttpError(404, "No referral with this id")
    opinion = services.opinion_draft(
        body=body, title=payload.title, text=payload.text, referral=referral, actor=request.user
    )
    return Status(201, {"id": opinion.pk})


@router.post("/opinions/{opinion_id}/adopt", response=OpinionOut, auth=django_auth, summary="Adopt a drafted opinion")
def opinion_adopt(request: HttpRequest, opinion_id: int) -> dict[str, Any]:
    opinion = services.opinion_adopt(opinion=_opinion_or_404(opinion_id), actor=request.user)
    return opinion_detail(request, opinion.pk)


@router.post(
    "/opinions/{opinion_id}/answer",
    response=OpinionOut,
    auth=django_auth,
    summary="The council's reasoned answer: accepted, partly or rejected",
)
def opinion_answer(request: HttpRequest, opinion_id: int, payload: OpinionAnswerIn) -> dict[str, Any]:
    opinion = _opinion_or_404(opinion_id)
    services.opinion_answer(opinion=opinion, verdict=payload.verdict, reasons=payload.reasons, actor=request.user)
    return opinion_detail(request, opinion.pk)


@router.post(
    "/opinions/{opinion_id}/followups",
    response={201: Created},
    auth=django_auth,
    summary="Give an accepted point an owner and a due date",
)
def followup_add(request: HttpRequest, opinion_id: int, payload: FollowUpIn) -> Status[dict[str, int]]:
    item = services.followup_add(
        opinion=_opinion_or_404(opinion_id),
        title=payload.title,
        owner_label=payload.owner_label,
        due_date=payload.due_date,
        actor=request.user,
    )
    return Status(201, {"id": item.pk})


@router.post(
    "/followups/{item_id}/progress", response=BodyFollowUpOut, auth=django_auth, summary="Record progress and evidence"
)
def followup_progress(request: HttpRequest, item_id: int, payload: FollowUpProgressIn) -> dict[str, Any]:
    item = FollowUp.objects.select_related("opinion__body__collectivity").filter(pk=item_id).first()
    if item is None:
        raise HttpError(404, "No follow-up point with this id")
    item = services.followup_update(
        item=item, progress=payload.progress, evidence_text=payload.evidence_text, actor=request.user
    )
    return {
        "title": item.title,
        "owner": item.owner_label,
        "due_date": item.due_date,
        "progress": item.progress,
        "status": item.status,
    }
