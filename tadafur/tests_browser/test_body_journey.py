"""A consultative body in a real browser, in Arabic: Fatima, secretary of Settat's IEECAG,
records who came to the meeting and the opinion the body adopted there on a project of the
programme; Said answers it for the council; Amina reads both on the project's page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tadafur.tests_browser.test_petition_journey import _log_in

pytestmark = pytest.mark.django_db(transaction=True)

OPINION_TITLE = "رأي الهيئة في مشروع دار المرأة"
ANSWER_REASONS = "يقبل المجلس الرأي وسيضيف حضانة للأطفال إلى المشروع."


def test_fatima_records_a_meeting_and_an_opinion_said_answers_and_amina_reads_both(
    page: Any, browser: Any, settat: Any, rachid: Any, fatima: Any, said: Any, amina: Any
) -> None:
    # `page` comes first: it restores the territories that the persona fixtures need.
    from django.utils import translation
    from django.utils.translation import gettext

    from tadafur.accounts.demo import DEMO_TOTP_SECRET
    from tadafur.accounts.tests.factories import PASSWORD
    from tadafur.bodies import meetings
    from tadafur.bodies import services as bodies
    from tadafur.bodies.models import Attendance, MeetingStatus, OpinionStatus, Verdict
    from tadafur.bodies.tests.conftest import add_member, make_ieecag
    from tadafur.core import clock
    from tadafur.programmes import services as programmes
    from tadafur.programmes.models import PROJECT_TYPE
    from tadafur.programmes.tests.conftest import make_project

    # Settat's IEECAG (Fatima its secretary, four other members), its PAC with one project,
    # a meeting that started an hour ago and the opinion the secretary drafted about the project.
    body = make_ieecag(settat, rachid)
    add_member(body, rachid, "فاطمة الزهراء", "woman", "35_49", user=fatima, bureau_role="secretary")
    add_member(body, rachid, "نجاة الحمداوي", "woman", "50_64", bureau_role="president")
    add_member(body, rachid, "سناء بوعزة", "woman", "25_34")
    add_member(body, rachid, "عمر الفاسي", "man", "50_64")
    programme = programmes.programme_create(collectivity=settat, start_year=2022, actor=rachid)
    axis = programmes.axis_add(
        programme=programme,
        title_ar="الإدماج الاجتماعي والمساواة",
        title_fr="Inclusion et égalité",
        order=1,
        actor=rachid,
    )
    project = make_project(axis, rachid)
    meeting = meetings.meeting_plan(
        organiser=body,
        title="الاجتماع العادي لشهر نونبر",
        starts_at=clock.now() - dt.timedelta(hours=1),
        place="مقر الجماعة",
        is_public=True,
        actor=fatima,
    )
    opinion = bodies.opinion_draft(
        body=body,
        title=OPINION_TITLE,
        text="توصي الهيئة بإضافة حضانة للأطفال إلى دار المرأة.",
        concerns={"type": PROJECT_TYPE, "id": project.pk, "label": project.title_ar},
        actor=fatima,
    )

    # 1. Fatima records the attendance (Omar absent): the meeting becomes held.
    context, secretary = _log_in(browser, page.base, fatima.email, PASSWORD)
    try:
        secretary.goto(page.base + f"/ar/bodies/meetings/{meeting.pk}/")
        assert secretary.locator("html").get_attribute("dir") == "rtl"
        attendance = secretary.locator(f"form[action='/ar/bodies/meetings/{meeting.pk}/attendance/']")
        assert attendance.locator("fieldset").count() == 4, "one line per active member"
        attendance.locator("fieldset", has_text="عمر الفاسي").locator("input[value=absent]").check()
        attendance.locator("button[type=submit]").click()
        secretary.wait_for_url(f"**/ar/bodies/meetings/{meeting.pk}/")
        assert secretary.locator(".messages .msg.success").is_visible()
        assert secretary.locator("section[aria-labelledby=attendance] table").is_visible()
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.HELD
        assert Attendance.objects.filter(meeting=meeting, presence="present").count() == 3

        # 2. She records the opinion's adoption at that meeting.
        secretary.goto(page.base + f"/ar/bodies/opinions/{opinion.pk}/")
        secretary.locator("select[name=meeting]").select_option(str(meeting.pk))
        secretary.locator(f"form[action='/ar/bodies/opinions/{opinion.pk}/adopt/'] button[type=submit]").click()
        secretary.wait_for_url(f"**/ar/bodies/opinions/{opinion.pk}/")
        assert secretary.locator(".facts a[href*='/bodies/meetings/']").inner_text() == meeting.title
    finally:
        context.close()
    opinion.refresh_from_db()
    assert opinion.status == OpinionStatus.ADOPTED and opinion.meeting_id == meeting.pk

    # 3. Said, the council's president (password and authenticator code), gives the reasoned answer.
    context, president = _log_in(browser, page.base, said.email, PASSWORD, DEMO_TOTP_SECRET)
    try:
        president.goto(page.base + f"/ar/bodies/opinions/{opinion.pk}/")
        assert president.locator("html").get_attribute("dir") == "rtl"
        president.locator("input[name=verdict][value=accepted]").check()
        president.locator("textarea[name=reasons]").fill(ANSWER_REASONS)
        president.locator(f"form[action='/ar/bodies/opinions/{opinion.pk}/answer/'] button[type=submit]").click()
        president.wait_for_url(f"**/ar/bodies/opinions/{opinion.pk}/")
        answer = president.locator("section[aria-labelledby=answer]")
        assert answer.locator(".badge.ok").is_visible()
        assert ANSWER_REASONS in answer.inner_text()
    finally:
        context.close()

    # 4. Amina opens the project's page in Arabic: the opinion and the council's answer are there.
    context, citizen = _log_in(browser, page.base, amina.email, PASSWORD)
    try:
        citizen.goto(page.base + f"/ar/programmes/projects/{project.pk}/")
        assert citizen.locator("html").get_attribute("dir") == "rtl"
        opinions = citizen.locator("section[aria-labelledby=opinions]")
        assert opinions.locator(f"a[href='/ar/bodies/opinions/{opinion.pk}/']").inner_text() == OPINION_TITLE
        assert body.name_ar in opinions.inner_text()
        assert ANSWER_REASONS in opinions.inner_text()
        with translation.override("ar"):
            not_yet, accepted = gettext("The council has not answered yet."), str(Verdict.ACCEPTED.label)
        assert not_yet not in opinions.inner_text()
        assert opinions.locator(".badge").first.inner_text().strip() == accepted
    finally:
        context.close()
