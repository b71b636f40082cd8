"""Certified jumps for MES add-one: which +1 increments of the per-voter budget give the same outcome.

Two certificates: `certified_steps` (exact affine pieces, below) and `interval_reach` (affine
lower/upper bounds of every budget over [b0, b0 + K] for a few lengths K at once, further down;
it returns the longest length it proves). Both are proofs; neither searches over b (MES is not
monotone in b). docs/decisions/0202-mes-add1-fast.md and 0213-mes-add1-interval-reach.md sum
them up.

pabutools' add-one loop (`voter_budget_increment=1`) runs MES from scratch for b0, b0 + 1,
b0 + 2, ... until an outcome costs more than B (it returns the previous one) or is exhaustive.
On small elections that is thousands of runs whose outcomes are mostly identical. This module
proves, from one run at b0, that the runs at b0 + 1, ..., b0 + k give the same selection (same
projects, same order), so the loop may go straight to b0 + k + 1. Non-monotonicity of MES in b
does not matter: nothing is guessed or searched, the k steps are certified.

The argument (also in docs/decisions/0202-mes-add1-fast.md):

1. Fix the run at b0: its winners w_1..w_R (in order), and for each round the split of the
   winner's supporters into "poor" (pay all they have) and "rich" (pay x_r * u). Replaying that
   same sequence symbolically, every voter's budget is an affine function of b: it starts at b,
   a poor payment sets it to 0, a rich one subtracts x_r(b) * u, and the winner's factor
   x_r(b) = (cost - sum_poor budgets(b)) / sum_rich u is affine too. So is rho_r = x_r / unit.
2. The run at b makes the same decisions as the run at b0 if all of these affine quantities
   ("the fine trace") have the same sign at b as at b0:
   (a) for each round r, each still-possible project j and each class of its supporters:
       budget(b) - rho_r(b) * unit_j * u (is that supporter capped at the winner's rho?);
       for j = w_r this is exactly the poor/rich split, which makes rho_r(b) the true rho of w_r
       (a rich supporter with budget >= rho * u exists, so no smaller rho pays the cost);
   (b) for each round and still-possible project: sum of its supporters' budgets - cost
       (affordable?). A project unaffordable at some round stays so (budgets only decrease);
   (c) for each round and affordable project j != w_r: g_j(rho_r) - cost_j, where
       g_j(rho) = sum min(budget, rho * unit_j * u) is affine once the branches of (a) are fixed.
       g_j(rho_r) < cost_j  <=>  rho_j > rho_r; g_j(rho_r) = cost_j with a supporter not capped
       <=> rho_j = rho_r (a tie, resolved by id exactly as at b0); so w_r is the winner at b too;
   (d) rho_r(b) > 0, and at the final round (b) < 0 for every remaining project (nothing is
       affordable any more, so the run stops at the same place).
   By induction over the rounds the run at b selects w_1..w_R in that order.
3. An affine function with the same sign at b0 and at b1 (both > 0, both < 0, or both = 0, the
   last meaning identically 0) has that sign on the whole interval [b0, b1]. So checking the
   fine trace at b0 and at b1 = b0 + k certifies every integer step in between: their outcomes
   equal b0's, which is neither over budget nor exhaustive, so pabutools would go on past them.

How signs are decided: coefficients are accumulated in floats together with an upper bound of
the absolute values that went into them (the standard gamma_n bound of float summation, with a
large safety factor). A sign is taken from floats only when the value exceeds that error bound;
near zero at b0 it is recomputed exactly (Fractions); at b1 a value near zero simply makes us try
a shorter jump. A sign that is exactly 0 at b0 but not identically 0 means no jump at all.
"""

from __future__ import annotations

from fractions import Fraction
from math import ceil, floor

import numpy as np

EPS = 2.0**-52


class _Flat:
    """All (group, candidate) support pairs of an engine, as flat arrays (built once per engine)."""

    def __init__(self, engine) -> None:
        cands = engine.candidates
        lengths = [len(c.groups) for c in cands]
        self.cand = np.repeat(np.arange(len(cands), dtype=np.int64), lengths)
        self.group = np.concatenate([c.groups for c in cands]) if cands else np.zeros(0, np.int64)
        self.weight = engine.election.weights[self.group].astype(np.float64) if len(self.group) else np.zeros(0)
        self.weight_i = engine.election.weights[self.group] if len(self.group) else np.zeros(0, np.int64)
        self.units = (
            np.concatenate([c.units if c.units is not None else np.ones(len(c.groups), np.int64) for c in cands])
            if cands
            else np.zeros(0, np.int64)
        )
        self.unit_f = np.array([c.unit_f for c in cands])
        self.cost_f = np.array([c.cost_f for c in cands])
        self.longest = max(lengths, default=1)
        self.umax = int(self.units.max()) + 1 if len(self.units) else 2
        self.uniform = bool((self.units == 1).all())  # every satisfaction unit is 1
        self.offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        # sum of n * u over each project's supporters: rho * unit * total bounds what it can raise.
        self.total_u = np.bincount(self.cand, weights=self.weight * self.units, minlength=len(cands))

    def pairs_of(self, projects) -> np.ndarray:
        spans = [np.arange(self.offsets[j], self.offsets[j + 1]) for j in projects]
        return np.concatenate(spans) if spans else np.zeros(0, dtype=np.int64)


