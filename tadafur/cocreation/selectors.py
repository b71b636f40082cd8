"""Reads about co-creation calls, for pages, the API, the indicators and the open data."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tadafur.cocreation import permissions, rules
from tadafur.cocreation.models import Agreement, Application, Assignment, Call, Criterion, Report, Score
from tadafur.cocreation.states import APPLICATION_IN_REVIEW, CALL_PUBLIC, AgreementStatus, ApplicationStatus
from tadafur.core import clock
from tadafur.core.decisions import Decision


def calls_public(collectivity: Any = None) -> QuerySet[Call]:
    qs = Call.objects.filter(status__in=CALL_PUBLIC).select_related("collectivity")
    if collectivity is not None:
        qs = qs.filter(Q(collectivity=collectivity) | Q(partners=collectivity)).distinct()
    return qs


def calls_managed_by(user: Any) -> QuerySet[Call]:
    """Every call (drafts too) of the collectivities where `user` runs or selects."""
    from tadafur.accounts.selectors import active_assignments, is_platform_admin

    qs = Call.objects.select_related("collectivity").order_by("-pk")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_platform_admin(user):
        return qs
    roles = permissions.MANAGE_ROLES | permissions.SELECT_ROLES
    places = active_assignments(user).filter(role__in=roles).values("collectivity_id")
    return qs.filter(collectivity_id__in=places)


def call_get(pk: int) -> Call | None:
    return (
        Call.objects.select_related("collectivity")
        .prefetch_related("partners", Prefetch("criteria", queryset=Criterion.objects.order_by("position")))
        .filter(pk=pk)
        .first()
    )


def phase(call: Call) -> str:
    return rules.call_phase(
        status=call.status,
        submission_opens=call.submission_opens,
        submission_until=call.submission_until,
        today=clock.today(),
    )


def grid(call: Call) -> list[rules.GridLine]:
    return [rules.GridLine(c.pk, c.weight, c.max_score) for c in call.criteria.order_by("position")]


def answered_questions(call: Call) -> QuerySet[Any]:
    return call.questions.filter(answered_at__isnull=False)


def applications_of_user(user: Any) -> QuerySet[Application]:
    """The applications of the associations `user` represents: nobody else's."""
    from tadafur.associations.selectors import represented_by

    return (
        Application.objects.filter(association__in=represented_by(user))
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .select_related("call", "association")
        .order_by("-pk")
    )


def assignments_of(user: Any) -> QuerySet[Assignment]:
    if not getattr(user, "is_authenticated", False):
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(reviewer=user, application__status__in=APPLICATION_IN_REVIEW)
        .select_related("application__call", "application__association")
        .order_by("-pk")
    )


def application_get(pk: int) -> Application | None:
    return (
        Application.objects.select_related("call__collectivity", "association__seat", "selection_meeting")
        .prefetch_related("budget_lines", "indicators", "attachments")
        .filter(pk=pk)
        .first()
    )


def budget(application: Application) -> rules.BudgetFacts:
    return rules.budget_facts((line.requested, line.cofinanced) for line in application.budget_lines.all())


def submission_check(application: Application) -> Decision:
    """Everything that must hold before submission, each failing point with its reason."""
    call = application.call
    today = clock.today()
    reasons: list[Any] = []
    eligibility = rules.applicant_eligibility(call, application.association, on=today)
    if not eligibility:
        reasons.extend(eligibility.reasons)
    if not rules.submission_open(
        status=call.status, submission_opens=call.submission_opens, submission_until=call.submission_until, today=today
    ):
        reasons.append(_("This call is not open for applications."))
    if not (application.summary.strip() and application.problem.strip() and application.activities.strip()):
        reasons.append(_("Fill in the summary, the problem addressed and the activities."))
    if application.target_total <= 0:
        reasons.append(_("Give the target group by sex and age."))
    reasons.extend(
        rules.budget_problems(
            budget(application),
            max_per_project=call.max_per_project,
            cofinancing_min_percent=call.cofinancing_min_percent,
        )
    )
    if not application.indicators.exists():
        reasons.append(_("Add at least one indicator with its baseline and target."))
    attached = set(application.attachments.values_list("document", flat=True))
    for document in call.document_list:
        if document not in attached:
            reasons.append(_("Attach the document: %(document)s.") % {"document": document})
    if reasons:
        return Decision.deny(*reasons)
    return Decision.allow(_("The application is complete and the association is eligible."))


