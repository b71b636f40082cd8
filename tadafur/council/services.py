"""Writes for council sessions. Each service checks the permission again, runs in one
transaction and is audited; the meeting itself is handled by `tadafur.bodies.meetings`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tadafur.bodies import meetings
from tadafur.bodies.states import MeetingStatus
from tadafur.core import clock
from tadafur.core.audit import audit_record
from tadafur.core.errors import InvalidTransition, ValidationFailed
from tadafur.council import notify, permissions, rules, selectors
from tadafur.council.models import Council, Point, Session
from tadafur.council.rules import PointOutcome, PointSource, SessionKind

# The petitions app names the council's outcomes in its own words.
PETITION_OUTCOME = {PointOutcome.ADOPTED: "adopted", PointOutcome.REJECTED: "not_adopted"}


def council_seats_set(*, collectivity: Any, seats: int, actor: Any) -> Council:
    permissions.can_manage_sessions(actor, collectivity).require()
    if seats < 1:
        raise ValidationFailed(_("A council has at least one member."), errors={"seats": [_("At least 1.")]})
    with transaction.atomic():
        council, _created = Council.objects.select_for_update().get_or_create(collectivity=collectivity)
        before = council.seats
        council.seats = seats
        council.save(update_fields=["seats"])
        audit_record(
            actor=actor,
            action="council.seats",
            obj=council,
            collectivity=collectivity,
            before={"seats": before},
            after={"seats": seats},
        )
    return council


def session_plan(
    *, collectivity: Any, kind: str, starts_at: dt.datetime, place: str, actor: Any, agenda: list[str] | None = None
) -> Session:
    """Plan an ordinary or extraordinary session. An ordinary session must fall in one of the
    months the organic law names for the collectivity's level."""
    permissions.can_manage_sessions(actor, collectivity).require()
    if kind not in SessionKind.values:
        raise ValidationFailed(_("Choose the kind of session."), errors={"kind": [_("Choose the kind of session.")]})
    local = timezone.localtime(starts_at)
    rule = selectors.rule_for(collectivity.level, on=local.date())
    if rule is None:
        raise ValidationFailed(_("No session rule is recorded for this level of collectivity."))
    if starts_at <= clock.now():
        raise ValidationFailed(
            _("A session is planned in the future."), errors={"starts_at": [_("Choose a date in the future.")]}
        )
    if kind == SessionKind.ORDINARY and not rules.ordinary_month_allowed(rule.ordinary_months, local.date()):
        from django.utils.dates import MONTHS

        months = ", ".join(str(MONTHS[m]) for m in rule.ordinary_months)
        message = _("Ordinary sessions of this council are held in %(months)s (%(citation)s).") % {
            "months": months,
            "citation": rule.citation,
        }
        raise ValidationFailed(message, errors={"starts_at": [message]})
    with transaction.atomic():
        council, _created = Council.objects.get_or_create(collectivity=collectivity)
        # Serialise planners of one council, so two clerks cannot plan the same month twice.
        council = Council.objects.select_for_update().get(pk=council.pk)
        if (
            kind == SessionKind.ORDINARY
            and Session.objects.filter(council=council, kind=kind, year=local.year, month=local.month)
            .exclude(meeting__status=MeetingStatus.CANCELLED)
            .exists()
        ):
            raise ValidationFailed(
                _("This month's ordinary session is already planned."),
                errors={"starts_at": [_("This month's ordinary session is already planned.")]},
            )
        with translation.override("ar"):
            # The meeting's stored title (calendar files, e-mails); pages show Session.title.
            title = _("Ordinary session") if kind == SessionKind.ORDINARY else _("Extraordinary session")
            title = f"{title} {local.month:02d}/{local.year}"
        meeting = meetings.meeting_plan(
            organiser=council,
            title=title,
            starts_at=starts_at,
            place=place,
            is_public=False,  # public once the agenda is published
            agenda=(),
            actor=actor,
        )
        session = Session.objects.create(
            council=council,
            meeting=meeting,
            kind=kind,
            year=local.year,
            month=local.month,
            notice_days=rule.ordinary_notice_days if kind == SessionKind.ORDINARY else rule.extraordinary_notice_days,
            citation=rule.citation,
        )
        audit_record(
            actor=actor,
            action="council.session_plan",
            obj=session,
            collectivity=collectivity,
            after={"kind": kind, "starts_at": starts_at.isoformat(), "notice_days": session.notice_days},
        )
        for title_ in agenda or []:
            if title_.strip():
                point_add(session=session, title=title_, actor=actor)
    return session


