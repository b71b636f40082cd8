"""Reads of the participatory budget: ballots, elections for the outcome rules, results figures."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db import router
from django.db.models import Count, Prefetch, QuerySet, Sum

from tadafur.budgets import phases
from tadafur.budgets.models import Ballot, BallotChoice, Cycle, Proposal
from tadafur.budgets.pb import Ballot as PbBallot
from tadafur.budgets.pb import Instance, Profile
from tadafur.budgets.pb import Project as PbProject
from tadafur.budgets.states import PUBLIC, ProposalState
from tadafur.core import clock
from tadafur.core.precompiled import Query


def cycles_public() -> QuerySet[Cycle]:
    return Cycle.objects.select_related("collectivity").filter(information_starts__lte=clock.now())


def cycles_of(collectivity: Any) -> QuerySet[Cycle]:
    return cycles_public().filter(collectivity=collectivity)


def collectivities_managed_by(user: Any) -> QuerySet[Any]:
    """The collectivities where `user` may open and run participatory budgets."""
    from tadafur.accounts import selectors as accounts
    from tadafur.budgets.permissions import MANAGE_ROLES
    from tadafur.territories.models import Territory

    if accounts.is_platform_admin(user):
        return Territory.objects.filter(is_collectivity=True).order_by("code")
    ids = accounts.active_assignments(user).filter(role__in=MANAGE_ROLES).values("collectivity_id")
    return Territory.objects.filter(pk__in=ids).order_by("code")


def cycle_get(pk: int) -> Cycle | None:
    return Cycle.objects.select_related("collectivity").filter(pk=pk).first()


def public_proposals(cycle: Cycle) -> QuerySet[Proposal]:
    return cycle.proposals.filter(status__in=PUBLIC).select_related("district", "author")


def ballot_proposals(cycle: Cycle) -> QuerySet[Proposal]:
    """Projects on the ballot: feasible after the technical review and gender-reviewed."""
    return cycle.proposals.filter(status=ProposalState.FEASIBLE, gender_marker__isnull=False).order_by("pk")


# The online ballot's reads, compiled once per connection (decision 0215). The cycle comes with
# its collectivity (eligibility, audit) but never the collectivity's census JSON; the projects
# with what the rule check reads, their id and cost, never their texts.
_CYCLE_FOR_BALLOT = Query(
    lambda pk: Cycle.objects.select_related("collectivity").defer("collectivity__census").filter(pk=pk)
)
_BALLOT_COSTS = Query(
    lambda cycle_id: (
        Proposal.objects.filter(cycle_id=cycle_id, status=ProposalState.FEASIBLE, gender_marker__isnull=False)
        .order_by("pk")
        .only("id", "cycle_id", "estimated_cost", "revised_cost")
    )
)
_VOTER_BALLOT_LOCKED = Query(
    lambda cycle_id, voter_id: Ballot.objects.select_for_update().filter(cycle_id=cycle_id, voter_id=voter_id)[:1],
    arity=2,
)


def cycle_for_ballot(pk: int) -> Cycle | None:
    """The cycle a ballot is cast in, with its collectivity (without its census)."""
    return _CYCLE_FOR_BALLOT.first(pk, using=router.db_for_read(Cycle))


def ballot_costs(cycle: Cycle) -> list[Proposal]:
    """`ballot_proposals(cycle)` with only the id and cost of each project, for the rule check."""
    return _BALLOT_COSTS.all(cycle.pk, using=router.db_for_read(Proposal))


def voter_ballot_locked(cycle: Cycle, voter: Any) -> Ballot | None:
    """The voter's ballot in the cycle, locked (FOR UPDATE on PostgreSQL): inside a transaction only."""
    return _VOTER_BALLOT_LOCKED.first(cycle.pk, voter.pk, using=router.db_for_write(Ballot))


def ballot_of(cycle: Cycle, user: Any) -> Ballot | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Ballot.objects.filter(cycle=cycle, voter=user).prefetch_related("choices").first()


def choices_of(ballot: Ballot | None) -> dict[int, int]:
    return {c.proposal_id: c.points for c in ballot.choices.all()} if ballot else {}


