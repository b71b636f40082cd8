"""Meetings of the committee through the generic component: the agenda prepared from the open and
overdue recommendations, the follow-up table kept with the minutes, the meeting pack PDF."""

import datetime as dt

import pytest
from freezegun import freeze_time

from tadafur.bodies import meetings
from tadafur.bodies.tests.pdftext import PdfText
from tadafur.core.errors import InvalidTransition, NotAllowed
from tadafur.core.indicators import _INDICATORS, IndicatorSpec, Measure, Unit, register_indicator
from tadafur.steering import pack, selectors, services
from tadafur.steering.states import RecommendationStatus as S
from tadafur.steering.tests.conftest import propose

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 5, 12, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def recs(committee, hassan, settat, oulad_said):
    """Five recommendations on 2026-05-01: two overdue, one open and not yet due, one done, one dropped."""
    with freeze_time("2026-01-10"):
        overdue_settat = propose(committee, hassan, settat, "إنارة حي السلام", dt.date(2026, 3, 31))
        overdue_oulad = propose(committee, hassan, oulad_said, "ربط الدواوير بالماء", dt.date(2026, 4, 15))
        open_later = propose(committee, hassan, settat, "ملاعب القرب", dt.date(2026, 12, 31))
        done = propose(committee, hassan, settat, "تأهيل السوق", dt.date(2026, 2, 28))
        dropped = propose(committee, hassan, oulad_said, "مشروع ملغى", dt.date(2026, 2, 28))
        services.recommendation_move(recommendation=overdue_oulad, to=S.ACCEPTED, actor=hassan)
        services.recommendation_move(recommendation=overdue_oulad, to=S.IN_PROGRESS, actor=hassan)
        services.recommendation_move(recommendation=done, to=S.ACCEPTED, actor=hassan)
        services.recommendation_move(recommendation=done, to=S.DONE, actor=hassan)
        services.recommendation_move(recommendation=dropped, to=S.DROPPED, reason="تمويل غير متوفر", actor=hassan)
    return {"overdue_settat": overdue_settat, "overdue_oulad": overdue_oulad, "open_later": open_later}


@pytest.fixture
def meeting(committee, members, hassan):
    with freeze_time("2026-05-01 09:00"):
        return meetings.meeting_plan(
            organiser=committee,
            title="الاجتماع الأول لسنة 2026",
            starts_at=START,
            place="مقر عمالة إقليم سطات",
            is_public=True,
            agenda=["افتتاح"],
            actor=hassan,
        )


def test_preparing_the_agenda_adds_open_and_overdue_recommendations_overdue_first(meeting, recs, hassan):
    with freeze_time("2026-05-01 10:00"):
        added = services.agenda_prepare(meeting=meeting, actor=hassan)
        again = services.agenda_prepare(meeting=meeting, actor=hassan)
    assert added == 3 and again == 0
    titles = [i.title for i in meeting.agenda_items.all()]
    assert titles[0] == "افتتاح"
    assert titles[1].startswith("Follow-up (overdue): إنارة حي السلام")
    assert titles[2].startswith("Follow-up (overdue): ربط الدواوير بالماء")
    assert titles[3].startswith("Follow-up: ملاعب القرب")
    assert not any("تأهيل السوق" in t or "مشروع ملغى" in t for t in titles)


def test_only_the_committees_managers_prepare_the_agenda(meeting, recs, said, rachid):
    for person in (said, rachid):
        with pytest.raises(NotAllowed):
            services.agenda_prepare(meeting=meeting, actor=person)


def test_the_agenda_is_fixed_once_the_meeting_is_held(meeting, members, recs, hassan):
    with freeze_time(START + dt.timedelta(hours=1)):
        meetings.meeting_hold(meeting=meeting, presence={m.participant_key: "present" for m in members}, actor=hassan)
        with pytest.raises(InvalidTransition):
            services.agenda_prepare(meeting=meeting, actor=hassan)


def test_the_minutes_keep_the_follow_up_as_it_stood(meeting, members, recs, hassan):
    with freeze_time("2026-05-01 10:00"):
        services.agenda_prepare(meeting=meeting, actor=hassan)
    with freeze_time(START + dt.timedelta(hours=1)):
        meetings.meeting_hold(meeting=meeting, presence={m.participant_key: "present" for m in members}, actor=hassan)
        rec = recs["overdue_settat"]
        services.recommendation_move(recommendation=rec, to=S.ACCEPTED, actor=hassan)
        services.recommendation_move(recommendation=rec, to=S.IN_PROGRESS, actor=hassan)
        services.progress_note_add(recommendation=rec, text="صفقة الإنارة في طور الإعلان", progress=20, actor=hassan)
        meetings.decision_add(meeting=meeting, text="تسريع إنجاز مشاريع الإنارة", actor=hassan)
        services.minutes_publish(meeting=meeting, minutes="انعقد الاجتماع بحضور الأعضاء.", actor=hassan)
    # Later progress does not rewrite the minutes' follow-up table.
    with freeze_time("2026-06-01"):
        services.recommendation_move(recommendation=rec, to=S.DONE, actor=hassan)
        rows = {r.recommendation.pk: r for r in selectors.followup_table(meeting)}
    assert rows[rec.pk].status == S.IN_PROGRESS and rows[rec.pk].progress == 20
    assert rows[rec.pk].note == "صفقة الإنارة في طور الإعلان" and rows[rec.pk].overdue


def test_the_pack_is_in_arabic_and_french_with_indicators_recommendations_and_decisions(
    meeting, members, recs, hassan, committee
):
    def fake(groups, start, end):
        return {name: Measure(0.5 if name == "06.461" else None, 4) for name in groups}

    spec = register_indicator(IndicatorSpec("zz_test.share", "zz_test", "Test share", Unit.SHARE, fake))
    try:
        with freeze_time("2026-05-01 10:00"):
            services.agenda_prepare(meeting=meeting, actor=hassan)
        with freeze_time(START + dt.timedelta(hours=1)):
            meetings.meeting_hold(
                meeting=meeting, presence={m.participant_key: "present" for m in members}, actor=hassan
            )
            meetings.decision_add(meeting=meeting, text="تسريع إنجاز مشاريع الإنارة", actor=hassan)
            places, rows = pack.indicator_rows(committee, meeting)
            pdf = pack.meeting_pack_pdf(meeting)
    finally:
        _INDICATORS.pop(spec.key, None)
    assert [p.code for p in places] == ["06.461", "06.461.01.15", "06.461.15.19"]
    row = next(r for r in rows if r.spec.key == "zz_test.share")
    assert [pack.format_measure(m, Unit.SHARE) for m in row.values] == ["50 %", "", ""]
    assert pdf.startswith(b"%PDF")
    text = PdfText(pdf)
    assert text.contains("اللجنة التقنية للتتبع")  # Arabic part
    assert text.contains("Comité technique de pilotage")  # French part
    assert text.contains("إنارة") and text.contains("Settat")
    assert text.contains("50 %")
    assert text.contains("تسريع")  # the decision


def test_a_failing_indicator_shows_no_figure(meeting, committee):
    def broken(groups, start, end):
        raise RuntimeError("not ready")

    spec = register_indicator(IndicatorSpec("zz_test.broken", "zz_test", "Broken", Unit.COUNT, broken))
    try:
        _places, rows = pack.indicator_rows(committee, meeting)
    finally:
        _INDICATORS.pop(spec.key, None)
    row = next(r for r in rows if r.spec.key == "zz_test.broken")
    assert row.values == [None]
