"""Writes of the participatory budget: one verb, one transaction, one audit row each."""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db import DatabaseError, IntegrityError, connections, router, transaction
from django.utils.translation import gettext as _

from tadafur.budgets import permissions, phases, selectors
from tadafur.budgets.models import (
    Ballot,
    BallotChoice,
    BallotType,
    Channel,
    Cycle,
    District,
    Execution,
    ExecutionStatus,
    Milestone,
    Proposal,
    ProposerKind,
    VotingCode,
)
from tadafur.budgets.states import TRANSITIONS, ProposalState
from tadafur.core import clock, precompiled
from tadafur.core.audit import audit_record
from tadafur.core.errors import DomainError, NotAllowed, ValidationFailed
from tadafur.core.states import transition


class AlreadyVoted(DomainError):
    """The voter has a ballot and the vote is closed, so it can no longer change."""

    code = "already_voted"
    status = 409


# --- Cycles -------------------------------------------------------------------------------


def cycle_create(
    *,
    collectivity: Any,
    name: str,
    envelope: int,
    starts: dict[str, dt.datetime | None],
    ballot_type: str,
    rule: str,
    actor: Any,
    min_choices: int = 1,
    max_choices: int | None = None,
    max_points: int | None = None,
    gender_floor_percent: int | None = None,
    min_voter_age: int = 16,
    districts: list[tuple[str, int]] | None = None,
    description: str = "",
    residents_may_propose: bool = True,
    associations_may_propose: bool = True,
    bodies_may_propose: bool = True,
    check_permission: bool = True,
) -> Cycle:
    """Open a cycle; `starts` maps each phase key (phases.PHASES) to its start."""
    if check_permission:
        permissions.can_manage(actor, collectivity).require()
    if not phases.dates_in_order([starts.get(p.key) for p in phases.PHASES]):
        raise ValidationFailed(_("The phases must start one after the other."))
    if ballot_type == BallotType.CUMULATIVE and not max_points:
        raise ValidationFailed(_("A points ballot needs the number of points per voter."))
    if max_choices is not None and max_choices < min_choices:
        raise ValidationFailed(_("The maximum number of projects is below the minimum."))
    if districts and sum(amount for _name, amount in districts) > envelope:
        raise ValidationFailed(_("The districts' amounts add up to more than the envelope."))
    with transaction.atomic():
        cycle = Cycle.objects.create(
            collectivity=collectivity,
            name=name,
            description=description,
            envelope=envelope,
            ballot_type=ballot_type,
            rule=rule,
            min_choices=min_choices,
            max_choices=max_choices,
            max_points=max_points,
            gender_floor_percent=gender_floor_percent,
            min_voter_age=min_voter_age,
            residents_may_propose=residents_may_propose,
            associations_may_propose=associations_may_propose,
            bodies_may_propose=bodies_may_propose,
            **{p.start_field: starts.get(p.key) for p in phases.PHASES},
        )
        for district_name, amount in districts or []:
            District.objects.create(cycle=cycle, name=district_name, amount=amount)
        audit_record(
            actor=actor,
            action="budget.cycle_create",
            obj=cycle,
            collectivity=collectivity,
            after={"envelope": envelope, "rule": rule, "ballot_type": ballot_type},
        )
    return cycle


# --- Proposals ----------------------------------------------------------------------------


