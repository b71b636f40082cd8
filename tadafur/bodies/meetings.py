"""Meetings of any organiser: a consultative body today, the steering committee and the
council's sessions later. Agenda, invitations, attendance with a sex breakdown, quorum,
decisions, minutes (text and PDF) and calendar export (RFC 5545).

Design: a Meeting names its organiser generically (`organiser_type` = the model label, such
as "bodies.body", and `organiser_id`), and each organiser kind registers once, with
`register_organiser`, how to list its participants, its quorum, who may manage or see its
meetings and where a meeting's page is (`meeting_url`: the bodies' and the steering committee's
meeting pages, the council's session page, a co-creation call's selection meeting page). The
services below take any registered organiser object, so another app reuses them without a
foreign key to Body:

    meetings.register_organiser("steering.committee", OrganiserSpec(...))
    meetings.meeting_plan(organiser=committee, title=..., actor=...)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Max, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tadafur.bodies.models import AgendaItem, Attendance, Meeting, MeetingDecision, Presence
from tadafur.bodies.states import MEETING_EDITABLE, MEETING_TRANSITIONS, MeetingStatus
from tadafur.core import clock
from tadafur.core.audit import audit_record
from tadafur.core.decisions import Decision
from tadafur.core.errors import InvalidTransition, ValidationFailed
from tadafur.core.pdf import html_to_pdf
from tadafur.core.states import transition
from tadafur.core.tasks import enqueue_on_commit, send_email_task


@dataclass(frozen=True)
class Participant:
    key: str  # stable within the organiser, e.g. "member:12"
    name: str
    sex: str
    email: str = ""
    language: str = ""


@dataclass(frozen=True)
class OrganiserSpec:
    participants: Callable[[Any], list[Participant]]
    quorum: Callable[[Any], int | None]
    can_manage: Callable[[Any, Any], Decision]
    can_see_internal: Callable[[Any, Any], Decision]
    name: Callable[[Any], str]
    # The page of one of its meetings (agenda, attendance, minutes), used by Meeting.get_absolute_url
    # and so by the calendar feeds and notifications. Without it: the organiser's own page.
    meeting_url: Callable[[Meeting], str] | None = None


_ORGANISERS: dict[str, OrganiserSpec] = {}


def register_organiser(label: str, spec: OrganiserSpec) -> None:
    _ORGANISERS[label] = spec


def organiser_label(organiser: Any) -> str:
    return organiser._meta.label_lower


def spec_for(label: str) -> OrganiserSpec:
    return _ORGANISERS[label]


def organiser_of(meeting: Meeting) -> Any:
    return apps.get_model(meeting.organiser_type)._default_manager.get(pk=meeting.organiser_id)


def meeting_url(meeting: Meeting) -> str:
    """Where a meeting is shown: its organiser's meeting page, whichever the organiser."""
    spec = _ORGANISERS.get(meeting.organiser_type)
    if spec is not None and spec.meeting_url is not None:
        return spec.meeting_url(meeting)
    return str(organiser_of(meeting).get_absolute_url())


# --- Permissions ---------------------------------------------------------------------------


def can_manage(user: Any, meeting: Meeting, organiser: Any = None) -> Decision:
    organiser = organiser or organiser_of(meeting)
    return spec_for(meeting.organiser_type).can_manage(user, organiser)


def can_see(user: Any, meeting: Meeting, organiser: Any = None) -> Decision:
    if meeting.is_public:
        return Decision.allow()
    organiser = organiser or organiser_of(meeting)
    return spec_for(meeting.organiser_type).can_see_internal(user, organiser)


# --- Selectors -----------------------------------------------------------------------------


def meetings_of(organiser: Any, *, public_only: bool = False) -> QuerySet[Meeting]:
    qs = Meeting.objects.filter(organiser_type=organiser_label(organiser), organiser_id=organiser.pk)
    if public_only:
        qs = qs.filter(is_public=True)
    return qs.prefetch_related("agenda_items")


