"""Writes of the steering committee: one verb, one service, one transaction, one audit row.

Meetings go through tadafur.bodies.meetings (organiser "steering.committee"); the services here
add what is the committee's own: members, recommendations and their progress, the agenda
prepared from the recommendations, the follow-up kept with the minutes, and the alerts.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from tadafur.bodies import meetings
from tadafur.bodies.models import Meeting
from tadafur.bodies.states import MeetingStatus
from tadafur.core import clock, uploads
from tadafur.core.audit import audit_record
from tadafur.core.errors import InvalidTransition, ValidationFailed
from tadafur.core.states import transition
from tadafur.core.tasks import enqueue_on_commit, send_email_task
from tadafur.steering import permissions, rules, selectors
from tadafur.steering.models import (
    COMMITTEE_TYPE,
    Alert,
    Committee,
    MeetingRecommendation,
    Member,
    MemberRole,
    ProgressNote,
    Recommendation,
    SourceKind,
)
from tadafur.steering.states import NEEDS_REASON, RECOMMENDATION_TRANSITIONS, RecommendationStatus
from tadafur.territories.models import Level

logger = logging.getLogger(__name__)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


# --- Committee and members -----------------------------------------------------------------


def committee_create(
    *,
    collectivity: Any,
    name_ar: str,
    name_fr: str,
    programme: str = "",
    meetings_per_year: int = rules.DEFAULT_MEETINGS_PER_YEAR,
    active_from: dt.date | None = None,
    actor: Any,
) -> Committee:
    permissions.can_manage(actor, collectivity).require()
    errors: dict[str, list[str]] = {}
    if collectivity.level != Level.PROVINCE:
        errors["collectivity"] = [_("A steering committee is set up for a prefecture or province.")]
    if not name_ar.strip():
        errors["name_ar"] = [_("Required.")]
    if not name_fr.strip():
        errors["name_fr"] = [_("Required.")]
    if meetings_per_year not in rules.ALLOWED_MEETINGS_PER_YEAR:
        errors["meetings_per_year"] = [_("Choose 1, 2, 3, 4, 6 or 12 meetings a year.")]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], errors=errors)
    try:
        with transaction.atomic():
            committee = Committee.objects.create(
                collectivity=collectivity,
                programme=programme.strip(),
                name_ar=name_ar.strip(),
                name_fr=name_fr.strip(),
                meetings_per_year=meetings_per_year,
                active_from=active_from or clock.today(),
            )
            audit_record(
                actor=actor,
                action="steering.committee_create",
                obj=committee,
                collectivity=collectivity,
                after={"programme": committee.programme, "meetings_per_year": meetings_per_year},
            )
    except IntegrityError as exc:
        message = _("This province already has a committee for this programme.")
        raise ValidationFailed(message, errors={"programme": [message]}) from exc
    return committee


def member_add(
    *,
    committee: Committee,
    display_name: str,
    role: str,
    sex: str,
    organisation: str = "",
    user: Any = None,
    actor: Any,
) -> Member:
    permissions.can_manage(actor, committee).require()
    display_name = display_name.strip() or (str(user) if user else "")
    if not display_name:
        raise ValidationFailed(_("Give the member's name."), errors={"display_name": [_("Required.")]})
    if role not in MemberRole.values:
        raise ValidationFailed(_("Choose a role."), errors={"role": [_("Choose a role.")]})
    try:
        with transaction.atomic():
            member = Member.objects.create(
                committee=committee,
                user=user,
                display_name=display_name,
                organisation=organisation.strip(),
                role=role,
                sex=sex,
            )
            audit_record(
                actor=actor,
                action="steering.member_add",
                obj=committee,
                collectivity=committee.collectivity,
                after={"member": member.pk, "role": role, "has_account": user is not None},
            )
    except IntegrityError as exc:
        raise ValidationFailed(_("This person already sits in the committee.")) from exc
    return member


def member_end(*, member: Member, actor: Any) -> Member:
    permissions.can_manage(actor, member.committee).require()
    if member.ended_on is not None:
        raise InvalidTransition(_("This member has already left the committee."))
    with transaction.atomic():
        member.ended_on = clock.today()
        member.save(update_fields=["ended_on"])
        audit_record(
            actor=actor,
            action="steering.member_end",
            obj=member.committee,
            collectivity=member.committee.collectivity,
            after={"member": member.pk},
        )
    return member


# --- Recommendations -----------------------------------------------------------------------


def recommendation_propose(
    *,
    committee: Committee,
    title: str,
    text: str,
    collectivity: Any,
    responsible: str,
    due_date: dt.date,
    source_kind: str = SourceKind.COLLECTIVITY,
    source_label: str = "",
    source_meeting: Meeting | None = None,
    actor: Any,
) -> Recommendation:
    permissions.can_manage(actor, committee).require()
    errors: dict[str, list[str]] = {}
    for name, value in (("title", title), ("text", text), ("responsible", responsible)):
        if not value.strip():
            errors[name] = [_("Required.")]
    if collectivity is None or collectivity.pk not in selectors.scope_ids(committee):
        errors["collectivity"] = [_("Choose the province or one of its communes.")]
    if source_kind not in SourceKind.values:
        errors["source_kind"] = [_("Choose where the recommendation comes from.")]
    if source_meeting is not None and (
        source_meeting.organiser_type != COMMITTEE_TYPE or source_meeting.organiser_id != committee.pk
    ):
        errors["source_meeting"] = [_("Choose a meeting of this committee.")]
    if errors:
        raise ValidationFailed(_("The recommendation is incomplete."), errors=errors)
    with transaction.atomic():
        rec = Recommendation.objects.create(
            committee=committee,
            title=title.strip(),
            text=text.strip(),
            source_kind=source_kind,
            source_label=source_label.strip(),
            source_meeting=source_meeting,
            collectivity=collectivity,
            responsible=responsible.strip(),
            due_date=due_date,
            created_by=_user(actor),
        )
        audit_record(
            actor=actor,
            action="recommendation.propose",
            obj=rec,
            collectivity=collectivity,
            after={"committee": committee.pk, "due_date": due_date.isoformat(), "source": source_kind},
        )
    return rec


def recommendation_move(*, recommendation: Recommendation, to: str, reason: str = "", actor: Any) -> Recommendation:
    """Move a recommendation along its life cycle; dropping one needs a reason."""
    permissions.can_manage(actor, recommendation).require()
    if to not in RecommendationStatus.values:
        raise ValidationFailed(_("Unknown status."), errors={"to": [_("Unknown status.")]})
    extra: dict[str, Any] = {}
    if to in NEEDS_REASON:
        if not reason.strip():
            message = _("Say why the recommendation is dropped.")
            raise ValidationFailed(message, errors={"reason": [message]})
        extra["dropped_reason"] = reason.strip()
    if to == RecommendationStatus.DONE:
        extra["progress"] = 100
    return transition(
        recommendation,
        to,
        table=RECOMMENDATION_TRANSITIONS,
        actor=actor,
        collectivity=recommendation.collectivity,
        action=f"recommendation.{to}",
        extra=extra,
    )


def evidence_clean(upload: Any) -> Any:
    """A PDF stays as sent (checked: extension, signature, size); anything else must be a picture,
    re-encoded as a metadata-free JPEG (tadafur.core.uploads)."""
    name = (getattr(upload, "name", "") or "").lower()
    try:
        if name.endswith(".pdf"):
            return uploads.clean_pdf(upload)
        return uploads.clean_image(upload)
    except ValidationError as exc:
        message = " ".join(str(m) for m in exc.messages)
        raise ValidationFailed(message, errors={"evidence": [message]}) from exc


def progress_note_add(
    *,
    recommendation: Recommendation,
    text: str,
    progress: int | None = None,
    evidence: Any = None,
    actor: Any,
) -> ProgressNote:
    permissions.can_add_note(actor, recommendation).require()
    if not recommendation.is_open:
        raise InvalidTransition(_("Progress is recorded only on an open recommendation."))
    if not text.strip():
        raise ValidationFailed(_("Write what was done."), errors={"text": [_("Required.")]})
    if progress is not None and not 0 <= progress <= 100:
        raise ValidationFailed(_("Progress is a percentage."), errors={"progress": [_("Between 0 and 100.")]})
    cleaned = evidence_clean(evidence) if evidence else None
    with transaction.atomic():
        note = ProgressNote(
            recommendation=recommendation,
            text=text.strip(),
            progress=progress,
            author=_user(actor),
            author_label=str(actor)[:120] if _user(actor) else "",
        )
        if cleaned is not None:
            note.evidence.save(cleaned.name, cleaned, save=False)
        note.save()
        if progress is not None:
            Recommendation.objects.filter(pk=recommendation.pk).update(progress=progress)
            recommendation.progress = progress
        audit_record(
            actor=actor,
            action="recommendation.note",
            obj=recommendation,
            collectivity=recommendation.collectivity,
            after={"note": note.pk, "progress": progress, "evidence": bool(cleaned)},
        )
    return note


# --- Meetings: agenda from the recommendations, follow-up in the minutes -------------------


def _committee_of(meeting: Meeting) -> Committee:
    if meeting.organiser_type != COMMITTEE_TYPE:
        raise ValidationFailed(_("This is not a meeting of a steering committee."))
    return Committee.objects.select_related("collectivity").get(pk=meeting.organiser_id)


def agenda_prepare(*, meeting: Meeting, actor: Any) -> int:
    """Put every open recommendation (overdue ones first) on the meeting's agenda, once each;
    return how many were added."""
    committee = _committee_of(meeting)
    permissions.can_manage(actor, committee).require()
    if meeting.status != MeetingStatus.PLANNED:
        raise InvalidTransition(_("The agenda is fixed once the meeting is held."))
    today = clock.today()
    already = set(MeetingRecommendation.objects.filter(meeting=meeting).values_list("recommendation_id", flat=True))
    added = 0
    with transaction.atomic():
        for rec in selectors.recommendations_for_agenda(committee, today):
            if rec.pk in already:
                continue
            overdue = rec.is_overdue(today)
            if overdue:
                template = _("Follow-up (overdue): %(title)s — %(place)s")
            else:
                template = _("Follow-up: %(title)s — %(place)s")
            title = (template % {"title": rec.title, "place": rec.collectivity.name})[:300]
            item = meetings.agenda_item_add(meeting=meeting, title=title, actor=actor)
            MeetingRecommendation.objects.create(
                meeting=meeting, recommendation=rec, agenda_item=item, was_overdue=overdue
            )
            added += 1
        audit_record(
            actor=actor,
            action="steering.agenda_prepare",
            obj=meeting,
            collectivity=committee.collectivity,
            after={"added": added},
        )
    return added


def minutes_publish(*, meeting: Meeting, minutes: str, actor: Any) -> Meeting:
    """Publish the minutes and keep the follow-up table as it stands with them."""
    _committee_of(meeting)
    today = clock.today()
    with transaction.atomic():
        published = meetings.minutes_publish(meeting=meeting, minutes=minutes, actor=actor)
        for row in selectors.followup_table(meeting, today):
            MeetingRecommendation.objects.filter(meeting=meeting, recommendation=row.recommendation).update(
                status_then=row.status,
                progress_then=row.progress,
                note_then=row.note,
                was_overdue=row.overdue,
            )
    return published


# --- Alerts --------------------------------------------------------------------------------


def _alert_text(committee: Committee, alert: Alert) -> tuple[str, str]:
    subject = _("Steering committee: no meeting held between %(start)s and %(end)s") % {
        "start": alert.period_start.isoformat(),
        "end": alert.last_day.isoformat(),
    }
    body = _(
        "%(committee)s should meet %(n)s times a year. No meeting was held between %(start)s and "
        "%(end)s. Please plan the next meeting."
    ) % {
        "committee": committee.name,
        "n": committee.meetings_per_year,
        "start": alert.period_start.isoformat(),
        "end": alert.last_day.isoformat(),
    }
    return subject, body


def alerts_raise(*, today: dt.date | None = None) -> list[Alert]:
    """Raise one alert for every ended period in which a committee held no meeting, and email its
    members. Idempotent: a period already alerted is skipped."""
    today = today or clock.today()
    raised: list[Alert] = []
    for committee in selectors.committees():
        known = set(committee.alerts.values_list("period_start", flat=True))
        for period in rules.ended_periods(committee.active_from, today, committee.meetings_per_year):
            if period.start in known or selectors.held_meeting_in(committee, period.start, period.end):
                continue
            with transaction.atomic():
                alert, created = Alert.objects.get_or_create(
                    committee=committee, period_start=period.start, defaults={"period_end": period.end}
                )
                if not created:
                    continue
                recipients = [m.user for m in selectors.active_members(committee) if m.user and m.user.email]
                for user in recipients:
                    if not user.is_active:
                        continue
                    with translation.override(user.preferred_language or None):
                        subject, body = _alert_text(committee, alert)
                    enqueue_on_commit(send_email_task, user.email, subject, body, user.preferred_language)
                alert.recipients = len(recipients)
                alert.save(update_fields=["recipients"])
                audit_record(
                    actor=None,
                    action="steering.alert",
                    obj=committee,
                    collectivity=committee.collectivity,
                    after={"period_start": period.start.isoformat(), "recipients": len(recipients)},
                )
            raised.append(alert)
    return raised
