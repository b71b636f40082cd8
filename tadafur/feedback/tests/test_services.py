"""The life of a service report: filed, acknowledged, assigned, resolved, reopened within the
window; the reporter told at each step; times measured per service and per commune."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from freezegun import freeze_time

from tadafur.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from tadafur.core.models import AuditEntry
from tadafur.feedback import rules, selectors, services
from tadafur.feedback.states import REPORT_TRANSITIONS, ReportStatus
from tadafur.feedback.tests.conftest import make_report

pytestmark = pytest.mark.django_db
D = dt.date


def test_the_whole_life_of_a_report_tells_amina_each_step(settat, amina, rachid, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with freeze_time("2026-11-02 08:00"):
            report = make_report(settat, amina)
        with freeze_time("2026-11-02 14:00"):
            services.report_acknowledge(report=report, actor=rachid)
        with freeze_time("2026-11-03 09:00"):
            services.report_assign(report=report, service_name="Public lighting service", agent=rachid, actor=rachid)
        with freeze_time("2026-11-05 08:00"):
            services.report_resolve(report=report, note="Bulb replaced.", actor=rachid)
    report.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED and report.assigned_agent == rachid
    assert report.response_days() == pytest.approx(0.25)
    assert report.resolution_days() == pytest.approx(3.0)
    assert [m.to for m in mail.outbox] == [[amina.email]] * 4
    assert "Bulb replaced." in mail.outbox[-1].body
    actions = list(AuditEntry.objects.filter(object_id=str(report.pk)).values_list("action", flat=True))
    assert actions == ["feedback.report", "feedback.acknowledge", "feedback.assign", "feedback.resolve"]


def test_a_report_needs_a_service_a_description_and_a_place(settat, amina):
    with pytest.raises(ValidationFailed) as caught:
        make_report(settat, amina, address=" ")
    assert "address" in caught.value.errors
    with pytest.raises(ValidationFailed):
        make_report(settat, amina, service="parking")
    with pytest.raises(ValidationFailed):
        make_report(settat, amina, latitude=Decimal("33.2"))


def test_reports_go_to_a_commune_not_a_province(settat_province, amina):
    with pytest.raises(NotAllowed):
        make_report(settat_province, amina)


def test_only_the_communes_staff_handle_its_reports(settat, oulad_said, amina, youssef, rachid):
    with pytest.raises(NotAllowed):
        services.report_acknowledge(report=make_report(settat, youssef), actor=amina)
    with pytest.raises(NotAllowed):
        services.report_acknowledge(report=make_report(oulad_said, youssef), actor=rachid)


def test_a_report_is_assigned_only_to_the_communes_staff(settat, amina, rachid):
    with pytest.raises(ValidationFailed):
        services.report_assign(report=make_report(settat, amina), service_name="Lighting", agent=amina, actor=rachid)


def test_the_first_response_is_stamped_by_whatever_staff_do_first(settat, amina, rachid):
    with freeze_time("2026-11-02 08:00"):
        report = make_report(settat, amina)
    with freeze_time("2026-11-03 08:00"):
        services.report_resolve(report=report, note="Done.", actor=rachid)
    report.refresh_from_db()
    assert report.response_days() == pytest.approx(1.0) and report.resolution_days() == pytest.approx(1.0)


def test_amina_reopens_within_the_window_only(settat, amina, youssef, rachid):
    with freeze_time("2026-11-02 08:00"):
        report = make_report(settat, amina)
        services.report_resolve(report=report, note="Done.", actor=rachid)
    with freeze_time("2026-11-10 08:00"):
        with pytest.raises(NotAllowed):
            services.report_reopen(report=report, reason="Still dark", actor=youssef)
        services.report_reopen(report=report, reason="Still dark", actor=amina)
    report.refresh_from_db()
    assert report.status == ReportStatus.REOPENED and report.resolution_days() is None
    with freeze_time("2026-11-11 08:00"):
        services.report_resolve(report=report, note="Cable replaced.", actor=rachid)
    late = rules.can_reopen_until(report.resolved_at) + dt.timedelta(minutes=1)
    with freeze_time(late), pytest.raises(NotAllowed, match="within 14 days"):
        services.report_reopen(report=report, reason="Again", actor=amina)


def test_a_resolved_report_cannot_be_resolved_again():
    assert ReportStatus.RESOLVED not in REPORT_TRANSITIONS[ReportStatus.RESOLVED]


def test_an_acknowledged_report_cannot_be_acknowledged_again(settat, amina, rachid):
    report = make_report(settat, amina)
    services.report_acknowledge(report=report, actor=rachid)
    with pytest.raises(InvalidTransition):
        services.report_acknowledge(report=report, actor=rachid)


def test_response_times_per_service_and_for_the_commune(settat, amina, rachid):
    with freeze_time("2026-11-02 08:00"):
        light = make_report(settat, amina)
        waste = make_report(settat, amina, service="waste")
        make_report(settat, amina, service="waste")
    with freeze_time("2026-11-03 08:00"):
        services.report_acknowledge(report=light, actor=rachid)
    with freeze_time("2026-11-05 08:00"):
        services.report_resolve(report=light, note="Done.", actor=rachid)
        services.report_resolve(report=waste, note="Collected.", actor=rachid)
    per_service, overall = selectors.response_times(settat)
    by_label = {t.label: t for t in per_service}
    assert by_label["Public lighting"].median_response_days == pytest.approx(1.0)
    assert by_label["Public lighting"].median_resolution_days == pytest.approx(3.0)
    assert by_label["Waste collection and cleanliness"].open == 1
    assert (overall.reports, overall.resolved, overall.median_resolution_days) == (3, 2, pytest.approx(3.0))


def test_indicators_count_reports_and_the_median_resolution(settat, oulad_said, amina, youssef, rachid):
    from tadafur.core.indicators import indicator, participation_channels

    with freeze_time("2026-11-02 08:00"):
        first = make_report(settat, amina)
        second = make_report(settat, amina)
        make_report(oulad_said, youssef)
    with freeze_time("2026-11-03 08:00"):
        services.report_resolve(report=first, note="Done.", actor=rachid)
    with freeze_time("2026-11-05 08:00"):
        services.report_resolve(report=second, note="Done.", actor=rachid)
    groups = {"settat": [settat.pk], "province": [settat.pk, oulad_said.pk]}
    counts = indicator("feedback.reports").compute(groups, D(2026, 11, 1), D(2026, 12, 1))
    assert (counts["settat"].n, counts["province"].n) == (2, 3)
    days = indicator("feedback.median_resolution_days").compute(groups, D(2026, 11, 1), D(2026, 12, 1))
    assert days["settat"].value == pytest.approx(2.0) and days["settat"].n == 2
    empty = indicator("feedback.median_resolution_days").compute(groups, D(2026, 1, 1), D(2026, 2, 1))
    assert empty["settat"].value is None
    channel = next(c for c in participation_channels() if c.channel == "feedback.reporters")
    people = channel.compute(groups, D(2026, 11, 1), D(2026, 12, 1))
    assert sum(people["settat"].values()) == 1 and people["settat"][("female", "25-34")] == 1
