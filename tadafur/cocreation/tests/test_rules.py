"""Pure rules: eligibility with every reason, phases by dates, budget shape, the scoring
arithmetic on hand-checked cases, late reports."""

import datetime as dt
from decimal import Decimal

import pytest

from tadafur.associations.models import Branch
from tadafur.associations.states import VerificationStatus
from tadafur.associations.tests.conftest import make_association
from tadafur.cocreation import rules
from tadafur.cocreation.rules import GridLine, Phase
from tadafur.cocreation.tests.conftest import make_call

pytestmark = pytest.mark.django_db
D = Decimal


def test_nisaa_is_eligible_to_settats_call(call, nisaa):
    decision = rules.applicant_eligibility(call, nisaa, on=dt.date(2026, 3, 10))
    assert decision.ok, decision.reasons


def test_a_young_unverified_association_from_elsewhere_gets_every_reason(call, oulad_said):
    young = make_association(
        seat=oulad_said,
        founding_date=dt.date(2025, 1, 20),
        status=VerificationStatus.UNVERIFIED,
        reference="RD-OS-2025-1",
        good=False,
    )
    decision = rules.applicant_eligibility(call, young, on=dt.date(2026, 3, 10))
    assert not decision.ok
    assert [str(r) for r in decision.reasons] == [
        "The association has not been verified by the staff of its seat collectivity.",
        "The call requires associations constituted for at least 2 years (eligible from Jan. 20, 2027).",
        "The association is not recorded as being in good standing.",
        "The association has neither its seat nor a branch in the territory covered by the call.",
    ]


@pytest.mark.parametrize(
    ("on", "eligible"),
    [(dt.date(2026, 3, 7), False), (dt.date(2026, 3, 8), True), (dt.date(2026, 3, 9), True)],
)
def test_minimum_age_boundary_is_the_anniversary(call, settat, on, eligible):
    """Founded 8 March 2024, a call asking for 2 years: eligible on 8 March 2026, not the day before."""
    association = make_association(seat=settat, founding_date=dt.date(2024, 3, 8), reference="RD-S-2024")
    assert rules.applicant_eligibility(call, association, on=on).ok is eligible


def test_a_province_call_takes_associations_of_its_communes(settat_province, platform_admin, nisaa):
    call = make_call(settat_province, platform_admin)
    assert rules.applicant_eligibility(call, nisaa, on=dt.date(2026, 3, 10)).ok


def test_a_partner_commune_opens_the_call_to_its_associations(settat, oulad_said, rachid, khadija):
    call = make_call(settat, rachid, partners=[oulad_said], title="Partner call")
    local = make_association(seat=oulad_said, founding_date=dt.date(2015, 1, 1), reference="RD-OS-2015")
    assert rules.applicant_eligibility(call, local, on=dt.date(2026, 3, 10)).ok


def test_a_branch_in_the_territory_is_enough(call, settat, oulad_said):
    elsewhere = make_association(seat=oulad_said, founding_date=dt.date(2015, 1, 1), reference="RD-OS-2015-B")
    assert not rules.applicant_eligibility(call, elsewhere, on=dt.date(2026, 3, 10)).ok
    Branch.objects.create(association=elsewhere, collectivity=settat)
    assert rules.applicant_eligibility(call, elsewhere, on=dt.date(2026, 3, 10)).ok


@pytest.mark.parametrize(
    ("status", "today", "phase"),
    [
        ("draft", dt.date(2026, 3, 10), Phase.NOT_PUBLISHED),
        ("published", dt.date(2026, 2, 28), Phase.UPCOMING),
        ("published", dt.date(2026, 3, 1), Phase.SUBMISSION),
        ("published", dt.date(2026, 3, 31), Phase.SUBMISSION),
        ("published", dt.date(2026, 4, 1), Phase.REVIEW),
        ("in_review", dt.date(2026, 4, 5), Phase.REVIEW),
        ("results_published", dt.date(2026, 5, 20), Phase.RESULTS),
    ],
)
def test_phases_follow_the_dates(status, today, phase):
    assert (
        rules.call_phase(
            status=status, submission_opens=dt.date(2026, 3, 1), submission_until=dt.date(2026, 3, 31), today=today
        )
        == phase
    )