@dataclass(frozen=True)
class AttendanceSummary:
    counts: dict[str, dict[str, int]]  # presence -> sex -> count
    present: int
    total: int
    quorum: int | None

    @property
    def quorum_reached(self) -> bool | None:
        """None when the rules set no quorum."""
        return None if self.quorum is None else self.present >= self.quorum

    @property
    def rows(self) -> list[tuple[str, int, int, int]]:
        labels = dict(Presence.choices)
        return [
            (
                str(labels[p]),
                self.counts[p].get("woman", 0),
                self.counts[p].get("man", 0),
                sum(v for k, v in self.counts[p].items() if k not in {"woman", "man"}),
            )
            for p in Presence.values
        ]


def attendance_summary(meeting: Meeting, quorum: int | None = None) -> AttendanceSummary:
    counts: dict[str, dict[str, int]] = {p: {} for p in Presence.values}
    rows = list(meeting.attendances.all())
    for row in rows:
        counts[row.presence][row.sex] = counts[row.presence].get(row.sex, 0) + 1
    present = sum(counts[Presence.PRESENT].values())
    return AttendanceSummary(counts, present, len(rows), quorum)


# --- Services ------------------------------------------------------------------------------


def _require_manage(actor: Any, meeting: Meeting | None, organiser: Any) -> None:
    label = organiser_label(organiser)
    spec_for(label).can_manage(actor, organiser).require()


def _require_editable(meeting: Meeting) -> None:
    if meeting.status not in MEETING_EDITABLE:
        raise InvalidTransition(_("This meeting can no longer be changed."))


def meeting_plan(
    *,
    organiser: Any,
    title: str,
    starts_at: dt.datetime,
    place: str,
    is_public: bool,
    agenda: Iterable[str] = (),
    actor: Any,
) -> Meeting:
    _require_manage(actor, None, organiser)
    if not title.strip() or not place.strip():
        raise ValidationFailed(_("A meeting needs a title and a place."))
    with transaction.atomic():
        meeting = Meeting.objects.create(
            collectivity=organiser.collectivity,
            organiser_type=organiser_label(organiser),
            organiser_id=organiser.pk,
            title=title.strip(),
            starts_at=starts_at,
            place=place.strip(),
            is_public=is_public,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        items = [t.strip() for t in agenda if t.strip()]
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, position=i, title=t) for i, t in enumerate(items, start=1)
        )
        audit_record(
            actor=actor,
            action="meeting.plan",
            obj=meeting,
            collectivity=meeting.collectivity,
            after={"starts_at": starts_at.isoformat(), "public": is_public, "agenda_items": len(items)},
        )
    return meeting


def agenda_item_add(*, meeting: Meeting, title: str, actor: Any) -> AgendaItem:
    organiser = organiser_of(meeting)
    _require_manage(actor, meeting, organiser)
    if meeting.status != MeetingStatus.PLANNED:
        raise InvalidTransition(_("The agenda is fixed once the meeting is held."))
    if not title.strip():
        raise ValidationFailed(_("Write the agenda item."))
    with transaction.atomic():
        last = meeting.agenda_items.aggregate(m=Max("position"))["m"] or 0
        item = AgendaItem.objects.create(meeting=meeting, position=last + 1, title=title.strip())
        audit_record(
            actor=actor,
            action="meeting.agenda_add",
            obj=meeting,
            collectivity=meeting.collectivity,
            after={"position": item.position},
        )
    return item


