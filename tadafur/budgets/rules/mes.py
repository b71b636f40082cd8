"""The Method of Equal Shares, as pabutools' `method_of_equal_shares` computes it.

Semantics (PB-RULES.md): every ballot is a voter with budget b = B/n (exact). Candidates are the
projects with cost > 0 and positive total satisfaction. Each round the project with the smallest
affordability rho wins (ties: smaller id as a string) -- rho is the smallest factor such that
supporters paying min(budget_i, rho * u_i) cover the cost -- and each supporter pays that. The
rule stops when no candidate is affordable. pabutools finds the minimum with a lazy walk over
stale lower bounds; the minimum it finds is the true one, which is what we compute.

How it is fast and still exact:
- identical ballots are one weighted group; groups with the same exact budget form a "class", and
  a class's budget is b minus the payments x_k * u of the selections it took part in (or exactly 0
  once it paid everything). A class remembers its parent class and the round and unit it paid,
  so its exact budget is b - sum_k x_k * u_k along that chain, with the exact factors x_k.
- per project, supporters are histogrammed by class (numpy), and rho is solved in floats over the
  few classes. Float budgets carry an error far below `TAU` * b, which bounds the error of each
  rho; every comparison that falls inside the error bound (affordability, the winner, running out
  of money) is decided again exactly with fractions. The winner's factor is always computed
  exactly, so the budgets never drift.
- projects are evaluated lazily in the order of a lower bound on rho (rho only grows).

The add-one variant (`voter_budget_increment=1`) has pabutools' semantics: MES from scratch with
b = B/n, B/n + 1, ...; the previous outcome as soon as an outcome costs more than B, an outcome as
soon as it is exhaustive among the candidates. It does not run every step: after a run at b,
`mes_jump` may *prove* that the runs at b + 1, ..., b + k select exactly the same projects in the
same order (two certificates: exact affine pieces, and affine lower/upper bounds of every budget
over [b, b + k]); those runs could not end the loop, so they are skipped. Nothing is guessed --
MES is not monotone in b, so no search over b is used unless a certificate covers it. See
mes_jump.py and docs/decisions/0202-mes-add1-fast.md.
"""

from __future__ import annotations

from fractions import Fraction
from math import inf

import numpy as np
import numpy.ma  # noqa: F401 -- np.unique imports it on first use; not inside a timed run

from tadafur.budgets.rules.election import COST, Election
from tadafur.budgets.rules.mes_jump import certified_steps, interval_span

# add-one: runs a certificate is assumed to save at first, worth PRIOR_WEIGHT attempts; cost ratio
CERT_PRIOR, PRIOR_WEIGHT, CERT_FACTOR = 4, 4, 1.0
FIRST_SPAN, WIDEN, TILES = 4, 3, 8  # add-one: the first tile length, its growth, tiles per pass
# _entries groups a project's supporters by class without a histogram over every class id when
# the class ids outnumber the supporters SPARSE times and number more than SPARSE_MIN.
SPARSE, SPARSE_MIN = 8, 1 << 14
TAU = 1e-11  # relative bound on a float class budget's error (observed errors are ~1e-15)
EPS = 2.0**-52  # float64 unit roundoff (x2): the rounding bounds of float-factor runs


class _NeedExact(Exception):
    """A float-factor round met a decision its tracked error bounds cannot settle."""


class _NeedFullExact(Exception):
    """A float-factor run cannot switch to exact decisions in place (errors above TAU)."""


class _Candidate:
    __slots__ = ("index", "cost", "cost_f", "unit", "unit_f", "groups", "weights", "weights_f", "units", "umax")

    def __init__(self, index, cost, unit, groups, weights, units):
        self.index = index
        self.cost = cost
        self.cost_f = float(cost)
        self.unit = Fraction(unit)
        self.unit_f = float(unit)
        self.groups = groups
        self.weights = weights
        self.weights_f = weights.astype(np.float64)
        uniform = bool(len(units) == 0 or (units == units[0]).all() and units[0] == 1)
        self.units = None if uniform else units
        self.umax = int(units.max()) + 1 if len(units) else 2