def test_questions_close_after_their_last_day():
    assert rules.questions_open(status="published", questions_until=dt.date(2026, 3, 20), today=dt.date(2026, 3, 20))
    assert not rules.questions_open(
        status="published", questions_until=dt.date(2026, 3, 20), today=dt.date(2026, 3, 21)
    )


def test_budget_problems_name_the_maximum_and_the_cofinancing_share():
    facts = rules.budget_facts([(D("95000"), D("5000")), (D("10000"), D("0"))])
    assert facts.requested == D("105000") and facts.total == D("110000")
    assert facts.cofinancing_share == D("4.55")
    problems = [str(p) for p in rules.budget_problems(facts, max_per_project=D("100000"), cofinancing_min_percent=10)]
    assert problems == [
        "The amount requested (105000 MAD) is above the call's maximum per project (100000 MAD).",
        "Co-financing is 4.55% of the total cost; the call asks for at least 10%.",
    ]


def test_cofinancing_exactly_at_the_minimum_passes():
    facts = rules.budget_facts([(D("90000"), D("10000"))])
    assert rules.budget_problems(facts, max_per_project=D("100000"), cofinancing_min_percent=10) == []


GRID = [GridLine(1, 40, 5), GridLine(2, 30, 5), GridLine(3, 30, 10)]


def test_one_reviewers_mark_hand_checked():
    # 40 × 4/5 + 30 × 5/5 + 30 × 6/10 = 32 + 30 + 18 = 80
    assert rules.reviewer_total(GRID, {1: 4, 2: 5, 3: 6}) == D("80.00")
    # 40 × 3/5 + 30 × 2/5 + 30 × 9/10 = 24 + 12 + 27 = 63
    assert rules.reviewer_total(GRID, {1: 3, 2: 2, 3: 9}) == D("63.00")


def test_combined_mark_is_the_mean_of_complete_reviews():
    # (80 + 63) / 2 = 71.5; the incomplete third review does not count.
    assert rules.combined_score(GRID, [{1: 4, 2: 5, 3: 6}, {1: 3, 2: 2, 3: 9}, {1: 5}]) == D("71.50")


def test_combined_mark_is_rounded_once_at_the_end():
    grid = [GridLine(1, 33, 3), GridLine(2, 33, 3), GridLine(3, 34, 3)]
    # Reviewer A: 11 + 22 + 34 = 67; reviewer B: 22 + 22 + 22.666… = 66.666…
    # Exact mean 66.8333… → 66.83 (rounding B first to 66.67 would give 66.84).
    assert rules.combined_score(grid, [{1: 1, 2: 2, 3: 3}, {1: 2, 2: 2, 3: 2}]) == D("66.83")


def test_no_complete_review_means_no_mark():
    assert rules.combined_score(GRID, [{1: 5, 2: 5}]) is None
    assert rules.reviewer_total(GRID, {}) is None


def test_criterion_means_for_the_applicant():
    means = rules.criterion_means(GRID, [{1: 4, 2: 5, 3: 6}, {1: 3, 2: 2, 3: 9}])
    assert means == {1: D("3.50"), 2: D("3.50"), 3: D("7.50")}


def test_the_grid_must_weigh_100():
    assert [str(p) for p in rules.grid_problems([GridLine(1, 60, 5), GridLine(2, 30, 5)])] == [
        "The weights of the scoring grid add up to 90, not 100."
    ]
    assert rules.grid_problems(GRID) == []


@pytest.mark.parametrize(
    ("today", "submitted", "late"),
    [
        (dt.date(2026, 6, 30), False, False),
        (dt.date(2026, 7, 1), False, True),
        (dt.date(2026, 7, 1), True, False),
    ],
)
def test_a_report_is_late_from_the_day_after_its_due_date(today, submitted, late):
    assert rules.report_late(due_on=dt.date(2026, 6, 30), submitted=submitted, today=today) is late
