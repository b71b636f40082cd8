"""Seeded synthetic elections, for the oracle tests and the benchmark (bench/pb_rules.py)."""

from __future__ import annotations

import random
from fractions import Fraction

from tadafur.budgets.pb import Ballot, Instance, Profile, Project


def synthetic_election(
    seed: int,
    *,
    voters: int,
    projects: int,
    vote_type: str = "approval",
    tie_costs: bool = False,
    zero_cost: int = 0,
    empty_share: float = 0.0,
    max_length: int = 10,
    budget_share: float = 0.35,
    skew: float = 1.0,
    markers: bool = False,
    cost_mu: float = 11.0,
) -> tuple[Instance, Profile]:
    """Popularity-skewed ballots of length 1..max_length, lognormal costs (or a few round costs
    with many ties), some zero-cost projects, some empty ballots, unpopular projects."""
    rng = random.Random(seed)
    ids = [str(i + 1) for i in range(projects)]
    costs: dict[str, Fraction] = {}
    for pid in ids:
        if tie_costs:
            costs[pid] = Fraction(rng.choice([100, 200, 200, 300, 500, 1000]))
        else:
            step = 100 if cost_mu >= 9 else 10
            costs[pid] = Fraction(int(rng.lognormvariate(cost_mu, 0.8)) // step * step + step)
    for pid in rng.sample(ids, min(zero_cost, projects)):
        costs[pid] = Fraction(0)
    total = sum(costs.values())
    budget = Fraction(max(1, int(total * Fraction(str(budget_share)))))
    popularity = [rng.random() ** skew + 0.01 for _ in ids]
    project_rows = {}
    for pid in ids:
        extra = {"votes": "0"}
        if markers:
            extra["gender_marker"] = str(rng.choice([0, 0, 1, 2]))
        project_rows[pid] = Project(project_id=pid, cost=costs[pid], name=f"Project {pid}", extra=extra)
    ballots = []
    for v in range(voters):
        attributes = {"sex": rng.choice(["F", "M"]), "age": str(rng.randint(16, 90))}
        if rng.random() < empty_share:
            ballots.append(Ballot(voter_id=str(v + 1), vote=(), points=None, attributes=attributes))
            continue
        if vote_type == "choose-1":
            length = 1
        else:
            length = rng.randint(1, min(max_length, projects))
        chosen: list[str] = []
        while len(chosen) < length:
            pick = rng.choices(ids, weights=popularity)[0]
            if pick not in chosen:
                chosen.append(pick)
        points = None
        if vote_type == "cumulative":
            points = tuple(Fraction(rng.randint(1, 3)) for _ in chosen)
        ballots.append(Ballot(voter_id=str(v + 1), vote=tuple(chosen), points=points, attributes=attributes))
    meta = {
        "description": f"Synthetic PB instance (seed={seed})",
        "country": "Morocco",
        "unit": "Settat",
        "instance": str(seed),
        "num_projects": str(projects),
        "num_votes": str(voters),
        "budget": str(budget),
        "vote_type": vote_type,
        "rule": "greedy",
        "date_begin": "01.01.2026",
        "date_end": "31.01.2026",
    }
    return Instance(meta=meta, projects=project_rows, budget=budget), Profile(vote_type, ballots)


def varied_election(
    seed: int,
    *,
    voters: tuple[int, int],
    projects: tuple[int, int],
    tie_share: float = 0.5,
    budget_shares: tuple[float, ...] = (0.1, 0.3, 0.6),
    max_length: int = 6,
    cost_mus: tuple[float, ...] = (5.0, 6.0, 7.0),
) -> tuple[Instance, Profile]:
    """A small election whose shape is drawn from `seed` too (sizes within the given ranges, vote
    type, cost ties, zero-cost projects, empty ballots, budget share): the tests' varied corpus."""
    rng = random.Random(seed)
    return synthetic_election(
        seed,
        voters=rng.randint(*voters),
        projects=rng.randint(*projects),
        vote_type=rng.choice(["approval", "approval", "choose-1", "cumulative"]),
        tie_costs=rng.random() < tie_share,
        zero_cost=rng.choice([0, 0, 1]),
        empty_share=rng.choice([0, 0.2]),
        budget_share=rng.choice(list(budget_shares)),
        max_length=rng.randint(1, max_length),
        cost_mu=rng.choice(list(cost_mus)),
    )
