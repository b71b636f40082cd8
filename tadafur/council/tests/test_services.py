"""Rachid (staff) plans and publishes Settat's sessions; Said (president) deliberates."""

import datetime as dt

import pytest
from django.utils import timezone

from tadafur.bodies.states import MeetingStatus
from tadafur.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from tadafur.core.models import AuditEntry
from tadafur.council import selectors, services
from tadafur.council.models import Point
from tadafur.council.tests.conftest import accepted_petition, at
from tadafur.petitions.states import PetitionState

pytestmark = pytest.mark.django_db


def test_an_ordinary_session_of_a_commune_falls_in_february_may_or_october(settat, rachid, frozen):
    with pytest.raises(ValidationFailed) as exc:
        services.session_plan(
            collectivity=settat, kind="ordinary", starts_at=at(2026, 3, 3), place="Salle", actor=rachid
        )
    assert "OL 113.14" in exc.value.message
    assert "February" in exc.value.message
    session = services.session_plan(
        collectivity=settat, kind="ordinary", starts_at=at(2026, 5, 5), place="Salle", actor=rachid
    )
    assert (session.year, session.month, session.notice_days) == (2026, 5, 10)
    assert session.meeting.organiser_type == "council.council"
    assert not session.meeting.is_public


def test_an_extraordinary_session_may_sit_any_month_with_a_shorter_notice(settat, rachid, frozen):
    session = services.session_plan(
        collectivity=settat, kind="extraordinary", starts_at=at(2026, 3, 20), place="Salle", actor=rachid
    )
    assert session.notice_days == 3


def test_one_ordinary_session_a_month_unless_cancelled(settat, rachid, february):
    with pytest.raises(ValidationFailed):
        services.session_plan(
            collectivity=settat, kind="ordinary", starts_at=at(2026, 2, 5), place="Salle", actor=rachid
        )
    services.session_cancel(session=february, actor=rachid)
    again = services.session_plan(
        collectivity=settat, kind="ordinary", starts_at=at(2026, 2, 6), place="Salle", actor=rachid
    )
    assert again.pk != february.pk


def test_amina_cannot_plan_a_session(settat, amina, frozen):
    with pytest.raises(NotAllowed):
        services.session_plan(
            collectivity=settat, kind="ordinary", starts_at=at(2026, 2, 3), place="Salle", actor=amina
        )


def test_the_agenda_cannot_be_published_within_the_notice_period(settat, rachid, february, frozen):
    frozen.move_to(at(2026, 1, 25, 9))  # 9 days before 3 February
    with pytest.raises(ValidationFailed) as exc:
        services.agenda_publish(session=february, actor=rachid)
    assert "10 days" in exc.value.message
    february.refresh_from_db()
    assert february.agenda_published_at is None
    frozen.move_to(at(2026, 1, 24, 9))  # 10 days before
    services.agenda_publish(session=february, actor=rachid)
    february.refresh_from_db()
    assert february.agenda_published_at is not None
    assert february.meeting.is_public
    assert AuditEntry.objects.filter(action="council.agenda_publish").count() == 1


def test_a_published_agenda_is_fixed(rachid, february):
    services.agenda_publish(session=february, actor=rachid)
    with pytest.raises(InvalidTransition):
        services.point_add(session=february, title="نقطة إضافية", actor=rachid)


def test_an_accepted_petition_is_proposed_once_onto_the_next_ordinary_session(
    settat, oulad_said, rachid, amina, february
):
    petition = accepted_petition(settat, amina)
    accepted_petition(oulad_said, amina, title="Another commune's petition")
    added = services.agenda_prepare(session=february, actor=rachid)
    assert [p.petition for p in added] == [petition]
    assert services.agenda_prepare(session=february, actor=rachid) == []
    may = services.session_plan(
        collectivity=settat, kind="ordinary", starts_at=at(2026, 5, 5), place="Salle", actor=rachid
    )
    services.agenda_publish(session=february, actor=rachid)  # publishing prepares again: still once
    assert services.agenda_prepare(session=may, actor=rachid) == []
    assert Point.objects.filter(petition=petition).count() == 1
    assert [p.title for p in february.points.all()] == ["دراسة الحساب الإداري", "برمجة إنارة طريق حي السلام"]
    assert february.points.get(petition=petition).source == "petition"


def test_publishing_an_ordinary_agenda_inscribes_the_waiting_petitions(settat, rachid, amina, february):
    petition = accepted_petition(settat, amina)
    services.agenda_publish(session=february, actor=rachid)
    assert february.points.filter(petition=petition).exists()


def test_an_extraordinary_session_does_not_take_petitions(settat, rachid, amina, frozen):
    accepted_petition(settat, amina)
    session = services.session_plan(
        collectivity=settat, kind="extraordinary", starts_at=at(2026, 3, 20), place="Salle", actor=rachid
    )
    assert services.agenda_prepare(session=session, actor=rachid) == []


def _held(session, rachid, frozen, present=30):
    services.agenda_publish(session=session, actor=rachid)
    frozen.move_to(at(2026, 2, 3, 12))
    return services.session_hold(session=session, members_present=present, actor=rachid)


