"""Participatory-budgeting outcome rules with pabutools' semantics (see docs PB-RULES and 0201).

    outcome(instance, profile, "mes-add1-greedy")            -> Outcome(selected=[ids...], cost=...)
    outcome(instance, profile, "greedy", gender_floor=(Fraction(3, 10), None))

Rule names (the CLI's `--rule`), for approval / choose-1 ballots and for cumulative ballots:
- greedy: greedy by number of approvals (Cost_Sat) / by total points (Additive_Cardinal_Sat);
- mes: Method of Equal Shares with Cost_Sat (both);
- mes-card: MES with Cardinality_Sat / with Additive_Cardinal_Sat;
- mes-add1-greedy: MES Cost_Sat with +1 per-voter budget increments, then greedy (Cost_Sat)
  completion -- the pipeline Wieliczka, Świecie and Assen used;
- phragmen: sequential Phragmén (approval only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from tadafur.budgets.pb import Instance, Profile
from tadafur.budgets.rules.election import (
    CARDINALITY,
    COST,
    POINTS,
    Election,
    RuleNotApplicable,
    compile_election,
)
from tadafur.budgets.rules.greedy import greedy
from tadafur.budgets.rules.mes import MesEngine
from tadafur.budgets.rules.phragmen import sequential_phragmen

RULES = ("greedy", "mes", "mes-card", "mes-add1-greedy", "phragmen")

__all__ = [
    "RULES",
    "Election",
    "Outcome",
    "RuleNotApplicable",
    "compile_election",
    "outcome",
    "select",
]


@dataclass
class Outcome:
    rule: str
    selected: list[str]  # project ids, in the order the rule returns them
    cost: Fraction
    marked_cost: Fraction = Fraction(0)  # spent on projects with gender marker >= 1
    floor_amount: Fraction | None = None  # the gender floor, in money, when one was asked
    details: dict = field(default_factory=dict)

    @property
    def floor_met(self) -> bool | None:
        return None if self.floor_amount is None else self.marked_cost >= self.floor_amount


def select(election: Election, rule: str) -> list[int]:
    """Indices of the selected projects, in the order pabutools returns them."""
    if election.vote_type not in ("approval", "choose-1", "cumulative"):
        raise RuleNotApplicable(f"the rules handle approval, choose-1 and cumulative ballots, not {election.vote_type}")
    cumulative = election.is_cumulative
    if rule == "greedy":
        return greedy(election, sat=POINTS if cumulative else COST)
    if rule in ("mes", "mes-card"):
        sat = COST if rule == "mes" else (POINTS if cumulative else CARDINALITY)
        if election.n_ballots == 0:
            return []
        return MesEngine(election, sat=sat).run(Fraction(election.budget, election.n_ballots))
    if rule == "mes-add1-greedy":
        first = MesEngine(election, sat=COST).run_add_one()
        return greedy(election, sat=COST, initial=first)
    if rule == "phragmen":
        return sequential_phragmen(election)
    raise ValueError(f"unknown rule {rule!r}; choose one of {', '.join(RULES)}")


def select_with_gender_floor(election: Election, rule: str, floor: Fraction) -> list[int]:
    """The rule with a reserved share for gender-marked projects (docs/decisions/0201-gender-floor.md).

    Stage 1 runs the same rule on the marked projects only (marker >= 1), all voters, with
    budget floor; stage 2 runs it on every project not yet funded with what is left of the
    envelope. The result is stage 1's selection followed by stage 2's (Phragmén: sorted by id).
    """
    marked = [j for j, m in enumerate(election.markers) if m is not None and m >= 1]
    if floor <= 0 or not marked:
        return select(election, rule)
    floor = min(floor, election.budget)
    first = [marked[j] for j in select(election.restricted(marked, floor), rule)]
    spent = sum((election.costs[j] for j in first), Fraction(0))
    rest = [j for j in range(election.n_projects) if j not in set(first)]
    second_election = election.restricted(rest, election.budget - spent)
    second = [rest[j] for j in select(second_election, rule)]
    chosen = first + second
    return sorted(chosen) if rule == "phragmen" else chosen


def outcome(
    instance: Instance,
    profile: Profile,
    rule: str,
    *,
    gender_floor: Fraction | float | str | None = None,
    election: Election | None = None,
) -> Outcome:
    """Run `rule` on an election read from `.pb` (or built by the platform).

    `gender_floor` is the share of the envelope (0..1) reserved for projects whose
    `gender_marker` is 1 or 2."""
    election = election or compile_election(instance, profile)
    floor_amount = None
    if gender_floor is not None:
        share = Fraction(str(gender_floor)) if isinstance(gender_floor, float) else Fraction(gender_floor)
        if not 0 <= share <= 1:
            raise ValueError("the gender floor is a share of the envelope between 0 and 1")
        floor_amount = share * election.budget
        chosen = select_with_gender_floor(election, rule, floor_amount)
    else:
        chosen = select(election, rule)
    cost = sum((election.costs[j] for j in chosen), Fraction(0))
    marked_cost = sum((election.costs[j] for j in chosen if (election.markers[j] or 0) >= 1), Fraction(0))
    return Outcome(
        rule=rule,
        selected=[election.ids[j] for j in chosen],
        cost=cost,
        marked_cost=marked_cost,
        floor_amount=floor_amount,
    )