def is_equality_body_member(user: Any, cycle: Cycle) -> bool:
    """Is this person a member or the secretary of the collectivity's equality body (IEECAG)?"""
    from tadafur.accounts import selectors as accounts
    from tadafur.accounts.roles import Role
    from tadafur.bodies.models import Body
    from tadafur.bodies.rules import BodyKind

    body = Body.objects.filter(collectivity_id=cycle.collectivity_id, kind=BodyKind.IEECAG).first()
    if body is None:
        return False
    return any(
        accounts.has_role(user, role, cycle.collectivity, body=body.scope)
        for role in (Role.BODY_MEMBER, Role.BODY_SECRETARY)
    )


def open_items(collectivity: Any) -> list[tuple[str, str]]:
    from django.utils.translation import gettext as _

    items = []
    for cycle in cycles_of(collectivity)[:10]:
        phase = phases.active_phase(cycle)
        if phase is not None and phase.grants:
            items.append(
                (
                    _("Participatory budget: %(name)s (%(phase)s)") % {"name": cycle.name, "phase": phase.label},
                    cycle.get_absolute_url(),
                )
            )
    return items


# --- The election, as the outcome rules and `.pb` take it ---------------------------------


def voter_age_at(birth_year: int | None, cycle: Cycle) -> int | None:
    return cycle.vote_starts.year - birth_year if birth_year else None


def election(cycle: Cycle) -> tuple[Instance, Profile]:
    """The cycle's projects and ballots in the engine's terms (project ids are proposal pks)."""
    projects = {}
    for p in ballot_proposals(cycle):
        projects[str(p.pk)] = PbProject(
            project_id=str(p.pk),
            cost=Fraction(p.cost),
            name=p.title,
            category=(p.category,),
            target=tuple(p.beneficiaries),
            extra={"gender_marker": str(p.gender_marker)},
        )
    cumulative = cycle.vote_type == "cumulative"
    ballots = []
    rows = (
        Ballot.objects.filter(cycle=cycle)
        .order_by("pk")
        .prefetch_related(Prefetch("choices", queryset=BallotChoice.objects.order_by("proposal_id")))
    )
    for b in rows:
        chosen = [c for c in b.choices.all() if str(c.proposal_id) in projects]
        attributes = {"voting_method": b.channel}
        if b.voter_sex:
            attributes["sex"] = {"woman": "F", "man": "M"}.get(b.voter_sex, "U")
        age = voter_age_at(b.voter_birth_year, cycle)
        if age is not None:
            attributes["age"] = str(age)
        ballots.append(
            PbBallot(
                voter_id=str(b.pk),
                vote=tuple(str(c.proposal_id) for c in chosen),
                points=tuple(Fraction(c.points) for c in chosen) if cumulative else None,
                attributes=attributes,
            )
        )
    meta = {
        "description": cycle.name,
        "country": "Morocco",
        "unit": cycle.collectivity.name_fr,
        "instance": str(cycle.pk),
        "budget": str(cycle.envelope),
        "vote_type": cycle.vote_type,
        "rule": cycle.rule,
        "currency": "MAD",
    }
    if cycle.ballot_type == "approval" and cycle.max_choices:
        meta["max_length"] = str(cycle.max_choices)
    if cycle.max_points:
        meta["max_sum_points"] = str(cycle.max_points)
    return Instance(meta=meta, projects=projects, budget=Fraction(cycle.envelope)), Profile(cycle.vote_type, ballots)


def pb_text(cycle: Cycle) -> str:
    from tadafur.budgets.pb import write_pb

    instance, profile = election(cycle)
    selected = set(str(pid) for pid in cycle.result.get("selected", []))
    for pid, project in instance.projects.items():
        project.extra["votes"] = "0"
        project.extra["selected"] = "1" if pid in selected else "0"
    for pid, votes in vote_counts(cycle).items():
        if str(pid) in instance.projects:
            instance.projects[str(pid)].extra["votes"] = str(votes)
    return write_pb(instance, profile)


# --- Results ------------------------------------------------------------------------------


def vote_counts(cycle: Cycle) -> dict[int, int]:
    """Approvals (or points) per project."""
    rows = (
        BallotChoice.objects.filter(ballot__cycle=cycle)
        .values("proposal_id")
        .annotate(n=Sum("points") if cycle.vote_type == "cumulative" else Count("id"))
    )
    return {r["proposal_id"]: r["n"] for r in rows}


