import datetime as dt

import pytest

from tadafur.bodies import rules
from tadafur.bodies.rules import BodyKind, MemberFacts


@pytest.mark.parametrize(
    ("kind", "level", "ok"),
    [
        (BodyKind.IEECAG, "commune", True),
        (BodyKind.IEECAG, "province", False),
        (BodyKind.PROVINCIAL_EQUALITY, "province", True),
        (BodyKind.PROVINCIAL_EQUALITY, "commune", False),
        (BodyKind.REGIONAL_YOUTH, "region", True),
        (BodyKind.REGIONAL_YOUTH, "commune", False),
        (BodyKind.REGIONAL_ECONOMIC, "province", False),
        (BodyKind.REGIONAL_EQUALITY, "region", True),
        (BodyKind.DIALOGUE, "commune", True),
        (BodyKind.DIALOGUE, "region", True),
    ],
)
def test_kind_follows_the_level_the_law_names(kind, level, ok):
    assert bool(rules.kind_allowed(kind, level)) is ok


def test_a_commune_is_told_why_it_cannot_have_a_regional_youth_body():
    reason = str(rules.kind_allowed(BodyKind.REGIONAL_YOUTH, "commune").reason)
    assert "a region" in reason and "OL 111.14 art. 117" in reason and "not by a commune" in reason


def _facts(women: int, men: int, young: int = 1, associations: int | None = None):
    total = women + men
    associations = total if associations is None else associations
    return [
        MemberFacts("woman" if i < women else "man", "25_34" if i < young else "50_64", i < associations)
        for i in range(total)
    ]


def test_women_share_warns_below_one_third_only():
    assert not rules.composition(_facts(women=1, men=3)).balanced  # 25 %
    assert rules.composition(_facts(women=1, men=2)).balanced  # exactly one third
    assert rules.composition(_facts(women=2, men=3)).balanced  # 40 %


def test_a_body_without_anyone_under_35_is_unbalanced():
    c = rules.composition(_facts(women=3, men=3, young=0))
    assert [str(w) for w in c.warnings] == ["No member is under 35."]
    assert rules.composition(_facts(women=3, men=3, young=1)).young == 1


def test_association_share_warns_below_half():
    assert rules.composition(_facts(women=2, men=2, associations=2)).balanced
    c = rules.composition(_facts(women=2, men=2, associations=1))
    assert [str(w) for w in c.warnings] == ["Fewer than half of the members come from associations."]
    assert c.association_percent == 25


def test_an_empty_body_has_no_warning_and_no_division_by_zero():
    c = rules.composition([])
    assert c.total == 0 and c.balanced and c.women_percent == 0


D = dt.date(2026, 3, 31)


@pytest.mark.parametrize(
    ("today", "overdue"), [(D - dt.timedelta(days=1), False), (D, False), (D + dt.timedelta(days=1), True)]
)
def test_referral_overdue_only_after_the_deadline_day(today, overdue):
    assert rules.referral_overdue(status="open", deadline=D, today=today) is overdue
    assert rules.referral_overdue(status="answered", deadline=D, today=today) is False


@pytest.mark.parametrize(("days", "overdue"), [(89, False), (90, False), (91, True)])
def test_answer_overdue_after_ninety_days(days, overdue):
    adopted = dt.datetime(2026, 1, 10, 10, tzinfo=dt.UTC)
    today = dt.date(2026, 1, 10) + dt.timedelta(days=days)
    assert rules.answer_overdue(status="adopted", adopted_at=adopted, today=today) is overdue
    assert rules.answer_overdue(status="answered", adopted_at=adopted, today=today) is False


def test_followup_overdue_unless_done():
    assert rules.followup_overdue(status="in_progress", due_date=D, today=D + dt.timedelta(days=1))
    assert not rules.followup_overdue(status="in_progress", due_date=D, today=D)
    assert not rules.followup_overdue(status="done", due_date=D, today=D + dt.timedelta(days=30))