def proposal_submit(
    *,
    cycle: Cycle,
    title: str,
    description: str,
    estimated_cost: int,
    category: str,
    beneficiaries: list[str],
    actor: Any,
    proposer_kind: str = ProposerKind.CITIZEN,
    proposer_name: str = "",
    location: str = "",
    district: District | None = None,
    latitude: Any = None,
    longitude: Any = None,
    photo: Any = None,
) -> Proposal:
    """A resident proposes a project, for themselves, their association or their body.

    A proposal from the collectivity's equality body (IEECAG) is marked as such."""
    permissions.can_propose(actor, cycle).require()
    allowed = {
        ProposerKind.CITIZEN: cycle.residents_may_propose,
        ProposerKind.ASSOCIATION: cycle.associations_may_propose,
        ProposerKind.BODY: cycle.bodies_may_propose,
    }
    if not allowed.get(proposer_kind, False):
        raise NotAllowed(_("This cycle does not take proposals from this kind of proposer."))
    if estimated_cost <= 0:
        raise ValidationFailed(_("Give an estimated cost in dirhams."), errors={"estimated_cost": [_("Required.")]})
    if (latitude is None) != (longitude is None):
        message = _("Give both the latitude and the longitude, or neither.")
        raise ValidationFailed(message, errors={"longitude": [message]})
    if estimated_cost > cycle.envelope:
        raise ValidationFailed(
            _("The estimated cost is above the cycle's envelope."),
            errors={"estimated_cost": [_("Above the envelope.")]},
        )
    from_equality_body = proposer_kind == ProposerKind.BODY and selectors.is_equality_body_member(actor, cycle)
    with transaction.atomic():
        proposal = Proposal.objects.create(
            cycle=cycle,
            title=title,
            description=description,
            estimated_cost=estimated_cost,
            category=category,
            beneficiaries=sorted(set(beneficiaries)),
            author=actor,
            proposer_kind=proposer_kind,
            proposer_name=proposer_name,
            from_equality_body=from_equality_body,
            location=location,
            district=district,
            latitude=latitude,
            longitude=longitude,
        )
        if photo is not None:
            proposal.photo.save(photo.name, photo, save=True)
        from tadafur.notifications.services import follow_ensure

        follow_ensure(user=actor, obj=cycle)  # authors hear of the review, the vote and the results
        audit_record(
            actor=actor,
            action="budget.proposal_submit",
            obj=proposal,
            collectivity=cycle.collectivity,
            after={"cost": estimated_cost, "category": category},
        )
    return proposal


def proposal_review_technical(
    *,
    proposal: Proposal,
    within_competences: bool,
    feasible: bool,
    revised_cost: int | None,
    reasons: str,
    actor: Any,
) -> Proposal:
    """Staff record the technical review; a rejection must give its (published) reasons."""
    permissions.can_review(actor, proposal.cycle).require()
    if phases.grants(proposal.cycle, phases.VOTE) or proposal.cycle.result_computed_at:
        raise NotAllowed(_("The ballot is fixed once the vote opens."))
    accepted = within_competences and feasible
    if not accepted and not reasons.strip():
        raise ValidationFailed(
            _("Give the reasons for not retaining the proposal: they are published."),
            errors={"reasons": [_("Required when the proposal is not retained.")]},
        )
    target = ProposalState.FEASIBLE if accepted else ProposalState.REJECTED
    with transaction.atomic():
        if proposal.status != target:
            transition(
                proposal,
                target,
                table=TRANSITIONS,
                actor=actor,
                collectivity=proposal.cycle.collectivity,
                action="budget.proposal_review",
            )
        proposal.within_competences = within_competences
        proposal.feasible = feasible
        proposal.revised_cost = revised_cost
        proposal.review_reasons = reasons.strip()
        proposal.technical_reviewed_at = clock.now()
        proposal.technical_reviewer = actor
        proposal.save(
            update_fields=[
                "within_competences",
                "feasible",
                "revised_cost",
                "review_reasons",
                "technical_reviewed_at",
                "technical_reviewer",
            ]
        )
        audit_record(
            actor=actor,
            action="budget.proposal_technical_review",
            obj=proposal,
            collectivity=proposal.cycle.collectivity,
            after={"feasible": accepted, "revised_cost": revised_cost},
        )
    return proposal


def proposal_review_gender(*, proposal: Proposal, marker: int, analysis: str, actor: Any) -> Proposal:
    """The equality body's secretary (or staff) gives the gender marker 0/1/2 and a short analysis."""
    permissions.can_gender_review(actor, proposal.cycle).require()
    if phases.grants(proposal.cycle, phases.VOTE) or proposal.cycle.result_computed_at:
        raise NotAllowed(_("The ballot is fixed once the vote opens."))
    if marker not in (0, 1, 2):
        raise ValidationFailed(_("The gender marker is 0, 1 or 2."))
    if not analysis.strip():
        raise ValidationFailed(_("Write a short gender analysis."), errors={"analysis": [_("Required.")]})
    with transaction.atomic():
        before = proposal.gender_marker
        proposal.gender_marker = marker
        proposal.gender_analysis = analysis.strip()
        proposal.gender_reviewed_at = clock.now()
        proposal.gender_reviewer = actor
        proposal.save(update_fields=["gender_marker", "gender_analysis", "gender_reviewed_at", "gender_reviewer"])
        audit_record(
            actor=actor,
            action="budget.proposal_gender_review",
            obj=proposal,
            collectivity=proposal.cycle.collectivity,
            before={"gender_marker": before},
            after={"gender_marker": marker},
        )
    return proposal