# --- Scores --------------------------------------------------------------------------------


@dataclass
class ScoreSheet:
    """The scores of one application: the combined mark, the mean per criterion, the comments."""

    combined: Decimal | None
    reviews_complete: int
    reviewers: int
    per_criterion: list[tuple[Criterion, Decimal | None, list[str]]] = field(default_factory=list)


def _reviews(application: Application) -> list[dict[int, int]]:
    by_assignment: dict[int, dict[int, int]] = defaultdict(dict)
    for s in Score.objects.filter(assignment__application=application, assignment__conflict="none"):
        by_assignment[s.assignment_id][s.criterion_id] = s.value
    return list(by_assignment.values())


def score_sheet(application: Application) -> ScoreSheet:
    call = application.call
    g = grid(call)
    reviews = _reviews(application)
    means = rules.criterion_means(g, reviews)
    comments: dict[int, list[str]] = defaultdict(list)
    for s in Score.objects.filter(assignment__application=application, assignment__conflict="none").exclude(comment=""):
        comments[s.criterion_id].append(s.comment)
    criteria = list(call.criteria.order_by("position"))
    complete = [r for r in reviews if all(line.key in r for line in g)]
    return ScoreSheet(
        combined=rules.combined_score(g, reviews),
        reviews_complete=len(complete),
        reviewers=application.assignments.exclude(conflict="conflict").count(),
        per_criterion=[(c, means.get(c.pk), comments.get(c.pk, [])) for c in criteria],
    )


