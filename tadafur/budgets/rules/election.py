"""An election compiled for the rules: projects indexed in tie-breaking order, identical ballots grouped.

Projects are indexed by their id sorted as plain strings ("10" < "9"), which is pabutools' default
lexicographic tie-breaking, so "smaller index" means "wins a tie". Identical ballots are grouped
into one row with a weight (its multiplicity): every rule here treats identical voters
identically, so the outcome does not change, only the work does.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import chain
from operator import attrgetter

import numpy as np

from tadafur.budgets.pb import Instance, Profile

# Satisfaction measures, in pabutools terms.
COST = "cost"  # Cost_Sat: a supporter's satisfaction is the project's cost
CARDINALITY = "cardinality"  # Cardinality_Sat: 1 per supported project
POINTS = "points"  # Additive_Cardinal_Sat: the points given (cumulative ballots)


class RuleNotApplicable(ValueError):
    """The rule is not defined for this kind of ballot (e.g. Phragmén on points)."""


@dataclass
class Election:
    ids: list[str]
    costs: list[Fraction]
    budget: Fraction
    vote_type: str
    n_ballots: int
    weights: np.ndarray  # int64, one per distinct ballot
    rows: np.ndarray  # (group, project, points) triplets of the grouped ballots
    cols: np.ndarray
    points: list[Fraction]  # parallel to rows/cols; 1 for approval ballots
    markers: list[int | None]
    _support: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def n_projects(self) -> int:
        return len(self.ids)

    @property
    def is_cumulative(self) -> bool:
        return self.vote_type == "cumulative"

    def restricted(self, keep: list[int], budget: Fraction) -> Election:
        """The same voters facing only the projects `keep` (indices), with another budget."""
        keep = sorted(keep)
        new_index = {old: new for new, old in enumerate(keep)}
        mask = np.isin(self.cols, keep)
        remap = np.full(self.n_projects, -1, dtype=np.int64)
        for old, new in new_index.items():
            remap[old] = new
        return Election(
            ids=[self.ids[i] for i in keep],
            costs=[self.costs[i] for i in keep],
            budget=budget,
            vote_type=self.vote_type,
            n_ballots=self.n_ballots,
            weights=self.weights,
            rows=self.rows[mask],
            cols=remap[self.cols[mask]],
            points=[p for p, m in zip(self.points, mask, strict=True) if m],
            markers=[self.markers[i] for i in keep],
        )

    def support(self, sat: str) -> tuple[list[np.ndarray], list[np.ndarray], list[Fraction]]:
        """Per project: supporting groups, their satisfaction units, and the total satisfaction
        (computed once per measure; callers must not modify the arrays)."""
        if sat not in self._support:
            self._support[sat] = self._compute_support(sat)
        return self._support[sat]

    def _compute_support(self, sat: str) -> tuple[list[np.ndarray], list[np.ndarray], list[Fraction]]:
        if sat == POINTS and not self.is_cumulative:
            raise RuleNotApplicable("points satisfaction needs cumulative ballots")
        rows, cols = self.rows, self.cols
        if sat == POINTS:
            values = self.points
            keep = np.array([v > 0 for v in values], dtype=bool) if values else np.zeros(0, bool)
            scale = 1
            for v in values:
                scale = scale * v.denominator // np.gcd(scale, v.denominator)
            units = np.array([int(v * scale) for v in values], dtype=np.int64)
            rows, cols, units = rows[keep], cols[keep], units[keep]
        else:
            units = np.ones(len(rows), dtype=np.int64)
        order = np.argsort(cols, kind="stable")
        rows, cols, units = rows[order], cols[order], units[order]
        bounds = np.searchsorted(cols, np.arange(self.n_projects + 1))
        groups, unit_lists, totals = [], [], []
        for j in range(self.n_projects):
            g = rows[bounds[j] : bounds[j + 1]]
            u = units[bounds[j] : bounds[j + 1]]
            groups.append(g)
            unit_lists.append(u)
            total = int(self.weights[g] @ u) if len(g) else 0
            if sat == COST:
                totals.append(Fraction(total) * self.costs[j])
            elif sat == POINTS:
                totals.append(Fraction(total, scale))
            else:
                totals.append(Fraction(total))
        return groups, unit_lists, totals


def compile_election(instance: Instance, profile: Profile) -> Election:
    ids = sorted(instance.projects)
    index = {pid: i for i, pid in enumerate(ids)}
    cumulative = profile.vote_type in ("cumulative", "scoring")
    if cumulative:
        weights, rows, cols, points = _group_points(profile, index)
    else:
        approvals = getattr(profile, "approvals", None)  # votes as arrays (pb.LazyProfile)
        if approvals is not None and approvals[0] == tuple(ids):
            weights, rows, cols = _group_codes(approvals[1], approvals[2], len(ids))
        else:
            weights, rows, cols = _group_approvals(profile, index, len(ids))
        points = [Fraction(1)] * len(rows)
    markers = [instance.projects[pid].gender_marker for pid in ids]
    return Election(
        ids=ids,
        costs=[instance.projects[pid].cost for pid in ids],
        budget=instance.budget,
        vote_type=profile.vote_type,
        n_ballots=len(profile),
        weights=weights,
        rows=rows,
        cols=cols,
        points=points,
        markers=markers,
    )


def _group_approvals(profile: Profile, index: dict[str, int], n_projects: int):
    """Identical approval sets grouped with numpy: each ballot becomes a row of bits (a project
    listed twice counts once), rows are made unique, groups are numbered by first appearance."""
    ballots = profile.ballots
    n = len(ballots)
    votes = list(map(attrgetter("vote"), ballots))
    lengths = np.fromiter(map(len, votes), dtype=np.int64, count=n)
    flat = np.fromiter(map(index.__getitem__, chain.from_iterable(votes)), dtype=np.int64, count=int(lengths.sum()))
    return _group_codes(lengths, flat, n_projects)


def _group_codes(lengths: np.ndarray, flat: np.ndarray, n_projects: int):
    """Ballots given as their lengths and the concatenated project indices, grouped."""
    n = len(lengths)
    width = max(1, (n_projects + 63) // 64) * 8
    bits = np.zeros((n, width), dtype=np.uint8)
    owner = np.repeat(np.arange(n, dtype=np.int64), lengths)
    np.bitwise_or.at(bits, (owner, flat >> 3), (128 >> (flat & 7)).astype(np.uint8))
    words = bits.view(np.uint64)  # n x (width / 8) words; identical ballots <=> identical words
    if n:
        order = np.lexsort(words.T[::-1])
        sorted_words = words[order]
        new_run = np.ones(n, dtype=bool)
        new_run[1:] = (sorted_words[1:] != sorted_words[:-1]).any(axis=1)
        starts = np.flatnonzero(new_run)
        counts = np.diff(np.append(starts, n))
        # The first ballot of each run (lexsort is stable, so the smallest index of the run).
        first = order[starts]
    else:
        first = counts = np.zeros(0, dtype=np.int64)
    order = np.argsort(first, kind="stable")
    first, counts = first[order], counts[order]
    # Each group's projects: the codes of its first ballot, as (group, project) pairs sorted
    # and without repeats (what a nonzero() over the groups' bit rows gives, without unpacking
    # a groups x projects matrix).
    chosen = lengths[first]
    offsets = np.cumsum(lengths) - lengths
    total = int(chosen.sum())
    at = np.arange(total, dtype=np.int64) + np.repeat(offsets[first] - (np.cumsum(chosen) - chosen), chosen)
    key = np.repeat(np.arange(len(first), dtype=np.int64), chosen) * n_projects + flat[at]
    key.sort()
    if len(key) > 1:
        key = key[np.append(True, key[1:] != key[:-1])]
    return counts.astype(np.int64), key // n_projects, key % n_projects


def _group_points(profile: Profile, index: dict[str, int]):
    counter: Counter = Counter()
    for ballot in profile.ballots:
        scores: dict[int, Fraction] = {}
        for pid, pts in zip(ballot.vote, ballot.points or (), strict=False):
            scores[index[pid]] = pts
        counter[tuple(sorted(scores.items()))] += 1
    weights = np.fromiter(counter.values(), dtype=np.int64, count=len(counter))
    rows: list[int] = []
    cols: list[int] = []
    points: list[Fraction] = []
    for g, key in enumerate(counter):
        for project, pts in key:
            rows.append(g)
            cols.append(project)
            points.append(pts)
    return weights, np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), points
