"""The steering committee in a real browser, in Arabic: Hassan, member of Settat province's
technical steering and monitoring committee, prepares the next meeting's agenda from the open
and overdue recommendations, downloads the meeting pack, and records the follow-up: one
recommendation moves to "in progress" with a progress note."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tadafur.tests_browser.test_petition_journey import _log_in

pytestmark = pytest.mark.django_db(transaction=True)

OVERDUE = "إنارة حي السلام"
NOTE = "أعلنت صفقة الإنارة وتم اختيار المقاولة."


def test_hassan_prepares_the_meeting_pack_and_records_the_follow_up(
    page: Any, browser: Any, settat: Any, oulad_said: Any, settat_province: Any, hassan: Any
) -> None:
    from tadafur.accounts.tests.factories import PASSWORD
    from tadafur.bodies import meetings
    from tadafur.core import clock
    from tadafur.steering import services
    from tadafur.steering.models import Recommendation
    from tadafur.steering.states import RecommendationStatus as S

    committee = services.committee_create(
        collectivity=settat_province,
        name_ar="اللجنة التقنية للتتبع والمواكبة لإقليم سطات",
        name_fr="Comité technique de pilotage et de suivi de la province de Settat",
        actor=hassan,
    )
    services.member_add(
        committee=committee, display_name="", role="technical_service", sex="man", user=hassan, actor=hassan
    )
    today = clock.today()
    overdue = services.recommendation_propose(
        committee=committee,
        title=OVERDUE,
        text="تعميم الإنارة العمومية على حي السلام.",
        collectivity=settat,
        responsible="المصلحة التقنية لجماعة سطات",
        due_date=today - dt.timedelta(days=20),
        actor=hassan,
    )
    services.recommendation_move(recommendation=overdue, to=S.ACCEPTED, actor=hassan)
    services.recommendation_propose(
        committee=committee,
        title="ربط الدواوير بالماء",
        text="ربط دواوير أولاد سعيد بشبكة الماء.",
        collectivity=oulad_said,
        responsible="رئيس الجماعة",
        due_date=today + dt.timedelta(days=90),
        actor=hassan,
    )
    meeting = meetings.meeting_plan(
        organiser=committee,
        title="الاجتماع الأول",
        starts_at=clock.now() + dt.timedelta(days=7),
        place="مقر عمالة إقليم سطات",
        is_public=True,
        actor=hassan,
    )

    context, tab = _log_in(browser, page.base, hassan.email, PASSWORD)
    try:
        tab.goto(page.base + f"/ar/steering/meetings/{meeting.pk}/")
        tab.locator(f"form[action='/ar/steering/meetings/{meeting.pk}/prepare/'] button[type=submit]").click()
        tab.wait_for_load_state()
        agenda = tab.locator("#agenda + ol").inner_text()
        assert OVERDUE in agenda and "ربط الدواوير بالماء" in agenda
        assert agenda.index(OVERDUE) < agenda.index("ربط الدواوير بالماء")  # overdue first

        pdf = tab.request.get(page.base + f"/ar/steering/meetings/{meeting.pk}/pack.pdf")
        assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
        assert pdf.body().startswith(b"%PDF")

        tab.goto(page.base + f"/ar/steering/recommendations/{overdue.pk}/")
        status_form = tab.locator(f"form[action='/ar/steering/recommendations/{overdue.pk}/status/']")
        status_form.locator("select[name=to]").select_option(S.IN_PROGRESS)
        status_form.locator("button[type=submit]").click()
        tab.wait_for_load_state()
        note_form = tab.locator(f"form[action='/ar/steering/recommendations/{overdue.pk}/notes/']")
        note_form.locator("textarea[name=text]").fill(NOTE)
        note_form.locator("input[name=progress]").fill("40")
        note_form.locator("button[type=submit]").click()
        tab.wait_for_load_state()
        assert NOTE in tab.locator("#notes + ul").inner_text()

        tab.goto(page.base + f"/ar/steering/meetings/{meeting.pk}/")
        followup = tab.locator("#followup + table").inner_text()
        assert NOTE in followup and "40 %" in followup
    finally:
        context.close()
    overdue = Recommendation.objects.get(pk=overdue.pk)
    assert overdue.status == S.IN_PROGRESS and overdue.progress == 40