def proposal_merge(*, duplicate: Proposal, into: Proposal, actor: Any) -> Proposal:
    """Staff merge a duplicate into another proposal of the cycle; its authors become co-authors."""
    permissions.can_review(actor, into.cycle).require()
    if duplicate.cycle_id != into.cycle_id or duplicate.pk == into.pk:
        raise ValidationFailed(_("Merge a proposal into another proposal of the same cycle."))
    with transaction.atomic():
        transition(
            duplicate,
            ProposalState.MERGED,
            table=TRANSITIONS,
            actor=actor,
            collectivity=into.cycle.collectivity,
            action="budget.proposal_merge",
            extra={"merged_into": into},
        )
        into.co_authors.add(duplicate.author, *duplicate.co_authors.all())
    return into


# --- Ballots ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    rule: str  # too_few | too_many | over_envelope | too_many_points | not_on_ballot
    message: str


def ballot_violations(cycle: Cycle, choices: dict[int, int], ballot: list[Proposal]) -> list[Violation]:
    """What the ballot breaks, in plain words; empty when valid. `choices` maps proposal id → points."""
    by_id = {p.pk: p for p in ballot}
    chosen = {pid: pts for pid, pts in choices.items() if pts > 0}
    found: list[Violation] = []
    unknown = [pid for pid in chosen if pid not in by_id]
    if unknown:
        found.append(Violation("not_on_ballot", _("Some of the projects you chose are not on this ballot.")))
    n = len(chosen)
    if n < max(cycle.min_choices, 1):
        found.append(
            Violation(
                "too_few",
                _("Choose at least %(n)d project(s); you chose %(k)d.") % {"n": max(cycle.min_choices, 1), "k": n},
            )
        )
    if cycle.max_choices is not None and n > cycle.max_choices:
        found.append(
            Violation(
                "too_many", _("Choose at most %(n)d projects; you chose %(k)d.") % {"n": cycle.max_choices, "k": n}
            )
        )
    if cycle.ballot_type == BallotType.COST_LIMITED:
        total = sum(by_id[pid].cost for pid in chosen if pid in by_id)
        if total > cycle.envelope:
            found.append(
                Violation(
                    "over_envelope",
                    _("Your projects cost %(total)s MAD, more than the envelope of %(envelope)s MAD.")
                    % {"total": f"{total:,}", "envelope": f"{cycle.envelope:,}"},
                )
            )
    if cycle.ballot_type == BallotType.CUMULATIVE:
        points = sum(chosen.values())
        if cycle.max_points is not None and points > cycle.max_points:
            found.append(
                Violation(
                    "too_many_points",
                    _("You gave %(k)d points; you have %(n)d.") % {"k": points, "n": cycle.max_points},
                )
            )
    elif any(pts != 1 for pts in chosen.values()):
        found.append(Violation("not_on_ballot", _("This ballot takes a yes or no for each project.")))
    return found


class BallotRejected(ValidationFailed):
    def __init__(self, violations: list[Violation]) -> None:
        super().__init__(" ".join(v.message for v in violations), errors={v.rule: [v.message] for v in violations})
        self.violations = violations
        self.rule = violations[0].rule


# What `Ballot.objects.create(...)` inserts.
_BALLOT_INSERT = precompiled.Insert(Ballot)
_BALLOT_CHANGE = ("channel", "recorded_by", "changed_at")
_CHOICE_INSERT = ("ballot", "proposal", "points")
# Choices written by one precompiled INSERT; more (never on a real ballot) go through bulk_create,
# which splits them to stay under the database's parameter limit.
_CHOICES_IN_ONE_STATEMENT = 100


