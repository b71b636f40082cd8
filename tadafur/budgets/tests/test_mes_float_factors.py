"""MES runs with float payment factors and tracked error bounds (`run(b, exact=False)`).

The add-one loop runs MES this way: the winners' factors are floats with a rigorous bound of
their error, and a round with a decision inside the bounds (a near tie, money exactly equal to
a cost, a supporter whose budget is exactly the payment) is done again with exact fractions
(the factors of the earlier rounds are then made exact from their recorded splits). So the
outcome must be the exact run's, on every instance; and the exact path must really be taken
where floats cannot decide (docs/decisions/0214-mes-float-factors.md).
"""

from fractions import Fraction

import pytest

from tadafur.budgets.pb import Ballot, Instance, Profile, Project
from tadafur.budgets.rules import compile_election
from tadafur.budgets.rules.election import COST
from tadafur.budgets.rules.mes import MesEngine
from tadafur.budgets.rules.synthetic import varied_election


@pytest.mark.parametrize("block", range(2))
def test_float_factor_runs_select_what_exact_runs_select(block):
    compared = exact_rounds = float_runs = 0
    for seed in range(700 + 20 * block, 720 + 20 * block):
        instance, profile = varied_election(seed, voters=(5, 400), projects=(2, 20), cost_mus=(5.0, 6.0, 9.0))
        election = compile_election(instance, profile)
        if election.n_ballots == 0:
            continue
        engine = MesEngine(election, sat=COST)
        b = Fraction(election.budget, election.n_ballots)
        for step in (0, 1, 3, 17, 120):
            exact = engine.run(b + step)
            exact_factors = list(engine.last_trace[1])
            assert engine.run(b + step, exact=False) == exact, (seed, step)
            if not engine.last_exact:  # the float factors are within their bounds of the exact ones
                floats = engine.last_trace[1]
                assert all(
                    abs(f - float(x)) <= 1e-9 * abs(float(x)) for f, x in zip(floats, exact_factors, strict=True)
                )
            compared += 1
        exact_rounds += getattr(engine, "exact_rounds", 0)
        float_runs += not engine.last_ties
    assert compared >= 80
    assert exact_rounds >= 5 and float_runs >= 5  # both kinds of rounds occur here


def two_projects(cost_a: Fraction, cost_b: Fraction, backers_a: int) -> MesEngine:
    """Ten voters, budget 100 (b = 10): `backers_a` back "a", the others back "b"."""
    projects = {
        "a": Project(project_id="a", cost=cost_a, name="a", extra={}),
        "b": Project(project_id="b", cost=cost_b, name="b", extra={}),
    }
    ballots = [
        Ballot(voter_id=str(v), vote=("a" if v < backers_a else "b",), points=None, attributes={}) for v in range(10)
    ]
    instance = Instance(meta={"vote_type": "approval", "budget": "100"}, projects=projects, budget=Fraction(100))
    return MesEngine(compile_election(instance, Profile("approval", ballots)), sat=COST)


@pytest.mark.parametrize(
    "cost_a, cost_b, backers_a, selected, exact_path",
    [
        # An exact tie of rho (1/5 each; "a" by id), and money exactly equal to the costs.
        (Fraction(50), Fraction(50), 5, ["a", "b"], True),
        # "a" costs a hair more than its backers have: closer than floats can tell.
        (Fraction(50) + Fraction(1, 10**13), Fraction(50), 5, ["b"], True),
        # Clear decisions: floats decide (rho 1/6 against 1/4, money to spare).
        (Fraction(45), Fraction(30), 6, ["a", "b"], False),
    ],
)
def test_decisions_inside_the_float_bounds_are_taken_exactly(cost_a, cost_b, backers_a, selected, exact_path):
    engine = two_projects(cost_a, cost_b, backers_a)
    outcome = engine.run(Fraction(10), exact=False)
    assert [engine.election.ids[j] for j in outcome] == selected
    assert outcome == engine.run(Fraction(10))
    # Undecidable rounds are done again with exact factors, in place (no whole exact run).
    assert (getattr(engine, "exact_rounds", 0) >= 1) is exact_path
    assert getattr(engine, "exact_fallbacks", 0) == 0


def test_a_supporter_whose_budget_is_exactly_the_payment_is_decided_exactly():
    # Five voters, b = 10. "b" (24, voters 0-3) wins first: each pays 6, keeps 4. "a" (12, voters
    # 0, 1 and 4) then costs 4 each: exactly what voters 0 and 1 have left.
    projects = {
        "a": Project(project_id="a", cost=Fraction(12), name="a", extra={}),
        "b": Project(project_id="b", cost=Fraction(24), name="b", extra={}),
    }
    votes = [("a", "b"), ("a", "b"), ("b",), ("b",), ("a",)]
    ballots = [Ballot(voter_id=str(v), vote=vote, points=None, attributes={}) for v, vote in enumerate(votes)]
    instance = Instance(meta={"vote_type": "approval", "budget": "50"}, projects=projects, budget=Fraction(50))
    engine = MesEngine(compile_election(instance, Profile("approval", ballots)), sat=COST)
    outcome = engine.run(Fraction(10), exact=False)
    assert [engine.election.ids[j] for j in outcome] == ["b", "a"] and outcome == engine.run(Fraction(10))
    assert engine.exact_rounds == 1 and getattr(engine, "exact_fallbacks", 0) == 0