def vote_counts_by_sex(cycle: Cycle) -> dict[str, dict[int, int]]:
    """Approvals (or points) per project among women's and among men's ballots."""
    rows = (
        BallotChoice.objects.filter(ballot__cycle=cycle, ballot__voter_sex__in=("woman", "man"))
        .values("ballot__voter_sex", "proposal_id")
        .annotate(n=Sum("points") if cycle.vote_type == "cumulative" else Count("id"))
    )
    out: dict[str, dict[int, int]] = {"woman": {}, "man": {}}
    for r in rows:
        out[r["ballot__voter_sex"]][r["proposal_id"]] = r["n"]
    return out


@dataclass
class TopChoice:
    proposal: Proposal
    women: int
    men: int
    women_rank: int
    overall_rank: int
    selected: bool


def women_top_choices(cycle: Cycle, rows: list[ProjectResult], limit: int = 5) -> list[TopChoice]:
    """The projects women voted for most, with their rank among everyone and whether they won:
    where women's priorities and the overall result part ways is visible at a glance."""
    by_sex = vote_counts_by_sex(cycle)
    women, men = by_sex["woman"], by_sex["man"]
    if not women:
        return []
    overall = sorted(rows, key=lambda r: (-r.votes, r.proposal.pk))
    overall_rank = {r.proposal.pk: i + 1 for i, r in enumerate(overall)}
    ranked = sorted(rows, key=lambda r: (-women.get(r.proposal.pk, 0), r.proposal.pk))
    return [
        TopChoice(
            proposal=r.proposal,
            women=women.get(r.proposal.pk, 0),
            men=men.get(r.proposal.pk, 0),
            women_rank=i + 1,
            overall_rank=overall_rank[r.proposal.pk],
            selected=r.selected,
        )
        for i, r in enumerate(ranked[:limit])
        if women.get(r.proposal.pk, 0) > 0
    ]


