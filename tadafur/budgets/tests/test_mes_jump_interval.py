"""The interval certificate (`mes_jump.interval_reach`) never certifies a step whose MES outcome differs.

`test_rules_add1_jump.py` compares whole add-one results; a wrong certificate can hide there (the
skipped step may not have ended the loop anyway). Here every certified length is checked against
the runs it claims to skip, on instances with many exact ties (round costs, small budgets), and
on elections built so that the outcome changes exactly at, or within 1e-12 of, an integer step.
"""

from fractions import Fraction

import numpy as np
import pytest

from tadafur.budgets.pb import Ballot, Instance, Profile, Project
from tadafur.budgets.rules import compile_election
from tadafur.budgets.rules.election import COST
from tadafur.budgets.rules.mes import MesEngine
from tadafur.budgets.rules.mes_jump import EPS, _reach, interval_certified, interval_reach, interval_span
from tadafur.budgets.rules.synthetic import synthetic_election, varied_election

LADDER = (1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64)


def step_outcomes(engine: MesEngine, steps: int) -> list[tuple[int, ...]]:
    """The MES outcome at B/n, B/n + 1, ..., B/n + steps - 1 (one plain run each)."""
    b = Fraction(engine.election.budget, engine.election.n_ballots)
    return [tuple(engine.run(b + i)) for i in range(steps)]


@pytest.mark.parametrize("block", range(3))
def test_certified_lengths_only_cover_identical_outcomes(block):
    certified = 0
    for seed in range(700 + 12 * block, 712 + 12 * block):
        instance, profile = varied_election(
            seed, voters=(20, 160), projects=(3, 14), tie_share=0.6, budget_shares=(0.1, 0.3), max_length=5
        )
        election = compile_election(instance, profile)
        engine = MesEngine(election, sat=COST)
        outcomes = step_outcomes(engine, 40 + 64 + 1)
        b = Fraction(election.budget, election.n_ballots)
        for i in range(0, 40):
            engine.run(b + i)
            if engine.last_trace is None:
                continue
            winners, factors = engine.last_trace
            k = interval_reach(engine, b + i, winners, LADDER, factors)
            assert 0 <= k <= 64
            # Every skipped step gives the outcome of the run at b + i.
            assert all(outcomes[i + j] == outcomes[i] for j in range(1, k + 1)), (seed, i, k)
            certified += k > 0
    assert certified >= 100  # the certificate does certify on these instances


def affordability_election(cost_c: Fraction) -> tuple[MesEngine, Fraction]:
    """Ten voters, budget 200 (b = 20): three voters back a cheap project "d", seven back "c".
    "c" is affordable from b = cost_c / 7 on: with cost_c = 210 exactly from the tenth +1 step
    (b = 30, an exact tie of money and cost), with a hair more only from the eleventh."""
    projects = {
        "c": Project(project_id="c", cost=cost_c, name="c", extra={}),
        "d": Project(project_id="d", cost=Fraction(12), name="d", extra={}),
    }
    ballots = [Ballot(voter_id=str(v), vote=("c",), points=None, attributes={}) for v in range(7)]
    ballots += [Ballot(voter_id=str(v), vote=("d",), points=None, attributes={}) for v in range(7, 10)]
    instance = Instance(meta={"vote_type": "approval", "budget": "200"}, projects=projects, budget=Fraction(200))
    election = compile_election(instance, Profile("approval", ballots))
    return MesEngine(election, sat=COST), Fraction(20)


@pytest.mark.parametrize(
    "cost_c, changes_at",
    [
        (Fraction(210), 10),
        (Fraction(210) + Fraction(1, 10**12), 11),
        (Fraction(210) - Fraction(1, 10**12), 10),
    ],
)
def test_exact_and_near_affordability_thresholds_are_never_certified_across(cost_c, changes_at):
    engine, b = affordability_election(cost_c)
    outcomes = step_outcomes(engine, changes_at + 2)
    assert outcomes[changes_at] != outcomes[changes_at - 1] == outcomes[0]  # the instance is as built
    engine.run(b)
    winners, factors = engine.last_trace
    k = interval_reach(engine, b, winners, range(1, 40), factors)
    assert 1 <= k < changes_at
    assert not interval_certified(engine, b, winners, changes_at, factors)
    # From a run just before the threshold nothing crosses it either.
    engine.run(b + changes_at - 1)
    winners, factors = engine.last_trace
    assert interval_reach(engine, b + changes_at - 1, winners, LADDER, factors) == 0


def test_crossing_point_of_an_affine_bound_is_strict_and_exact_at_integers():
    # v goes from 0 at b0 to 10 at b0 + 10: v(b0 + 5) = 5 is not below 5, so 4 steps.
    k = _reach(np.array([0.0]), np.array([10.0]), np.array([5.0]), np.array([10]))
    assert k.tolist() == [4]
    # Below the limit all the way: the whole span; above it at b0 already: -1; falling: the span.
    assert _reach(np.array([0.0]), np.array([4.0]), np.array([5.0]), np.array([10])).tolist() == [10]
    assert _reach(np.array([5.0]), np.array([1.0]), np.array([5.0]), np.array([10])).tolist() == [-1]
    assert _reach(np.array([4.0]), np.array([-3.0]), np.array([5.0]), np.array([10])).tolist() == [10]
    # A crossing a few ulps after an integer does not buy that integer (rounding is covered).
    near = 5.0 * (1 + 4 * EPS)
    assert _reach(np.array([0.0]), np.array([10.0]), np.array([near]), np.array([10])).tolist() == [4]


