"""MES explanations on the results page, on a small election checked by hand.

Envelope 400,000 MAD, 4 ballots: an equal share of 100,000 MAD each.
  v1 (woman): X, Y      v2 (man): X      v3 (woman): Y, Z      v4 (man): Y, Z
  X costs 120,000, Y 180,000, Z 200,000.
Round 1: Y costs its 3 supporters 60,000 each (ρ = 1/3), X 60,000 each (ρ = 1/2), Z 100,000 each
(ρ = 1/2): Y is funded; v1, v3, v4 have 40,000 left, v2 100,000.
Round 2: X: v1 can give only her 40,000, so v2 pays the other 80,000 (ρ = 2/3); Z: its supporters
have 80,000 left, less than 200,000: X is funded. Round 3: Z is still unaffordable; the rule stops.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from freezegun import freeze_time

from tadafur.budgets import selectors, services
from tadafur.budgets.tests.test_cycle_support import make_cycle, on_ballot, resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def election(settat, rachid):
    cycle = make_cycle(settat, ballot_type="approval", max_choices=3, envelope=400_000, rule="mes")
    x = on_ballot(cycle, "Crèche", 120_000, marker=2).pk
    y = on_ballot(cycle, "Éclairage", 180_000).pk
    z = on_ballot(cycle, "Terrain", 200_000).pk
    for sex, chosen in (("woman", (x, y)), ("man", (x,)), ("woman", (y, z)), ("man", (y, z))):
        services.ballot_cast(cycle=cycle, choices=dict.fromkeys(chosen, 1), actor=resident(settat, sex=sex))
    with freeze_time(cycle.results_start + dt.timedelta(hours=1)):
        services.results_compute(cycle=cycle, actor=rachid)
    cycle.refresh_from_db()
    return cycle, x, y, z


def test_the_replayed_payments_are_the_hand_computed_ones(election):
    cycle, x, y, z = election
    assert cycle.result["selected"] == [y, x]
    pay = selectors.mes_payments(cycle)
    assert (pay[y].share, pay[y].paying, pay[y].capped) == (60_000, 3, 0)
    assert pay[y].by_sex == {"woman": 120_000, "man": 60_000, "": 0}
    assert (pay[x].share, pay[x].paying, pay[x].capped, pay[x].capped_total) == (80_000, 1, 1, 40_000)
    assert pay[x].by_sex == {"woman": 40_000, "man": 80_000, "": 0}
    assert (pay[z].left, pay[z].most_left) == (80_000, 40_000)
    # Nothing is created or lost: what was paid is the cost of the selection.
    paid = sum(sum(pay[p].by_sex.values(), Fraction(0)) for p in (x, y))
    assert paid == cycle.result["cost"] == 300_000


def test_each_project_is_explained_by_who_paid_or_what_was_left(election):
    cycle, x, y, z = election
    rows = {r.proposal.pk: r for r in selectors.project_results(cycle)}
    assert rows[y].explanation == "Its supporters paid for it from their equal shares: 60,000 MAD per supporter."
    assert rows[y].groups == "Paid from the shares of women: 120,000 MAD; of men: 60,000 MAD."
    assert rows[x].explanation == (
        "Its 2 supporters paid for it from their equal shares: 1 of them paid 80,000 MAD each, "
        "and 1 who had less left gave all they had left, 40,000 MAD in all."
    )
    assert rows[x].groups == "Paid from the shares of women: 40,000 MAD; of men: 80,000 MAD."
    assert rows[z].explanation == (
        "Not funded: it would have cost each of its 2 supporters 100,000 MAD, but when no further project could "
        "be paid for they had 80,000 MAD left in all (40,000 MAD at most each), less than its cost of 200,000 MAD."
    )
    assert rows[z].groups == "Left to its supporters at the end: women 40,000 MAD, men 40,000 MAD."


def test_the_results_page_shows_the_explanations(client, election):
    cycle, *_ = election
    page = client.get(f"/en/budgets/{cycle.pk}/results/").content.decode()
    assert "they had 80,000 MAD left in all" in page
    assert "Paid from the shares of women: 40,000 MAD; of men: 80,000 MAD." in page


def test_rules_other_than_pure_mes_keep_the_general_explanation(settat, rachid):
    cycle = make_cycle(settat, ballot_type="approval", max_choices=3, envelope=400_000, rule="greedy")
    on_ballot(cycle, "Crèche", 120_000)
    assert selectors.mes_payments(cycle) is None


def test_amounts_are_rounded_to_the_centime_only_for_display():
    assert selectors._mad(Fraction(200_000, 3)) == "66,666.67"
    assert selectors._mad(Fraction(1_000_000)) == "1,000,000"


@pytest.mark.parametrize("rule", ["mes", "mes-card"])
@pytest.mark.parametrize("seed", range(12))
def test_the_replay_agrees_with_the_engine_on_generated_elections(rule, seed):
    """On the engine's own selections: the replay spends exactly the cost of the selection, nobody
    pays more than they had, and every supported project left out was unaffordable at the end."""
    from tadafur.budgets.rules import outcome
    from tadafur.budgets.rules.synthetic import synthetic_election

    instance, profile = synthetic_election(
        seed,
        voters=40 + 7 * seed,
        projects=8 + seed % 5,
        tie_costs=seed % 2 == 0,
        zero_cost=seed % 3,
        empty_share=0.1,
        max_length=4,
    )
    selected = outcome(instance, profile, rule).selected
    sexes = {k: ("woman", "man", "")[k % 3] for k in range(len(profile.ballots))}
    supporters = {pid: [] for pid in instance.projects}
    for k, ballot in enumerate(profile.ballots):
        for pid in ballot.vote:
            supporters[pid].append(k)
    costs = {pid: p.cost for pid, p in instance.projects.items()}
    pay = selectors.replay_mes(instance.budget, sexes, supporters, costs, selected)
    assert pay is not None
    spent = sum(sum(pay[pid].by_sex.values(), Fraction(0)) for pid in selected)
    assert spent == sum(costs[pid] for pid in selected) <= instance.budget
    share = instance.budget / len(profile.ballots)
    for pid in selected:
        if costs[pid]:
            assert pay[pid].paying >= 1 and pay[pid].capped_total <= pay[pid].capped * pay[pid].share
    losers = [pid for pid in instance.projects if pid not in selected and supporters[pid] and costs[pid] > 0]
    for pid in losers:
        assert pay[pid].left < costs[pid] and pay[pid].most_left <= share