def votes_chart_svg(cycle: Cycle, rows: list[ProjectResult], limit: int = 15) -> str:
    """Horizontal bars of votes per project (funded ones filled), readable without JavaScript."""
    from django.utils.html import escape
    from django.utils.translation import gettext as _

    shown = sorted(rows, key=lambda r: (-r.votes, r.proposal.pk))[:limit]
    if not shown:
        return ""
    top = max(r.votes for r in shown) or 1
    label_w, bar_w, row_h = 170, 230, 18
    height = len(shown) * row_h + 22
    title = _("Votes per project (funded projects filled)")
    out = [
        f'<svg class="chart" viewBox="0 0 {label_w + bar_w + 50} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    y = 4
    for r in shown:
        width = round(r.votes / top * bar_w, 1)
        cls = "f" if r.selected else "o"
        out.append(f'<text x="0" y="{y + 11}" class="ax">{escape(r.proposal.title[:30])}</text>')
        out.append(
            f'<rect class="{cls}" x="{label_w}" y="{y}" width="{width}" height="12">'
            f"<title>{escape(r.proposal.title)}: {r.votes}</title></rect>"
        )
        out.append(f'<text x="{label_w + width + 3}" y="{y + 10}" class="ax">{r.votes}</text>')
        y += row_h
    out.append("</svg>")
    return "".join(out)


def turnout_by_district(cycle: Cycle) -> list[tuple[str, int]]:
    """Ballots that chose at least one project of each district (a voter may count in several)."""
    rows = (
        BallotChoice.objects.filter(ballot__cycle=cycle, proposal__district__isnull=False)
        .values("proposal__district__name")
        .annotate(n=Count("ballot_id", distinct=True))
        .order_by("proposal__district__name")
    )
    return [(r["proposal__district__name"], r["n"]) for r in rows]


# --- Execution follow-up ------------------------------------------------------------------


@dataclass
class FollowUpRow:
    proposal: Proposal
    execution: Any  # Execution | None
    milestones: list[Any]


def follow_up(cycle: Cycle) -> dict[str, Any]:
    """The funded projects with their execution, milestones, and the cycle's overall figures."""
    from tadafur.budgets.models import Execution

    selected = list((cycle.result or {}).get("selected", []))
    proposals = {p.pk: p for p in Proposal.objects.filter(pk__in=selected)}
    executions = {
        e.proposal_id: e
        for e in Execution.objects.filter(proposal_id__in=selected)
        .select_related("programme_project")
        .prefetch_related("milestones")
    }
    rows = [
        FollowUpRow(
            proposal=proposals[pid],
            execution=executions.get(pid),
            milestones=list(executions[pid].milestones.all()) if pid in executions else [],
        )
        for pid in selected
        if pid in proposals
    ]
    funded = sum(r.proposal.cost for r in rows)
    spent = sum(r.execution.spent for r in rows if r.execution)
    done = sum(1 for r in rows if r.execution and r.execution.status == "done")
    # Progress weighted by cost: a large project half-built weighs more than a small one finished.
    weighted = sum(r.proposal.cost * (r.execution.progress if r.execution else 0) for r in rows)
    return {
        "rows": rows,
        "funded": funded,
        "spent": spent,
        "spent_share": _share(spent, funded),
        "done": done,
        "progress": round(weighted / funded, 1) if funded else None,
    }


@dataclass
class ProjectResult:
    proposal: Proposal
    votes: int
    selected: bool
    rank: int | None  # position in the rule's selection order
    explanation: str = ""
    groups: str = ""  # MES: what each group of voters (by sex) paid for it, or had left for it


# --- MES payments, replayed exactly from the stored ballots ---------------------------------


def _mad(amount: Fraction | int) -> str:
    """An amount of money for people: whole dirhams when exact, else rounded to the centime."""
    amount = Fraction(amount)
    if amount.denominator == 1:
        return f"{int(amount):,}"
    cents = round(amount * 100)
    return f"{cents // 100:,}.{cents % 100:02d}"


@dataclass
class MesPayment:
    """Who paid for one funded project (or, for a project not funded, what its supporters had left)."""

    supporters: int
    share: Fraction = Fraction(0)  # the equal amount paid by the supporters who could afford it
    paying: int = 0  # supporters who paid `share`
    capped: int = 0  # supporters who had less than `share` left and paid all they had
    capped_total: Fraction = Fraction(0)
    by_sex: dict[str, Fraction] | None = None  # woman / man / "" (not told): paid, or left at the end
    left: Fraction = Fraction(0)  # projects not funded: the supporters' money left at the end
    most_left: Fraction = Fraction(0)


def mes_payments(cycle: Cycle) -> dict[int, MesPayment] | None:
    """Replay the Method of Equal Shares along the stored selection, with exact rationals.

    Each of the n ballots (empty ones included) starts with an equal share of the envelope, B/n.
    With approval ballots (or the cost utilities of `mes`) every supporter of a project has the
    same utility, so funding it charges each supporter the same amount p, except those who have
    less than p left, who pay all they have: p solves  sum(min(budget_i, p)) = cost. Replaying the
    rule's own selection order gives exactly the payments the rule made (the engine computes the
    same split; it is checked against pabutools). For projects not funded, the money its supporters
    still had when the rule stopped is what made it unaffordable.

    Only for pure MES results (`mes`, or `mes-card` with approval ballots) without a gender floor;
    None otherwise (add-one raises the shares and greedy completes; a floor runs the rule twice).
    """
    result = cycle.result or {}
    if cycle.rule not in ("mes", "mes-card") or result.get("rule", cycle.rule) != cycle.rule:
        return None
    if cycle.gender_floor_percent or (cycle.rule == "mes-card" and cycle.vote_type == "cumulative"):
        return None
    if result.get("districts"):  # district sub-envelopes: the rule ran once per stage (decision 0211)
        return None
    on_ballot = {p.pk: p.cost for p in ballot_proposals(cycle)}
    sexes = dict(Ballot.objects.filter(cycle=cycle).values_list("pk", "voter_sex"))
    supporters: dict[int, list[int]] = {pid: [] for pid in on_ballot}
    for ballot_id, pid in BallotChoice.objects.filter(ballot__cycle=cycle, points__gt=0).values_list(
        "ballot_id", "proposal_id"
    ):
        if pid in supporters:
            supporters[pid].append(ballot_id)
    return replay_mes(cycle.envelope, sexes, supporters, on_ballot, result.get("selected", []))


def replay_mes(
    envelope: int | Fraction,
    sexes: dict[Any, str],
    supporters: dict[Any, list[Any]],
    costs: dict[Any, int | Fraction],
    selected: list[Any],
) -> dict[Any, MesPayment] | None:
    """The payments of an equal-utility MES run along `selected` (see mes_payments), exactly.

    `sexes` maps every ballot (empty ones included) to its voter's sex; `supporters` maps each
    project on the ballot to its supporters' ballots; None when the selection does not replay."""
    if not sexes:
        return None
    share = Fraction(envelope) / len(sexes)
    budget: dict[Any, Fraction] = dict.fromkeys(sexes, share)

    def by_sex(amounts: dict[Any, Fraction]) -> dict[str, Fraction]:
        out = {"woman": Fraction(0), "man": Fraction(0), "": Fraction(0)}
        for ballot_id, amount in amounts.items():
            sex = sexes.get(ballot_id) or ""
            out[sex if sex in out else ""] += amount
        return out

    out: dict[Any, MesPayment] = {}
    for pid in selected:
        cost, who = costs.get(pid), supporters.get(pid)
        if cost is None or not who:
            return None  # the stored result no longer matches the ballot: explain nothing rather than wrongly
        payment = MesPayment(supporters=len(who))
        paid: dict[Any, Fraction] = {}
        if cost > 0:
            ordered = sorted(who, key=lambda b: budget[b])
            remaining = Fraction(cost)
            for i, ballot_id in enumerate(ordered):
                p = remaining / (len(ordered) - i)
                if p <= budget[ballot_id]:
                    payment.share, payment.paying = p, len(ordered) - i
                    for rest in ordered[i:]:
                        paid[rest] = p
                    break
                paid[ballot_id] = budget[ballot_id]
                payment.capped += 1
                payment.capped_total += budget[ballot_id]
                remaining -= budget[ballot_id]
            else:
                return None  # its supporters could not pay it: not a pure MES result
            for ballot_id, amount in paid.items():
                budget[ballot_id] -= amount
        payment.by_sex = by_sex(paid)
        out[pid] = payment
    for pid, who in supporters.items():
        if pid in out or not who:
            continue
        left = {ballot_id: budget[ballot_id] for ballot_id in who}
        out[pid] = MesPayment(
            supporters=len(who), by_sex=by_sex(left), left=sum(left.values(), Fraction(0)), most_left=max(left.values())
        )
    return out


def _explain_groups(payment: MesPayment, selected: bool) -> str:
    from django.utils.translation import gettext as _

    amounts = payment.by_sex or {}
    values = {"women": _mad(amounts.get("woman", 0)), "men": _mad(amounts.get("man", 0))}
    untold = amounts.get("", 0)
    if selected:
        if untold:
            return _(
                "Paid from the shares of women: %(women)s MAD; of men: %(men)s MAD; of voters who did not give "
                "their sex: %(untold)s MAD."
            ) % {**values, "untold": _mad(untold)}
        return _("Paid from the shares of women: %(women)s MAD; of men: %(men)s MAD.") % values
    if untold:
        return _(
            "Left to its supporters at the end: women %(women)s MAD, men %(men)s MAD, voters who did not give "
            "their sex %(untold)s MAD."
        ) % {**values, "untold": _mad(untold)}
    return _("Left to its supporters at the end: women %(women)s MAD, men %(men)s MAD.") % values


def _explain_mes(cycle: Cycle, row: ProjectResult, payment: MesPayment) -> str | None:
    """The MES explanation from the replayed payments; None to keep the general one."""
    from django.utils.translation import gettext as _

    cost = row.proposal.cost
    if row.selected:
        if not payment.capped or cost == 0:
            return None  # everyone paid cost / supporters: the general sentence says it exactly
        return _(
            "Its %(n)d supporters paid for it from their equal shares: %(paying)d of them paid %(share)s MAD each, "
            "and %(capped)d who had less left gave all they had left, %(capped_total)s MAD in all."
        ) % {
            "n": payment.supporters,
            "paying": payment.paying,
            "share": _mad(payment.share),
            "capped": payment.capped,
            "capped_total": _mad(payment.capped_total),
        }
    ballots = int(cycle.result.get("ballots") or 0)
    if not payment.supporters or (ballots and payment.supporters * Fraction(cycle.envelope, ballots) < cost):
        return None  # not even their full shares could pay it: the general sentence says so
    return _(
        "Not funded: it would have cost each of its %(n)d supporters %(per)s MAD, but when no further project "
        "could be paid for they had %(left)s MAD left in all (%(most)s MAD at most each), less than its cost "
        "of %(cost)s MAD."
    ) % {
        "n": payment.supporters,
        "per": _mad(Fraction(cost, payment.supporters)),
        "left": _mad(payment.left),
        "most": _mad(payment.most_left),
        "cost": _mad(cost),
    }


def _explain(cycle: Cycle, row: ProjectResult, ballots: int) -> str:
    """Why a project won or lost, in plain words, from facts anyone can check in the `.pb` file."""
    from django.utils.translation import gettext as _

    cost, votes = row.proposal.cost, row.votes
    left = cycle.envelope - int(cycle.result.get("cost") or 0)
    # Pure MES only: with add-one and greedy completion, losers are those that no longer fitted.
    mes = cycle.rule in ("mes", "mes-card")
    share = cycle.envelope / ballots if ballots else 0
    per = f"{cost / votes:,.0f}" if votes else "—"
    if row.selected:
        if mes:
            return _("Its supporters paid for it from their equal shares: %(per)s MAD per supporter.") % {"per": per}
        return _("Funded with %(votes)d votes.") % {"votes": votes}
    if votes == 0:
        return _("No voter chose it.")
    if cost > left and not mes:
        return _(
            "Not funded: it costs %(cost)s MAD and only %(left)s MAD of the envelope remained when its turn came."
        ) % {"cost": f"{cost:,}", "left": f"{left:,}"}
    if mes and votes * share < cost:
        return _(
            "Not funded: its %(votes)d supporters, with an equal share of %(share)s MAD each, could not pay "
            "its cost of %(cost)s MAD (%(per)s MAD per supporter)."
        ) % {"votes": votes, "share": f"{share:,.0f}", "cost": f"{cost:,}", "per": per}
    if mes:
        return _(
            "Not funded: its supporters had spent their shares on projects that cost less per supporter; "
            "%(left)s MAD of the envelope remained, less than its cost of %(cost)s MAD."
        ) % {"left": f"{left:,}", "cost": f"{cost:,}"}
    return _("Not funded: its supporters had not gathered its cost of %(cost)s MAD before the envelope ran out.") % {
        "cost": f"{cost:,}"
    }


def project_results(cycle: Cycle) -> list[ProjectResult]:
    selected = cycle.result.get("selected", [])
    order = {pid: i + 1 for i, pid in enumerate(selected)}
    counts = vote_counts(cycle)
    rows = [ProjectResult(p, counts.get(p.pk, 0), p.pk in order, order.get(p.pk)) for p in ballot_proposals(cycle)]
    ballots = int(cycle.result.get("ballots") or 0)
    payments = mes_payments(cycle) if rows else None
    for row in rows:
        payment = (payments or {}).get(row.proposal.pk)
        row.explanation = (payment and _explain_mes(cycle, row, payment)) or _explain(cycle, row, ballots)
        if payment is not None and payment.supporters:
            row.groups = _explain_groups(payment, row.selected)
    rows.sort(key=lambda r: (not r.selected, r.rank or 0, -r.votes, r.proposal.pk))
    return rows


# Voter age bands, built from the census' five-year bands.
AGE_BANDS: tuple[tuple[str, int, int | None, tuple[str, ...]], ...] = (
    ("15-24", 15, 24, ("15_19", "20_24")),
    ("25-34", 25, 34, ("25_29", "30_34")),
    ("35-49", 35, 49, ("35_39", "40_44", "45_49")),
    ("50-64", 50, 64, ("50_54", "55_59", "60_64")),
    ("65+", 65, None, ("65_69", "70_74", "75_plus")),
)


def age_band(age: int | None) -> str | None:
    if age is None:
        return None
    for label, low, high, _bands in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return label
    return None


@dataclass
class TurnoutRow:
    label: str
    ballots: int
    share: float | None  # of ballots whose voter told this attribute
    census_share: float | None  # of the census population (15 and over for ages)


def _share(n: float, total: float) -> float | None:
    return round(100 * n / total, 1) if total else None


def turnout(cycle: Cycle) -> dict[str, Any]:
    """Who voted, by sex and age band, beside the census population of the collectivity."""
    rows = list(Ballot.objects.filter(cycle=cycle).values_list("voter_sex", "voter_birth_year"))
    census = cycle.collectivity.census or {}
    sexes = Counter(sex for sex, _y in rows if sex in ("woman", "man"))
    told = sum(sexes.values())
    women_census = census.get("women_share")
    women_census = float(women_census) if women_census is not None else None
    if women_census is not None and women_census <= 1:
        women_census *= 100
    by_sex = [
        TurnoutRow("woman", sexes["woman"], _share(sexes["woman"], told), women_census),
        TurnoutRow(
            "man",
            sexes["man"],
            _share(sexes["man"], told),
            None if women_census is None else round(100 - women_census, 1),
        ),
    ]
    bands = Counter(age_band(voter_age_at(year, cycle)) for _s, year in rows)
    aged = sum(n for band, n in bands.items() if band)
    census_age = census.get("age") or {}
    census_counts = {
        label: sum(float((census_age.get(b) or {}).get("all") or 0) for b in parts)
        for label, _low, _high, parts in AGE_BANDS
    }
    census_total = sum(census_counts.values())
    by_age = [
        TurnoutRow(label, bands[label], _share(bands[label], aged), _share(census_counts[label], census_total))
        for label, _low, _high, _parts in AGE_BANDS
    ]
    return {
        "ballots": len(rows),
        "by_sex": by_sex,
        "by_age": by_age,
        "population": cycle.collectivity.population_2024,
    }


def gender_share(cycle: Cycle) -> dict[str, Any]:
    """How much of the envelope goes to projects with gender marker 1 or 2."""
    marked = cycle.result.get("marked_cost") or 0
    return {
        "marked_cost": marked,
        "share_of_envelope": _share(marked, cycle.envelope),
        "floor_percent": cycle.gender_floor_percent,
        "floor_met": cycle.result.get("floor_met"),
    }


# --- Plain words --------------------------------------------------------------------------


def explain_ballot(cycle: Cycle) -> str:
    from django.utils.translation import gettext as _

    envelope = f"{cycle.envelope:,}"
    if cycle.ballot_type == "cumulative":
        return _(
            "You have %(points)d points. Share them between the projects you support: give more points to "
            "what matters most to you. You can change your ballot until the vote closes."
        ) % {"points": cycle.max_points or 0}
    if cycle.ballot_type == "cost_limited":
        return _(
            "Tick the projects you support. Together they may cost up to the envelope of %(envelope)s MAD: "
            "the page shows what remains as you choose. You can change your ballot until the vote closes."
        ) % {"envelope": envelope}
    if cycle.max_choices:
        return _(
            "Tick between %(min)d and %(max)d projects you support. You can change your ballot until the vote closes."
        ) % {"min": max(cycle.min_choices, 1), "max": cycle.max_choices}
    return _("Tick at least %(min)d project(s) you support. You can change your ballot until the vote closes.") % {
        "min": max(cycle.min_choices, 1)
    }


def explain_rule(cycle: Cycle) -> str:
    from django.utils.translation import gettext as _

    texts = {
        "greedy": _(
            "Projects are funded in order of their votes, most first. A project that no longer fits in "
            "what remains of the envelope is skipped, and the next one is considered."
        ),
        "mes": _(
            "Method of Equal Shares: the envelope is split equally between the voters. A project is funded "
            "when its supporters can pay for it together from their shares; at each step the project that "
            "costs its supporters the least per unit of satisfaction is funded first. Large groups cannot "
            "take the whole envelope: smaller neighbourhoods and groups get their fair share."
        ),
        "mes-card": _(
            "Method of Equal Shares counting each project once: the envelope is split equally between the "
            "voters, and at each step the project that costs its supporters the least per supporter is "
            "funded, if they can still pay for it from their shares."
        ),
        "mes-add1-greedy": _(
            "Method of Equal Shares, then most votes: the envelope is split equally between the voters and "
            "projects are funded when their supporters can pay for them together; the shares are raised "
            "step by step while that spends more of the envelope; what remains then goes to the most-voted "
            "projects that still fit."
        ),
        "phragmen": _(
            "Sequential Phragmén: voters earn money continuously; a project is funded as soon as its "
            "supporters together have earned its cost, and their money is spent on it."
        ),
    }
    text = texts.get(cycle.rule, "")
    if cycle.gender_floor_percent:
        text += " " + _(
            "Gender floor: first, %(floor)d%% of the envelope is given by the same rule to projects whose "
            "gender marker is 1 or 2; then the rest of the envelope goes to all remaining projects."
        ) % {"floor": cycle.gender_floor_percent}
    return text


def remaining_budget(cycle: Cycle, choices: dict[int, int], ballot: list[Proposal]) -> dict[str, int]:
    costs = {p.pk: p.cost for p in ballot}
    spent = sum(costs.get(pid, 0) for pid, pts in choices.items() if pts > 0)
    points = sum(pts for pts in choices.values() if pts > 0)
    return {
        "spent": spent,
        "remaining": cycle.envelope - spent,
        "chosen": sum(1 for pts in choices.values() if pts > 0),
        "points_left": (cycle.max_points or 0) - points,
    }