def _write_ballot(
    *,
    cycle: Cycle,
    choices: dict[int, int],
    voter: Any,
    channel: str,
    recorded_by: Any,
    code: Any = None,
    ballot_projects: list[Proposal] | None = None,
) -> tuple[Ballot, bool]:
    """Insert or replace the ballot and its choices, inside the caller's transaction.

    The statements are the ORM's (`create`, `save(update_fields=...)`, a fast `delete`,
    `bulk_create`), built once per connection (decision 0215): on SQLite they run inside the
    write lock, which bounds the ballots per second.
    """
    if ballot_projects is None:
        ballot_projects = list(selectors.ballot_proposals(cycle))
    violations = ballot_violations(cycle, choices, ballot_projects)
    if violations:
        raise BallotRejected(violations)
    using = router.db_for_write(Ballot)
    now = clock.now()
    created = False
    existing = None
    if voter is not None:
        existing = selectors.voter_ballot_locked(cycle, voter)
    if existing is None:
        ballot = Ballot(
            cycle=cycle,
            voter=voter,
            code=code,
            channel=channel,
            voter_sex=getattr(voter, "sex", "") or "",
            voter_birth_year=getattr(voter, "birth_year", None),
            recorded_by=recorded_by,
            cast_at=now,
            changed_at=now,
        )
        # PostgreSQL needs a savepoint to go on after a constraint violation; SQLite only fails
        # the statement, so the savepoint's two statements are saved there (decision 0113).
        savepoint = connections[using].vendor != "sqlite"
        try:
            with transaction.atomic(using=using) if savepoint else contextlib.nullcontext():
                _BALLOT_INSERT.save(ballot, using=using)
        except IntegrityError:
            if not savepoint:
                transaction.set_rollback(False, using=using)  # SQLite's transaction is intact: carry on in it
            if code is not None:
                raise NotAllowed(_("This voting code has already been used.")) from None
            ballot = Ballot.objects.select_for_update().get(cycle=cycle, voter=voter)
        else:
            created = True
    else:
        ballot = existing
    if not created:
        precompiled.delete_where(BallotChoice, "ballot", ballot.pk, using=using)
        ballot.channel = channel
        ballot.recorded_by = recorded_by
        ballot.changed_at = now
        if precompiled.update(ballot, _BALLOT_CHANGE, using=using) != 1:
            raise DatabaseError("Save with update_fields did not affect any rows.")
    rows = [BallotChoice(ballot=ballot, proposal_id=pid, points=pts) for pid, pts in sorted(choices.items()) if pts > 0]
    if len(rows) <= _CHOICES_IN_ONE_STATEMENT:
        precompiled.insert_many(rows, _CHOICE_INSERT, using=using)
    else:
        BallotChoice.objects.using(using).bulk_create(rows)
    return ballot, created


def check_voting_rate(request: Any) -> None:
    """Count one cast or change of a ballot online; raise RateLimited (429) past the limits."""
    from django.conf import settings

    from tadafur.core.ratelimit import check_rate

    check_rate(
        request,
        "budgets.vote",
        per_account=int(getattr(settings, "BALLOT_RATE_PER_ACCOUNT", 10)),
        per_ip=int(getattr(settings, "BALLOT_RATE_PER_IP", 60)),
        message=_("Too many ballots in a short time. Wait a minute and try again."),
    )


def ballot_cast(*, cycle: Cycle, choices: dict[int, int], actor: Any) -> tuple[Ballot, bool]:
    """An eligible voter casts (or changes) their ballot online. Returns (ballot, created).

    The ballot's projects are read and the choices checked before the write transaction: on
    SQLite writers run one at a time, so what runs inside it bounds the ballots per second.
    """
    decision = permissions.can_vote(actor, cycle)
    if not decision:
        if getattr(actor, "is_authenticated", False) and Ballot.objects.filter(cycle=cycle, voter=actor).exists():
            raise AlreadyVoted(_("You already voted and the vote is closed: your ballot can no longer change."))
        decision.require()
    # What the rule check reads of each project: its id and cost, never its texts.
    ballot_projects = selectors.ballot_costs(cycle)
    violations = ballot_violations(cycle, choices, ballot_projects)
    if violations:
        raise BallotRejected(violations)
    with transaction.atomic():
        ballot, created = _write_ballot(
            cycle=cycle,
            choices=choices,
            voter=actor,
            channel=Channel.ONLINE,
            recorded_by=None,
            ballot_projects=ballot_projects,
        )
        # Which projects a person chose is secret: the audit names the ballot, not its content.
        audit_record(
            actor=actor,
            action="budget.ballot_cast" if created else "budget.ballot_change",
            obj=ballot,
            collectivity=cycle.collectivity,
        )
    return ballot, created


