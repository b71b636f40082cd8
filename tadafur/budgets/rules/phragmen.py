"""Sequential Phragmén, as pabutools' `sequential_phragmen` computes it (approval ballots only).

Projects costing more than the budget are out from the start. Each round every remaining project
gets a new maximal load (supporters' loads + cost) / approvals (infinite without approvals); the
smallest wins, ties to the smaller id as a string. The rule stops -- it does not skip -- as soon as
one of the tied projects would break the budget. The result is sorted by id as a string.

Loads are exact rationals. A voter's load is the new load of the last project they approved that
was selected, so voters fall into few "load classes"; loads are compared in floats and every
near-tie (relative gap below 1e-9) is decided again with exact fractions.
"""

from __future__ import annotations

from fractions import Fraction
from math import inf

import numpy as np

from tadafur.budgets.rules.election import CARDINALITY, Election, RuleNotApplicable

NEAR = 1e-9


def sequential_phragmen(election: Election) -> list[int]:
    if election.is_cumulative or election.vote_type not in ("approval", "choose-1"):
        raise RuleNotApplicable("sequential Phragmén is defined for approval ballots only")
    groups, _, totals = election.support(CARDINALITY)
    weights_f = election.weights.astype(np.float64)
    scores = [int(t) for t in totals]
    remaining = [j for j in range(election.n_projects) if election.costs[j] <= election.budget]
    class_of = np.zeros(len(election.weights), dtype=np.int64)  # class 0: load 0
    loads: list[Fraction] = [Fraction(0)]
    loads_f = np.zeros(election.n_projects + 1)
    cost = Fraction(0)
    selected: list[int] = []
    while remaining:
        k = len(loads)
        values: dict[int, float] = {}
        hists: dict[int, np.ndarray] = {}
        for j in remaining:
            if scores[j] == 0:
                values[j] = inf
                continue
            h = np.bincount(class_of[groups[j]], weights=weights_f[groups[j]], minlength=k)
            hists[j] = h
            values[j] = (float(h @ loads_f[:k]) + float(election.costs[j])) / scores[j]
        best = min(values.values())
        if best == inf:
            tied = [j for j in remaining if values[j] == inf]
            best_exact = None
        else:
            near = [j for j in remaining if values[j] <= best * (1 + NEAR) + 1e-300]
            exact = {}
            for j in near:
                h = hists[j]
                load_sum = sum((loads[c] * int(h[c]) for c in np.flatnonzero(h)), Fraction(0))
                exact[j] = (load_sum + election.costs[j]) / scores[j]
            best_exact = min(exact.values())
            tied = [j for j in near if exact[j] == best_exact]
        if any(cost + election.costs[j] > election.budget for j in tied):
            break
        winner = min(tied)
        selected.append(winner)
        remaining.remove(winner)
        cost += election.costs[winner]
        if best_exact is not None:
            loads.append(best_exact)
            loads_f[len(loads) - 1] = float(best_exact)
            class_of[groups[winner]] = len(loads) - 1
    return sorted(selected)
