"""Information requests through the services: deadlines with holidays at frozen times, the single
extension, refusals on a legal ground, the staff desk, the requester told at each step."""

import datetime as dt

import pytest
from django.core import mail
from freezegun import freeze_time

from tadafur.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from tadafur.core.models import AuditEntry
from tadafur.inforequests import selectors, services
from tadafur.inforequests.models import DeadlineSettings, InfoRequest, PublicHoliday
from tadafur.inforequests.states import REQUEST_TRANSITIONS, RequestStatus
from tadafur.inforequests.tests.conftest import file_request

pytestmark = pytest.mark.django_db
D = dt.date


def test_the_lunar_holidays_2024_2030_are_seeded():
    kinds = set(PublicHoliday.objects.filter(date__year=2030).values_list("kind", flat=True))
    assert kinds == {"eid_al_fitr", "eid_al_adha", "hijri_new_year", "mawlid"}
    assert PublicHoliday.objects.get(date=D(2025, 6, 7)).confirmed  # Eid al-Adha 2025, observed


def test_a_request_filed_just_before_eid_al_fitr_is_due_a_day_later(settat, amina):
    with freeze_time("2026-03-19 15:00"):  # Thursday; Eid al-Fitr on Friday 20 and Saturday 21
        request = file_request(settat, amina)
    assert request.received_on == D(2026, 3, 19)
    assert request.due_on == D(2026, 4, 17)
    PublicHoliday.objects.filter(date=D(2026, 3, 20)).delete()
    with freeze_time("2026-03-19 15:00"):
        assert file_request(settat, amina).due_on == D(2026, 4, 16)


def test_a_request_over_the_summer_holidays_skips_fixed_and_lunar_ones(settat, amina):
    # Wednesday 29 July 2026: Throne Day (Thu 30 July), 14, 20 and 21 August (fixed) and the
    # Mawlid (Wed 26 and Thu 27 August, a dated row) are all skipped: 7 working days more.
    with freeze_time("2026-07-29 10:00"):
        request = file_request(settat, amina)
    assert request.due_on == D(2026, 9, 3)


def test_a_collectivity_may_set_a_shorter_deadline(settat, amina):
    DeadlineSettings.objects.create(collectivity=settat, answer_working_days=10, extension_working_days=10)
    with freeze_time("2026-12-01 10:00"):
        assert file_request(settat, amina).due_on == D(2026, 12, 15)


def test_amina_is_told_the_deadline_by_email(settat, amina, django_capture_on_commit_callbacks):
    with freeze_time("2026-12-01 10:00"), django_capture_on_commit_callbacks(execute=True):
        request = file_request(settat, amina)
    assert mail.outbox[-1].to == [amina.email]
    assert request.reference in mail.outbox[-1].subject
    assert "2026-12-29" in mail.outbox[-1].body


def test_the_extension_adds_twenty_working_days_once_only(settat, amina, rachid, django_capture_on_commit_callbacks):
    with freeze_time("2026-12-01 10:00"):
        request = file_request(settat, amina)
        with pytest.raises(InvalidTransition):
            services.inforequest_extend(request=request, reason="Volume", actor=rachid)
        services.inforequest_acknowledge(request=request, public_subject="Budget 2026", actor=rachid)
        with pytest.raises(ValidationFailed):
            services.inforequest_extend(request=request, reason=" ", actor=rachid)
        with django_capture_on_commit_callbacks(execute=True):
            services.inforequest_extend(request=request, reason="Documents held by the province", actor=rachid)
        request.refresh_from_db()
        # 29 December + 20 working days, skipping 1, 11 and 14 January.
        assert (request.first_due_on, request.due_on) == (D(2026, 12, 29), D(2027, 1, 29))
        assert "Documents held by the province" in mail.outbox[-1].body
        with pytest.raises(InvalidTransition, match="only once"):
            services.inforequest_extend(request=request, reason="Again", actor=rachid)
    assert RequestStatus.EXTENDED not in REQUEST_TRANSITIONS[RequestStatus.EXTENDED]


def test_an_overdue_request_cannot_be_extended_any_more(settat, amina, rachid):
    with freeze_time("2026-12-01 10:00"):
        request = file_request(settat, amina)
        services.inforequest_acknowledge(request=request, public_subject="Budget 2026", actor=rachid)
    with freeze_time("2026-12-30 10:00"), pytest.raises(InvalidTransition):
        services.inforequest_extend(request=request, reason="Late", actor=rachid)


@pytest.mark.parametrize("ground", ["", "no_reason_given"])
def test_a_refusal_needs_a_legal_ground(settat, amina, rachid, ground):
    request = file_request(settat, amina)
    with pytest.raises(ValidationFailed) as caught:
        services.inforequest_refuse(
            request=request, ground=ground, reasons="Because.", public_subject="Budget", actor=rachid
        )
    assert "ground" in caught.value.errors
    request.refresh_from_db()
    assert request.status == RequestStatus.FILED