def ballot_cast_assisted(*, cycle: Cycle, voter: Any, choices: dict[int, int], actor: Any) -> Ballot:
    """Help-desk staff record the ballot of a voter whose identity they checked (audited)."""
    permissions.can_record_ballots(actor, cycle).require()
    if not phases.grants(cycle, phases.VOTE):
        raise NotAllowed(_("The vote is not open in this cycle now."))
    permissions.voter_eligibility(voter, cycle).require()
    with transaction.atomic():
        ballot, created = _write_ballot(
            cycle=cycle, choices=choices, voter=voter, channel=Channel.ASSISTED, recorded_by=actor
        )
        audit_record(
            actor=actor,
            action="budget.ballot_assisted",
            obj=ballot,
            collectivity=cycle.collectivity,
            after={"voter": voter.pk, "new": created},
        )
    return ballot


CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: typed by hand from paper


def codes_generate(*, cycle: Cycle, count: int, actor: Any) -> list[VotingCode]:
    """A batch of one-time voting codes to print on paper ballots."""
    permissions.can_manage(actor, cycle).require()
    if not 1 <= count <= 5000:
        raise ValidationFailed(_("Print between 1 and 5,000 codes at a time."))
    with transaction.atomic():
        batch = (
            VotingCode.objects.filter(cycle=cycle).order_by("-batch").values_list("batch", flat=True).first() or 0
        ) + 1
        made: set[str] = set()
        while len(made) < count:
            made.add("".join(secrets.choice(CODE_ALPHABET) for _i in range(10)))
        taken = set(VotingCode.objects.filter(code__in=made).values_list("code", flat=True))
        codes = VotingCode.objects.bulk_create(
            [VotingCode(cycle=cycle, code=c, batch=batch) for c in sorted(made - taken)]
        )
        audit_record(
            actor=actor,
            action="budget.codes_generate",
            obj=cycle,
            collectivity=cycle.collectivity,
            after={"batch": batch, "count": len(codes)},
        )
    return codes


def normalise_code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def ballot_cast_paper(*, cycle: Cycle, code: str, choices: dict[int, int], actor: Any) -> Ballot:
    """Staff type in a paper ballot; its printed one-time code counts once."""
    permissions.can_record_ballots(actor, cycle).require()
    if not phases.grants(cycle, phases.VOTE):
        raise NotAllowed(_("The vote is not open in this cycle now."))
    voting_code = VotingCode.objects.filter(cycle=cycle, code=normalise_code(code)).first()
    if voting_code is None:
        raise NotAllowed(_("This voting code does not belong to this cycle."))
    with transaction.atomic():
        if Ballot.objects.filter(code=voting_code).exists():
            raise NotAllowed(_("This voting code has already been used."))
        ballot, _created = _write_ballot(
            cycle=cycle, choices=choices, voter=None, channel=Channel.PAPER, recorded_by=actor, code=voting_code
        )
        audit_record(
            actor=actor,
            action="budget.ballot_paper",
            obj=ballot,
            collectivity=cycle.collectivity,
            after={"batch": voting_code.batch},
        )
    return ballot


# --- Results ------------------------------------------------------------------------------


