"""MES add-one with certified jumps (mes_jump.py) gives exactly the outcome of the plain +1 loop.

The plain loop is pabutools' definition (one MES run per +1 of per-voter budget); it is slow but
simple, so it is the reference here, on many more and larger instances than pabutools could run
in the test budget. Ties, cumulative points, empty ballots and zero-cost projects included.
"""

from fractions import Fraction

import pytest

from tadafur.budgets.rules import compile_election
from tadafur.budgets.rules.election import COST
from tadafur.budgets.rules.mes import MesEngine
from tadafur.budgets.rules.synthetic import synthetic_election, varied_election


def plain_add_one(engine: MesEngine) -> list[int]:
    election = engine.election
    b = Fraction(election.budget, election.n_ballots)
    previous = list(engine.zero_cost)
    while True:
        outcome = engine.run(b)
        cost = sum((election.costs[j] for j in outcome), Fraction(0))
        if cost > election.budget:
            return previous
        chosen = set(outcome)
        if all(c.index in chosen or c.cost + cost > election.budget for c in engine.candidates):
            return outcome
        b += 1
        previous = outcome


@pytest.mark.parametrize("block", range(3))
def test_jumps_give_the_plain_add_one_outcome(block):
    jumped = 0
    for seed in range(300 + 25 * block, 325 + 25 * block):
        instance, profile = varied_election(seed, voters=(5, 250), projects=(2, 18))
        election = compile_election(instance, profile)
        fast = MesEngine(election, sat=COST)
        assert fast.run_add_one() == plain_add_one(MesEngine(election, sat=COST)), seed
        jumped += fast.add_one_stats["skipped"] > 0
    assert jumped >= 8  # the certificates do skip runs on these instances


def test_interval_certificates_skip_most_runs_on_a_larger_election():
    # Costs around 60,000 with 400 voters: hundreds of +1 steps; the winners' poor/rich splits
    # change every few units of b, so the exact affine pieces are short and the interval
    # certificate does the work.
    instance, profile = synthetic_election(5, voters=400, projects=20, skew=3.0, budget_share=0.3, cost_mu=11.0)
    election = compile_election(instance, profile)
    fast = MesEngine(election, sat=COST)
    plain = MesEngine(election, sat=COST)
    assert fast.run_add_one() == plain_add_one(plain)
    stats = fast.add_one_stats
    assert stats["skipped_by"]["interval"] > 5 * stats["runs"]
