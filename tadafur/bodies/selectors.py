"""Reads about bodies, for pages, the API and the other modules."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When

from tadafur.bodies import meetings, rules
from tadafur.bodies.models import Body, BureauRole, FollowUp, Meeting, Member, Opinion, Referral
from tadafur.bodies.states import OPINION_PUBLIC, FollowUpStatus, MeetingStatus, OpinionStatus, ReferralStatus
from tadafur.core import clock


def bodies_of(collectivity: Any) -> QuerySet[Body]:
    return Body.objects.filter(collectivity=collectivity).select_related("collectivity")


def bodies_by_code(code: str) -> QuerySet[Body]:
    return Body.objects.filter(collectivity__code=code).select_related("collectivity")


def body_get(pk: int) -> Body | None:
    return Body.objects.select_related("collectivity").filter(pk=pk).first()


def _bureau_first(qs: QuerySet[Member]) -> QuerySet[Member]:
    """The bureau in its order (president, vice-presidents, rapporteur, secretary), then members."""
    order = Case(
        *(When(bureau_role=role, then=Value(i)) for i, role in enumerate(BureauRole.values)),
        output_field=IntegerField(),
    )
    return qs.annotate(bureau_order=order).order_by("bureau_order", "display_name", "pk")


def active_members(body: Body) -> QuerySet[Member]:
    return _bureau_first(body.members.active().select_related("association", "user"))


def all_members(body: Body) -> QuerySet[Member]:
    return _bureau_first(body.members.select_related("association", "user"))


def body_composition(body: Body) -> rules.Composition:
    return rules.composition(
        rules.MemberFacts(m.sex, m.age_band, m.association_id is not None) for m in active_members(body)
    )


def public_meetings(body: Body) -> QuerySet[Meeting]:
    return meetings.meetings_of(body, public_only=True)


def public_opinions(body: Body) -> QuerySet[Opinion]:
    return (
        body.opinions.filter(status__in=OPINION_PUBLIC)
        .select_related("answer", "referral")
        .prefetch_related("followups")
        .order_by("-adopted_at", "-pk")
    )


def opinion_get_public(pk: int) -> Opinion | None:
    return (
        Opinion.objects.filter(pk=pk, status__in=OPINION_PUBLIC)
        .select_related("body__collectivity", "answer", "referral")
        .prefetch_related("followups")
        .first()
    )


def opinions_concerning(concerns_type: str, concerns_id: int) -> QuerySet[Opinion]:
    """Adopted opinions about one object of another app (a programme project, a petition...)."""
    return Opinion.objects.filter(
        concerns_type=concerns_type, concerns_id=concerns_id, status__in=OPINION_PUBLIC
    ).select_related("body", "answer")


def upcoming_public_meetings(collectivity: Any, limit: int = 5) -> QuerySet[Meeting]:
    return Meeting.objects.filter(
        collectivity=collectivity,
        organiser_type="bodies.body",
        is_public=True,
        status=MeetingStatus.PLANNED,
        starts_at__gte=clock.now(),
    ).order_by("starts_at")[:limit]


def overdue_referrals(today: Any = None) -> QuerySet[Referral]:
    today = today or clock.today()
    return Referral.objects.filter(status=ReferralStatus.OPEN, deadline__lt=today).select_related("body")


def overdue_answers(today: Any = None) -> list[Opinion]:
    today = today or clock.today()
    return [
        o
        for o in Opinion.objects.filter(status=OpinionStatus.ADOPTED).select_related("body__collectivity")
        if o.is_answer_overdue(today)
    ]


def overdue_followups(today: Any = None) -> QuerySet[FollowUp]:
    today = today or clock.today()
    return (
        FollowUp.objects.exclude(status=FollowUpStatus.DONE)
        .filter(due_date__lt=today)
        .select_related("opinion__body__collectivity", "owner")
    )
