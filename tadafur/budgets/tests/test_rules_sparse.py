"""MES's sparse grouping of supporters by class (large elections) gives the same outcomes.

On large elections (over SPARSE_MIN class ids) MES groups a project's supporters by class with a
scratch array instead of a histogram over every class id (decision 0212). Forcing that path on
small elections checks it against the histogram path and against pabutools."""

import random

import pytest

from tadafur.budgets.pb import read_pb, write_pb
from tadafur.budgets.rules import mes as mes_module
from tadafur.budgets.rules import outcome
from tadafur.budgets.rules.synthetic import synthetic_election
from tadafur.budgets.tests.test_rules_oracle import oracle, same_outcome

RULES = ("mes", "mes-card", "mes-add1-greedy")


def instances(count):
    for seed in range(count):
        rng = random.Random(5000 + seed)
        yield synthetic_election(
            5000 + seed,
            voters=rng.randint(5, 120),
            projects=rng.randint(2, 14),
            vote_type=rng.choice(["approval", "approval", "choose-1", "cumulative"]),
            tie_costs=rng.random() < 0.5,
            empty_share=rng.choice([0, 0.2]),
            budget_share=rng.choice([0.2, 0.5, 1.0]),
            cost_mu=5.0,
        )


def test_the_sparse_path_selects_as_the_histogram_path(monkeypatch):
    for instance, profile in instances(40):
        expected = {rule: outcome(instance, profile, rule).selected for rule in RULES}
        with monkeypatch.context() as patch:
            patch.setattr(mes_module, "SPARSE", 0)
            patch.setattr(mes_module, "SPARSE_MIN", 0)
            for rule in RULES:
                assert outcome(instance, profile, rule).selected == expected[rule], rule


@pytest.mark.parametrize("seed", range(3))
def test_the_sparse_path_matches_pabutools(tmp_path, monkeypatch, seed):
    monkeypatch.setattr(mes_module, "SPARSE", 0)
    monkeypatch.setattr(mes_module, "SPARSE_MIN", 0)
    instance, profile = synthetic_election(seed, voters=300, projects=15, cost_mu=4.0, budget_share=0.4, skew=2.0)
    path = tmp_path / "sparse.pb"
    path.write_text(write_pb(instance, profile), encoding="utf-8")
    ours_instance, ours_profile = read_pb(path)
    for rule in RULES:
        ours = outcome(ours_instance, ours_profile, rule).selected
        assert same_outcome(ours, oracle(path, rule), instance), rule