class MesEngine:
    """MES on one election and satisfaction measure; `run(b)` computes the outcome for budget b."""

    def __init__(self, election: Election, *, sat: str = COST, exclude: set[int] | None = None) -> None:
        self.election = election
        groups, units, totals = election.support(sat)
        exclude = exclude or set()
        self.zero_cost: list[int] = []
        self.candidates: list[_Candidate] = []
        for j in range(election.n_projects):
            if j in exclude or totals[j] <= 0:
                continue
            if election.costs[j] <= 0:
                self.zero_cost.append(j)
                continue
            unit = election.costs[j] if sat == COST else 1
            self.candidates.append(
                _Candidate(j, election.costs[j], unit, groups[j], election.weights[groups[j]], units[j])
            )
        self.n_groups = len(election.weights)
        # Whether every sum of (ballots x satisfaction units) is an integer a float holds exactly.
        top_unit = max((int(c.units.max()) for c in self.candidates if c.units is not None and len(c.units)), default=1)
        self.float_exact = election.n_ballots * max(1, top_unit) < 2**52

    def _first_lower(self) -> list[float]:
        """Per candidate, a lower bound of rho in the first round of any run (the same for every b)."""
        lower = getattr(self, "_lower", None)
        if lower is None:
            lower = []
            for cand in self.candidates:
                total_u = float(cand.weights_f @ cand.units) if cand.units is not None else float(cand.weights_f.sum())
                lower.append(cand.cost_f / total_u / cand.unit_f * (1 - 1e-9) if total_u else inf)
            self._lower = lower
        return lower

    # ---------------------------------------------------------------- one MES run
    def run(self, b: Fraction, *, stop_above: Fraction | None = None, exact: bool = True) -> list[int]:
        """Selected project indices in selection order (zero-cost supported projects first).

        With `stop_above`, the run stops as soon as the selection costs more than that (the
        add-one loop only needs to know that it did). With `exact=False` the winners' payment
        factors are not computed as fractions: the run pays with float factors and tracks a
        rigorous error bound of every float budget (docs/decisions/0214-mes-float-factors.md);
        any decision inside those bounds makes it start again in the exact mode, so the
        outcome is the same. `last_trace` then holds float factors (enough for
        `interval_reach`, not for `certified_steps`)."""
        if not exact:
            try:
                return self._run(b, stop_above, exact=False)
            except (_NeedExact, _NeedFullExact):
                self.exact_fallbacks = getattr(self, "exact_fallbacks", 0) + 1
        return self._run(b, stop_above, exact=True)

    def _run(self, b: Fraction, stop_above: Fraction | None, *, exact: bool) -> list[int]:
        state = _RunState(self, Fraction(b), exact=exact)
        self._last_state = state
        exact_rounds = 0
        selected = list(self.zero_cost)
        winners: list[int] = []  # candidate positions in selection order (for mes_jump)
        self.last_trace = None
        evals = eval_pairs = 0
        spent = Fraction(0)
        cands = self.candidates
        active = list(range(len(cands)))
        lower = list(self._first_lower())

        def one_round():
            """Evaluate, pick the winner, pay; None when nothing is affordable. In a float-factor
            run a decision its error bounds cannot settle raises _NeedExact before anything is
            paid, and the round is done again with exact factors."""
            nonlocal evals, eval_pairs
            active.sort(key=lambda p: (lower[p], p))
            best_hi = inf
            evaluated = []
            dropped = []
            for pos in active:
                if lower[pos] > best_hi:
                    break
                found = state.evaluate(cands[pos])
                evals += 1
                eval_pairs += len(cands[pos].groups)
                if found is None:
                    dropped.append(pos)
                    continue
                rho, err, entries = found
                lower[pos] = rho - err
                best_hi = min(best_hi, rho + err)
                evaluated.append((pos, rho, err, entries))
            for pos in dropped:
                active.remove(pos)
            if not evaluated:
                return None
            near = [e for e in evaluated if e[1] - e[2] <= best_hi]
            if len(near) == 1 and not state.exact:
                pos, _, _, entries = near[0]
                state.certain_split(entries)
                x = entries[-1]  # (float factor, bound of its error)
            elif len(near) == 1:
                pos, _, _, entries = near[0]
                x = state.exact_factor(cands[pos], entries)
            elif not state.exact:
                raise _NeedExact  # a near tie: decided with exact factors
            else:
                best = None
                for pos_i, _, _, entries_i in near:
                    x_i = state.exact_factor(cands[pos_i], entries_i)
                    rho_i = x_i / cands[pos_i].unit
                    key = (rho_i, cands[pos_i].index)
                    if best is None or key < best[0]:
                        best = (key, pos_i, x_i)
                _, pos, x = best
                entries = None
            state.pay(cands[pos], x, entries)
            return pos

        while active:
            try:
                pos = one_round()
            except _NeedExact:
                state.ensure_exact()  # exact factors of the earlier rounds, or _NeedFullExact
                self.exact_rounds = getattr(self, "exact_rounds", 0) + 1
                exact_rounds += 1
                state.exact = True
                pos = one_round()
                state.exact = exact
            if pos is None:
                break
            cand = cands[pos]
            selected.append(cand.index)
            winners.append(pos)
            active.remove(pos)
            spent += cand.cost
            if stop_above is not None and spent > stop_above:
                return selected
        self.last_trace = (winners, state.factors)
        self.last_exact = exact
        # Predicted seconds of this run (a size model, so that run_add_one's choices are
        # deterministic): per project evaluation, and per support pair looked at; float-factor
        # runs without exact rounds take about 1/3.5 of that (measured on the benchmarks).
        self.last_ties = exact_rounds > 0
        self.last_cost = (evals * 6.5e-5 + eval_pairs * 6e-8) / (1 if exact or exact_rounds else 3.5)
        return selected

    # ---------------------------------------------------------------- add-one
    def run_add_one(self) -> list[int]:
        """pabutools' `voter_budget_increment=1` loop, with certified jumps (see mes_jump.py).

        After a run at b whose outcome is neither over budget nor exhaustive, a certificate may
        prove that the runs at b + 1, ..., b + k give the very same outcome; those runs are
        skipped (they could not end the loop). `interval_span(b, lengths, tiles=True)` checks
        TILES (8) consecutive intervals at once and returns how far they certify without a gap,
        the first step of a tile included even where the outcome changes inside it (so the last
        step of a stretch needs no run; docs/decisions/0216-mes-add1-tile-starts.md) (intervals
        of 4 steps first; longer after a full success, shorter after a partial one);
        after a full success it goes on from there without a run (the same winners), and if
        nothing is certified, `certified_steps` computes the exact end of the current affine
        piece. The runs use float payment factors with tracked error bounds (exact fractions
        only where those bounds cannot decide; docs/decisions/0214-mes-float-factors.md).
        Which certificates are tried depends only on sizes, so the sequence of runs is
        deterministic; it changes the running time only, never the outcome."""
        election = self.election
        n = election.n_ballots
        if n == 0:
            return []
        b = Fraction(election.budget, n)
        previous = list(self.zero_cost)
        candidate_costs = [(c.cost, c.index) for c in self.candidates]
        limit = 1 << 62  # cap of one affine jump (a certified jump of any length is valid)
        runs = 0
        stats = self.add_one_stats = {"runs": 0, "certificates": 0, "chained": 0, "skipped": 0}
        pairs = sum(len(c.groups) for c in self.candidates)
        guess = FIRST_SPAN  # the tile length of the next interval certificate

        def worth_it(kind: str, rounds: int) -> bool:
            # A certificate is tried when its predicted cost is below the runs that certificates
            # of its kind saved per attempt so far times the predicted cost of a run (the count
            # starts as if PRIOR_WEIGHT attempts had saved CERT_PRIOR runs each, so that a few
            # short stretches early on do not stop them). On small elections they are cheap and
            # save hundreds of runs; on large ones a certificate costs several runs and saves few.
            # Costs are predicted from sizes (not measured), so the sequence of runs is
            # deterministic; only the time depends on it.
            # (The affine certificate also needs the exact factors of the run, about its cost.)
            predicted = (rounds + 1) * (1.1e-4 + pairs * 4.3e-9) * (1 if kind == "interval" else 4)
            predicted += 0 if kind == "interval" else self.last_cost
            rate = (saved[kind] + CERT_PRIOR * PRIOR_WEIGHT) / (tried[kind] + PRIOR_WEIGHT)
            return predicted <= CERT_FACTOR * rate * self.last_cost

        saved = {"interval": 0, "affine": 0}
        tried = {"interval": 0, "affine": 0}

        def next_guess(spans: list[int], reached: int) -> int:
            if reached >= sum(spans) + len(spans) - 1:
                return WIDEN * spans[0]
            return spans[0] if reached >= spans[0] else max(1, reached)

        def certify(kind: str, fn, *args, **kwargs):
            stats["certificates"] += 1
            tried[kind] += 1
            return fn(*args, **kwargs)

        while True:
            outcome = self.run(b, stop_above=election.budget, exact=False)
            runs += 1
            cost = sum((election.costs[j] for j in outcome), Fraction(0))
            if cost > election.budget:
                break
            chosen = set(outcome)
            if all(j in chosen or c + cost > election.budget for c, j in candidate_costs):
                previous = outcome
                break
            previous = outcome
            k = 0
            if self.last_trace is not None:
                winners, factors = self.last_trace
                if worth_it("interval", len(winners)):
                    # TILES consecutive intervals ("tiles") of `guess` steps each, in one pass
                    # (about the cost of one: the work is numpy calls per round, not columns;
                    # each tile with bounds as tight as a short interval has): k = how far they
                    # reach without a gap. Next guess: WIDEN times longer
                    # after a full success, the same if the first tile held, else what it reached.
                    spans = [guess] * TILES
                    k = max(0, certify("interval", interval_span, self, b, winners, spans, factors, tiles=True))
                    saved["interval"] += k
                    guess = next_guess(spans, k)
                    # After a full success the stretch probably goes on: go on certifying from
                    # b + k + 1 with the same winners (no run needed there, see interval_span)
                    # for as long as that succeeds in full. (After a partial one the outcome
                    # more often changes there, and a failed certificate costs about a run.)
                    last = k
                    while last >= sum(spans) + len(spans) - 1 and worth_it("interval", len(winners)):
                        spans = [guess] * TILES
                        last = certify("interval", interval_span, self, b + k + 1, winners, spans, tiles=True)
                        stats["chained"] += 1
                        if last < 0:
                            break
                        k += last + 1
                        saved["interval"] += last + 1
                        guess = next_guess(spans, last)
                if k == 0 and worth_it("affine", len(winners)):
                    if not self.last_exact:  # this certificate needs the exact factors
                        try:
                            self._last_state.ensure_exact()  # in place: `factors` is its list
                        except _NeedFullExact:
                            self.run(b, stop_above=election.budget)
                            winners, factors = self.last_trace
                    k = certify("affine", certified_steps, self, b, winners, factors, limit)
                    saved["affine"] += k
                    guess = max(guess, k)
            stats["skipped"] += k
            b += 1 + k
        stats["runs"] = runs
        stats["skipped_by"] = dict(saved)
        return previous


