"""Every registered indicator on a small hand-checked data set (issue 7 §4).

The year is 2026; Settat commune (06.461.01.15) and Oulad Said (06.461.15.19) are two of
Settat province's 46 communes. Each figure below was worked out by hand from the records.
"""

import datetime as dt
from collections import Counter

import pytest
from freezegun import freeze_time

from tadafur.core import indicators as registry
from tadafur.core.indicators import Measure
from tadafur.dashboards import selectors
from tadafur.dashboards.tests import builders as b
from tadafur.petitions import rules
from tadafur.territories.models import Territory

pytestmark = pytest.mark.django_db

Y2026 = (dt.date(2026, 1, 1), dt.date(2027, 1, 1))
S1 = (dt.date(2026, 1, 1), dt.date(2026, 7, 1))


def groups(settat, oulad_said, settat_province):
    province_ids = [settat_province.pk, *Territory.objects.filter(parent=settat_province).values_list("pk", flat=True)]
    return {"settat": [settat.pk], "oulad_said": [oulad_said.pk], "province": province_ids}


def compute(key, g, period=Y2026):
    return registry.indicator(key).compute(g, *period)


def test_every_landed_module_registers_its_indicators_and_channels():
    keys = {s.key for s in registry.indicators()}
    assert {
        "petitions.filed",
        "petitions.accepted_share",
        "petitions.answer_days",
        "petitions.overdue",
        "budgets.ballots",
        "budgets.turnout",
        "budgets.gender_share",
        "budgets.execution",
        "bodies.meetings_held",
        "bodies.opinions_adopted",
        "bodies.answered_share",
        "bodies.women_share",
        "programmes.execution",
        "programmes.spending",
    } <= keys
    assert {"petitions.signers", "budgets.voters"} <= {c.channel for c in registry.participation_channels()}


@freeze_time("2026-09-15 12:00:00")
def test_petition_indicators_on_three_petitions(settat, oulad_said, settat_province):
    # Settat: filed 5 Jan, accepted after 10 days; filed 1 Feb, accepted after 20 days;
    # filed 1 Mar, rejected after 40 days. Oulad Said: filed 10 Feb, never answered (due 10 May).
    b.petition(settat, filed=dt.date(2026, 1, 5), accepted=dt.date(2026, 1, 15))
    b.petition(settat, filed=dt.date(2026, 2, 1), accepted=dt.date(2026, 2, 21))
    b.petition(settat, filed=dt.date(2026, 3, 1), rejected=dt.date(2026, 4, 10))
    b.petition(oulad_said, filed=dt.date(2026, 2, 10))
    b.petition(settat, filed=None)  # still collecting: not filed
    b.petition(settat, filed=dt.date(2025, 12, 20), accepted=dt.date(2026, 1, 10))  # filed last year
    g = groups(settat, oulad_said, settat_province)

    filed = compute("petitions.filed", g)
    assert filed["settat"] == Measure(3.0, 3)
    assert filed["oulad_said"] == Measure(1.0, 1)
    assert filed["province"] == Measure(4.0, 4)

    # Decisions taken in 2026: the four Settat ones (including the one filed in 2025), 3 accepted.
    accepted = compute("petitions.accepted_share", g)
    assert accepted["settat"] == Measure(0.75, 4)
    assert accepted["oulad_said"] == Measure(None, 0)

    # Days to the answer: 10, 20, 40 and 21 (20 Dec → 10 Jan) → median of 10, 20, 21, 40 = 20.5.
    days = compute("petitions.answer_days", g)
    assert days["settat"] == Measure(20.5, 4)
    assert days["province"] == Measure(20.5, 4)

    # Answers due in 2026 (3 months for communes): all on time in Settat; Oulad Said's was due
    # 10 May and never came.
    overdue = compute("petitions.overdue", g)
    assert overdue["settat"] == Measure(0.0, 4)
    assert overdue["oulad_said"] == Measure(1.0, 1)
    assert overdue["province"] == Measure(1.0, 5)

    # First half only: the answer filed on 10 Feb is already late on 10 May.
    assert compute("petitions.overdue", g, S1)["oulad_said"] == Measure(1.0, 1)