def test_members_present_cannot_exceed_the_councillors(rachid, february, frozen):
    services.agenda_publish(session=february, actor=rachid)
    frozen.move_to(at(2026, 2, 3, 12))
    with pytest.raises(ValidationFailed):
        services.session_hold(session=february, members_present=40, actor=rachid)
    services.session_hold(session=february, members_present=39, actor=rachid)
    assert february.meeting.status == MeetingStatus.HELD


def test_vote_counts_are_checked_against_members_present(rachid, february, frozen):
    _held(february, rachid, frozen, present=30)
    point = february.points.get()
    with pytest.raises(ValidationFailed) as exc:
        services.point_outcome_record(
            point=point, outcome="adopted", votes_for=20, votes_against=8, votes_abstain=3, actor=rachid
        )
    assert "31 votes" in exc.value.message
    point.refresh_from_db()
    assert point.outcome == ""
    services.point_outcome_record(
        point=point, outcome="adopted", votes_for=20, votes_against=7, votes_abstain=3, actor=rachid
    )
    point.refresh_from_db()
    assert (point.outcome, point.votes_for, point.votes_against, point.votes_abstain) == ("adopted", 20, 7, 3)


def test_outcomes_wait_for_the_session_to_be_held(rachid, february):
    services.agenda_publish(session=february, actor=rachid)
    with pytest.raises(InvalidTransition):
        services.point_outcome_record(
            point=february.points.get(), outcome="adopted", votes_for=1, votes_against=0, votes_abstain=0, actor=rachid
        )


def test_said_records_the_deliberation_of_a_petition_which_becomes_deliberated(
    settat, rachid, said, amina, february, frozen
):
    petition = accepted_petition(settat, amina)
    _held(february, rachid, frozen)
    point = february.points.get(petition=petition)
    # Rachid (staff) may record ordinary points, but a petition's deliberation is the president's.
    with pytest.raises(NotAllowed):
        services.point_outcome_record(
            point=point, outcome="adopted", votes_for=25, votes_against=2, votes_abstain=1, actor=rachid
        )
    point.refresh_from_db()
    assert point.outcome == ""
    services.point_outcome_record(
        point=point, outcome="adopted", votes_for=25, votes_against=2, votes_abstain=1, actor=said
    )
    petition.refresh_from_db()
    assert petition.status == PetitionState.DELIBERATED
    assert (petition.outcome, petition.votes_for) == ("adopted", 25)
    assert selectors.petitions_deliberated_count([settat.pk], dt.date(2026, 1, 1), dt.date(2027, 1, 1)) == 1


def test_a_postponed_petition_waits_for_the_next_ordinary_session(settat, rachid, said, amina, february, frozen):
    petition = accepted_petition(settat, amina)
    may = services.session_plan(
        collectivity=settat, kind="ordinary", starts_at=at(2026, 5, 5), place="Salle", actor=rachid
    )
    _held(february, rachid, frozen)
    point = february.points.get(petition=petition)
    services.point_outcome_record(
        point=point, outcome="postponed", votes_for=0, votes_against=0, votes_abstain=0, actor=said
    )
    petition.refresh_from_db()
    assert petition.status == PetitionState.ACCEPTED
    assert [p.petition for p in services.agenda_prepare(session=may, actor=rachid)] == [petition]


def test_minutes_need_every_outcome_then_are_published(rachid, february, frozen):
    _held(february, rachid, frozen)
    with pytest.raises(ValidationFailed):
        services.minutes_publish(session=february, minutes="محضر الدورة", actor=rachid)
    services.point_outcome_record(
        point=february.points.get(), outcome="adopted", votes_for=30, votes_against=0, votes_abstain=0, actor=rachid
    )
    services.minutes_publish(session=february, minutes="محضر الدورة", actor=rachid)
    assert february.meeting.status == MeetingStatus.MINUTES_PUBLISHED
    assert (
        selectors.sessions_held_count([february.council.collectivity_id], dt.date(2026, 1, 1), dt.date(2026, 3, 1)) == 1
    )


def test_upcoming_published_sessions_are_open_items(settat, rachid, february):
    from tadafur.core import registry

    module = registry.get("council")
    assert module.open_items(settat) == []
    services.agenda_publish(session=february, actor=rachid)
    items = module.open_items(settat)
    assert len(items) == 1 and items[0][1] == february.get_absolute_url()
    assert timezone.localtime(february.meeting.starts_at).month == 2


def test_youssef_who_follows_settat_hears_of_the_published_agenda(
    settat, rachid, youssef, february, django_capture_on_commit_callbacks
):
    from tadafur.notifications.models import Notification
    from tadafur.notifications.services import follow_create

    youssef.preferred_language = "fr"
    youssef.save(update_fields=["preferred_language"])
    follow_create(user=youssef, obj=settat, channels=["in_app"])
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_publish(session=february, actor=rachid)
    note = Notification.objects.get(user=youssef)
    assert note.language == "fr"
    assert "2026" in note.subject and "Settat" in note.subject  # rendered in French (names, dates)
    assert "3 février 2026" in note.body
