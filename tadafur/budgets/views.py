"""Pages of the participatory budget: thin, over services and selectors; all work without JavaScript."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tadafur.accounts.selectors import user_by_login
from tadafur.budgets import forms, permissions, phases, selectors, services
from tadafur.budgets.models import Cycle, Milestone, Proposal
from tadafur.core.errors import DomainError
from tadafur.core.exports import csv_response


def _require(decision: Any) -> None:
    if not decision:
        raise PermissionDenied(str(decision.reason))


def _cycle(pk: int) -> Cycle:
    cycle = selectors.cycle_get(pk)
    if cycle is None:
        raise Http404
    return cycle


def _proposal(pk: int) -> Proposal:
    proposal = Proposal.objects.select_related("cycle__collectivity", "district", "merged_into").filter(pk=pk).first()
    if proposal is None:
        raise Http404
    return proposal


@require_GET
def cycle_list(request: HttpRequest) -> HttpResponse:
    cycles = [(c, phases.active_phase(c)) for c in selectors.cycles_public()[:100]]
    can_open = request.user.is_authenticated and selectors.collectivities_managed_by(request.user).exists()
    return render(request, "budgets/list.html", {"cycles": cycles, "can_open": can_open})


@login_required
@require_http_methods(["GET", "POST"])
def cycle_create(request: HttpRequest) -> HttpResponse:
    """Staff open a cycle for a collectivity where they hold a managing role."""
    collectivities = selectors.collectivities_managed_by(request.user)
    if not collectivities.exists():
        raise PermissionDenied(_("Only the staff of a collectivity can open a participatory budget."))
    form = forms.CycleForm(request.POST or None, collectivities=collectivities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cycle = services.cycle_create(
                collectivity=data["collectivity"],
                name=data["name"],
                description=data["description"],
                envelope=data["envelope"],
                starts=form.starts(),
                ballot_type=data["ballot_type"],
                rule=data["rule"],
                min_choices=data["min_choices"],
                max_choices=data["max_choices"],
                max_points=data["max_points"],
                gender_floor_percent=data["gender_floor_percent"] or None,
                min_voter_age=data["min_voter_age"],
                residents_may_propose=data["residents_may_propose"],
                associations_may_propose=data["associations_may_propose"],
                bodies_may_propose=data["bodies_may_propose"],
                districts=data["districts"],
                actor=request.user,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The participatory budget is open."))
            return redirect(cycle)
    return render(request, "budgets/cycle_form.html", {"form": form})


@require_GET
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle(pk)
    user = request.user
    return render(
        request,
        "budgets/cycle.html",
        {
            "cycle": cycle,
            "phase": phases.active_phase(cycle),
            "schedule": phases.schedule(cycle),
            "proposals": selectors.public_proposals(cycle),
            "on_ballot": {p.pk for p in selectors.ballot_proposals(cycle)},
            "can_propose": permissions.can_propose(user, cycle),
            "can_vote": permissions.can_vote(user, cycle),
            "can_manage": permissions.can_manage(user, cycle),
            "can_desk": permissions.can_record_ballots(user, cycle),
            "has_voted": selectors.ballot_of(cycle, user) is not None,
            "explain_ballot": selectors.explain_ballot(cycle),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle(pk)
    decision = permissions.can_propose(request.user, cycle)
    form = forms.ProposalForm(request.POST or None, request.FILES or None, cycle=cycle)
    if request.method == "POST" and decision and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.proposal_submit(
                cycle=cycle,
                title=data["title"],
                description=data["description"],
                estimated_cost=data["estimated_cost"],
                category=data["category"],
                beneficiaries=data["beneficiaries"],
                proposer_kind=data["proposer_kind"],
                proposer_name=data["proposer_name"],
                location=data["location"],
                district=data.get("district"),
                latitude=data.get("latitude"),
                longitude=data.get("longitude"),
                photo=data.get("photo"),
                actor=request.user,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your proposal is submitted. The staff and the equality body will review it."))
            return redirect(proposal)
    return render(request, "budgets/propose.html", {"cycle": cycle, "form": form, "decision": decision})


@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(pk)
    cycle = proposal.cycle
    user = request.user
    can_review = permissions.can_review(user, cycle)
    can_gender = permissions.can_gender_review(user, cycle)
    return render(
        request,
        "budgets/proposal.html",
        {
            "cycle": cycle,
            "proposal": proposal,
            "can_review": can_review,
            "can_gender": can_gender,
            "review_form": forms.TechnicalReviewForm(
                initial={
                    "within_competences": proposal.within_competences,
                    "feasible": proposal.feasible,
                    "revised_cost": proposal.revised_cost,
                    "reasons": proposal.review_reasons,
                }
            )
            if can_review
            else None,
            "gender_form": forms.GenderReviewForm(
                initial={"marker": proposal.gender_marker, "analysis": proposal.gender_analysis}
            )
            if can_gender
            else None,
            "merge_form": forms.MergeForm() if can_review else None,
            "execution": getattr(proposal, "execution", None),
            "funded": proposal.pk in (cycle.result or {}).get("selected", []) if cycle.result_computed_at else False,
            "can_manage": permissions.can_manage(user, cycle),
        },
    )


@login_required
@require_POST
def proposal_review(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(pk)
    _require(permissions.can_review(request.user, proposal.cycle))
    form = forms.TechnicalReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.proposal_review_technical(
                proposal=proposal,
                within_competences=data["within_competences"],
                feasible=data["feasible"],
                revised_cost=data["revised_cost"],
                reasons=data["reasons"],
                actor=request.user,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The technical review is recorded."))
    else:
        messages.error(request, _("Check the review form."))
    return redirect(proposal)


@login_required
@require_POST
def proposal_gender_review(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(pk)
    _require(permissions.can_gender_review(request.user, proposal.cycle))
    form = forms.GenderReviewForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_review_gender(
                proposal=proposal,
                marker=form.cleaned_data["marker"],
                analysis=form.cleaned_data["analysis"],
                actor=request.user,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The gender review is recorded."))
    else:
        messages.error(request, _("Choose a gender marker and write a short analysis."))
    return redirect(proposal)


@login_required
@require_POST
def proposal_merge(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(pk)
    _require(permissions.can_review(request.user, proposal.cycle))
    form = forms.MergeForm(request.POST)
    into = Proposal.objects.filter(pk=form.data.get("into") or 0).first() if form.is_valid() else None
    if into is None:
        messages.error(request, _("No proposal has this number."))
        return redirect(proposal)
    try:
        services.proposal_merge(duplicate=proposal, into=into, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(proposal)
    messages.success(request, _("The proposals are merged; the authors are kept."))
    return redirect(into)


def _ballot_context(cycle: Cycle, choices: dict[int, int]) -> dict[str, Any]:
    ballot = list(selectors.ballot_proposals(cycle))
    return {
        "cycle": cycle,
        "projects": [(p, choices.get(p.pk, 0)) for p in ballot],
        "budget": selectors.remaining_budget(cycle, choices, ballot),
        "explain_ballot": selectors.explain_ballot(cycle),
        "cumulative": cycle.vote_type == "cumulative",
        "cost_limited": cycle.ballot_type == "cost_limited",
    }


@login_required
@require_http_methods(["GET", "POST"])
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    """The ballot. "Check" re-renders it with the remaining budget; "Vote" casts or changes it."""
    cycle = _cycle(pk)
    decision = permissions.can_vote(request.user, cycle)
    existing = selectors.ballot_of(cycle, request.user)
    choices = selectors.choices_of(existing)
    violations: list[services.Violation] = []
    status = 200
    if request.method == "POST" and decision:
        choices = forms.ballot_choices(cycle, request.POST)
        violations = services.ballot_violations(cycle, choices, list(selectors.ballot_proposals(cycle)))
        if "cast" in request.POST and not violations:
            try:
                services.check_voting_rate(request)
                _ballot, created = services.ballot_cast(cycle=cycle, choices=choices, actor=request.user)
            except services.BallotRejected as exc:
                violations = exc.violations
            except DomainError as exc:
                messages.error(request, exc.message)
                status = exc.status  # 409 closed, 429 too many in a minute
            else:
                messages.success(
                    request,
                    _("Your vote is recorded.") if created else _("Your ballot is changed."),
                )
                return redirect("budgets:vote", pk=cycle.pk)
        if violations:
            status = 422 if "cast" in request.POST else 200
    context = _ballot_context(cycle, choices)
    context.update({"decision": decision, "violations": violations, "existing": existing})
    return render(request, "budgets/vote.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def desk(request: HttpRequest, pk: int) -> HttpResponse:
    """Help desk: record an assisted ballot for a checked voter, or type in a paper ballot by its code."""
    cycle = _cycle(pk)
    _require(permissions.can_record_ballots(request.user, cycle))
    voter_form = forms.AssistedVoterForm(request.POST if request.POST.get("mode") == "assisted" else None)
    code_form = forms.PaperCodeForm(request.POST if request.POST.get("mode") == "paper" else None)
    choices: dict[int, int] = {}
    violations: list[services.Violation] = []
    if request.method == "POST":
        choices = forms.ballot_choices(cycle, request.POST)
        try:
            if request.POST.get("mode") == "paper" and code_form.is_valid():
                services.ballot_cast_paper(
                    cycle=cycle, code=code_form.cleaned_data["code"], choices=choices, actor=request.user
                )
                messages.success(request, _("The paper ballot is recorded; its code can no longer be used."))
                return redirect("budgets:desk", pk=cycle.pk)
            if request.POST.get("mode") == "assisted" and voter_form.is_valid():
                voter = user_by_login(voter_form.cleaned_data["login"])
                if voter is None:
                    voter_form.add_error("login", _("No account has this email or mobile number."))
                else:
                    services.ballot_cast_assisted(cycle=cycle, voter=voter, choices=choices, actor=request.user)
                    messages.success(request, _("The voter's ballot is recorded."))
                    return redirect("budgets:desk", pk=cycle.pk)
        except services.BallotRejected as exc:
            violations = exc.violations
        except DomainError as exc:
            messages.error(request, exc.message)
    context = _ballot_context(cycle, choices)
    context.update({"voter_form": voter_form, "code_form": code_form, "violations": violations})
    return render(request, "budgets/desk.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def codes(request: HttpRequest, pk: int) -> HttpResponse:
    """Print a batch of one-time voting codes for paper ballots."""
    cycle = _cycle(pk)
    _require(permissions.can_manage(request.user, cycle))
    form = forms.CodesForm(request.POST or None)
    batch = []
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.codes_generate(cycle=cycle, count=form.cleaned_data["count"], actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(request, "budgets/codes.html", {"cycle": cycle, "form": form, "batch": batch})


@login_required
@require_POST
def compute(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle(pk)
    _require(permissions.can_manage(request.user, cycle))
    try:
        services.results_compute(cycle=cycle, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(cycle)
    messages.success(request, _("The results are computed."))
    return redirect("budgets:results", pk=cycle.pk)


def _published(cycle: Cycle) -> None:
    if not cycle.result_computed_at:
        raise Http404


@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle(pk)
    _published(cycle)
    rows = selectors.project_results(cycle)
    return render(
        request,
        "budgets/results.html",
        {
            "cycle": cycle,
            "rows": rows,
            "winners": [r for r in rows if r.selected],
            "explain_rule": selectors.explain_rule(cycle),
            "turnout": selectors.turnout(cycle),
            "gender": selectors.gender_share(cycle),
            "women_top": selectors.women_top_choices(cycle, rows),
            "votes_chart": selectors.votes_chart_svg(cycle, rows),
            "districts": selectors.turnout_by_district(cycle),
            "district_results": _district_results(cycle, rows),
        },
    )


def _district_results(cycle: Cycle, rows: list) -> list[dict] | None:
    """Per district sub-envelope (and the city-wide rest): budget, spent, ballots, winners."""
    result = cycle.result or {}
    if not result.get("districts"):
        return None
    titles = {r.proposal.pk: r.proposal for r in rows}
    parts = [{**d, "part": str(d["id"])} for d in result["districts"]]
    if result.get("citywide"):
        parts.append({**result["citywide"], "name": None, "part": "citywide"})
    for part in parts:
        part["winners"] = [titles[pk] for pk in part["selected"] if pk in titles]
    return parts


@require_GET
def results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle(pk)
    _published(cycle)
    header = ["project_id", "title", "cost_mad", "votes", "selected", "order", "category", "gender_marker", "district"]
    rows = (
        [r.proposal.pk, r.proposal.title, r.proposal.cost, r.votes, int(r.selected), r.rank or "", r.proposal.category]
        + [r.proposal.gender_marker, r.proposal.district.name if r.proposal.district else ""]
        for r in selectors.project_results(cycle)
    )
    return csv_response(f"budget-{cycle.pk}-results.csv", header, rows)


@require_GET
def results_json(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle(pk)
    _published(cycle)
    return JsonResponse(
        {
            "cycle": cycle.pk,
            "collectivity": cycle.collectivity.code,
            "rule": cycle.rule,
            "envelope": cycle.envelope,
            "cost": cycle.result.get("cost"),
            "ballots": cycle.result.get("ballots"),
            "selected": cycle.result.get("selected", []),
            # With district sub-envelopes (decision 0211): each district's amount ("budget"), spent
            # and winners, and the city-wide stage's budget (the rest plus unspent district money).
            "districts": cycle.result.get("districts"),
            "citywide": cycle.result.get("citywide"),
            "projects": [
                {
                    "id": r.proposal.pk,
                    "title": r.proposal.title,
                    "cost": r.proposal.cost,
                    "votes": r.votes,
                    "selected": r.selected,
                    "order": r.rank,
                    "category": r.proposal.category,
                    "gender_marker": r.proposal.gender_marker,
                    "district": r.proposal.district.name if r.proposal.district else None,
                }
                for r in selectors.project_results(cycle)
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def results_pb(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle(pk)
    _published(cycle)
    part = request.GET.get("part")
    if part:  # one stage of a result with district sub-envelopes (decision 0211)
        text = services.stage_pb_text(cycle, part)
        if text is None:
            raise Http404
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="budget-{cycle.pk}-{slugify(part)}.pb"'
        return response
    response = HttpResponse(selectors.pb_text(cycle), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="budget-{cycle.pk}.pb"'
    return response


# --- Execution follow-up ----------------------------------------------------------------------


@require_GET
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle(pk)
    _published(cycle)
    return render(
        request,
        "budgets/follow_up.html",
        {
            "cycle": cycle,
            "follow": selectors.follow_up(cycle),
            "can_manage": permissions.can_manage(request.user, cycle),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def execution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff page of one funded project: status, progress, spend, milestones."""
    proposal = _proposal(pk)
    cycle = proposal.cycle
    _require(permissions.can_manage(request.user, cycle))
    execution = getattr(proposal, "execution", None)
    form = forms.ExecutionForm(
        request.POST if request.POST.get("form") == "execution" else None,
        initial={
            "status": execution.status if execution else "planned",
            "progress": execution.progress if execution else 0,
            "spent": execution.spent if execution else 0,
            "note": execution.note if execution else "",
        },
    )
    milestone_form = forms.MilestoneForm(request.POST if request.POST.get("form") == "milestone" else None)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "execution" and form.is_valid():
                data = form.cleaned_data
                services.execution_update(
                    proposal=proposal,
                    status=data["status"],
                    progress=data["progress"],
                    spent=data["spent"],
                    note=data["note"],
                    programme_project=execution.programme_project if execution else None,
                    actor=request.user,
                )
                messages.success(request, _("The project's follow-up is updated."))
                return redirect("budgets:execution", pk=proposal.pk)
            if request.POST.get("form") == "milestone" and milestone_form.is_valid():
                services.milestone_add(
                    proposal=proposal,
                    title=milestone_form.cleaned_data["title"],
                    due_on=milestone_form.cleaned_data["due_on"],
                    actor=request.user,
                )
                messages.success(request, _("The milestone is added."))
                return redirect("budgets:execution", pk=proposal.pk)
        except DomainError as exc:
            target = form if request.POST.get("form") == "execution" else milestone_form
            for field, errors in (getattr(exc, "errors", None) or {None: [exc.message]}).items():
                for error in errors:
                    target.add_error(field if field in target.fields else None, error)
    milestones = list(execution.milestones.all()) if execution else []
    return render(
        request,
        "budgets/execution.html",
        {
            "cycle": cycle,
            "proposal": proposal,
            "execution": execution,
            "form": form,
            "milestone_form": milestone_form,
            "milestones": [(m, forms.MilestoneDoneForm(prefix=f"m{m.pk}")) for m in milestones],
        },
    )


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = Milestone.objects.select_related("execution__proposal__cycle__collectivity").filter(pk=pk).first()
    if milestone is None:
        raise Http404
    proposal = milestone.execution.proposal
    _require(permissions.can_manage(request.user, proposal.cycle))
    form = forms.MilestoneDoneForm(request.POST, request.FILES, prefix=f"m{milestone.pk}")
    if form.is_valid():
        try:
            services.milestone_done(
                milestone=milestone,
                done_on=form.cleaned_data["done_on"],
                note=form.cleaned_data["note"],
                photo=form.cleaned_data.get("photo"),
                actor=request.user,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The milestone is marked as reached."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("budgets:execution", pk=proposal.pk)