def test_a_refusal_on_private_life_is_reasoned_and_told(settat, amina, rachid, django_capture_on_commit_callbacks):
    amina.preferred_language = "en"  # the message is written in the requester's language
    amina.save(update_fields=["preferred_language"])
    request = file_request(settat, amina)
    with pytest.raises(ValidationFailed):
        services.inforequest_refuse(
            request=request, ground="private_life", reasons="", public_subject="X", actor=rachid
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.inforequest_refuse(
            request=request,
            ground="private_life",
            reasons="The file holds the addresses of beneficiaries.",
            public_subject="List of beneficiaries of the housing programme",
            actor=rachid,
        )
    request.refresh_from_db()
    assert request.status == RequestStatus.REFUSED and request.refused_at is not None
    assert "Private life" in mail.outbox[-1].body and "CDAI" in mail.outbox[-1].body
    assert AuditEntry.objects.filter(action="inforequest.refuse", object_id=str(request.pk)).exists()


def test_only_the_collectivitys_staff_handle_its_requests(settat, oulad_said, amina, youssef, rachid):
    request = file_request(oulad_said, youssef)
    with pytest.raises(NotAllowed):
        services.inforequest_acknowledge(request=request, public_subject="X", actor=rachid)
    own = file_request(settat, youssef)
    with pytest.raises(NotAllowed):
        services.inforequest_answer(request=own, answer_text="Here", public_subject="X", actor=amina)


def test_answering_publishes_the_public_answer_and_measures_the_deadline(
    settat, amina, rachid, django_capture_on_commit_callbacks
):
    with freeze_time("2026-12-01 10:00"):
        request = file_request(settat, amina)
    with freeze_time("2026-12-29 16:00"), django_capture_on_commit_callbacks(execute=True):
        services.inforequest_answer(
            request=request,
            answer_text="Dear Mrs El Idrissi, the budget is attached.",
            public_answer="The budget is attached.",
            public_subject="Budget 2026",
            actor=rachid,
        )
    request.refresh_from_db()
    assert request.on_time is True
    assert request.public_answer == "The budget is attached."
    assert mail.outbox[-1].body.startswith("Dear Mrs El Idrissi")


def test_rachid_files_at_the_help_desk_with_the_persons_consent(settat, rachid, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationFailed):
        services.inforequest_file(
            collectivity=settat, subject="Plan", text="Town plan", actor=rachid, on_behalf_name="Hajj Ahmed"
        )
    with django_capture_on_commit_callbacks(execute=True):
        request = services.inforequest_file(
            collectivity=settat,
            subject="Plan",
            text="Town plan",
            actor=rachid,
            on_behalf_name="Hajj Ahmed",
            on_behalf_contact="ahmed@example.ma",
            consent=True,
        )
    assert request.requester is None and request.filed_by == rachid and request.consent_recorded
    assert mail.outbox[-1].to == ["ahmed@example.ma"]


def test_a_citizen_cannot_file_on_someone_elses_behalf(settat, amina):
    with pytest.raises(NotAllowed):
        services.inforequest_file(
            collectivity=settat, subject="X", text="Y", actor=amina, on_behalf_name="Someone", consent=True
        )


def test_overdue_requests_are_listed_and_counted(settat, amina, rachid):
    with freeze_time("2026-12-01 10:00"):
        late = file_request(settat, amina)
        answered = file_request(settat, amina)
        services.inforequest_answer(request=answered, answer_text="Here", public_subject="B", actor=rachid)
    with freeze_time("2026-12-29 12:00"):
        assert list(selectors.overdue_in(settat)) == []
    with freeze_time("2026-12-30 12:00"):
        assert list(selectors.overdue_in(settat)) == [late]
        assert selectors.register_counts(settat) == {"total": 2, "open": 1, "overdue": 1}


def test_the_requester_withdraws_her_request_and_it_leaves_the_register(settat, amina, youssef):
    request = file_request(settat, amina)
    with pytest.raises(NotAllowed):
        services.inforequest_withdraw(request=request, actor=youssef)
    services.inforequest_withdraw(request=request, actor=amina)
    assert not selectors.register(settat).exists()
    assert InfoRequest.objects.get().status == RequestStatus.WITHDRAWN


def test_indicators_share_on_time_and_overdue(settat, amina, rachid):
    from tadafur.core.indicators import indicator, participation_channels

    with freeze_time("2026-12-01 10:00"):
        on_time = file_request(settat, amina)
        late = file_request(settat, amina)
        file_request(settat, amina)  # still open after its deadline
        services.inforequest_answer(request=on_time, answer_text="A", public_subject="A", actor=rachid)
    with freeze_time("2027-01-05 10:00"):
        services.inforequest_answer(request=late, answer_text="B", public_subject="B", actor=rachid)
    groups = {"settat": [settat.pk]}
    share = indicator("inforequests.answered_on_time").compute(groups, D(2026, 1, 1), D(2027, 2, 1))["settat"]
    assert (share.value, share.n) == (0.5, 2)
    overdue = indicator("inforequests.overdue").compute(groups, D(2026, 1, 1), D(2027, 2, 1))["settat"]
    assert overdue.n == 1
    before = indicator("inforequests.overdue").compute(groups, D(2026, 1, 1), D(2026, 12, 15))["settat"]
    assert before.n == 0
    channel = next(c for c in participation_channels() if c.channel == "inforequests.requesters")
    counts = channel.compute(groups, D(2026, 1, 1), D(2027, 2, 1))["settat"]
    assert sum(counts.values()) == 1 and counts[("female", "35-44")] == 1  # Amina, born 1992


def test_an_urgent_request_is_due_in_three_working_days_and_cannot_be_extended(settat, amina, rachid):
    # Thursday 5 November 2026: Friday 6 is the Green March holiday, then the weekend.
    with freeze_time("2026-11-05 10:00"):
        request = file_request(settat, amina, urgent=True)
        assert request.due_on == D(2026, 11, 11)  # Mon 9, Tue 10, Wed 11
        services.inforequest_acknowledge(request=request, public_subject="Water cut", actor=rachid)
        with pytest.raises(InvalidTransition, match="urgent"):
            services.inforequest_extend(request=request, reason="Volume", actor=rachid)