def results_compute(*, cycle: Cycle, actor: Any, check_permission: bool = True) -> Cycle:
    """Run the cycle's outcome rule on the stored ballots and store the selection (once the vote closed)."""
    from tadafur.budgets.rules import outcome
    from tadafur.budgets.rules.districts import outcome_with_districts

    if check_permission:
        permissions.can_manage(actor, cycle).require()
    phase = phases.active_phase(cycle)
    if phase is None or phases.PHASES.index(phase) < phases.PHASES.index(phases.BY_KEY["results"]):
        raise NotAllowed(_("Results are computed once the vote has closed."))
    instance, profile = selectors.election(cycle)
    plan = district_plan(cycle)
    if plan is None:
        result = outcome(instance, profile, cycle.rule, gender_floor=cycle.gender_floor)
    else:
        amounts, district_of, names = plan
        result = outcome_with_districts(
            instance,
            profile,
            cycle.rule,
            amounts=amounts,
            district_of=district_of,
            names=names,
            gender_floor=cycle.gender_floor,
        )
    payload = {
        "rule": cycle.rule,
        "selected": [int(pid) for pid in result.selected],
        "cost": _int(result.cost),
        "marked_cost": _int(result.marked_cost),
        "floor_amount": None if result.floor_amount is None else _int(result.floor_amount),
        "floor_met": result.floor_met,
        "ballots": len(profile.ballots),
    }
    if plan is not None:
        payload.update(_stages_payload(result.details["stages"]))
    with transaction.atomic():
        Cycle.objects.filter(pk=cycle.pk).update(result=payload, result_computed_at=clock.now())
        cycle.result = payload
        cycle.result_computed_at = clock.now()
        audit_record(
            actor=actor,
            action="budget.results_compute",
            obj=cycle,
            collectivity=cycle.collectivity,
            after={"selected": payload["selected"], "cost": payload["cost"]},
        )
        from tadafur.notifications.events import BUDGET_RESULTS
        from tadafur.notifications.services import publish

        publish(BUDGET_RESULTS, cycle, collectivity=cycle.collectivity)
    return cycle


def _int(value: Fraction) -> int:
    return int(value) if value.denominator == 1 else round(value)


def district_plan(cycle: Cycle) -> tuple[dict[str, Fraction], dict[str, str | None], dict[str, str]] | None:
    """The cycle's district sub-envelopes for the outcome (decision 0211): amounts and names by
    district key (its pk as text, in the districts' order) and each ballot project's district key;
    None when no district has an amount (the plain rule then decides)."""
    districts = [d for d in cycle.districts.all() if d.amount > 0]
    if not districts:
        return None
    amounts = {str(d.pk): Fraction(d.amount) for d in districts}
    names = {str(d.pk): d.name for d in districts}
    district_of = {
        str(pk): (str(district_id) if district_id is not None else None)
        for pk, district_id in selectors.ballot_proposals(cycle).values_list("pk", "district_id")
    }
    return amounts, district_of, names


def _stages_payload(stages: list) -> dict[str, Any]:
    """The stored per-district part of a result: amount, spent and winners of each district, and
    the city-wide stage's budget (the rest of the envelope plus what districts left unspent)."""
    districts = []
    citywide = None
    for stage in stages:
        part = {
            "budget": _int(stage.budget),
            "spent": _int(stage.cost),
            "marked_cost": _int(stage.marked_cost),
            "selected": [int(pid) for pid in stage.selected],
            "ballots": len(stage.profile.ballots),
        }
        if stage.district is None:
            citywide = part
        else:
            districts.append({"id": int(stage.district), "name": stage.instance.meta["district"], **part})
    return {"districts": districts, "citywide": citywide}


def stage_pb_text(cycle: Cycle, part: str) -> str | None:
    """The `.pb` file of one stage of a result computed with district sub-envelopes: `part` is a
    district's pk or "citywide". Re-running the cycle's rule on it gives that stage's selection
    (without a gender floor). None when the result has no such stage."""
    from tadafur.budgets.pb import write_pb
    from tadafur.budgets.rules.districts import plan_stages, stage_election

    result = cycle.result or {}
    plan = district_plan(cycle)
    if plan is None or not result.get("districts"):
        return None
    amounts, district_of, names = plan
    instance, profile = selectors.election(cycle)
    stages, citywide = plan_stages(instance, profile, amounts=amounts, district_of=district_of)
    if part == "citywide" and result.get("citywide"):
        stored = result["citywide"]
        keep, participants_only, meta = citywide, False, {"comment": "#1: projects without a district"}
    else:
        stored = next((d for d in result["districts"] if str(d["id"]) == part), None)
        if stored is None or part not in amounts:
            return None
        keep = dict(stages)[part]
        participants_only, meta = True, {"district": names[part]}
    sub_instance, sub_profile = stage_election(
        instance, profile, keep, Fraction(stored["budget"]), participants_only=participants_only, meta=meta
    )
    chosen = {str(pid) for pid in stored["selected"]}
    for pid, project in sub_instance.projects.items():
        project.extra["votes"] = str(sum(1 for b in sub_profile.ballots if pid in b.vote))
        project.extra["selected"] = "1" if pid in chosen else "0"
    return write_pb(sub_instance, sub_profile)