@freeze_time("2026-03-15 12:00:00")
def test_an_answer_not_yet_due_is_neither_late_nor_counted(settat, oulad_said, settat_province):
    b.petition(settat, filed=dt.date(2026, 2, 1))  # due 1 May, today is 15 March
    overdue = compute("petitions.overdue", groups(settat, oulad_said, settat_province))
    assert overdue["settat"] == Measure(None, 0)


@freeze_time("2026-09-15 12:00:00")
def test_late_answer_counts_as_overdue(settat, oulad_said, settat_province):
    # Filed 1 Jan, due 1 April, answered 20 April: late.
    b.petition(settat, filed=dt.date(2026, 1, 1), accepted=dt.date(2026, 4, 20))
    assert compute("petitions.overdue", groups(settat, oulad_said, settat_province))["settat"] == Measure(1.0, 1)


@freeze_time("2026-09-15 12:00:00")
def test_signers_are_counted_once_per_collectivity_by_sex_and_band(settat, oulad_said, settat_province):
    p1 = b.petition(settat, filed=None)
    p2 = b.petition(settat, filed=None)
    b.signature(p1, sex="woman", band="18-24", on=dt.date(2026, 3, 1), cnie="A")
    b.signature(p2, sex="woman", band="18-24", on=dt.date(2026, 3, 2), cnie="A")  # same person, second petition
    b.signature(p1, sex="man", band="35-49", on=dt.date(2026, 3, 1))
    b.signature(p1, sex="", band="", on=dt.date(2026, 3, 1))
    b.signature(p1, sex="man", band="35-49", on=dt.date(2025, 3, 1))  # last year
    signers = next(c for c in registry.participation_channels() if c.channel == "petitions.signers")
    counts = signers.compute(groups(settat, oulad_said, settat_province), *Y2026)
    assert counts["settat"] == Counter({("female", "18-24"): 1, ("male", "35-49"): 1, ("", ""): 1})
    assert counts["oulad_said"] == Counter()


@freeze_time("2026-09-15 12:00:00")
def test_budget_indicators(settat, oulad_said, settat_province):
    c = b.cycle(settat, vote=dt.date(2026, 4, 1), envelope=1_000_000, result={"marked_cost": 250_000})
    b.cycle(oulad_said, vote=dt.date(2026, 5, 1), envelope=500_000, result={"marked_cost": 500_000})
    b.ballot(c, sex="woman", birth_year=2000, on=dt.date(2026, 4, 2))  # 26 in 2026 → 25-34
    b.ballot(c, sex="man", birth_year=1950, on=dt.date(2026, 4, 3))  # 76 → 60+
    b.ballot(c, sex="", birth_year=None, on=dt.date(2026, 4, 3))
    g = groups(settat, oulad_said, settat_province)

    assert compute("budgets.ballots", g)["settat"] == Measure(3.0, 3)
    turnout = compute("budgets.turnout", g)["settat"]
    assert turnout.n == 3 and turnout.value == pytest.approx(3 / settat.population_2024)
    # Oulad Said voted too (no ballot): the province's turnout is over both populations.
    assert compute("budgets.turnout", g)["province"].value == pytest.approx(
        3 / (settat.population_2024 + oulad_said.population_2024)
    )

    share = compute("budgets.gender_share", g)
    assert share["settat"] == Measure(0.25, 1)
    assert share["province"] == Measure(750_000 / 1_500_000, 2)

    voters = next(c for c in registry.participation_channels() if c.channel == "budgets.voters")
    assert voters.compute(g, *Y2026)["settat"] == Counter({("female", "25-34"): 1, ("male", "60+"): 1, ("", ""): 1})


@freeze_time("2026-09-15 12:00:00")
def test_budget_execution_is_weighted_by_cost(settat, oulad_said, settat_province):
    from tadafur.budgets.models import Execution

    done = b.cycle(settat, vote=dt.date(2026, 3, 1), result={"selected": [], "marked_cost": 0})
    later = b.cycle(oulad_said, vote=dt.date(2026, 12, 1), result={"selected": [], "marked_cost": 0})
    big = budget_proposal(done, cost=300_000)
    small = budget_proposal(done, cost=100_000, revised=200_000)  # the revised cost counts
    Execution.objects.create(proposal=big, progress=100)
    Execution.objects.create(proposal=small, progress=40)
    Execution.objects.create(proposal=budget_proposal(later, cost=50_000), progress=10)  # results in December
    g = groups(settat, oulad_said, settat_province)
    s1 = compute("budgets.execution", g, S1)
    # (300k × 100 + 200k × 40) / 500k = 76 %
    assert s1["settat"].n == 2 and s1["settat"].value == pytest.approx(0.76)
    assert s1["oulad_said"] == Measure(None, 0)


