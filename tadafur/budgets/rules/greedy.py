"""Greedy utilitarian welfare, as pabutools' `greedy_utilitarian_scheme_additive` computes it.

Projects are ordered by satisfaction density (total satisfaction / cost; infinite for a supported
project costing 0; 0 for a project nobody supports) with ties going to the smaller id as a string,
then walked once: every project that still fits is taken, the others are skipped.
With Cost_Sat the density is the number of supporters ("greedy by votes").
"""

from __future__ import annotations

from fractions import Fraction
from math import inf

from tadafur.budgets.rules.election import COST, Election


def greedy(election: Election, *, sat: str = COST, initial: list[int] | None = None) -> list[int]:
    """Indices selected, in selection order, after the `initial` ones (which are kept first)."""
    initial = list(initial or [])
    taken = set(initial)
    _, _, totals = election.support(sat)

    def density(j: int) -> Fraction | float:
        if totals[j] > 0:
            return totals[j] / election.costs[j] if election.costs[j] > 0 else inf
        return 0

    order = sorted((j for j in range(election.n_projects) if j not in taken), key=lambda j: (-density(j), j))
    remaining = election.budget - sum((election.costs[j] for j in initial), Fraction(0))
    selected = list(initial)
    for j in order:
        if election.costs[j] <= remaining:
            selected.append(j)
            remaining -= election.costs[j]
    return selected