def _invitation_text(meeting: Meeting, organiser_name: str) -> tuple[str, str]:
    local = timezone.localtime(meeting.starts_at)
    subject = _("Invitation: %(title)s") % {"title": meeting.title}
    agenda = "\n".join(f"{i.position}. {i.title}" for i in meeting.agenda_items.all())
    body = _("%(organiser)s meets on %(date)s at %(time)s, %(place)s.\n\nAgenda:\n%(agenda)s\n") % {
        "organiser": organiser_name,
        "date": local.strftime("%Y-%m-%d"),
        "time": local.strftime("%H:%M"),
        "place": meeting.place,
        "agenda": agenda or "-",
    }
    url = settings.SITE_URL.rstrip("/") + meeting.get_absolute_url()
    body += "\n" + _("The meeting's page (agenda, attendance, minutes): %(url)s") % {"url": url} + "\n"
    return subject, body


def meeting_invite(*, meeting: Meeting, actor: Any) -> int:
    """Email the invitation to every participant who has an email address; return how many."""
    organiser = organiser_of(meeting)
    _require_manage(actor, meeting, organiser)
    if meeting.status != MeetingStatus.PLANNED:
        raise InvalidTransition(_("Only a planned meeting can be announced."))
    spec = spec_for(meeting.organiser_type)
    participants = [p for p in spec.participants(organiser) if p.email]
    with transaction.atomic():
        meeting.invitations_sent_at = clock.now()
        meeting.save(update_fields=["invitations_sent_at"])
        for p in participants:
            with translation.override(p.language or None):
                subject, body = _invitation_text(meeting, spec.name(organiser))
            enqueue_on_commit(send_email_task, p.email, subject, body, p.language)
        audit_record(
            actor=actor,
            action="meeting.invite",
            obj=meeting,
            collectivity=meeting.collectivity,
            after={"invitations": len(participants)},
        )
    return len(participants)


def attendance_record(*, meeting: Meeting, presence: Mapping[str, str], actor: Any) -> AttendanceSummary:
    """Record (or correct) each participant's attendance, keyed by participant key."""
    organiser = organiser_of(meeting)
    _require_manage(actor, meeting, organiser)
    _require_editable(meeting)
    spec = spec_for(meeting.organiser_type)
    known = {p.key: p for p in spec.participants(organiser)}
    unknown = set(presence) - set(known)
    if unknown or any(v not in Presence.values for v in presence.values()):
        raise ValidationFailed(_("The attendance names someone who is not a participant, or an unknown status."))
    with transaction.atomic():
        for key, value in presence.items():
            p = known[key]
            Attendance.objects.update_or_create(
                meeting=meeting,
                participant_key=key,
                defaults={"name": p.name, "sex": p.sex, "presence": value},
            )
        summary = attendance_summary(meeting, spec.quorum(organiser))
        audit_record(
            actor=actor,
            action="meeting.attendance",
            obj=meeting,
            collectivity=meeting.collectivity,
            after={
                "present": summary.present,
                "recorded": summary.total,
                "quorum_reached": summary.quorum_reached,
            },
        )
    return summary


def meeting_hold(*, meeting: Meeting, presence: Mapping[str, str], actor: Any) -> Meeting:
    """The meeting took place: record attendance and move planned → held."""
    if meeting.starts_at > clock.now():
        raise InvalidTransition(_("A meeting can be recorded as held only once it has started."))
    with transaction.atomic():
        attendance_record(meeting=meeting, presence=presence, actor=actor)
        return transition(
            meeting,
            MeetingStatus.HELD,
            table=MEETING_TRANSITIONS,
            actor=actor,
            collectivity=meeting.collectivity,
        )


def decision_add(*, meeting: Meeting, text: str, actor: Any) -> MeetingDecision:
    organiser = organiser_of(meeting)
    _require_manage(actor, meeting, organiser)
    if meeting.status != MeetingStatus.HELD:
        raise InvalidTransition(
            _("Decisions are recorded once the meeting is held and before its minutes are published.")
        )
    if not text.strip():
        raise ValidationFailed(_("Write the decision."))
    with transaction.atomic():
        last = meeting.decisions.aggregate(m=Max("position"))["m"] or 0
        decision = MeetingDecision.objects.create(meeting=meeting, position=last + 1, text=text.strip())
        audit_record(
            actor=actor,
            action="meeting.decision_add",
            obj=meeting,
            collectivity=meeting.collectivity,
            after={"position": decision.position},
        )
    return decision