class _Classes:
    """Voter classes with affine budgets P*b + Q (exact via the chain of factors, and in floats)."""

    def __init__(self, n_groups: int) -> None:
        self.parent = np.zeros(2, dtype=np.int64)
        self.round = np.zeros(2, dtype=np.int64)
        self.unit = np.zeros(2, dtype=np.int64)
        self.P = np.array([0.0, 1.0])
        self.Q = np.zeros(2)
        self.AP = np.array([0.0, 1.0])
        self.AQ = np.zeros(2)
        self.factors: list[tuple[Fraction, Fraction]] = []  # affine x_r = p*b + q
        self.class_of = np.ones(n_groups, dtype=np.int64)
        self._exact: dict[int, tuple[Fraction, Fraction]] = {0: (Fraction(0), Fraction(0))}

    def arrays(self):
        return self.P, self.Q, self.AP, self.AQ

    def add(self, parents: np.ndarray, units: np.ndarray, r: int, xpf: float, xqf: float) -> int:
        """New classes: `parents` after paying x_r * units. Returns the id of the first one."""
        first = len(self.P)
        self.parent = np.concatenate([self.parent, parents])
        self.round = np.concatenate([self.round, np.full(len(parents), r, dtype=np.int64)])
        self.unit = np.concatenate([self.unit, units])
        self.P = np.concatenate([self.P, self.P[parents] - xpf * units])
        self.Q = np.concatenate([self.Q, self.Q[parents] - xqf * units])
        self.AP = np.concatenate([self.AP, self.AP[parents] + abs(xpf) * units])
        self.AQ = np.concatenate([self.AQ, self.AQ[parents] + abs(xqf) * units])
        return first

    def exact(self, c: int) -> tuple[Fraction, Fraction]:
        value = self._exact.get(c)
        if value is None:
            p, q = Fraction(1), Fraction(0)
            node = c
            while node > 1:
                fp, fq = self.factors[int(self.round[node])]
                u = int(self.unit[node])
                p -= fp * u
                q -= fq * u
                node = int(self.parent[node])
            value = (p, q)
            self._exact[c] = value
        return value

    def exact_sum(self, classes: np.ndarray, counts: np.ndarray) -> tuple[Fraction, Fraction]:
        """Exact affine sum over classes of count * budget (class 0 counts nothing)."""
        parent, rounds, units = self.parent, self.round, self.unit
        keep = classes != 0
        cur, weight = classes[keep], counts[keep].astype(np.int64)
        p = Fraction(int(weight.sum()))
        q = Fraction(0)
        r = len(self.factors)
        if r:
            coef = np.zeros(r, dtype=np.int64)
            while True:
                keep = cur > 1
                if not keep.any():
                    break
                cur, weight = cur[keep], weight[keep]
                np.add.at(coef, rounds[cur], weight * units[cur])
                cur = parent[cur]
            for k in range(r):
                if coef[k]:
                    fp, fq = self.factors[k]
                    p -= fp * int(coef[k])
                    q -= fq * int(coef[k])
        return p, q


def _sign(x) -> int:
    return (x > 0) - (x < 0)


