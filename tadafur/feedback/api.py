"""Service feedback: API. Reads are public, without the reporter; writes are session-authenticated."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.responses import Status
from ninja.security import django_auth

from tadafur.feedback import selectors, services
from tadafur.feedback.models import Report
from tadafur.feedback.rules import Service
from tadafur.territories.models import Territory

router = Router(tags=["Service feedback"])


class ReportOut(Schema):
    id: int
    commune: str
    service: str
    description: str
    address: str
    latitude: float | None
    longitude: float | None
    photo: str
    status: str
    assigned_service: str
    resolution_note: str
    reported_at: dt.datetime
    acknowledged_at: dt.datetime | None
    resolved_at: dt.datetime | None


class ReportIn(Schema):
    commune: str
    service: str
    description: str
    address: str
    latitude: Decimal | None = None
    longitude: Decimal | None = None


class AssignIn(Schema):
    service_name: str
    agent_id: int | None = None


class NoteIn(Schema):
    note: str


class ReasonIn(Schema):
    reason: str


def _out(r: Report) -> dict[str, Any]:
    return {
        "id": r.pk,
        "commune": r.collectivity.code,
        "service": r.service,
        "description": r.description,
        "address": r.address,
        "latitude": float(r.latitude) if r.latitude is not None else None,
        "longitude": float(r.longitude) if r.longitude is not None else None,
        "photo": r.photo.url if r.photo else "",
        "status": r.status,
        "assigned_service": r.assigned_service,
        "resolution_note": r.resolution_note,
        "reported_at": r.reported_at,
        "acknowledged_at": r.acknowledged_at,
        "resolved_at": r.resolved_at if r.status == "resolved" else None,
    }


def _commune(code: str) -> Territory:
    commune = Territory.objects.filter(code=code).first()
    if commune is None:
        raise HttpError(404, _("No territorial collectivity has the code %(code)s.") % {"code": code})
    return commune


@router.get("/", response=list[ReportOut], summary="Service reports (no personal data)")
def report_list(request: HttpRequest, commune: str = "", service: str = "", status: str = "") -> list[dict[str, Any]]:
    where = _commune(commune) if commune else None
    if service and service not in Service.values:
        raise HttpError(422, _("Unknown service."))
    return [_out(r) for r in selectors.reports(where, service=service, status=status)[:500]]


@router.get("/{report_id}", response=ReportOut, summary="One service report")
def report_detail(request: HttpRequest, report_id: int) -> dict[str, Any]:
    report = selectors.report_get(report_id)
    if report is None:
        raise HttpError(404, _("No report has this number."))
    return _out(report)


@router.post("/", response={201: ReportOut}, auth=django_auth, summary="Report a problem (session-authenticated)")
def report_file(request: HttpRequest, payload: ReportIn) -> Status[dict[str, Any]]:
    report = services.report_file(
        collectivity=_commune(payload.commune),
        service=payload.service,
        description=payload.description,
        address=payload.address,
        latitude=payload.latitude,
        longitude=payload.longitude,
        actor=request.user,
    )
    return Status(201, _out(report))


def _get(report_id: int) -> Report:
    return get_object_or_404(Report.objects.select_related("collectivity"), pk=report_id)


@router.post(
    "/{report_id}/photo",
    response=ReportOut,
    auth=django_auth,
    summary="Reporter: add the report's photo (multipart form, field `photo`)",
    description=(
        "A report is created from JSON without a photo; its reporter then sends one photo here as "
        "`multipart/form-data` (field `photo`) while the report is open (reported, acknowledged, "
        "assigned or reopened). A second photo replaces the first. The type is read from the bytes "
        "(JPEG, PNG, WebP or GIF; a PDF renamed .jpg is refused), the file may weigh at most 8 MB, "
        "and the picture is re-encoded as a JPEG of at most 1600 pixels a side without its metadata "
        "(EXIF position, camera). A refused file answers 422 with `errors.photo`, in the language "
        "of the request (Accept-Language); someone other than the reporter, or a closed report, "
        "answers 403."
    ),
)
def photo_add(request: HttpRequest, report_id: int, photo: File[UploadedFile]) -> dict[str, Any]:
    return _out(services.report_photo_set(report=_get(report_id), upload=photo, actor=request.user))


@router.post("/{report_id}/acknowledge", response=ReportOut, auth=django_auth, summary="Staff: acknowledge")
def acknowledge(request: HttpRequest, report_id: int) -> dict[str, Any]:
    return _out(services.report_acknowledge(report=_get(report_id), actor=request.user))


@router.post("/{report_id}/assign", response=ReportOut, auth=django_auth, summary="Staff: assign")
def assign(request: HttpRequest, report_id: int, payload: AssignIn) -> dict[str, Any]:
    agent = get_object_or_404(get_user_model(), pk=payload.agent_id) if payload.agent_id else None
    return _out(
        services.report_assign(
            report=_get(report_id), service_name=payload.service_name, agent=agent, actor=request.user
        )
    )


@router.post("/{report_id}/resolve", response=ReportOut, auth=django_auth, summary="Staff: resolve")
def resolve(request: HttpRequest, report_id: int, payload: NoteIn) -> dict[str, Any]:
    return _out(services.report_resolve(report=_get(report_id), note=payload.note, actor=request.user))


@router.post("/{report_id}/reopen", response=ReportOut, auth=django_auth, summary="Reporter: reopen")
def reopen(request: HttpRequest, report_id: int, payload: ReasonIn) -> dict[str, Any]:
    return _out(services.report_reopen(report=_get(report_id), reason=payload.reason, actor=request.user))