def minutes_publish(*, meeting: Meeting, minutes: str, actor: Any) -> Meeting:
    organiser = organiser_of(meeting)
    _require_manage(actor, meeting, organiser)
    if not minutes.strip():
        raise ValidationFailed(_("Write the minutes before publishing them."), errors={"minutes": [_("Required.")]})
    return transition(
        meeting,
        MeetingStatus.MINUTES_PUBLISHED,
        table=MEETING_TRANSITIONS,
        actor=actor,
        collectivity=meeting.collectivity,
        extra={"minutes": minutes.strip()},
    )


def meeting_cancel(*, meeting: Meeting, actor: Any) -> Meeting:
    organiser = organiser_of(meeting)
    _require_manage(actor, meeting, organiser)
    spec = spec_for(meeting.organiser_type)
    with transaction.atomic():
        meeting = transition(
            meeting,
            MeetingStatus.CANCELLED,
            table=MEETING_TRANSITIONS,
            actor=actor,
            collectivity=meeting.collectivity,
        )
        if meeting.invitations_sent_at:
            for p in spec.participants(organiser):
                if p.email:
                    with translation.override(p.language or None):
                        subject = _("Cancelled: %(title)s") % {"title": meeting.title}
                        body = _("The meeting “%(title)s” planned on %(date)s is cancelled.") % {
                            "title": meeting.title,
                            "date": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M"),
                        }
                    enqueue_on_commit(send_email_task, p.email, subject, body, p.language)
    return meeting


# --- Documents -----------------------------------------------------------------------------


def minutes_pdf(meeting: Meeting) -> bytes:
    """The published minutes as a PDF. Arabic is shaped by WeasyPrint (Pango/HarfBuzz) with the
    Noto Naskh/Sans Arabic fonts of the system."""

    organiser = organiser_of(meeting)
    spec = spec_for(meeting.organiser_type)
    html = render_to_string(
        "bodies/minutes_pdf.html",
        {
            "meeting": meeting,
            "organiser_name": spec.name(organiser),
            "collectivity": meeting.collectivity,
            "agenda": list(meeting.agenda_items.all()),
            "decisions": list(meeting.decisions.all()),
            "summary": attendance_summary(meeting, spec.quorum(organiser)),
            "rtl": translation.get_language_bidi(),
            "LANGUAGE_CODE": translation.get_language(),
        },
    )
    return html_to_pdf(html)


def _ics_escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _ics_fold(line: str) -> list[str]:
    """RFC 5545 §3.1: lines longer than 75 octets are folded with CRLF + space."""
    out: list[str] = []
    current = ""
    for char in line:
        if len((current + char).encode()) > (75 if not out else 74):
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return [out[0], *(" " + part for part in out[1:])]


def _ics_time(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_ics(
    meetings: Iterable[Meeting], *, name: str, host: str, duration: dt.timedelta = dt.timedelta(hours=2)
) -> str:
    """An iCalendar (RFC 5545) file of the meetings; cancelled ones carry STATUS:CANCELLED."""
    stamp = _ics_time(clock.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Tadafur//Consultative bodies//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_ics_escape(name)}",
    ]
    for m in meetings:
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{m.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_ics_time(m.starts_at)}",
            f"DTEND:{_ics_time(m.starts_at + duration)}",
            f"SUMMARY:{_ics_escape(m.title)}",
            f"LOCATION:{_ics_escape(m.place)}",
            f"STATUS:{'CANCELLED' if m.status == MeetingStatus.CANCELLED else 'CONFIRMED'}",
            f"URL:https://{host}{m.get_absolute_url()}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    folded: list[str] = []
    for line in lines:
        folded.extend(_ics_fold(line))
    return "\r\n".join(folded) + "\r\n"