def budget_proposal(cycle, *, cost, revised=None):
    from tadafur.accounts.tests.factories import UserFactory
    from tadafur.budgets.models import Proposal

    return Proposal.objects.create(
        cycle=cycle,
        title="Projet",
        description="Projet",
        estimated_cost=cost,
        revised_cost=revised,
        category="other",
        beneficiaries=["everyone"],
        author=UserFactory(),
        proposer_kind="citizen",
        status="feasible",
        gender_marker=0,
    )


@freeze_time("2026-09-15 12:00:00")
def test_bodies_indicators(settat, oulad_said, settat_province):
    body = b.body(settat)
    b.meeting(body, held=dt.date(2026, 2, 1))
    b.meeting(body, held=dt.date(2026, 5, 1), status="minutes_published")
    b.meeting(body, held=None)  # planned
    b.meeting(body, held=dt.date(2025, 11, 1))  # last year
    b.opinion(body, adopted=dt.date(2026, 2, 1), answered=dt.date(2026, 3, 1))
    b.opinion(body, adopted=dt.date(2026, 5, 1))
    b.opinion(body, adopted=dt.date(2026, 6, 1), answered=dt.date(2026, 7, 1))
    for sex in ("woman", "woman", "man", "man", "man"):
        b.member(body, sex=sex)
    b.member(body, sex="woman", end=dt.date(2025, 12, 31))  # left before 2026
    g = groups(settat, oulad_said, settat_province)

    assert compute("bodies.meetings_held", g)["settat"] == Measure(2.0, 2)
    assert compute("bodies.opinions_adopted", g)["province"] == Measure(3.0, 3)
    answered = compute("bodies.answered_share", g)["settat"]
    assert answered.n == 3 and answered.value == pytest.approx(2 / 3)
    assert compute("bodies.women_share", g)["settat"] == Measure(0.4, 5)


def test_programme_execution_is_weighted_by_cost(settat, oulad_said, settat_province):
    b.project(settat, cost=3_000_000, progress=100, executed=3_000_000)
    b.project(settat, cost=1_000_000, progress=20, executed=0)
    b.project(settat, cost=9_000_000, progress=50, start_year=2030)  # not started by 2026
    g = groups(settat, oulad_said, settat_province)
    execution = compute("programmes.execution", g)["settat"]
    assert execution.n == 2 and execution.value == pytest.approx((3 * 100 + 1 * 20) / 4 / 100)  # 0.8
    assert compute("programmes.spending", g)["settat"].value == pytest.approx(0.75)
    assert compute("programmes.execution", g)["oulad_said"] == Measure(None, 0)


@freeze_time("2026-09-15 12:00:00")
def test_each_indicator_is_one_query_for_all_46_communes(settat, settat_province, django_assert_num_queries):
    """Invert the groups: a comparison of the province's communes costs one query per indicator."""
    b.petition(settat, filed=dt.date(2026, 1, 5), accepted=dt.date(2026, 1, 15))
    communes = {t.code: [t.pk] for t in Territory.objects.filter(parent=settat_province)}
    assert len(communes) == 46
    rules.rulebook()  # the law's rows are loaded once per process, not per indicator
    for spec in registry.indicators():  # every module's, not only the four this app wrote
        with django_assert_num_queries(1):
            out = spec.compute(communes, *Y2026)
        assert set(out) == set(communes)


def test_small_cells_are_withheld_but_counts_of_public_records_are_not():
    share = registry.indicator("petitions.accepted_share")
    filed = registry.indicator("petitions.filed")
    assert selectors.make_cell(share, Measure(0.5, 4)).suppressed
    assert selectors.make_cell(share, Measure(0.5, 4)).display == "—"
    assert not selectors.make_cell(share, Measure(0.4, 5)).suppressed
    assert selectors.make_cell(share, Measure(0.4, 5)).display == "40.0 %"
    assert not selectors.make_cell(filed, Measure(2.0, 2)).suppressed
    # A published budget result is a public fact whatever its base.
    gender = registry.indicator("budgets.gender_share")
    assert not selectors.make_cell(gender, Measure(0.25, 1)).suppressed
