"""District sub-envelopes in the outcome (docs/decisions/0211-district-sub-envelopes.md).

    outcome_with_districts(instance, profile, "mes-add1-greedy",
                           amounts={"7": Fraction(300_000)}, district_of={"12": "7", "13": None})

A cycle with district sub-envelopes is decided in stages, each an ordinary run of the cycle's rule
on an ordinary election (so each stage can be written as its own `.pb` file and re-run by
pabutools):

1. **One stage per district** with a positive amount, in the order given: the district's projects
   only, budget = the district's amount, voters = the ballots that chose at least one of the
   district's projects (each restricted to those projects) -- what pabulib's district files hold.
2. **The city-wide stage**: the projects without a district (and those of districts without an
   amount), every ballot (restricted to those projects; empty ones count), budget = the envelope
   minus what the district stages spent (so a district's unspent money goes to the city-wide stage).

A district's projects compete only in their district. With a gender floor share s, each district
stage reserves s of its amount (decision 0201 inside the stage) and the city-wide stage reserves
what is still missing to reach s of the whole envelope; `floor_met` is judged on the whole envelope.
The selection is the districts' selections (in stage order) followed by the city-wide one.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from tadafur.budgets.pb import Ballot, Instance, Profile, format_number

CITYWIDE = None


@dataclass
class Stage:
    district: str | None  # the district's key; None for the city-wide stage
    budget: Fraction
    instance: Instance
    profile: Profile
    selected: list[str]
    cost: Fraction
    marked_cost: Fraction
    floor_amount: Fraction | None


def stage_election(
    instance: Instance,
    profile: Profile,
    keep: set[str],
    budget: Fraction,
    *,
    participants_only: bool,
    meta: dict[str, str] | None = None,
) -> tuple[Instance, Profile]:
    """The election of one stage: only the projects `keep`, another budget, ballots restricted to
    those projects (and, with `participants_only`, only the ballots that chose one of them)."""
    projects = {pid: p for pid, p in instance.projects.items() if pid in keep}
    ballots = []
    for ballot in profile.ballots:
        chosen = [i for i, pid in enumerate(ballot.vote) if pid in keep]
        if participants_only and not chosen:
            continue
        points = None if ballot.points is None else tuple(ballot.points[i] for i in chosen)
        ballots.append(
            Ballot(
                voter_id=ballot.voter_id,
                vote=tuple(ballot.vote[i] for i in chosen),
                points=points,
                attributes=dict(ballot.attributes),
            )
        )
    stage_meta = dict(instance.meta)
    stage_meta.update(meta or {})
    stage_meta["budget"] = format_number(budget)
    stage_meta["num_projects"] = str(len(projects))
    stage_meta["num_votes"] = str(len(ballots))
    return Instance(meta=stage_meta, projects=projects, budget=Fraction(budget)), Profile(profile.vote_type, ballots)


def plan_stages(
    instance: Instance,
    profile: Profile,
    *,
    amounts: dict[str, Fraction],
    district_of: dict[str, str | None],
) -> tuple[list[tuple[str, set[str]]], set[str]]:
    """(district key, its project ids) per district stage, in the order of `amounts`, and the
    city-wide projects. Districts without a positive amount are not stages."""
    staged = [key for key, amount in amounts.items() if amount > 0]
    members: dict[str, set[str]] = {key: set() for key in staged}
    citywide: set[str] = set()
    for pid in instance.projects:
        key = district_of.get(pid)
        if key in members:
            members[key].add(pid)
        else:
            citywide.add(pid)
    return [(key, members[key]) for key in staged], citywide


def outcome_with_districts(
    instance: Instance,
    profile: Profile,
    rule: str,
    *,
    amounts: dict[str, Fraction],
    district_of: dict[str, str | None],
    names: dict[str, str] | None = None,
    gender_floor: Fraction | float | str | None = None,
):
    """The staged outcome (see the module docstring). Returns an `Outcome` whose
    `details["stages"]` lists the `Stage`s, districts first, the city-wide stage last."""
    from tadafur.budgets.rules import Outcome, outcome

    share = None
    if gender_floor is not None:
        share = Fraction(str(gender_floor)) if isinstance(gender_floor, float) else Fraction(gender_floor)
        if not 0 <= share <= 1:
            raise ValueError("the gender floor is a share of the envelope between 0 and 1")
    district_stages, citywide = plan_stages(instance, profile, amounts=amounts, district_of=district_of)
    names = names or {}
    stages: list[Stage] = []

    def run(key, keep, budget, floor_share, participants_only, meta):
        sub_instance, sub_profile = stage_election(
            instance, profile, keep, budget, participants_only=participants_only, meta=meta
        )
        if sub_instance.projects:
            result = outcome(sub_instance, sub_profile, rule, gender_floor=floor_share)
            selected, cost, marked = result.selected, result.cost, result.marked_cost
            floor_amount = result.floor_amount
        else:
            selected, cost, marked = [], Fraction(0), Fraction(0)
            floor_amount = None if floor_share is None else floor_share * budget
        stages.append(Stage(key, Fraction(budget), sub_instance, sub_profile, selected, cost, marked, floor_amount))

    for key, keep in district_stages:
        meta = {"district": names.get(key, key)}
        run(key, keep, amounts[key], share, True, meta)
    spent = sum((s.cost for s in stages), Fraction(0))
    rest = max(Fraction(0), instance.budget - spent)
    city_share = None
    if share is not None:
        missing = max(Fraction(0), share * instance.budget - sum((s.marked_cost for s in stages), Fraction(0)))
        city_share = min(Fraction(1), missing / rest) if rest > 0 else Fraction(0)
    run(CITYWIDE, citywide, rest, city_share, False, {"comment": "#1: projects without a district"})
    selected = [pid for stage in stages for pid in stage.selected]
    return Outcome(
        rule=rule,
        selected=selected,
        cost=sum((s.cost for s in stages), Fraction(0)),
        marked_cost=sum((s.marked_cost for s in stages), Fraction(0)),
        floor_amount=None if share is None else share * instance.budget,
        details={"stages": stages},
    )