class _RunState:
    """Voter classes and their budgets during one MES run."""

    def __init__(self, engine: MesEngine, b: Fraction, *, exact: bool = True) -> None:
        self.engine = engine
        self.b = b
        self.b_f = float(b)
        self.tau = TAU * self.b_f
        self.exact = exact  # decisions of the current round with exact factors
        self.tracking = not exact  # a float-factor run: error bounds kept, factors exact on demand
        self.pending: dict[int, tuple] = {}  # round -> (candidate, entries) of a float factor
        cap = 256
        self.k = 2  # class 0: no money left (exactly); class 1: untouched budget b
        self.beta = np.zeros(cap)
        self.beta[1] = self.b_f
        # Float-factor mode: a bound of |float budget - exact budget| per class.
        self.err = np.zeros(cap)
        self.err[1] = EPS * abs(self.b_f)
        # A class is its parent class after paying factors[round] * unit in that round.
        self.parent = np.zeros(cap, dtype=np.int64)
        self.round = np.zeros(cap, dtype=np.int64)
        self.unit = np.zeros(cap, dtype=np.int64)
        self.factors: list[Fraction] = []
        self.class_of = np.ones(engine.n_groups, dtype=np.int64)
        self.exact_cache: dict[int, Fraction] = {}
        self.scratch = np.empty(0, dtype=np.int64)
        self.ones = np.empty(0, dtype=np.int64)

    def exact_budget(self, c: int) -> Fraction:
        if c == 0:
            return Fraction(0)
        value = self.exact_cache.get(c)
        if value is None:
            value = self.b
            node = c
            while node > 1:
                value -= self.factors[int(self.round[node])] * int(self.unit[node])
                node = int(self.parent[node])
            self.exact_cache[c] = value
        return value

    def _exact_sum(self, classes: np.ndarray, counts: np.ndarray) -> Fraction:
        """Exact sum over classes (none of them 0) of count * budget."""
        total = self.b * int(counts.sum())
        r = len(self.factors)
        if r:
            coef = np.zeros(r, dtype=np.int64)
            cur, weight = classes, counts.astype(np.int64)
            while True:
                keep = cur > 1
                if not keep.any():
                    break
                cur, weight = cur[keep], weight[keep]
                paid = weight * self.unit[cur]
                if self.engine.float_exact:  # sums of integers below 2**53: bincount is exact
                    coef += np.bincount(self.round[cur], weights=paid, minlength=r).astype(np.int64)
                else:  # pragma: no cover -- more than 2**52 ballots x points
                    np.add.at(coef, self.round[cur], paid)
                cur = self.parent[cur]
            for k in np.flatnonzero(coef):
                total -= self.factors[k] * int(coef[k])
        return total

    def _ones(self, n: int) -> np.ndarray:
        """n ones (int64): a read-only view of one shared array (the units of Cost_Sat supporters)."""
        if len(self.ones) < n:
            self.ones = np.ones(2 * n, dtype=np.int64)
            self.ones.flags.writeable = False
        return self.ones[:n]

    def _entries(self, cand: _Candidate):
        cls = self.class_of[cand.groups]
        span = 1 if cand.units is None else cand.umax
        if SPARSE * len(cls) < self.k * span and self.k * span > SPARSE_MIN:
            # Far more class ids than supporters (large elections, late rounds): a histogram over
            # every class id would cost O(classes); find the distinct keys among the supporters
            # instead (the entries' order differs; no result depends on it, see evaluate).
            if span == 1:
                # Distinct classes without sorting: each class id remembers the last position
                # holding it (a scratch array indexed by class id; no clearing needed).
                if len(self.scratch) < self.k:
                    self.scratch = np.empty(2 * self.k, dtype=np.int64)
                positions = np.arange(len(cls))
                self.scratch[cls] = positions
                last = self.scratch[cls]
                mark = last == positions
                present = cls[mark]
                inverse = (np.cumsum(mark) - 1)[last]
                key = cls
            else:
                key = cls * span + cand.units
                present, inverse = np.unique(key, return_inverse=True)
            h = np.bincount(inverse, weights=cand.weights_f, minlength=len(present))
            keep = present >= span  # class 0 (no money left) pays nothing
            present, h = present[keep], h[keep]
            if span == 1:
                return present, np.ones(len(present), dtype=np.int64), h
            return present // span, present % span, h
        if cand.units is None:
            h = np.bincount(cls, weights=cand.weights_f, minlength=self.k)
            h[0] = 0
            nz = h.nonzero()[0]
            classes, units = nz, self._ones(len(nz))
        else:
            key = cls * cand.umax + cand.units
            h = np.bincount(key, weights=cand.weights_f, minlength=self.k * cand.umax)
            h[: cand.umax] = 0
            nz = h.nonzero()[0]
            classes, units = nz // cand.umax, nz % cand.umax
        return classes, units, h[nz]

    def evaluate(self, cand: _Candidate):
        """(rho, error bound, entries) or None if the supporters cannot afford the project."""
        classes, units, counts = self._entries(cand)
        beta = self.beta[classes]
        total = float(counts @ beta)
        n_supp = float(counts.sum())
        m = len(classes)
        if self.exact:
            total_err = 4 * n_supp * self.tau + 1e-13 * (cand.cost_f + total)
        else:  # the classes' tracked errors plus the rounding of a sum of m terms
            errs = self.err[classes]
            errs_sum = float(counts @ errs)
            total_err = errs_sum + (m + 2) * EPS * (cand.cost_f + total)
        if total < cand.cost_f - total_err:
            return None
        if total <= cand.cost_f + total_err:
            if not self.exact:
                raise _NeedExact
            if self._exact_sum(classes, counts.astype(np.int64)) < cand.cost:
                return None
        uniform = cand.units is None  # every unit is 1
        ratio = beta if uniform else beta / units
        nb = counts * beta
        nu = counts if uniform else counts * units
        # The split between supporters who pay all they have (ratio < x) and the others, by the
        # fixed point x = (cost - sum of the poor's budgets) / (sum of the others' units), started
        # from "nobody is poor": x only grows, so the poor set only grows, and it stops at the
        # unique solution of sum(min(budget, x * u)) = cost -- without sorting the supporters.
        # (If floats say that even everybody's money falls short -- only inside the error bound,
        # since the exact sum was checked above -- the richest stays rich, as a sorted scan would.)
        poor = np.zeros(len(ratio), dtype=bool)
        poor_money = 0.0
        # Sums of ballots x units: integers, exact in floats (`float_exact`), in any order.
        total_units = n_supp if uniform else float(nu.sum())
        rich_units = total_units
        n_poor = 0
        for _ in range(len(ratio) + 1):
            x = (cand.cost_f - poor_money) / rich_units
            new_poor = poor | (ratio < x)  # kept monotone, so at most one pass per supporter class
            count = int(np.count_nonzero(new_poor))
            if count == len(new_poor):
                new_poor[int(np.argmax(ratio))] = False
                count -= 1
            if count == n_poor:  # no new poor class (the poor set only grows)
                break
            poor, n_poor = new_poor, count
            poor_money = float(np.dot(nb, poor))  # rounding: within the (m + 2) * EPS bound
            rich_units = total_units - float(np.dot(nu, poor))
        x = (cand.cost_f - poor_money) / rich_units
        if self.exact:
            err = (4 * n_supp * self.tau + 1e-13 * (cand.cost_f + total)) / rich_units + 1e-13 * abs(x)
            entries = (classes, units, counts.astype(np.int64), beta, poor)
            return x / cand.unit_f, err / cand.unit_f, entries
        # Float-factor mode (docs/decisions/0214-mes-float-factors.md): the exact factor is at
        # least x - dx, dx = (sum of n * error over the classes + rounding) / rich_units, since
        # g(x) = sum n * min(budget, x * u) moves by at most the summed errors and grows with
        # slope >= rich_units below x. It is at most x + dx once `certain_split` has shown that
        # the exact split is this one (then the exact factor is (cost - poor money) / rich_units).
        if poor.all() or (poor_money > cand.cost_f):
            raise _NeedExact  # only near "not affordable", already inside the error bounds
        dx = (errs_sum + (m + 2) * EPS * (cand.cost_f + total)) / rich_units + 4 * EPS * abs(x)
        entries = (classes, units, counts, beta, poor, errs, (x, dx))
        return x / cand.unit_f, dx / cand.unit_f + 4 * EPS * abs(x / cand.unit_f), entries

    def certain_split(self, entries) -> None:
        """Float-factor mode: raise _NeedExact unless every supporter class is farther from
        x * u than its error plus u * dx (and the rounding of the difference), i.e. unless the
        exact poor/rich split is the float one."""
        _, units, _, beta, poor, errs, (x, dx) = entries
        diff = beta - x * units
        margin = errs + units * dx + 4 * EPS * (np.abs(beta) + abs(x) * units)
        if (np.abs(diff) <= margin).any() or not np.array_equal(diff < 0, poor):
            raise _NeedExact

    def exact_factor(self, cand: _Candidate, entries) -> Fraction:
        """The exact x with sum_i min(budget_i, x * u_i) = cost over the supporters."""
        classes, units, counts, beta, poor = entries
        poor = poor.copy()
        for _ in range(100):
            if poor.all():
                poor[int(np.argmax(beta / units))] = False  # the richest pays less than all
            rich = ~poor
            spent = self._exact_sum(classes[poor], counts[poor]) if poor.any() else Fraction(0)
            denominator = int(counts[rich] @ units[rich])
            x = (cand.cost - spent) / denominator
            xf = float(x)
            diff = beta - xf * units
            new_poor = diff < 0
            ambiguous = (np.abs(diff) <= 8 * self.tau + 1e-13 * xf * units).nonzero()[0]
            for idx in ambiguous:
                exact = self.exact_budget(int(classes[idx])) - x * int(units[idx])
                new_poor[idx] = exact < 0 or (exact == 0 and poor[idx])
            if np.array_equal(new_poor, poor):
                return x
            poor = new_poor
        raise ArithmeticError("MES affordability did not converge")  # pragma: no cover

    def ensure_exact(self) -> None:
        """Make every factor so far exact (a float-factor run before an exact round): the exact
        factor of each float round in order, from its recorded split, as the exact mode computes
        it. That needs the float budgets within TAU * b of the exact ones (the exact mode's error
        model); past that (never seen), _NeedFullExact makes the whole run exact."""
        if self.k and float(self.err[: self.k].max()) > self.tau:
            raise _NeedFullExact
        for r in sorted(self.pending):
            cand, entries = self.pending[r]
            classes, units, counts, beta, poor, _, (xf, dx) = entries
            x = self.exact_factor(cand, (classes, units, counts.astype(np.int64), beta, poor))
            if abs(float(x) - xf) > dx + 4 * EPS * abs(xf):  # pragma: no cover - the bound held
                raise _NeedFullExact
            self.factors[r] = x
        self.pending.clear()

    def pay(self, cand: _Candidate, x, entries=None) -> None:
        """Each supporter pays min(budget, x * u): `x` is the exact factor, or in a float round a
        pair (float factor, bound of its error) with the candidate's `entries` (kept to compute
        the exact factor if a later round needs it). A float round raises _NeedExact before
        changing anything if a supporter's new budget is within its error of 0."""
        r = len(self.factors)
        if self.exact:
            xf = float(x)
            dx = EPS * abs(xf)  # float(x) is within half an ulp of x
        else:
            xf, dx = x
        cls = self.class_of[cand.groups]
        if cand.units is None:
            key = cls
            span = 1
        else:
            key = cls * cand.umax + cand.units
            span = cand.umax
        sparse = 4 * len(key) < self.k * span and self.k * span > SPARSE_MIN
        if sparse and span == 1:
            # Fewer supporters than class ids: the distinct ones by the scratch array (see
            # _entries), sorted, rather than a histogram over every class id.
            if len(self.scratch) < self.k:
                self.scratch = np.empty(2 * self.k, dtype=np.int64)
            positions = np.arange(len(key))
            self.scratch[key] = positions
            present = np.sort(key[self.scratch[key] == positions])
        elif sparse:
            present = np.unique(key)
        else:
            present = np.bincount(key, minlength=self.k * span).nonzero()[0]
        classes, units = present // span, (present % span if span > 1 else np.ones(len(present), np.int64))
        old_beta = self.beta[classes]
        new_beta = old_beta - xf * units
        if self.exact:
            ambiguous = np.abs(new_beta) <= 8 * self.tau + 1e-13 * xf * units
            exhausted = new_beta <= 0
            for idx in ambiguous.nonzero()[0]:
                c = int(classes[idx])
                exhausted[idx] = c == 0 or self.exact_budget(c) <= x * int(units[idx])
        if self.tracking:
            # |float - exact| of the new budget: the class's error, u * dx, and the rounding.
            new_err = self.err[classes] + units * dx + 4 * EPS * (np.abs(old_beta) + xf * units)
        if not self.exact:
            exhausted = new_beta <= 0
            if ((np.abs(new_beta) <= new_err) & (classes != 0)).any():
                raise _NeedExact
        if self.exact:
            self.factors.append(x)
        else:
            self.factors.append(xf)
            self.pending[r] = (cand, entries)
        exhausted |= classes == 0
        live = (~exhausted).nonzero()[0]
        new_ids = np.zeros(len(present), dtype=np.int64)
        new_ids[live] = np.arange(self.k, self.k + len(live))
        self._grow(self.k + len(live))
        self.beta[self.k : self.k + len(live)] = new_beta[live]
        self.parent[self.k : self.k + len(live)] = classes[live]
        self.round[self.k : self.k + len(live)] = r
        self.unit[self.k : self.k + len(live)] = units[live]
        if self.tracking:
            self.err[self.k : self.k + len(live)] = new_err[live]
        self.k += len(live)
        if sparse and span == 1:
            self.scratch[present] = new_ids
            self.class_of[cand.groups] = self.scratch[key]
            return
        lookup = np.zeros(present[-1] + 1 if len(present) else 1, dtype=np.int64)
        lookup[present] = new_ids
        self.class_of[cand.groups] = lookup[key]

    def _grow(self, needed: int) -> None:
        cap = len(self.beta)
        if needed <= cap:
            return
        while cap < needed:
            cap *= 2
        for name in ("beta", "parent", "round", "unit", "err"):
            old = getattr(self, name)
            new = np.zeros(cap, dtype=old.dtype)
            new[: self.k] = old[: self.k]
            setattr(self, name, new)