def _require_manage(session: Session, actor: Any) -> None:
    permissions.can_manage_sessions(actor, session.council.collectivity).require()


def _require_draft(session: Session) -> None:
    if session.agenda_published_at is not None:
        raise InvalidTransition(_("The agenda is published: it can no longer be changed."))
    if session.meeting.status != MeetingStatus.PLANNED:
        raise InvalidTransition(_("The agenda is fixed once the session is held."))


def point_add(*, session: Session, title: str, actor: Any, petition: Any = None) -> Point:
    _require_manage(session, actor)
    _require_draft(session)
    with transaction.atomic():
        item = meetings.agenda_item_add(meeting=session.meeting, title=title, actor=actor)
        return Point.objects.create(
            session=session,
            agenda_item=item,
            source=PointSource.PETITION if petition is not None else PointSource.STAFF,
            petition=petition,
        )


def agenda_prepare(*, session: Session, actor: Any) -> list[Point]:
    """Inscribe on this ordinary session's agenda the collectivity's accepted petitions that are
    on no agenda yet (OL 113.14 art. 123: an accepted petition goes to the next ordinary session).
    Idempotent: a petition already inscribed is not added again."""
    _require_manage(session, actor)
    if session.kind != SessionKind.ORDINARY:
        return []
    _require_draft(session)
    added: list[Point] = []
    with transaction.atomic():
        for petition in selectors.petitions_awaiting_inscription(session.council.collectivity).select_for_update():
            title = petition.agenda_point or petition.requested_agenda_point or petition.title
            point = point_add(session=session, title=title[:300], actor=actor, petition=petition)
            audit_record(
                actor=actor,
                action="council.petition_inscribed",
                obj=session,
                collectivity=session.council.collectivity,
                after={"petition": petition.pk, "position": point.position},
            )
            added.append(point)
    return added


def agenda_publish(*, session: Session, actor: Any) -> Session:
    """Publish the agenda, no later than the notice period before the session (OL 113.14 art. 35).
    An ordinary session's agenda first receives the accepted petitions waiting for it."""
    _require_manage(session, actor)
    _require_draft(session)
    day = timezone.localtime(session.meeting.starts_at).date()
    if not rules.notice_given(session_day=day, published_on=clock.today(), notice_days=session.notice_days):
        raise ValidationFailed(
            _(
                "The agenda must be published at least %(days)d days before the session (%(citation)s); "
                "it is too late for the session of %(date)s."
            )
            % {"days": session.notice_days, "citation": session.citation, "date": day.isoformat()}
        )
    with transaction.atomic():
        agenda_prepare(session=session, actor=actor)
        if not session.points.exists():
            raise ValidationFailed(_("Put at least one point on the agenda before publishing it."))
        session.agenda_published_at = clock.now()
        session.save(update_fields=["agenda_published_at"])
        meeting = session.meeting
        meeting.is_public = True
        meeting.save(update_fields=["is_public"])
        audit_record(
            actor=actor,
            action="council.agenda_publish",
            obj=session,
            collectivity=session.council.collectivity,
            after={"points": session.points.count()},
        )
        notify.agenda_published(session)
    return session


def session_hold(*, session: Session, members_present: int, actor: Any) -> Session:
    """The session took place with this many members present."""
    _require_manage(session, actor)
    if session.agenda_published_at is None:
        raise InvalidTransition(_("Publish the agenda before recording the session."))
    seats = session.council.seats
    if members_present < 0 or (seats is not None and members_present > seats):
        message = _("The council has %(seats)s members in office.") % {"seats": seats}
        raise ValidationFailed(message, errors={"members_present": [message]})
    with transaction.atomic():
        meetings.meeting_hold(meeting=session.meeting, presence={}, actor=actor)
        session.members_present = members_present
        session.save(update_fields=["members_present"])
        audit_record(
            actor=actor,
            action="council.session_hold",
            obj=session,
            collectivity=session.council.collectivity,
            after={"members_present": members_present},
        )
        session.meeting.refresh_from_db()
    return session