def test_several_lengths_at_once_certify_what_the_best_single_length_does():
    for seed in (31, 32, 33):
        instance, profile = synthetic_election(seed, voters=300, projects=15, skew=3.0, budget_share=0.3, cost_mu=9.0)
        election = compile_election(instance, profile)
        engine = MesEngine(election, sat=COST)
        b = Fraction(election.budget, election.n_ballots)
        for i in (0, 7, 19):
            engine.run(b + i)
            winners, factors = engine.last_trace
            singles = [interval_reach(engine, b + i, winners, [k], factors) for k in LADDER]
            assert interval_reach(engine, b + i, winners, LADDER, factors) == max(singles), (seed, i)
            assert all(0 <= s <= k for s, k in zip(singles, LADDER, strict=True))


def test_a_certificate_further_on_needs_no_run_there():
    # After a certificate for [b, b + k], one from b + k + 1 with the same winners and without
    # the run's factors (mes.run_add_one chains them so): -1 where the outcome there differs,
    # else every step it covers has the outcome of the run at b.
    chained = refused = 0
    for seed in (41, 42, 43, 44):
        instance, profile = synthetic_election(seed, voters=300, projects=15, skew=3.0, budget_share=0.3, cost_mu=9.0)
        election = compile_election(instance, profile)
        engine = MesEngine(election, sat=COST)
        outcomes = step_outcomes(engine, 25 + 2 * 64 + 2)
        b = Fraction(election.budget, election.n_ballots)
        for i in range(0, 25, 2):
            engine.run(b + i)
            winners, factors = engine.last_trace
            k = interval_reach(engine, b + i, winners, (1, 4, 16), factors)
            start = i + k + 1
            further = interval_span(engine, b + start, winners, LADDER)
            assert -1 <= further <= 64
            if outcomes[start] != outcomes[i]:
                assert further == -1, (seed, i)
                refused += 1
            else:
                assert all(outcomes[start + j] == outcomes[i] for j in range(further + 1)), (seed, i, further)
                chained += further >= 0
    assert chained >= 10 and refused >= 3  # both cases do occur here


@pytest.mark.parametrize("tile", [1, 3, 8])
def test_consecutive_tiles_only_cover_identical_outcomes(tile):
    # interval_span(..., tiles=True): consecutive intervals of `tile` steps in one pass (four here);
    # the reach goes through the tiles certified in full and what the next one certifies.
    beyond_first = 0
    for seed in (51, 52, 53):
        instance, profile = synthetic_election(seed, voters=300, projects=15, skew=3.0, budget_share=0.3, cost_mu=9.0)
        election = compile_election(instance, profile)
        engine = MesEngine(election, sat=COST)
        outcomes = step_outcomes(engine, 30 + 4 * (tile + 1) + 1)
        b = Fraction(election.budget, election.n_ballots)
        for i in range(0, 30, 3):
            engine.run(b + i)
            winners, factors = engine.last_trace
            for given in (factors, None):
                k = interval_span(engine, b + i, winners, [tile] * 4, given, tiles=True)
                assert -1 <= k <= 4 * (tile + 1) - 1
                assert all(outcomes[i + j] == outcomes[i] for j in range(k + 1)), (seed, i, k)
                beyond_first += k > tile
    assert beyond_first >= 10  # later tiles do extend the reach


def test_the_last_step_of_a_stretch_is_certified_from_its_own_start():
    # A tile certifies its first step even when the outcome changes inside it (the reach there
    # is 0, not -1: such a column is kept, docs/decisions/0216-mes-add1-tile-starts.md). So a
    # certificate started at the last step of a stretch of equal outcomes covers that step, and
    # the add-one loop needs no run there.
    ends = 0
    for seed in (51, 52, 53):
        instance, profile = synthetic_election(seed, voters=300, projects=15, skew=3.0, budget_share=0.3, cost_mu=9.0)
        election = compile_election(instance, profile)
        engine = MesEngine(election, sat=COST)
        outcomes = step_outcomes(engine, 61)
        b = Fraction(election.budget, election.n_ballots)
        for i in range(60):
            if outcomes[i] == outcomes[i + 1]:
                continue
            engine.run(b + i)
            winners, factors = engine.last_trace
            assert interval_span(engine, b + i, winners, [1, 1], factors, tiles=True) == 0, (seed, i)
            assert interval_span(engine, b + i, winners, [3] * 4, tiles=True) == 0, (seed, i)
            ends += 1
    assert ends >= 10


def test_benchmark_sized_election_needs_few_runs_and_certificates():
    # The 2,000 x 40 benchmark instance (bench/pb_rules.py): 212 +1 steps, 15 distinct outcomes.
    # Before the several-lengths certificate: 48 runs and 87 certificates; before the tiles and
    # the certificates without a run (docs/decisions/0214-mes-float-factors.md): 33 and 33;
    # before eight tiles and tiles that certify their first step (0216): 23 and 30.
    from tadafur.budgets.tests.test_rules_add1_jump import plain_add_one

    instance, profile = synthetic_election(2000 * 1000 + 40, voters=2000, projects=40, skew=3.0, budget_share=0.3)
    election = compile_election(instance, profile)
    fast = MesEngine(election, sat=COST)
    assert fast.run_add_one() == plain_add_one(MesEngine(election, sat=COST))
    stats = fast.add_one_stats
    assert stats["runs"] + stats["skipped"] == 212
    assert stats["runs"] <= 17 and stats["certificates"] <= 20  # 15 distinct outcomes: >= 15 runs
    assert stats["chained"] >= 1  # certificates continued without a run (interval_span)