# --- Execution follow-up ----------------------------------------------------------------------


def _require_funded(proposal: Proposal) -> None:
    cycle = proposal.cycle
    if not cycle.result_computed_at or proposal.pk not in (cycle.result or {}).get("selected", []):
        raise ValidationFailed(_("Only a funded project has an execution to follow."))


def execution_update(
    *,
    proposal: Proposal,
    status: str,
    progress: int,
    spent: int,
    note: str,
    actor: Any,
    programme_project: Any = None,
) -> Execution:
    """Record where a funded project stands: status, progress, money spent, a public note."""
    permissions.can_manage(actor, proposal.cycle).require()
    _require_funded(proposal)
    errors: dict[str, list[str]] = {}
    if status not in ExecutionStatus.values:
        errors["status"] = [_("Choose a status from the list.")]
    if not 0 <= progress <= 100:
        errors["progress"] = [_("Progress is a percentage between 0 and 100.")]
    elif status == ExecutionStatus.DONE and progress != 100:
        errors["progress"] = [_("A completed project has a progress of 100.")]
    if spent < 0:
        errors["spent"] = [_("The amount spent cannot be negative.")]
    if programme_project is not None and programme_project.programme.collectivity_id != proposal.cycle.collectivity_id:
        errors["programme_project"] = [_("This project belongs to another collectivity's programme.")]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], errors=errors)
    with transaction.atomic():
        execution, _created = Execution.objects.select_for_update().get_or_create(proposal=proposal)
        before = {"status": execution.status, "progress": execution.progress, "spent": execution.spent}
        execution.status = status
        execution.progress = progress
        execution.spent = spent
        execution.note = note.strip()
        execution.programme_project = programme_project
        execution.updated_at = clock.now()
        execution.updated_by = actor
        execution.save()
        audit_record(
            actor=actor,
            action="budget.execution_update",
            obj=proposal,
            collectivity=proposal.cycle.collectivity,
            before=before,
            after={"status": status, "progress": progress, "spent": spent},
        )
    return execution


def milestone_add(*, proposal: Proposal, title: str, due_on: dt.date, actor: Any) -> Milestone:
    permissions.can_manage(actor, proposal.cycle).require()
    _require_funded(proposal)
    if not title.strip():
        raise ValidationFailed(_("Name the milestone."), errors={"title": [_("Name the milestone.")]})
    with transaction.atomic():
        execution, _created = Execution.objects.get_or_create(proposal=proposal)
        milestone = Milestone.objects.create(execution=execution, title=title.strip(), due_on=due_on)
        audit_record(
            actor=actor,
            action="budget.milestone_add",
            obj=proposal,
            collectivity=proposal.cycle.collectivity,
            after={"milestone": milestone.title, "due_on": due_on.isoformat()},
        )
    return milestone


def milestone_done(
    *, milestone: Milestone, done_on: dt.date, note: str = "", photo: Any = None, actor: Any
) -> Milestone:
    """Mark a milestone reached, with an optional note and photo (already cleaned by core.uploads)."""
    proposal = milestone.execution.proposal
    permissions.can_manage(actor, proposal.cycle).require()
    if done_on > clock.today():
        raise ValidationFailed(
            _("A milestone cannot be reached in the future."), errors={"done_on": [_("Give today or a past date.")]}
        )
    with transaction.atomic():
        milestone.done_on = done_on
        milestone.note = note.strip()
        if photo is not None:
            milestone.photo.save(photo.name, photo, save=False)
        milestone.save()
        audit_record(
            actor=actor,
            action="budget.milestone_done",
            obj=proposal,
            collectivity=proposal.cycle.collectivity,
            after={"milestone": milestone.title, "done_on": done_on.isoformat()},
        )
    return milestone