def point_outcome_record(
    *, point: Point, outcome: str, votes_for: int, votes_against: int, votes_abstain: int, actor: Any
) -> Point:
    """The council's deliberation on one point, with its votes. On a petition's point, the
    petition moves to "deliberated" (through the petitions service, which checks that the actor
    may record a deliberation) unless the point is postponed."""
    session = point.session
    _require_manage(session, actor)
    if session.meeting.status != MeetingStatus.HELD:
        raise InvalidTransition(
            _("Outcomes are recorded once the session is held and before its minutes are published.")
        )
    if outcome not in PointOutcome.values:
        raise ValidationFailed(_("Choose the outcome."), errors={"outcome": [_("Choose the outcome.")]})
    check = rules.votes_valid(
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstain=votes_abstain,
        present=session.members_present or 0,
    )
    if not check:
        raise ValidationFailed(str(check.reason), errors={"votes_for": [str(check.reason)]})
    with transaction.atomic():
        point = Point.objects.select_for_update().get(pk=point.pk)
        if point.outcome and point.petition_id and point.outcome != PointOutcome.POSTPONED:
            raise InvalidTransition(_("The deliberation on this petition is already recorded."))
        point.outcome = outcome
        point.votes_for, point.votes_against, point.votes_abstain = votes_for, votes_against, votes_abstain
        point.outcome_recorded_at = clock.now()
        point.save()
        if point.petition_id and outcome in PETITION_OUTCOME:
            from tadafur.petitions import services as petition_services

            petition_services.petition_deliberate(
                petition=point.petition,
                actor=actor,
                outcome=PETITION_OUTCOME[outcome],
                votes_for=votes_for,
                votes_against=votes_against,
                votes_abstain=votes_abstain,
                minutes="",
            )
        audit_record(
            actor=actor,
            action="council.point_outcome",
            obj=session,
            collectivity=session.council.collectivity,
            after={
                "position": point.position,
                "outcome": outcome,
                "for": votes_for,
                "against": votes_against,
                "abstain": votes_abstain,
            },
        )
    return point


def minutes_publish(*, session: Session, minutes: str, actor: Any) -> Session:
    _require_manage(session, actor)
    if session.points.filter(outcome="").exists():
        raise ValidationFailed(_("Record the outcome of every point before publishing the minutes."))
    meetings.minutes_publish(meeting=session.meeting, minutes=minutes, actor=actor)
    session.meeting.refresh_from_db()
    return session


def session_cancel(*, session: Session, actor: Any) -> Session:
    _require_manage(session, actor)
    meetings.meeting_cancel(meeting=session.meeting, actor=actor)
    session.meeting.refresh_from_db()
    return session


def session_rule_save(*, rule: Any, actor: Any) -> Any:
    """A jurist corrects or adds a dated session rule (admin): months are 1–12, audited."""
    from tadafur.accounts.selectors import is_platform_admin

    if not (getattr(actor, "is_superuser", False) or is_platform_admin(actor)):
        from tadafur.core.errors import NotAllowed

        raise NotAllowed(_("Only the platform's administrators edit the session rules."))
    months = sorted({int(m) for m in rule.ordinary_months or []})
    if not months or any(m < 1 or m > 12 for m in months):
        raise ValidationFailed(_("Give the months of the ordinary sessions as numbers from 1 to 12."))
    rule.ordinary_months = months
    with transaction.atomic():
        rule.save()
        audit_record(
            actor=actor,
            action="council.session_rule",
            obj=rule,
            after={
                "level": rule.level,
                "months": months,
                "notice": [rule.ordinary_notice_days, rule.extraordinary_notice_days],
                "valid_from": rule.valid_from.isoformat(),
                "citation": rule.citation,
            },
        )
    return rule
