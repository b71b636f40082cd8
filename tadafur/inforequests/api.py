"""Access to information requests: API.

Reads are public and show the register's fields only (never the requester's name or contact);
writes are session-authenticated and go through the same services as the pages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from ninja.security import django_auth

from tadafur.core import clock
from tadafur.inforequests import selectors, services
from tadafur.inforequests.models import InfoRequest
from tadafur.inforequests.rules import AnswerFormat
from tadafur.inforequests.states import RequestStatus
from tadafur.territories.models import Territory

router = Router(tags=["Access to information requests"])


class RegisterEntry(Schema):
    id: int
    reference: str
    collectivity: str
    received_on: dt.date
    due_on: dt.date
    extended: bool
    urgent: bool
    status: str
    overdue: bool
    subject: str
    request: str
    answer: str
    answer_document: str
    refusal_ground: str
    refusal_reasons: str
    responded_at: dt.datetime | None


class RequestIn(Schema):
    collectivity: str
    subject: str
    text: str
    answer_format: str = AnswerFormat.ELECTRONIC
    urgent: bool = False


class AcknowledgeIn(Schema):
    public_subject: str
    public_text: str = ""


class ExtendIn(Schema):
    reason: str


class AnswerIn(Schema):
    answer_text: str
    public_answer: str | None = None


class RefuseIn(Schema):
    ground: str
    reasons: str


def _entry(r: InfoRequest, today: dt.date) -> dict[str, Any]:
    return {
        "id": r.pk,
        "reference": r.reference,
        "collectivity": r.collectivity.code,
        "received_on": r.received_on,
        "due_on": r.due_on,
        "extended": r.was_extended,
        "urgent": r.urgent,
        "status": r.status,
        "overdue": r.is_overdue(today),
        "subject": r.public_subject,
        "request": r.public_text,
        "answer": r.public_answer if r.status == RequestStatus.ANSWERED else "",
        "answer_document": r.answer_file.url if r.answer_file and r.attachment_public else "",
        "refusal_ground": r.refusal_ground,
        "refusal_reasons": r.refusal_reasons,
        "responded_at": r.responded_at,
    }


@router.get("/", response=list[RegisterEntry], summary="The public register (no personal data)")
def register(
    request: HttpRequest, collectivity: str = "", status: str = "", overdue: bool = False
) -> list[dict[str, Any]]:
    where = None
    if collectivity:
        where = Territory.objects.filter(code=collectivity).first()
        if where is None:
            raise HttpError(404, _("No territorial collectivity has the code %(code)s.") % {"code": collectivity})
    if status and status not in RequestStatus.values:
        raise HttpError(422, _("Unknown status."))
    today = clock.today()
    return [_entry(r, today) for r in selectors.register(where, status=status, overdue=overdue)[:500]]


@router.get("/{request_id}", response=RegisterEntry, summary="One register entry")
def entry(request: HttpRequest, request_id: int) -> dict[str, Any]:
    info = selectors.public_request_get(request_id)
    if info is None:
        raise HttpError(404, _("No information request has this number."))
    return _entry(info, clock.today())


@router.post("/", response={201: RegisterEntry}, auth=django_auth, summary="File a request (session-authenticated)")
def file(request: HttpRequest, payload: RequestIn) -> Status[dict[str, Any]]:
    collectivity = Territory.objects.filter(code=payload.collectivity).first()
    if collectivity is None:
        raise HttpError(404, _("No territorial collectivity has the code %(code)s.") % {"code": payload.collectivity})
    info = services.inforequest_file(
        collectivity=collectivity,
        subject=payload.subject,
        text=payload.text,
        answer_format=payload.answer_format,
        urgent=payload.urgent,
        actor=request.user,
    )
    return Status(201, _entry(info, clock.today()))


def _get(request_id: int) -> InfoRequest:
    return get_object_or_404(InfoRequest.objects.select_related("collectivity"), pk=request_id)


@router.post("/{request_id}/acknowledge", response=RegisterEntry, auth=django_auth, summary="Staff: acknowledge")
def acknowledge(request: HttpRequest, request_id: int, payload: AcknowledgeIn) -> dict[str, Any]:
    info = services.inforequest_acknowledge(request=_get(request_id), actor=request.user, **payload.dict())
    return _entry(info, clock.today())


@router.post("/{request_id}/extend", response=RegisterEntry, auth=django_auth, summary="Staff: extend once")
def extend(request: HttpRequest, request_id: int, payload: ExtendIn) -> dict[str, Any]:
    info = services.inforequest_extend(request=_get(request_id), actor=request.user, reason=payload.reason)
    return _entry(info, clock.today())


@router.post("/{request_id}/answer", response=RegisterEntry, auth=django_auth, summary="Staff: answer")
def answer(request: HttpRequest, request_id: int, payload: AnswerIn) -> dict[str, Any]:
    info = _get(request_id)
    info = services.inforequest_answer(
        request=info,
        actor=request.user,
        answer_text=payload.answer_text,
        public_answer=payload.public_answer,
        public_subject=info.public_subject or "",
    )
    return _entry(info, clock.today())


@router.post(
    "/{request_id}/refuse", response=RegisterEntry, auth=django_auth, summary="Staff: refuse on a legal ground"
)
def refuse(request: HttpRequest, request_id: int, payload: RefuseIn) -> dict[str, Any]:
    info = _get(request_id)
    info = services.inforequest_refuse(request=info, actor=request.user, ground=payload.ground, reasons=payload.reasons)
    return _entry(info, clock.today())
