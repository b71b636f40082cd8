"""Demo: Settat council's last three ordinary sessions (February, May and October of the
commune's calendar, held, with outcomes and minutes) and the next ordinary session, planned
with its agenda published and the accepted petition of the petitions demo inscribed on it.

Idempotent: if Settat's council already has sessions, nothing is added. Runs after petitions
(it takes Settat's accepted petition) and uses the platform administrator as the clerk.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from tadafur.bodies import meetings
from tadafur.core import clock
from tadafur.core.demo import SETTAT
from tadafur.council import selectors, services
from tadafur.council.models import Council, Session
from tadafur.council.rules import SessionKind

PLACE = "قاعة الاجتماعات بمقر جماعة سطات"
PAST = [
    (
        ["الدراسة والتصويت على الحساب الإداري", "اتفاقية شراكة لتأهيل السوق الأسبوعي", "نقط مختلفة"],
        [("adopted", 31, 6, 2), ("adopted", 35, 0, 4), ("postponed", 0, 0, 0)],
        "انعقدت الدورة بحضور أغلبية الأعضاء. صادق المجلس على الحساب الإداري وعلى اتفاقية تأهيل السوق الأسبوعي، "
        "وأرجأ النقط المختلفة إلى الدورة المقبلة.",
    ),
    (
        ["برمجة الفائض", "إحداث فضاء للشباب بحي مبروكة", "تسمية أزقة بحي السلام"],
        [("adopted", 29, 8, 1), ("adopted", 38, 0, 0), ("rejected", 12, 20, 5)],
        "صادق المجلس على برمجة الفائض وعلى إحداث فضاء للشباب، ورفض مقترح تسمية الأزقة في صيغته الحالية.",
    ),
    (
        ["الدراسة والتصويت على مشروع الميزانية", "تتبع تنفيذ برنامج عمل الجماعة"],
        [("adopted", 33, 7, 0), ("adopted", 40, 0, 0)],
        "صادق المجلس على مشروع ميزانية السنة المقبلة، واستمع إلى عرض حول تقدم تنفيذ برنامج عمل الجماعة.",
    ),
]


def _session_day(year: int, month: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, 3, 10, 0))


def _ordinary_dates(months: list[int], today: dt.date) -> tuple[list[dt.datetime], dt.datetime]:
    """The last three ordinary session days before today, and the next one at least 11 days ahead."""
    candidates = [_session_day(y, m) for y in range(today.year - 2, today.year + 2) for m in sorted(months)]
    past = [c for c in candidates if c.date() < today][-3:]
    upcoming = next(c for c in candidates if (c.date() - today).days > 10)
    return past, upcoming


def _past_session(
    council: Council, starts_at: dt.datetime, agenda: list[str], outcomes: list, minutes: str, admin: Any
) -> None:
    """A session of the past, entered afterwards: the agenda was published the legal notice
    ahead at the time, so it is stamped then (session_plan refuses past dates for staff)."""
    with transaction.atomic():
        meeting = meetings.meeting_plan(
            organiser=council,
            title=f"الدورة العادية {starts_at.month:02d}/{starts_at.year}",
            starts_at=starts_at,
            place=PLACE,
            is_public=True,
            agenda=(),
            actor=admin,
        )
        session = Session.objects.create(
            council=council,
            meeting=meeting,
            kind=SessionKind.ORDINARY,
            year=starts_at.year,
            month=starts_at.month,
            notice_days=10,
            citation="OL 113.14 art. 33, 35, 37",
        )
        for title in agenda:
            services.point_add(session=session, title=title, actor=admin)
        session.agenda_published_at = starts_at - dt.timedelta(days=12)
        session.save(update_fields=["agenda_published_at"])
        meetings.meeting_hold(meeting=meeting, presence={}, actor=admin)
        session.members_present = 41
        session.save(update_fields=["members_present"])
        session.meeting.refresh_from_db()
        for point, (outcome, v_for, v_against, v_abstain) in zip(session.points.all(), outcomes, strict=True):
            services.point_outcome_record(
                point=point,
                outcome=outcome,
                votes_for=v_for,
                votes_against=v_against,
                votes_abstain=v_abstain,
                actor=admin,
            )
        services.minutes_publish(session=session, minutes=minutes, actor=admin)


def load(ctx: Any) -> None:
    settat = ctx.communes[SETTAT]
    if Session.objects.filter(council__collectivity=settat).exists():
        ctx.count(False)
        return
    admin = ctx.people.get("admin")
    council = services.council_seats_set(collectivity=settat, seats=47, actor=admin)
    rule = selectors.rule_for(settat.level, on=clock.today())
    past, upcoming = _ordinary_dates(list(rule.ordinary_months), clock.today())
    for starts_at, (agenda, outcomes, minutes) in zip(past, PAST, strict=False):
        _past_session(council, starts_at, agenda, outcomes, minutes, admin)
        ctx.count(True)
    session = services.session_plan(
        collectivity=settat,
        kind=SessionKind.ORDINARY,
        starts_at=upcoming,
        place=PLACE,
        agenda=["الدراسة والتصويت على الحساب الإداري", "اتفاقية شراكة مع المديرية الإقليمية للتربية الوطنية"],
        actor=admin,
    )
    services.agenda_publish(session=session, actor=admin)  # inscribes Settat's accepted petition
    ctx.count(True)
