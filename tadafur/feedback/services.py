"""Writes about service reports: one verb, one service, one transaction, one audit row.

The reporter is told by email (in their language) at each step, after the transaction commits.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from tadafur.core import clock, uploads
from tadafur.core.audit import audit_record
from tadafur.core.errors import ValidationFailed
from tadafur.core.states import transition
from tadafur.core.tasks import enqueue_on_commit, send_email_task
from tadafur.feedback import permissions, rules
from tadafur.feedback.models import Report
from tadafur.feedback.rules import Service
from tadafur.feedback.states import REPORT_TRANSITIONS, ReportStatus


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(message, errors={field: [message]})
    return value


def _tell_reporter(report: Report, message: Callable[[], tuple[str, str]]) -> None:
    user = report.reporter
    if user is None or not user.is_active or not user.email:
        return
    language = user.preferred_language or ""
    with translation.override(language or translation.get_language() or "ar"):
        subject, body = message()
    enqueue_on_commit(send_email_task, user.email, subject, body, language)


def _first_response(report: Report) -> dict[str, Any]:
    """The first staff action stamps the response time, whichever it is."""
    return {} if report.acknowledged_at else {"acknowledged_at": clock.now()}


def report_file(
    *,
    collectivity: Any,
    service: str,
    description: str,
    address: str,
    actor: Any,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    photo: Any = None,
) -> Report:
    """File a report. `photo` must come from tadafur.core.uploads (re-encoded, metadata removed)."""
    permissions.can_report(actor, collectivity).require()
    if service not in Service.values:
        message = _("Choose the service concerned.")
        raise ValidationFailed(message, errors={"service": [message]})
    description = _required(description, "description", _("Say what is wrong."))
    address = _required(address, "address", _("Say where it is: a street, a landmark or a neighbourhood."))
    if (latitude is None) != (longitude is None):
        message = _("Give both the latitude and the longitude, or neither.")
        raise ValidationFailed(message, errors={"latitude": [message]})
    with transaction.atomic():
        report = Report(
            collectivity=collectivity,
            service=service,
            description=description,
            address=address[:200],
            latitude=latitude,
            longitude=longitude,
            reporter=actor,
        )
        if photo:
            report.photo.save("photo.jpg", photo, save=False)
        report.save()
        audit_record(
            actor=actor,
            action="feedback.report",
            obj=report,
            collectivity=collectivity,
            after={"service": service, "photo": bool(photo), "point": latitude is not None},
        )
        _tell_reporter(
            report,
            lambda: (
                _("Your report #%(number)s was received") % {"number": report.pk},
                _("%(commune)s received your report about %(service)s at %(address)s. You will be told of each step.")
                % {"commune": collectivity.name, "service": report.get_service_display(), "address": report.address},
            ),
        )
    return report


def report_photo_set(*, report: Report, upload: Any, actor: Any) -> Report:
    """The reporter adds (or replaces) the report's one photo while it is open. The upload goes
    through tadafur.core.uploads: type sniffed from the bytes, size bounded, re-encoded as a JPEG
    without its metadata (EXIF position, camera)."""
    permissions.can_add_photo(actor, report).require()
    try:
        photo = uploads.clean_image(upload)
    except ValidationError as exc:
        message = " ".join(str(m) for m in exc.messages)
        raise ValidationFailed(message, errors={"photo": [message]}) from exc
    old = report.photo.name if report.photo else ""
    with transaction.atomic():
        report.photo.save("photo.jpg", photo, save=False)
        report.save(update_fields=["photo"])
        audit_record(
            actor=actor,
            action="feedback.photo",
            obj=report,
            collectivity=report.collectivity,
            after={"replaced": bool(old)},
        )
        if old:
            storage = report.photo.storage
            transaction.on_commit(lambda: storage.delete(old))
    return report


def report_acknowledge(*, report: Report, actor: Any) -> Report:
    permissions.can_handle(actor, report.collectivity).require()
    with transaction.atomic():
        report = transition(
            report,
            ReportStatus.ACKNOWLEDGED,
            table=REPORT_TRANSITIONS,
            actor=actor,
            collectivity=report.collectivity,
            action="feedback.acknowledge",
        )
        _tell_reporter(
            report,
            lambda: (
                _("Your report #%(number)s is acknowledged") % {"number": report.pk},
                _("The commune's services have seen your report and will deal with it."),
            ),
        )
    return report


def report_assign(*, report: Report, service_name: str, agent: Any = None, actor: Any) -> Report:
    """Assign to a communal service (by name) and optionally to one staff agent of the commune."""
    permissions.can_handle(actor, report.collectivity).require()
    service_name = _required(service_name, "service_name", _("Name the service in charge."))
    if agent is not None and not permissions.can_handle(agent, report.collectivity):
        message = _("This person is not a staff member of the commune.")
        raise ValidationFailed(message, errors={"agent": [message]})
    with transaction.atomic():
        report = transition(
            report,
            ReportStatus.ASSIGNED,
            table=REPORT_TRANSITIONS,
            actor=actor,
            collectivity=report.collectivity,
            action="feedback.assign",
            extra={"assigned_service": service_name[:120], "assigned_agent": agent, **_first_response(report)},
        )
        _tell_reporter(
            report,
            lambda: (
                _("Your report #%(number)s is assigned") % {"number": report.pk},
                _("Your report is in the hands of: %(service)s.") % {"service": service_name},
            ),
        )
    return report


def report_resolve(*, report: Report, note: str, photo: Any = None, actor: Any) -> Report:
    permissions.can_handle(actor, report.collectivity).require()
    note = _required(note, "note", _("Say what was done."))
    with transaction.atomic():
        report = transition(
            report,
            ReportStatus.RESOLVED,
            table=REPORT_TRANSITIONS,
            actor=actor,
            collectivity=report.collectivity,
            action="feedback.resolve",
            extra={"resolution_note": note, **_first_response(report)},
        )
        if photo:
            report.resolution_photo.save("after.jpg", photo, save=True)
        _tell_reporter(
            report,
            lambda: (
                _("Your report #%(number)s is resolved") % {"number": report.pk},
                _("%(note)s\n\nIf the problem is still there, you can reopen the report within %(days)d days.")
                % {"note": note, "days": rules.REOPEN_DAYS},
            ),
        )
    return report


def report_reopen(*, report: Report, reason: str, actor: Any) -> Report:
    permissions.can_reopen(actor, report).require()
    reason = _required(reason, "reason", _("Say what is still wrong."))
    with transaction.atomic():
        report = transition(
            report,
            ReportStatus.REOPENED,
            table=REPORT_TRANSITIONS,
            actor=actor,
            collectivity=report.collectivity,
            action="feedback.reopen",
            extra={"reopen_reason": reason},
        )
    return report
