"""Participatory-budget API: cycles, the ballot, results."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from ninja.security import django_auth

from tadafur.budgets import phases, selectors, services
from tadafur.budgets.models import Cycle

router = Router(tags=["budgets"])


class ProjectOut(Schema):
    id: int
    title: str
    cost: int
    category: str
    gender_marker: int | None


class CycleOut(Schema):
    id: int
    name: str
    collectivity: str
    envelope: int
    phase: str | None
    ballot_type: str
    min_choices: int
    max_choices: int | None
    max_points: int | None
    rule: str
    gender_floor_percent: int | None
    ballot: list[ProjectOut]


class BallotIn(Schema):
    projects: list[int] = []
    points: dict[int, int] | None = None


class BallotOut(Schema):
    ballot: int
    created: bool
    projects: list[int]


class RuleBrokenOut(Schema):
    detail: str
    code: str
    rule: str
    violations: list[dict[str, str]]


class StageOut(Schema):
    budget: int
    spent: int
    marked_cost: int
    selected: list[int]
    ballots: int


class DistrictStageOut(StageOut):
    id: int
    name: str


class ResultOut(Schema):
    rule: str
    selected: list[int]
    cost: int
    marked_cost: int
    floor_amount: int | None
    floor_met: bool | None
    ballots: int
    # With district sub-envelopes (decision 0211): each district's stage in the districts' order,
    # then the city-wide stage (the rest of the envelope plus what the districts left unspent).
    districts: list[DistrictStageOut]
    citywide: StageOut | None


def _get(cycle_id: int) -> Cycle:
    cycle = selectors.cycle_get(cycle_id)
    if cycle is None:
        raise HttpError(404, _("No participatory budget has this number."))
    return cycle


@router.get("/{cycle_id}", response=CycleOut, summary="A participatory budget cycle and the projects on its ballot")
def cycle_detail(request: HttpRequest, cycle_id: int) -> dict[str, object]:
    cycle = _get(cycle_id)
    phase = phases.active_phase(cycle)
    return {
        "id": cycle.pk,
        "name": cycle.name,
        "collectivity": cycle.collectivity.code,
        "envelope": cycle.envelope,
        "phase": phase.key if phase else None,
        "ballot_type": cycle.ballot_type,
        "min_choices": cycle.min_choices,
        "max_choices": cycle.max_choices,
        "max_points": cycle.max_points,
        "rule": cycle.rule,
        "gender_floor_percent": cycle.gender_floor_percent,
        "ballot": [
            {"id": p.pk, "title": p.title, "cost": p.cost, "category": p.category, "gender_marker": p.gender_marker}
            for p in selectors.ballot_proposals(cycle)
        ],
    }


@router.post(
    "/{cycle_id}/ballots",
    response={200: BallotOut, 201: BallotOut, 422: RuleBrokenOut},
    auth=django_auth,
    summary="Cast or change one's ballot (session-authenticated)",
    description=(
        "`projects` lists the chosen project ids (approval ballots); for points ballots, `points` maps "
        "project id to points. 201 when the ballot is cast, 200 when it replaces the voter's ballot "
        "(allowed until the vote closes); 403 with the reason when the account may not vote or the vote "
        "is not open; 409 when the voter already voted and the vote is closed; 422 when the ballot breaks "
        "the cycle's rule, naming it in `rule` (too_few, too_many, over_envelope, too_many_points, "
        "not_on_ballot) with every violation in `violations`; 429 past the rate limits (per account and per "
        "address, per minute)."
    ),
)
def ballot_cast(request: HttpRequest, cycle_id: int, payload: BallotIn) -> Status[dict[str, object]]:
    # The collectivity is needed (eligibility, audit) but never its census JSON.
    cycle = selectors.cycle_for_ballot(cycle_id)
    if cycle is None:
        raise HttpError(404, _("No participatory budget has this number."))
    if payload.points is not None:
        choices = {int(pid): int(pts) for pid, pts in payload.points.items()}
    else:
        choices = dict.fromkeys(payload.projects, 1)
    services.check_voting_rate(request)
    try:
        ballot, created = services.ballot_cast(cycle=cycle, choices=choices, actor=request.user)
    except services.BallotRejected as exc:
        return Status(
            422,
            {
                "detail": exc.message,
                "code": "ballot_rule",
                "rule": exc.rule,
                "violations": [{"rule": v.rule, "message": v.message} for v in exc.violations],
            },
        )
    # The projects stored are the ones chosen (with points > 0): no need to read them back.
    chosen = sorted(pid for pid, points in choices.items() if points > 0)
    return Status(201 if created else 200, {"ballot": ballot.pk, "created": created, "projects": chosen})


@router.get("/{cycle_id}/results", response=ResultOut, summary="The computed selection, in the rule's order")
def results(request: HttpRequest, cycle_id: int) -> dict[str, object]:
    cycle = _get(cycle_id)
    if not cycle.result_computed_at:
        raise HttpError(404, _("The results of this cycle are not published yet."))
    r = cycle.result
    return {
        "rule": r["rule"],
        "selected": r["selected"],
        "cost": r["cost"],
        "marked_cost": r["marked_cost"],
        "floor_amount": r.get("floor_amount"),
        "floor_met": r.get("floor_met"),
        "ballots": r["ballots"],
        "districts": r.get("districts") or [],
        "citywide": r.get("citywide"),
    }


class MilestoneOut(Schema):
    title: str
    due_on: str
    done_on: str | None


class ExecutionOut(Schema):
    project: int
    title: str
    cost: int
    status: str
    progress: int
    spent: int
    milestones: list[MilestoneOut]


class FollowUpOut(Schema):
    funded: int
    spent: int
    progress: float | None
    projects: list[ExecutionOut]


@router.get(
    "/{cycle_id}/follow-up",
    response=FollowUpOut,
    summary="Execution of the funded projects: status, progress (%), money spent, milestones",
)
def follow_up(request: HttpRequest, cycle_id: int) -> dict[str, object]:
    cycle = _get(cycle_id)
    if not cycle.result_computed_at:
        raise HttpError(404, _("The results of this cycle are not published yet."))
    data = selectors.follow_up(cycle)
    return {
        "funded": data["funded"],
        "spent": data["spent"],
        "progress": data["progress"],
        "projects": [
            {
                "project": row.proposal.pk,
                "title": row.proposal.title,
                "cost": row.proposal.cost,
                "status": row.execution.status if row.execution else "planned",
                "progress": row.execution.progress if row.execution else 0,
                "spent": row.execution.spent if row.execution else 0,
                "milestones": [
                    {
                        "title": m.title,
                        "due_on": m.due_on.isoformat(),
                        "done_on": m.done_on.isoformat() if m.done_on else None,
                    }
                    for m in row.milestones
                ],
            }
            for row in data["rows"]
        ],
    }
