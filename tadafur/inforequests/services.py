"""Writes about information requests: one verb, one service, one transaction, one audit row.

The requester is told at each step by email (in their language), after the transaction commits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.validators import validate_email
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from tadafur.core import clock
from tadafur.core.audit import audit_record
from tadafur.core.errors import InvalidTransition, ValidationFailed
from tadafur.core.states import transition
from tadafur.core.tasks import enqueue_on_commit, send_email_task
from tadafur.inforequests import permissions, rules, selectors
from tadafur.inforequests.models import InfoRequest
from tadafur.inforequests.rules import AnswerFormat
from tadafur.inforequests.states import REQUEST_TRANSITIONS, RequestStatus


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(message, errors={field: [message]})
    return value


def _email_of(request: InfoRequest) -> tuple[str, str]:
    user = request.requester
    if user is not None and user.is_active and user.email:
        return user.email, user.preferred_language or ""
    contact = (request.requester_contact or "").strip()
    try:
        validate_email(contact)
    except Exception:
        return "", ""
    return contact, ""


def _tell_requester(request: InfoRequest, message: Callable[[], tuple[str, str]]) -> None:
    """Email the requester in their language; nothing when there is no email (help-desk paper case)."""
    to, language = _email_of(request)
    if not to:
        return
    with translation.override(language or translation.get_language() or "ar"):
        subject, body = message()
    enqueue_on_commit(send_email_task, to, subject, body, language)


def inforequest_file(
    *,
    collectivity: Any,
    subject: str,
    text: str,
    answer_format: str = AnswerFormat.ELECTRONIC,
    actor: Any,
    on_behalf_name: str = "",
    on_behalf_contact: str = "",
    consent: bool = False,
    urgent: bool = False,
) -> InfoRequest:
    """File a request. With `on_behalf_name`, a staff agent files it at the help desk for a person
    who came in (Law 31.13 art. 14 allows a request on paper): her consent is recorded."""
    subject = _required(subject, "subject", _("Say in a few words what information you ask for."))
    text = _required(text, "text", _("Describe the information you ask for."))
    if answer_format not in AnswerFormat.values:
        message = _("Choose how you want to receive the answer.")
        raise ValidationFailed(message, errors={"answer_format": [message]})
    if on_behalf_name.strip():
        permissions.can_handle(actor, collectivity).require()
        if not consent:
            message = _("Record the person's consent before filing on their behalf.")
            raise ValidationFailed(message, errors={"consent": [message]})
        requester, name, contact, filed_by = None, on_behalf_name.strip(), on_behalf_contact.strip(), actor
    else:
        permissions.can_file(actor, collectivity).require()
        requester, filed_by = actor, None
        name = (actor.get_full_name() or actor.display_name or actor.get_username())[:120]
        contact = actor.email or actor.phone or ""
    received = clock.today()
    answer_days, _extension = selectors.deadlines_of(collectivity)
    if urgent:
        answer_days = min(answer_days, rules.URGENT_WORKING_DAYS)
    due = selectors.due_date(received, answer_days)
    with transaction.atomic():
        request = InfoRequest.objects.create(
            collectivity=collectivity,
            requester=requester,
            requester_name=name,
            requester_contact=contact[:150],
            filed_by=filed_by,
            consent_recorded=bool(filed_by and consent),
            subject=subject[:200],
            text=text,
            answer_format=answer_format,
            urgent=urgent,
            received_on=received,
            due_on=due,
            first_due_on=due,
        )
        # No personal data in the log: the subject may name people, so only dates and the channel.
        audit_record(
            actor=actor,
            action="inforequest.file",
            obj=request,
            collectivity=collectivity,
            after={
                "due_on": due.isoformat(),
                "help_desk": filed_by is not None,
                "answer_format": answer_format,
                "urgent": urgent,
            },
        )
        _tell_requester(
            request,
            lambda: (
                _("Your information request %(ref)s was received") % {"ref": request.reference},
                _(
                    "%(collectivity)s received your request “%(subject)s” on %(received)s. "
                    "The answer is due by %(due)s (Law 31.13, art. 16)."
                )
                % {
                    "collectivity": collectivity.name,
                    "subject": request.subject,
                    "received": received.isoformat(),
                    "due": due.isoformat(),
                },
            ),
        )
    return request


def inforequest_acknowledge(
    *, request: InfoRequest, public_subject: str, public_text: str = "", actor: Any
) -> InfoRequest:
    """Staff confirm the request is being handled and write its register entry, without personal data."""
    permissions.can_handle(actor, request.collectivity).require()
    public_subject = _required(
        public_subject, "public_subject", _("Write the subject as the public register will show it.")
    )
    with transaction.atomic():
        request = transition(
            request,
            RequestStatus.ACKNOWLEDGED,
            table=REQUEST_TRANSITIONS,
            actor=actor,
            collectivity=request.collectivity,
            action="inforequest.acknowledge",
            extra={"public_subject": public_subject[:200], "public_text": public_text.strip(), "handled_by": actor},
        )
        _tell_requester(
            request,
            lambda: (
                _("Your information request %(ref)s is being handled") % {"ref": request.reference},
                _("Your request is being handled. The answer is due by %(due)s.") % {"due": request.due_on.isoformat()},
            ),
        )
    return request


def inforequest_extend(*, request: InfoRequest, reason: str, actor: Any) -> InfoRequest:
    """Extend the deadline once (Law 31.13, art. 16), with a reason the requester is told."""
    permissions.can_handle(actor, request.collectivity).require()
    reason = _required(reason, "reason", _("Give the reason for the extension: the requester is told."))
    if request.urgent:
        raise InvalidTransition(_("An urgent request cannot be extended (Law 31.13, art. 17)."))
    if request.extended_at is not None or request.status == RequestStatus.EXTENDED:
        raise InvalidTransition(_("The deadline can be extended only once (Law 31.13, art. 16)."))
    if request.status == RequestStatus.FILED:
        raise InvalidTransition(_("Acknowledge the request before extending its deadline."))
    if request.is_overdue():
        raise InvalidTransition(_("The deadline has already passed: it can no longer be extended."))
    _answer, extension_days = selectors.deadlines_of(request.collectivity)
    new_due = selectors.due_date(request.due_on, extension_days)
    with transaction.atomic():
        request = transition(
            request,
            RequestStatus.EXTENDED,
            table=REQUEST_TRANSITIONS,
            actor=actor,
            collectivity=request.collectivity,
            action="inforequest.extend",
            extra={"due_on": new_due, "extension_reason": reason},
        )
        _tell_requester(
            request,
            lambda: (
                _("The deadline of your information request %(ref)s is extended") % {"ref": request.reference},
                _("The answer is now due by %(due)s. Reason: %(reason)s")
                % {"due": new_due.isoformat(), "reason": reason},
            ),
        )
    return request


def inforequest_answer(
    *,
    request: InfoRequest,
    answer_text: str,
    public_answer: str | None = None,
    answer_file: Any = None,
    attachment_public: bool = True,
    public_subject: str = "",
    actor: Any,
) -> InfoRequest:
    """Give the information. The register shows `public_answer` (by default the answer itself)."""
    permissions.can_handle(actor, request.collectivity).require()
    answer_text = _required(answer_text, "answer_text", _("Write the answer."))
    if not request.public_subject and not public_subject.strip():
        message = _("Write the subject as the public register will show it.")
        raise ValidationFailed(message, errors={"public_subject": [message]})
    extra: dict[str, Any] = {
        "answer_text": answer_text,
        "public_answer": (answer_text if public_answer is None else public_answer).strip(),
        "attachment_public": attachment_public,
        "handled_by": actor,
    }
    if public_subject.strip():
        extra["public_subject"] = public_subject.strip()[:200]
    with transaction.atomic():
        request = transition(
            request,
            RequestStatus.ANSWERED,
            table=REQUEST_TRANSITIONS,
            actor=actor,
            collectivity=request.collectivity,
            action="inforequest.answer",
            extra=extra,
        )
        if answer_file:
            request.answer_file.save("answer.pdf", answer_file, save=True)
        _tell_requester(
            request,
            lambda: (
                _("Answer to your information request %(ref)s") % {"ref": request.reference},
                answer_text
                + ("\n\n" + _("A document is attached to the answer on the platform.") if answer_file else ""),
            ),
        )
    return request


def inforequest_refuse(
    *, request: InfoRequest, ground: str, reasons: str, public_subject: str = "", actor: Any
) -> InfoRequest:
    """Refuse on a legal ground of art. 7, with written reasons (art. 18)."""
    permissions.can_handle(actor, request.collectivity).require()
    if not rules.refusal_ground_valid(ground):
        message = _("A refusal must name its legal ground (Law 31.13, art. 7).")
        raise ValidationFailed(message, errors={"ground": [message]})
    reasons = _required(reasons, "reasons", _("Explain the refusal: the requester may appeal against it."))
    if not request.public_subject and not public_subject.strip():
        message = _("Write the subject as the public register will show it.")
        raise ValidationFailed(message, errors={"public_subject": [message]})
    extra: dict[str, Any] = {"refusal_ground": ground, "refusal_reasons": reasons, "handled_by": actor}
    if public_subject.strip():
        extra["public_subject"] = public_subject.strip()[:200]
    with transaction.atomic():
        request = transition(
            request,
            RequestStatus.REFUSED,
            table=REQUEST_TRANSITIONS,
            actor=actor,
            collectivity=request.collectivity,
            action="inforequest.refuse",
            extra=extra,
        )
        _tell_requester(
            request,
            lambda: (
                _("Your information request %(ref)s was refused") % {"ref": request.reference},
                _(
                    "Legal ground: %(ground)s\n%(reasons)s\n\nYou may complain to the head of the "
                    "collectivity, then to the Commission for the right of access to information (CDAI)."
                )
                % {"ground": request.get_refusal_ground_display(), "reasons": reasons},
            ),
        )
    return request


def inforequest_withdraw(*, request: InfoRequest, actor: Any) -> InfoRequest:
    permissions.can_withdraw(actor, request).require()
    with transaction.atomic():
        return transition(
            request,
            RequestStatus.WITHDRAWN,
            table=REQUEST_TRANSITIONS,
            actor=actor,
            collectivity=request.collectivity,
            action="inforequest.withdraw",
        )