def certified_steps(engine, b0: Fraction, winners: list[int], factors: list[Fraction], limit: int) -> int:
    """The largest k <= limit (0 if none) such that MES gives the same selection for b0 + 1 .. b0 + k.

    `winners` are candidate positions in selection order and `factors` their exact payment factors
    x_r at b0, as computed by the run at b0 (which must have ended because nothing was affordable).
    """
    if limit < 1:
        return 0
    flat = getattr(engine, "_flat", None)
    if flat is None:
        flat = engine._flat = _Flat(engine)
    n_groups = engine.n_groups
    cands = engine.candidates
    R = len(winners)
    gamma = 64 * (flat.longest + 4 * R + 16) * EPS
    b0f = float(b0)
    cls = _Classes(n_groups)
    alive = np.ones(len(cands), dtype=bool)
    # Collected constraints: value = P*b + Q, error bound gamma*(AP*|b| + AQ), sign at b0.
    out_P: list[np.ndarray] = []
    out_Q: list[np.ndarray] = []
    out_A: list[np.ndarray] = []
    out_B: list[np.ndarray] = []
    out_S: list[np.ndarray] = []

    def keep(P, Q, AP, AQ, S):
        nz = S != 0
        out_P.append(P[nz])
        out_Q.append(Q[nz])
        out_A.append(AP[nz])
        out_B.append(AQ[nz])
        out_S.append(S[nz])

    def signs_at_b0(P, Q, AP, AQ, exact_of, *, strict=True):
        """Exact signs at b0. With `strict`, None when some value is 0 at b0 without being
        identically 0 (no interval around b0 keeps it 0); otherwise such a value gets sign 0."""
        val = P * b0f + Q
        err = gamma * (AP * abs(b0f) + AQ) + 1e-300
        S = np.sign(val).astype(np.int64)
        near = np.flatnonzero(np.abs(val) <= err)
        for i in near:
            p, q = exact_of(int(i))
            v = p * b0 + q
            if v == 0 and p != 0 and strict:
                return None
            S[i] = _sign(v)
        return S

    for r in range(R + 1):
        Pc, Qc, APc, AQc = cls.arrays()
        on = alive[flat.cand]
        pc = flat.cand[on]
        pg = flat.group[on]
        pw = flat.weight[on]
        pwi = flat.weight_i[on]
        pu = flat.units[on]
        pcls = cls.class_of[pg]
        n_c = len(cands)
        # (b) affordability of every alive project.
        sP = np.bincount(pc, weights=pw * Pc[pcls], minlength=n_c)
        sQ = np.bincount(pc, weights=pw * Qc[pcls], minlength=n_c) - flat.cost_f
        sAP = np.bincount(pc, weights=pw * APc[pcls], minlength=n_c)
        sAQ = np.bincount(pc, weights=pw * AQc[pcls], minlength=n_c) + flat.cost_f
        idx = np.flatnonzero(alive)

        def exact_afford(i, idx=idx, pc=pc, pcls=pcls, pwi=pwi):
            j = int(idx[i])
            sel = pc == j
            p, q = cls.exact_sum(pcls[sel], pwi[sel])
            return p, q - cands[j].cost

        Sb = signs_at_b0(sP[idx], sQ[idx], sAP[idx], sAQ[idx], exact_afford, strict=False)
        # Unaffordable now (Sb < 0) must stay so; affordable ones need nothing here (should one
        # become unaffordable at b, its rho is infinite, which keeps it a loser).
        gone = Sb < 0
        keep(sP[idx][gone], sQ[idx][gone], sAP[idx][gone], sAQ[idx][gone], Sb[gone])
        if r == R:
            if (Sb >= 0).any():  # the run at b0 did not stop for lack of money: no certificate
                return 0
            break
        w = winners[r]
        x0 = factors[r]
        cand = cands[w]
        # The winner's split at b0: poor iff budget < x0 * u (exactly).
        wsel = pc == w
        wcls, wu, wn = pcls[wsel], pu[wsel], pwi[wsel]
        x0f = float(x0)
        diff = Pc[wcls] * b0f + Qc[wcls] - x0f * wu
        derr = gamma * (APc[wcls] * b0f + AQc[wcls] + x0f * wu) + 1e-300
        poor = diff < 0
        for i in np.flatnonzero(np.abs(diff) <= derr):
            p, q = cls.exact(int(wcls[i]))
            poor[i] = p * b0 + q < x0 * int(wu[i])
        poor |= wcls == 0
        rich = ~poor
        denominator = int((wn[rich] * wu[rich]).sum())
        if denominator == 0:
            return 0
        pp, pq = cls.exact_sum(wcls[poor], wn[poor])
        xp = -pp / denominator
        xq = (cand.cost - pq) / denominator
        if xp * b0 + xq != x0:  # pragma: no cover - the replay must agree with the run
            return 0
        rp, rq = xp / cand.unit, xq / cand.unit
        rpf, rqf = float(rp), float(rq)
        # (d) rho_r > 0 on the interval.
        keep(
            np.array([rpf]),
            np.array([rqf]),
            np.array([abs(rpf)]),
            np.array([abs(rqf)]),
            np.array([_sign(rp * b0 + rq)]),
        )
        # (a) branches of every supporter (class != 0) of every alive project at rho_r.
        live = pcls != 0
        a_c, a_cls, a_u, a_w, a_wi = pc[live], pcls[live], pu[live], pw[live], pwi[live]
        scale = flat.unit_f[a_c] * a_u
        aP = Pc[a_cls] - rpf * scale
        aQ = Qc[a_cls] - rqf * scale
        aAP = APc[a_cls] + abs(rpf) * scale
        aAQ = AQc[a_cls] + abs(rqf) * scale

        def exact_branch(i, a_c=a_c, a_cls=a_cls, a_u=a_u, rp=rp, rq=rq):
            p, q = cls.exact(int(a_cls[i]))
            s = cands[int(a_c[i])].unit * int(a_u[i])
            return p - rp * s, q - rq * s

        Sa = signs_at_b0(aP, aQ, aAP, aAQ, exact_branch, strict=False)
        # (c) g_j(rho_r) - cost_j for affordable projects other than the winner.
        capped = Sa <= 0
        gP = np.where(capped, Pc[a_cls], rpf * scale) * a_w
        gQ = np.where(capped, Qc[a_cls], rqf * scale) * a_w
        gAP = np.where(capped, APc[a_cls], abs(rpf) * scale) * a_w
        gAQ = np.where(capped, AQc[a_cls], abs(rqf) * scale) * a_w
        cP = np.bincount(a_c, weights=gP, minlength=n_c)
        cQ = np.bincount(a_c, weights=gQ, minlength=n_c) - flat.cost_f
        cAP = np.bincount(a_c, weights=gAP, minlength=n_c)
        cAQ = np.bincount(a_c, weights=gAQ, minlength=n_c) + flat.cost_f
        affordable = idx[Sb >= 0]
        others = affordable[affordable != w]

        def exact_g(i, others=others, a_c=a_c, a_cls=a_cls, a_u=a_u, a_wi=a_wi, capped=capped, rp=rp, rq=rq):
            j = int(others[i])
            sel = a_c == j
            cap = capped[sel]
            p, q = cls.exact_sum(a_cls[sel][cap], a_wi[sel][cap])
            units = int((a_wi[sel][~cap] * a_u[sel][~cap]).sum()) * cands[j].unit
            return p + rp * units, q + rq * units - cands[j].cost

        Sc = signs_at_b0(cP[others], cQ[others], cAP[others], cAQ[others], exact_g, strict=False)
        # With the branches fixed as at b0, the affine U_j >= g_j(rho_r) - cost_j everywhere (a
        # sum of min() is at most any choice of its terms) and U_j(b0) = g_j(rho_r(b0)) - cost_j.
        # U_j < 0 at b0 and b1 keeps rho_j > rho_r on the interval, whatever the branches do.
        # A tie at b0 (U_j = 0, j after w in id order) must stay an exact tie: then U_j must be
        # identically 0 and j's branches must keep their signs (a supporter not capped).
        if (Sc > 0).any():  # pragma: no cover - the winner would not be the winner
            return 0
        keep(cP[others], cQ[others], cAP[others], cAQ[others], Sc)
        if (Sc == 0).any():
            ties = np.zeros(n_c, dtype=bool)
            ties[others[Sc == 0]] = True
            for i in np.flatnonzero(Sc == 0):
                p, q = exact_g(int(i))
                if p != 0 or q != 0:
                    return 0
        else:
            ties = np.zeros(n_c, dtype=bool)
        # The winner's split, and the branches of tied projects, must keep their signs.
        strict_pairs = (a_c == w) | ties[a_c]
        sel = np.flatnonzero(strict_pairs)
        S_strict = signs_at_b0(aP[sel], aQ[sel], aAP[sel], aAQ[sel], lambda i, sel=sel: exact_branch(int(sel[i])))
        if S_strict is None:
            return 0
        keep(aP[sel], aQ[sel], aAP[sel], aAQ[sel], S_strict)
        # Pay: poor supporters are exhausted, rich ones form new classes.
        cls.factors.append((xp, xq))
        xpf, xqf = float(xp), float(xq)
        groups = pg[wsel]
        new_class = np.zeros(len(groups), dtype=np.int64)
        umax = int(wu.max()) + 1 if len(wu) else 1
        key = wcls * umax + wu
        ukeys, inverse = np.unique(key[rich], return_inverse=True)
        first = cls.add(ukeys // umax, ukeys % umax, r, xpf, xqf)
        new_class[rich] = first + inverse.reshape(-1)
        cls.class_of[groups] = new_class
        dead = idx[Sb < 0]
        alive[dead] = False
        alive[w] = False

    P = np.concatenate(out_P)
    Q = np.concatenate(out_Q)
    AP = np.concatenate(out_A)
    AQ = np.concatenate(out_B)
    S = np.concatenate(out_S)
    # First crossing after b0 (float estimate), then a certified check at b0 + k.
    moving = (P * S) < 0
    if moving.any():
        t = -Q[moving] / P[moving]
        k = min(limit, max(0, ceil(float(t.min()) - b0f) - 1))
    else:
        k = limit
    while k >= 1:
        b1 = b0f + k
        val = P * b1 + Q
        err = gamma * (AP * abs(b1) + AQ) + 1e-300
        if ((np.sign(val) == S) & (np.abs(val) > err)).all():
            return k
        k = k - 1 if k <= 4 else floor(k * 0.75)
    return 0


# ------------------------------------------------------------------ interval certificate
SLACK = 1e-9  # relative slack that keeps float bounds valid (float errors here are ~1e-15)
DUST = 1e-3  # interval_reach merges the classes left with at most this share of b (see there)


def _factors(budgets: np.ndarray, units: np.ndarray, counts: np.ndarray, cost: float) -> np.ndarray:
    """MES payment factor x with sum counts * min(budget, x * unit) = cost, for every column of
    `budgets` (a row per supporter class) at once; inf where the column cannot pay the cost.

    By the monotone fixed point of `mes._RunState.evaluate`, per column: from "nobody pays all
    they have", x = (cost - money of those who do) / (units of the others) only grows, so the set
    of those who pay all they have only grows (kept monotone against rounding, so at most one
    pass per row), and it stops at the solution; no sort. A column where floats would make every
    row pay all it has (money equal to the cost, up to rounding) gets inf: no bound, no
    certificate for that length."""
    ratio = budgets / units[:, None]
    money = counts[:, None] * budgets
    weight = counts * units
    total_units = float(weight.sum())
    x = np.full(budgets.shape[1], cost / total_units)
    poor = np.zeros(budgets.shape, dtype=bool)
    rich_units = np.full(budgets.shape[1], total_units)
    n_poor = 0
    for _ in range(len(budgets) + 1):
        poor = poor | (ratio < x[None, :])
        count = int(np.count_nonzero(poor))  # the set only grows: same count, same set
        if count == n_poor:
            break
        n_poor = count
        rich_units = total_units - weight @ poor
        # (rich_units is a sum of ballots x units: an integer, >= 1 unless it is 0 -- inf below.)
        x = (cost - (money * poor).sum(axis=0)) / np.maximum(rich_units, 1.0)
    x[(rich_units <= 0) | (counts @ budgets < cost)] = np.inf
    return x


def _both(cond: np.ndarray) -> np.ndarray:
    """(..., 2K) per bound column -> (..., K) per length: true at both ends."""
    return cond[..., 0::2] & cond[..., 1::2]


def _reach(v0: np.ndarray, v1: np.ndarray, limit: np.ndarray, span: np.ndarray) -> np.ndarray:
    """Largest integer k in [0, span] with v(b0 + k) < limit, for v the affine function with the
    values v0 at b0 and v1 at b0 + span; -1 where v0 >= limit already. The rounding of the
    crossing point is covered by moving the limit down by a few ulps of the values involved."""
    limit = limit - 16 * EPS * (np.abs(v0) + np.abs(v1) + np.abs(limit))
    slope = (v1 - v0) / span
    rising = slope > 0
    crossing = (limit - v0) / np.where(rising, slope, 1.0)
    k = np.where(rising, np.ceil(np.minimum(crossing, span + 1.0)) - 1, span).astype(np.int64)
    return np.where(v0 < limit, np.minimum(np.maximum(k, 0), span), -1)


def _rows(buffer: np.ndarray, used: int, size: int, cols=None) -> np.ndarray:
    """A buffer of `size` rows holding the first `used` rows of `buffer` (only `cols` if given)."""
    out = np.empty((size, buffer.shape[1] if cols is None else int(np.count_nonzero(cols))))
    out[:used] = buffer[:used] if cols is None else buffer[:used, cols]
    return out


def interval_reach(engine, b0: Fraction, winners: list[int], spans, factors=None) -> int:
    """A length k such that MES selects `winners` (in this order) for every per-voter budget in
    [b0, b0 + k] (0: nothing certified). One check per length K in `spans`, all at once.

    This certificate survives changes of the winners' poor/rich splits, which end the affine
    pieces of `certified_steps` after a few units on larger elections. For b in I = [b0, b0 + K]
    every class budget is kept between two affine functions lo(b) <= budget(b) <= hi(b), each
    stored by its values at b0 and b0 + K (an affine function is its two end values; "< c at
    both ends" means "< c on I"). With x(.) the winner's factor as a function of the budgets
    (decreasing in every budget, and the maximum over splits S of the affine x_S, hence convex):
      - x(budget(b)) >= x_S0(hi(b)) for a split S0 (the one seen at b0; any split would do):
        affine, a lower bound xlo;
      - x(budget(b)) <= x(lo(b)) <= its chord over I (convex in b): an upper bound xhi;
      - a loser j: g_j(rho, budgets) = sum n * min(budget, rho * unit_j * u) grows with rho and
        the budgets, and is at most any fixed choice of the min's terms (affine in b); if that
        choice, evaluated with xhi and hi, is below cost_j on [b0, b0 + k], rho_j > rho_w there;
      - new budgets max(0, budget - x * u) lie between lo - xhi * u (or 0) and the chord of the
        convex max(0, hi - xlo * u);
      - a dropped project has sum n * hi < cost, the winner sum n * lo >= cost at both ends;
      - after the last winner, every remaining project has sum n * hi < cost.
    The bounds built for I hold on every [b0, b0 + k] inside it, and a condition "affine < c" holds
    on [b0, b0 + k] iff it holds at both ends: so each condition yields the largest such k (where
    its affine function crosses c), a project needs "dropped" or "loses" up to its k, and the
    certified length is the smallest of them -- K when every condition holds on all of I. (A
    project counts as dropped in later rounds only if it is dropped over the whole certified
    length.) Each K has its own bounds (a pair of columns of one matrix with a row per class), so
    a round costs about the same numpy calls for several lengths as for one; the answer is the
    longest length any of them certifies. Floats are used with a relative slack far above their
    rounding errors, always widening the bounds; every check is strict, so ties at b0 are never
    certified here (`certified_steps` handles identical ties)."""
    return max(0, interval_span(engine, b0, winners, spans, factors))


def interval_span(engine, b0: Fraction, winners: list[int], spans, factors=None, *, tiles: bool = False) -> int:
    """`interval_reach`, but -1 when not even b0 itself is certified (0: b0 alone is). It needs
    no run at b0: `factors` (the run's factors at b0) only choose the split of the lower bound
    of each winner's factor, and any split gives a valid bound; without them the split is the
    one of the upper bounds of the budgets at b0. So after a certificate for [b, b + k], one at
    b + k + 1 with the same winners may go on without running MES there.

    With `tiles`, the lengths K_1, K_2, ... are consecutive intervals [b0, b0 + K_1],
    [b0 + K_1 + 1, b0 + K_1 + 1 + K_2], ... instead of intervals all starting at b0: each gets
    bounds of its own (as tight as those of a short interval) and the answer is how far the
    certified tiles reach without a gap (a tile certified in full, then the next, ...; the
    first one not certified in full adds what it certifies from its own start). The split of
    each tile's lower bound is the one at its start by the upper bound of the factor there."""
    flat = getattr(engine, "_flat", None)
    if flat is None:
        flat = engine._flat = _Flat(engine)
    cands = engine.candidates
    n_c = len(cands)
    if tiles:
        spans = np.array([int(k) for k in spans if k >= 1], dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(spans + 1)[:-1]]).astype(np.float64)
    else:
        spans = np.array(sorted({int(k) for k in spans if k >= 1}), dtype=np.int64)
        offsets = np.zeros(len(spans))
    if not len(spans):
        return -1
    all_spans, all_offsets = spans, offsets
    column = np.arange(len(spans))  # the tile or length each column pair stands for
    b0f = float(b0)
    ends = np.repeat(b0f + offsets, 2)
    ends[1::2] += spans
    slack = SLACK * np.repeat(ends[1::2], 2)  # SLACK * the right end, per column
    # Rows: classes, 0 is "no money" (exactly), 1 the untouched budget b. Columns: (b0, b0 + K)
    # for every length K still in the running.
    # Class rows live in buffers that grow by doubling (no copy of every row per round); `n_cls`
    # rows are in use.
    lo = np.empty((256, len(ends)))
    hi = np.empty((256, len(ends)))
    lo[0], lo[1] = 0.0, ends * (1 - SLACK)
    hi[0], hi[1] = 0.0, ends * (1 + SLACK)
    n_cls = 2
    class_of = np.ones(engine.n_groups, dtype=np.int64)
    alive = np.ones((n_c, len(spans)), dtype=bool)  # per project and length
    t = spans.copy()  # the length each K certifies so far
    limit = flat.cost_f * (1 - SLACK)
    reach = flat.unit_f * flat.total_u
    umax = flat.umax
    uniform = flat.uniform

    def entries(projects: np.ndarray):
        """The supporters of `projects` (sorted positions) grouped by (project, class, unit):
        the project of each entry, where each project's entries start, and the entries' class,
        unit and count (a histogram over the key space, or a sort when that space is large)."""
        # The pairs of `projects`: their contiguous ranges of the flat arrays (O(their pairs)).
        lengths = flat.offsets[projects + 1] - flat.offsets[projects]
        local = np.repeat(np.arange(len(projects)), lengths)
        sel = np.arange(len(local)) + np.repeat(flat.offsets[projects] - (np.cumsum(lengths) - lengths), lengths)
        key = local * n_cls + class_of[flat.group[sel]]
        if not uniform:
            key = key * umax + flat.units[sel]
        space = len(projects) * n_cls * (1 if uniform else umax)
        if space <= 8 * len(key) + (1 << 14):
            counts = np.bincount(key, weights=flat.weight[sel], minlength=space)
            present = counts.nonzero()[0]
            counts = counts[present]
        else:
            present, inverse = np.unique(key, return_inverse=True)
            counts = np.bincount(inverse.reshape(-1), weights=flat.weight[sel], minlength=len(present))
        if uniform:
            ecls, eunit = present % n_cls, np.ones(len(present))
            proj = projects[present // n_cls]
        else:
            ecls, eunit = (present // umax) % n_cls, (present % umax).astype(np.float64)
            proj = projects[present // (n_cls * umax)]
        new_project = np.empty(len(proj), dtype=bool)
        new_project[:1] = True
        np.not_equal(proj[1:], proj[:-1], out=new_project[1:])
        starts = new_project.nonzero()[0]
        return proj, starts, ecls, eunit, counts

    def lengths_below(values: np.ndarray, counts: np.ndarray, starts: np.ndarray, lim: np.ndarray):
        sums = np.add.reduceat(values * counts[:, None], starts, axis=0)
        return _reach(sums[:, 0::2], sums[:, 1::2], lim, spans[None, :])

    def keep_columns(keep: np.ndarray) -> np.ndarray:
        nonlocal spans, t, slack, ends, lo, hi, alive, column, offsets
        cols = np.repeat(keep, 2)
        spans, t, alive = spans[keep], t[keep], alive[:, keep]
        column, offsets = column[keep], offsets[keep]
        slack, ends = slack[cols], ends[cols]
        lo, hi = _rows(lo, n_cls, len(lo), cols), _rows(hi, n_cls, len(hi), cols)
        return cols

    for r in range(len(winners) + 1):
        if r == len(winners):
            # Nothing left is affordable.
            projects = alive.any(axis=1).nonzero()[0]
            if len(projects):
                proj, starts, ecls, _, counts = entries(projects)
                pos = proj[starts]
                k = lengths_below(hi[ecls], counts, starts, limit[pos, None])
                t = np.minimum(t, np.where(alive[pos], k, spans[None, :]).min(axis=0))
            if not tiles:
                return int(t.max())
            reached = np.full(len(all_spans), -1, dtype=np.int64)
            reached[column] = t
            reach = -1
            for offset, length, got in zip(all_offsets, all_spans, reached, strict=True):
                if got >= 0:
                    reach = int(offset) + int(got)
                if got < length:
                    break
            return reach
        w = winners[r]
        cand = cands[w]
        # The winner's supporters (a contiguous range of the flat arrays: views, no copies) by
        # (class, unit): they also become the new classes below.
        w_from, w_to = flat.offsets[w], flat.offsets[w + 1]
        wgroups, wweight = flat.group[w_from:w_to], flat.weight[w_from:w_to]
        wkey = class_of[wgroups] * umax + flat.units[w_from:w_to]
        space = n_cls * umax
        if space <= 8 * len(wkey) + (1 << 14):  # distinct keys by a histogram, not a sort
            wn = np.bincount(wkey, weights=wweight, minlength=space)
            wkeys = wn.nonzero()[0]
            wn = wn[wkeys]
            lookup = np.zeros(space, dtype=np.int64)
            lookup[wkeys] = np.arange(len(wkeys))
            winverse = lookup[wkey]
        else:
            wkeys, winverse = np.unique(wkey, return_inverse=True)
            winverse = winverse.reshape(-1)
            wn = np.bincount(winverse, weights=wweight, minlength=len(wkeys))
        wc, wu = wkeys // umax, (wkeys % umax).astype(np.float64)
        cost = cand.cost_f
        # Upper bound: the chord of x(lo(b)); a length whose lo cannot pay the cost fails.
        hw, lw = hi[wc], lo[wc]
        xhi = _factors(lw, wu, wn, cost)
        fine = _both(np.isfinite(xhi))
        if not fine.any():
            return -1
        if not fine.all():
            cols = keep_columns(fine)
            xhi, hw, lw = xhi[cols], hw[:, cols], lw[:, cols]
        # Lower bound: x_S0(hi(b)), S0 the split at b0 (by the run's exact factor when given).
        if tiles:  # per tile: the split at its start, by the upper bound of the factor there
            x_start = xhi[0::2] if factors is None else np.where(offsets == 0, float(factors[r]), xhi[0::2])
            poor = np.repeat(hw[:, 0::2] < x_start[None, :] * wu[:, None], 2, axis=1)
            denominator = (wn * wu) @ ~poor
            if (denominator <= 0).any():
                return -1
            xlo = (cost - (wn[:, None] * hw * poor).sum(axis=0)) / denominator
        else:
            x_at_b0 = float(factors[r]) if factors is not None else float(_factors(hw[:, :1], wu, wn, cost)[0])
            poor = hw[:, 0] < x_at_b0 * wu
            denominator = float(wn[~poor] @ wu[~poor])
            if denominator <= 0:
                return -1
            xlo = (cost - wn[poor] @ hw[poor]) / denominator
        # Float error of (cost - a sum of m terms) / (an integer >= 1): below m * eps * (cost +
        # sum of |terms|); widened a hundredfold, plus the relative slack.
        magnitude = np.abs(hw) + np.abs(lw)
        top = np.maximum(magnitude[:, 0::2], magnitude[:, 1::2])
        spread = np.repeat(100 * (len(wkey) + 4) * EPS * (cost + wn @ top), 2)
        xlo = xlo - SLACK * np.abs(xlo) - spread
        xhi = xhi + SLACK * np.abs(xhi) + spread
        rho_hi = xhi / cand.unit_f
        # Every other project still in play must be dropped or lose to w. Those whose supporters
        # could not raise the cost even paying rho_hi each (sum n * u * rho_hi * unit < cost) lose
        # on all of I without looking at budgets; the others are checked with the bounds.
        others = alive.copy()
        others[w] = False
        others &= ~_both(rho_hi[None, :] * reach[:, None] < limit[:, None])
        projects = others.any(axis=1).nonzero()[0]
        gone = np.zeros_like(alive)
        if len(projects):
            proj, starts, ecls, eunit, counts = entries(projects)
            pos = proj[starts]
            cap = hi[ecls]
            pay = rho_hi[None, :] * (flat.unit_f[proj] * eunit)[:, None]
            # Dropped: sum n * hi < cost. Loses: the smaller term of each min() on average over I,
            # with rho_hi, below cost. (In place: these are the largest arrays of a round, and
            # fresh ones of more than 128 KiB cost page faults.)
            capped = np.repeat(cap[:, 0::2] + cap[:, 1::2] <= pay[:, 0::2] + pay[:, 1::2], 2, axis=1)
            np.copyto(pay, cap, where=capped)
            cap *= counts[:, None]
            pay *= counts[:, None]
            sums = np.concatenate([np.add.reduceat(cap, starts, axis=0), np.add.reduceat(pay, starts, axis=0)], axis=1)
            k = _reach(sums[:, 0::2], sums[:, 1::2], limit[pos, None], np.concatenate([spans, spans])[None, :])
            k_drop, k_lose = k[:, : len(spans)], k[:, len(spans) :]
            mine = others[pos]
            t = np.minimum(t, np.where(mine, np.maximum(k_drop, k_lose), spans[None, :]).min(axis=0))
            gone[pos] = mine & (k_drop >= t[None, :])
            # A column with t = 0 certifies its first step (each condition holds there) and is
            # kept: with tiles that step extends the reach (0216). Only t = -1 drops a column.
            fine = t >= 0
            if not fine.any():
                return -1
            if not fine.all():
                cols = keep_columns(fine)
                gone, xlo, xhi = gone[:, fine], xlo[cols], xhi[cols]
                hw, lw = hw[:, cols], lw[:, cols]
        # Pay: the winner's supporters get new classes (one per old class and unit).
        new_lo = lw - xhi[None, :] * wu[:, None]
        new_lo[np.repeat(new_lo[:, 0::2] + new_lo[:, 1::2] < 0, 2, axis=1)] = 0.0
        new_hi = np.maximum(0.0, hw - xlo[None, :] * wu[:, None])
        widen = slack[None, :] + SLACK * (np.abs(xhi) + np.abs(xlo))[None, :] * wu[:, None]
        new_lo -= widen
        new_hi += widen
        first = n_cls
        if first + len(new_lo) + 1 > len(lo):
            size = max(2 * len(lo), first + len(new_lo) + 1)
            lo, hi = _rows(lo, n_cls, size), _rows(hi, n_cls, size)
        # Classes that may have paid everything (lo <= 0) and keep at most DUST of the budget
        # are merged into one class bounded by 0 and their largest hi: a valid, slightly looser
        # bound that keeps the class count (and the work of later rounds) down.
        dust = (new_lo <= 0).all(axis=1) & (new_hi <= DUST * ends[None, :]).all(axis=1)
        if dust.sum() > 1:
            rows = (~dust).nonzero()[0]
            renumber = np.full(len(dust), len(rows), dtype=np.int64)
            renumber[rows] = np.arange(len(rows))
            m = len(rows)
            lo[first : first + m] = new_lo[rows]
            hi[first : first + m] = new_hi[rows]
            lo[first + m] = 0.0
            hi[first + m] = new_hi[dust].max(axis=0)
            n_cls += m + 1
            class_of[wgroups] = first + renumber[winverse]
        else:
            lo[first : first + len(new_lo)] = new_lo
            hi[first : first + len(new_hi)] = new_hi
            n_cls += len(new_lo)
            class_of[wgroups] = first + winverse
        alive &= ~gone
        alive[w] = False
    return -1  # pragma: no cover


def interval_certified(engine, b0: Fraction, winners: list[int], k: int, factors=None) -> bool:
    """True if `interval_reach` certifies the whole of [b0, b0 + k]."""
    return interval_reach(engine, b0, winners, [k], factors) >= k