def ranking(call: Call) -> list[tuple[Application, Decimal | None]]:
    """Reviewed applications, best combined mark first; unscored last; ties by submission time."""
    g = grid(call)
    apps = list(call.applications.filter(status__in=APPLICATION_IN_REVIEW).select_related("association"))
    scores: dict[int, dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for s in Score.objects.filter(assignment__application__call=call, assignment__conflict="none").select_related(
        "assignment"
    ):
        scores[s.assignment.application_id][s.assignment_id][s.criterion_id] = s.value
    rows = [(a, rules.combined_score(g, scores[a.pk].values())) for a in apps]
    rows.sort(key=lambda r: (r[1] is None, -(r[1] or 0), r[0].submitted_at or clock.now(), r[0].pk))
    return rows


def selected_projects(call: Call) -> QuerySet[Application]:
    return (
        call.applications.filter(status=ApplicationStatus.SELECTED)
        .select_related("association", "agreement")
        .order_by("number")
    )


def project_get_public(pk: int) -> Application | None:
    return (
        Application.objects.filter(pk=pk, status=ApplicationStatus.SELECTED, call__status="results_published")
        .select_related("call__collectivity", "association", "agreement")
        .first()
    )


@dataclass(frozen=True)
class Progress:
    milestones_done: int
    milestones: int
    reports_submitted: int
    reports_late: int
    spent: Decimal
    participants_women: int
    participants_men: int

    @property
    def percent(self) -> int:
        return round(100 * self.milestones_done / self.milestones) if self.milestones else 0


def progress(agreement: Agreement) -> Progress:
    today = clock.today()
    milestones = list(agreement.milestones.all())
    reports = list(agreement.reports.prefetch_related("spendings"))
    submitted = [r for r in reports if r.submitted_at]
    return Progress(
        milestones_done=sum(1 for m in milestones if m.done_on),
        milestones=len(milestones),
        reports_submitted=len(submitted),
        reports_late=sum(1 for r in reports if r.is_late(today)),
        spent=sum((s.amount for r in submitted for s in r.spendings.all()), Decimal("0")),
        participants_women=sum(r.women for r in submitted),
        participants_men=sum(r.men for r in submitted),
    )


def spending_by_line(agreement: Agreement) -> list[tuple[Any, Decimal]]:
    lines = list(agreement.application.budget_lines.prefetch_related("spendings__report"))
    return [
        (line, sum((s.amount for s in line.spendings.all() if s.report.agreement_id == agreement.pk), Decimal("0")))
        for line in lines
    ]


def late_reports(collectivity: Any = None) -> QuerySet[Report]:
    qs = Report.objects.filter(submitted_at__isnull=True, due_on__lt=clock.today()).select_related(
        "agreement__application__call", "agreement__application__association"
    )
    if collectivity is not None:
        qs = qs.filter(agreement__application__call__collectivity=collectivity)
    return qs


# --- Figures -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    applications: int
    women_led: int
    youth_led: int
    selected: int
    requested: Decimal
    awarded: Decimal
    agreements: int
    completed: int

    @property
    def share_women_led(self) -> int | None:
        return round(100 * self.women_led / self.applications) if self.applications else None

    @property
    def share_youth_led(self) -> int | None:
        return round(100 * self.youth_led / self.applications) if self.applications else None

    @property
    def completion(self) -> int | None:
        return round(100 * self.completed / self.agreements) if self.agreements else None


def figures(calls: QuerySet[Call] | list[Call]) -> Figures:
    apps = list(
        Application.objects.filter(call__in=list(calls), status__in=APPLICATION_IN_REVIEW).prefetch_related(
            "budget_lines"
        )
    )
    agreements = Agreement.objects.filter(application__in=[a for a in apps if a.status == ApplicationStatus.SELECTED])
    return Figures(
        applications=len(apps),
        women_led=sum(1 for a in apps if a.women_led),
        youth_led=sum(1 for a in apps if a.youth_led),
        selected=sum(1 for a in apps if a.status == ApplicationStatus.SELECTED),
        requested=sum((line.requested for a in apps for line in a.budget_lines.all()), Decimal("0")),
        awarded=sum(
            (a.amount_awarded or Decimal("0") for a in apps if a.status == ApplicationStatus.SELECTED), Decimal("0")
        ),
        agreements=agreements.count(),
        completed=agreements.filter(status=AgreementStatus.COMPLETED).count(),
    )


OPEN_DATA_HEADER = (
    "call_id",
    "call_title",
    "collectivity_code",
    "application_number",
    "association",
    "project_title",
    "status",
    "women_led",
    "youth_led",
    "requested_mad",
    "cofinanced_mad",
    "combined_score",
    "amount_awarded_mad",
    "agreement_status",
    "milestones_done",
    "milestones",
)


def open_data_rows(call: Call) -> list[list[Any]]:
    """One row per reviewed application, without personal data: the association is a legal
    person whose name is public in the registry; no representative, reviewer or comment."""
    if call.status != "results_published":
        return []
    rows = []
    for application, combined in ranking(call):
        facts = budget(application)
        agreement = getattr(application, "agreement", None) if application.status == "selected" else None
        p = progress(agreement) if agreement else None
        rows.append(
            [
                call.pk,
                call.title,
                call.collectivity.code,
                application.number,
                application.association.name_fr or application.association.name_ar,
                application.title,
                application.status,
                int(application.women_led),
                int(application.youth_led),
                facts.requested,
                facts.cofinanced,
                combined if combined is not None else "",
                application.amount_awarded if application.amount_awarded is not None else "",
                agreement.status if agreement else "",
                p.milestones_done if p else "",
                p.milestones if p else "",
            ]
        )
    return rows
