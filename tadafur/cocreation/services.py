"""Writes about co-creation calls: one verb, one service, one transaction, one audit row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils import translation
from django.utils.translation import gettext as _

from tadafur.cocreation import permissions, rules, selectors
from tadafur.cocreation.models import (
    Agreement,
    Application,
    Assignment,
    Attachment,
    BudgetLine,
    Call,
    Conflict,
    Criterion,
    Indicator,
    Milestone,
    Question,
    Report,
    ReportKind,
    ReportPhoto,
    Score,
    Spending,
    Tranche,
)
from tadafur.cocreation.states import (
    AGREEMENT_TRANSITIONS,
    APPLICATION_TRANSITIONS,
    CALL_TRANSITIONS,
    AgreementStatus,
    ApplicationStatus,
    CallStatus,
)
from tadafur.core import clock
from tadafur.core.audit import audit_record
from tadafur.core.errors import InvalidTransition, ValidationFailed
from tadafur.core.states import transition
from tadafur.core.tasks import enqueue_on_commit, send_email_task


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _fail(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, errors={field: [message]})


def _notify(user: Any, make: Any) -> None:
    """Email `user` in her language once the transaction commits; `make()` gives (subject, body)."""
    if user is None or not user.is_active or not user.email:
        return
    language = getattr(user, "preferred_language", "") or "ar"
    with translation.override(language):
        subject, body = make()
    enqueue_on_commit(send_email_task, user.email, str(subject), str(body), language)


# --- Calls ---------------------------------------------------------------------------------


CALL_FIELDS = (
    "title",
    "theme",
    "description",
    "envelope",
    "max_per_project",
    "cofinancing_min_percent",
    "min_years_constituted",
    "require_good_standing",
    "gender_criteria",
    "youth_criteria",
    "required_documents",
    "questions_until",
    "submission_opens",
    "submission_until",
    "review_until",
    "results_on",
)


def _check_call_values(values: Mapping[str, Any]) -> None:
    if values["max_per_project"] > values["envelope"]:
        raise _fail("max_per_project", _("The maximum per project cannot exceed the envelope."))
    if not (values["submission_opens"] <= values["submission_until"] <= values["review_until"] <= values["results_on"]):
        raise _fail("submission_until", _("The timetable must run in order: submission, review, then results."))
    if values["questions_until"] > values["submission_until"]:
        raise _fail("questions_until", _("Questions must close before submission closes."))


def call_create(*, collectivity: Any, partners: Iterable[Any] = (), actor: Any, **values: Any) -> Call:
    permissions.can_manage(actor, collectivity).require()
    _check_call_values(values)
    with transaction.atomic():
        call = Call.objects.create(
            collectivity=collectivity,
            created_by=_user(actor),
            **{k: (v.strip() if isinstance(v, str) else v) for k, v in values.items() if k in CALL_FIELDS},
        )
        partner_list = [p for p in partners if p.pk != collectivity.pk]
        call.partners.set(partner_list)
        audit_record(
            actor=actor,
            action="cocreation.call_create",
            obj=call,
            collectivity=collectivity,
            after={"envelope": values["envelope"], "partners": [p.code for p in partner_list]},
        )
    return call


def criterion_add(*, call: Call, label: str, weight: int, max_score: int = 5, actor: Any) -> Criterion:
    permissions.can_manage(actor, call.collectivity).require()
    if call.status != CallStatus.DRAFT:
        raise InvalidTransition(_("The scoring grid is fixed once the call is published."))
    if not label.strip():
        raise _fail("label", _("Name the criterion."))
    used = call.criteria.aggregate(s=Sum("weight"))["s"] or 0
    if used + weight > 100:
        raise _fail("weight", _("The weights would add up to more than 100 (%(used)s already used).") % {"used": used})
    with transaction.atomic():
        last = call.criteria.aggregate(m=Max("position"))["m"] or 0
        criterion = Criterion.objects.create(
            call=call, position=last + 1, label=label.strip(), weight=weight, max_score=max_score
        )
        audit_record(
            actor=actor,
            action="cocreation.criterion_add",
            obj=call,
            collectivity=call.collectivity,
            after={"weight": weight, "max_score": max_score},
        )
    return criterion


def call_publish(*, call: Call, actor: Any) -> Call:
    permissions.can_manage(actor, call.collectivity).require()
    problems = rules.grid_problems(selectors.grid(call))
    if problems:
        raise ValidationFailed(str(problems[0]))
    if call.submission_until < clock.today():
        raise _fail("submission_until", _("The submission deadline is already past."))
    return transition(call, CallStatus.PUBLISHED, table=CALL_TRANSITIONS, actor=actor, collectivity=call.collectivity)


def call_review_start(*, call: Call, actor: Any) -> Call:
    permissions.can_manage(actor, call.collectivity).require()
    if clock.today() <= call.submission_until:
        raise InvalidTransition(_("The review starts once submission has closed."))
    return transition(call, CallStatus.IN_REVIEW, table=CALL_TRANSITIONS, actor=actor, collectivity=call.collectivity)


def question_ask(*, call: Call, text: str, actor: Any) -> Question:
    if not getattr(actor, "is_authenticated", False):
        raise ValidationFailed(_("Log in to ask a question."))
    if not rules.questions_open(status=call.status, questions_until=call.questions_until, today=clock.today()):
        raise InvalidTransition(_("The period for questions on this call is over."))
    if not text.strip():
        raise _fail("text", _("Write your question."))
    with transaction.atomic():
        question = Question.objects.create(call=call, asked_by=actor, text=text.strip()[:2000])
        audit_record(actor=actor, action="cocreation.question_ask", obj=call, collectivity=call.collectivity)
    return question


def question_answer(*, question: Question, answer: str, actor: Any) -> Question:
    call = question.call
    permissions.can_manage(actor, call.collectivity).require()
    if not answer.strip():
        raise _fail("answer", _("Write the answer."))
    with transaction.atomic():
        question.answer = answer.strip()
        question.answered_at = clock.now()
        question.save(update_fields=["answer", "answered_at"])
        audit_record(
            actor=actor,
            action="cocreation.question_answer",
            obj=call,
            collectivity=call.collectivity,
            after={"question": question.pk},
        )
        _notify(
            question.asked_by,
            lambda: (
                _("Your question on “%(call)s” is answered") % {"call": call.title},
                _("The answer is published on the call's page.\n\n%(answer)s") % {"answer": question.answer},
            ),
        )
    return question


# --- Applications --------------------------------------------------------------------------


APPLICATION_FIELDS = (
    "title",
    "summary",
    "problem",
    "target_women",
    "target_men",
    "target_girls",
    "target_boys",
    "target_description",
    "activities",
    "commune_service",
    "partner_associations",
    "women_led",
    "youth_led",
)


def _require_submission_open(call: Call) -> None:
    if not rules.submission_open(
        status=call.status,
        submission_opens=call.submission_opens,
        submission_until=call.submission_until,
        today=clock.today(),
    ):
        raise InvalidTransition(_("This call is not open for applications."))


def application_start(*, call: Call, association: Any, title: str, actor: Any) -> Application:
    """Open a draft: saved on the server from the first step, so nothing is lost."""
    permissions.can_apply(actor, association).require()
    _require_submission_open(call)
    if not title.strip():
        raise _fail("title", _("Give the project a title."))
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call, association=association, title=title.strip(), created_by=_user(actor)
            )
            audit_record(
                actor=actor,
                action="cocreation.application_start",
                obj=application,
                collectivity=call.collectivity,
                after={"association": association.pk},
            )
    except IntegrityError:
        raise _fail("association", _("This association already has an application to this call.")) from None
    return application


def _editable(application: Application, actor: Any) -> None:
    permissions.can_edit_application(actor, application).require()
    _require_submission_open(application.call)


def application_update(*, application: Application, actor: Any, **values: Any) -> Application:
    _editable(application, actor)
    fields = [name for name in values if name in APPLICATION_FIELDS]
    with transaction.atomic():
        # Compare with the stored row: a bound ModelForm has already changed the instance.
        stored = Application.objects.select_for_update().get(pk=application.pk)
        changed = []
        for name in fields:
            value = values[name].strip() if isinstance(values[name], str) else values[name]
            if name == "title" and not value:
                raise _fail("title", _("Give the project a title."))
            if getattr(stored, name) != value:
                changed.append(name)
            setattr(application, name, value)
        application.updated_at = clock.now()
        application.save(update_fields=[*fields, "updated_at"])
        audit_record(
            actor=actor,
            action="cocreation.application_update",
            obj=application,
            collectivity=application.call.collectivity,
            after={"fields": changed},
        )
    return application


def budget_line_add(
    *, application: Application, label: str, requested: Decimal, cofinanced: Decimal, actor: Any
) -> BudgetLine:
    _editable(application, actor)
    if not label.strip():
        raise _fail("label", _("Name the budget line."))
    if requested < 0 or cofinanced < 0 or requested + cofinanced <= 0:
        raise _fail("requested", _("Give the amounts of the line; they cannot be negative."))
    with transaction.atomic():
        line = BudgetLine.objects.create(
            application=application, label=label.strip(), requested=requested, cofinanced=cofinanced
        )
        audit_record(
            actor=actor,
            action="cocreation.budget_line_add",
            obj=application,
            collectivity=application.call.collectivity,
            after={"requested": requested, "cofinanced": cofinanced},
        )
    return line


def budget_line_remove(*, line: BudgetLine, actor: Any) -> None:
    application = line.application
    _editable(application, actor)
    with transaction.atomic():
        line.delete()
        audit_record(
            actor=actor,
            action="cocreation.budget_line_remove",
            obj=application,
            collectivity=application.call.collectivity,
        )


def indicator_add(*, application: Application, label: str, baseline: str, target: str, actor: Any) -> Indicator:
    _editable(application, actor)
    if not (label.strip() and baseline.strip() and target.strip()):
        raise _fail("label", _("An indicator needs a name, a baseline and a target."))
    with transaction.atomic():
        indicator = Indicator.objects.create(
            application=application, label=label.strip(), baseline=baseline.strip(), target=target.strip()
        )
        audit_record(
            actor=actor, action="cocreation.indicator_add", obj=application, collectivity=application.call.collectivity
        )
    return indicator


def indicator_remove(*, indicator: Indicator, actor: Any) -> None:
    application = indicator.application
    _editable(application, actor)
    with transaction.atomic():
        indicator.delete()
        audit_record(
            actor=actor,
            action="cocreation.indicator_remove",
            obj=application,
            collectivity=application.call.collectivity,
        )


def attachment_add(*, application: Application, document: str, file: Any, actor: Any) -> Attachment:
    """`file` has gone through core.uploads.clean_pdf (the form's PdfUploadField)."""
    _editable(application, actor)
    if document not in application.call.document_list:
        raise _fail("document", _("Choose one of the documents the call asks for."))
    with transaction.atomic():
        # A new file for the same document replaces the previous one.
        application.attachments.filter(document=document).delete()
        attachment = Attachment(application=application, document=document)
        attachment.file.save("document.pdf", file, save=False)
        attachment.save()
        audit_record(
            actor=actor,
            action="cocreation.attachment_add",
            obj=application,
            collectivity=application.call.collectivity,
            after={"document": document},
        )
    return attachment


def application_submit(*, application: Application, actor: Any) -> Application:
    """Check everything (eligibility with reasons, budget, documents), give the receipt number."""
    _editable(application, actor)
    check = selectors.submission_check(application)
    if not check:
        raise ValidationFailed(" ".join(str(r) for r in check.reasons))
    call = application.call
    with transaction.atomic():
        # Numbers run per call: lock the call row so two submissions never take the same number.
        Call.objects.select_for_update().get(pk=call.pk)
        count = Application.objects.filter(call=call).exclude(number="").count()
        number = f"CC{call.pk:03d}-{count + 1:04d}"
        application = transition(
            application,
            ApplicationStatus.SUBMITTED,
            table=APPLICATION_TRANSITIONS,
            actor=actor,
            collectivity=call.collectivity,
            action="cocreation.application_submit",
            extra={"number": number},
        )
        _notify(
            _user(actor),
            lambda: (
                _("Application received: %(number)s") % {"number": number},
                _("Your application “%(title)s” to the call “%(call)s” is received under number %(number)s.")
                % {"title": application.title, "call": call.title, "number": number},
            ),
        )
    return application


def application_withdraw(*, application: Application, actor: Any) -> Application:
    permissions.can_apply(actor, application.association).require()
    if application.call.status not in {CallStatus.PUBLISHED, CallStatus.IN_REVIEW}:
        raise InvalidTransition(_("The results are published: the application can no longer be withdrawn."))
    return transition(
        application,
        ApplicationStatus.WITHDRAWN,
        table=APPLICATION_TRANSITIONS,
        actor=actor,
        collectivity=application.call.collectivity,
    )


# --- Review and selection ------------------------------------------------------------------


def reviewer_assign(*, application: Application, reviewer: Any, capacity: str = "", actor: Any) -> Assignment:
    call = application.call
    permissions.can_manage(actor, call.collectivity).require()
    if application.status != ApplicationStatus.SUBMITTED:
        raise InvalidTransition(_("Only submitted applications are reviewed."))
    from tadafur.associations.permissions import is_active_representative

    if is_active_representative(reviewer, application.association):
        raise _fail("reviewer", _("This person represents the applicant association and cannot review it."))
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                application=application, reviewer=reviewer, capacity=capacity.strip()
            )
            audit_record(
                actor=actor,
                action="cocreation.reviewer_assign",
                obj=application,
                collectivity=call.collectivity,
                after={"reviewer": reviewer.pk, "capacity": capacity},
            )
            _notify(
                reviewer,
                lambda: (
                    _("A co-creation application to review"),
                    _("You are asked to review “%(title)s” (call “%(call)s”). Declare any conflict of interest first.")
                    % {"title": application.title, "call": call.title},
                ),
            )
    except IntegrityError:
        raise _fail("reviewer", _("This reviewer is already assigned to this application.")) from None
    return assignment


def conflict_declare(*, assignment: Assignment, conflict: bool, note: str = "", actor: Any) -> Assignment:
    if not getattr(actor, "is_authenticated", False) or assignment.reviewer_id != actor.pk:
        raise ValidationFailed(_("Only the reviewer assigned to this application can declare."))
    if assignment.declared_at is not None:
        raise InvalidTransition(_("The declaration is already made."))
    if conflict and not note.strip():
        raise _fail("note", _("Say briefly what the conflict of interest is."))
    with transaction.atomic():
        assignment.conflict = Conflict.CONFLICT if conflict else Conflict.NONE
        assignment.conflict_note = note.strip()[:300]
        assignment.declared_at = clock.now()
        assignment.save(update_fields=["conflict", "conflict_note", "declared_at"])
        audit_record(
            actor=actor,
            action="cocreation.conflict_declare",
            obj=assignment.application,
            collectivity=assignment.application.call.collectivity,
            after={"assignment": assignment.pk, "conflict": assignment.conflict},
        )
    return assignment


def scores_record(*, assignment: Assignment, scores: Mapping[int, tuple[int, str]], actor: Any) -> list[Score]:
    """Record (or correct) the reviewer's score and comment for each criterion id given."""
    permissions.can_score(actor, assignment).require()
    criteria = {c.pk: c for c in assignment.application.call.criteria.all()}
    for pk, (value, _comment) in scores.items():
        criterion = criteria.get(pk)
        if criterion is None:
            raise ValidationFailed(_("This criterion is not part of the call's grid."))
        if not 0 <= value <= criterion.max_score:
            raise _fail(
                f"score_{pk}",
                _("Give a score between 0 and %(max)s for “%(label)s”.")
                % {"max": criterion.max_score, "label": criterion.label},
            )
    out = []
    with transaction.atomic():
        for pk, (value, comment) in scores.items():
            score, _created = Score.objects.update_or_create(
                assignment=assignment,
                criterion_id=pk,
                defaults={"value": value, "comment": comment.strip(), "scored_at": clock.now()},
            )
            out.append(score)
        audit_record(
            actor=actor,
            action="cocreation.scores_record",
            obj=assignment.application,
            collectivity=assignment.application.call.collectivity,
            after={"assignment": assignment.pk, "criteria": len(scores)},
        )
    return out


def selection_record(
    *,
    application: Application,
    selected: bool,
    reasons: str,
    amount: Decimal | None = None,
    meeting: Any = None,
    actor: Any,
) -> Application:
    """The selection committee's decision on one application, with its reasons (and amount)."""
    call = Call.objects.select_related("collectivity").get(pk=application.call_id)  # its status now
    permissions.can_select(actor, call.collectivity).require()
    if call.status != CallStatus.IN_REVIEW:
        raise InvalidTransition(_("The selection is recorded while the call is in review."))
    if not reasons.strip():
        raise _fail("reasons", _("Give the reasons for the decision: the applicant will read them."))
    if selected:
        if amount is None or amount <= 0:
            raise _fail("amount", _("Give the amount awarded."))
        requested = rules.budget_facts(application.budget_lines.values_list("requested", "cofinanced")).requested
        if amount > call.max_per_project or amount > requested:
            raise _fail(
                "amount", _("The amount awarded cannot exceed the amount requested or the maximum per project.")
            )
        awarded = (
            call.applications.filter(status=ApplicationStatus.SELECTED)
            .exclude(pk=application.pk)
            .aggregate(s=Sum("amount_awarded"))["s"]
            or 0
        )
        if awarded + amount > call.envelope:
            raise _fail("amount", _("The selected projects would exceed the call's envelope."))
    if meeting is not None and (meeting.organiser_type != "cocreation.call" or meeting.organiser_id != call.pk):
        raise ValidationFailed(_("This meeting is not a selection meeting of this call."))
    with transaction.atomic():
        to = ApplicationStatus.SELECTED if selected else ApplicationStatus.NOT_SELECTED
        application = transition(
            application,
            to,
            table=APPLICATION_TRANSITIONS,
            actor=actor,
            collectivity=call.collectivity,
            action="cocreation.selection_record",
            extra={
                "decision_reasons": reasons.strip(),
                "amount_awarded": amount if selected else None,
                "selection_meeting": meeting,
            },
        )
        if meeting is not None:
            from tadafur.bodies import meetings

            label = _("Selected") if selected else _("Not selected")
            meetings.decision_add(
                meeting=meeting,
                text=f"{application.number} — {application.title}: {label}. {reasons.strip()}",
                actor=actor,
            )
    return application


def results_publish(*, call: Call, actor: Any) -> Call:
    permissions.can_select(actor, call.collectivity).require()
    pending = call.applications.filter(status=ApplicationStatus.SUBMITTED).count()
    if pending:
        raise ValidationFailed(_("Applications still waiting for the committee's decision: %(n)s.") % {"n": pending})
    with transaction.atomic():
        call = transition(
            call, CallStatus.RESULTS_PUBLISHED, table=CALL_TRANSITIONS, actor=actor, collectivity=call.collectivity
        )
        for application in call.applications.filter(
            status__in=[ApplicationStatus.SELECTED, ApplicationStatus.NOT_SELECTED]
        ).select_related("created_by"):
            _notify(
                application.created_by,
                lambda a=application: (
                    _("Results of the call “%(call)s”") % {"call": call.title},
                    _("The decision on your application %(number)s is published with its scores and reasons.")
                    % {"number": a.number},
                ),
            )
    return call


# --- Agreements and follow-up --------------------------------------------------------------


def agreement_create(
    *,
    application: Application,
    amount: Decimal,
    signed_on: dt.date,
    ends_on: dt.date,
    obligations: str,
    tranches: Iterable[tuple[Decimal, dt.date, str]] = (),
    actor: Any,
) -> Agreement:
    call = Call.objects.select_related("collectivity").get(pk=application.call_id)  # its status now
    permissions.can_manage(actor, call.collectivity).require()
    if application.status != ApplicationStatus.SELECTED or call.status != CallStatus.RESULTS_PUBLISHED:
        raise InvalidTransition(_("An agreement is signed with a selected project once results are published."))
    if amount <= 0 or (application.amount_awarded is not None and amount > application.amount_awarded):
        raise _fail("amount", _("The agreement's amount cannot exceed the amount awarded."))
    if ends_on <= signed_on:
        raise _fail("ends_on", _("The agreement must end after it is signed."))
    if not obligations.strip():
        raise _fail("obligations", _("Write the obligations of both parties."))
    tranche_list = list(tranches)
    if tranche_list and sum(t[0] for t in tranche_list) != amount:
        raise _fail("tranches", _("The tranches must add up to the agreement's amount."))
    try:
        with transaction.atomic():
            agreement = Agreement.objects.create(
                application=application,
                amount=amount,
                signed_on=signed_on,
                ends_on=ends_on,
                obligations=obligations.strip(),
            )
            Tranche.objects.bulk_create(
                Tranche(agreement=agreement, position=i, amount=a, due_on=d, condition=c.strip())
                for i, (a, d, c) in enumerate(tranche_list, start=1)
            )
            audit_record(
                actor=actor,
                action="cocreation.agreement_create",
                obj=agreement,
                collectivity=call.collectivity,
                after={"amount": amount, "tranches": len(tranche_list)},
            )
    except IntegrityError:
        raise ValidationFailed(_("This project already has an agreement.")) from None
    return agreement


def tranche_pay(*, tranche: Tranche, paid_on: dt.date, actor: Any) -> Tranche:
    call = tranche.agreement.application.call
    permissions.can_manage(actor, call.collectivity).require()
    with transaction.atomic():
        tranche.paid_on = paid_on
        tranche.save(update_fields=["paid_on"])
        audit_record(
            actor=actor,
            action="cocreation.tranche_pay",
            obj=tranche.agreement,
            collectivity=call.collectivity,
            after={"tranche": tranche.position, "paid_on": paid_on},
        )
    return tranche


def milestone_add(*, agreement: Agreement, title: str, due_on: dt.date, actor: Any) -> Milestone:
    call = agreement.application.call
    permissions.can_manage(actor, call.collectivity).require()
    if not title.strip():
        raise _fail("title", _("Name the milestone."))
    with transaction.atomic():
        milestone = Milestone.objects.create(agreement=agreement, title=title.strip(), due_on=due_on)
        audit_record(actor=actor, action="cocreation.milestone_add", obj=agreement, collectivity=call.collectivity)
    return milestone


def milestone_done(*, milestone: Milestone, done_on: dt.date, actor: Any) -> Milestone:
    agreement = milestone.agreement
    call = agreement.application.call
    if not (permissions.can_manage(actor, call.collectivity) or permissions.can_report(actor, agreement)):
        permissions.can_manage(actor, call.collectivity).require()
    with transaction.atomic():
        milestone.done_on = done_on
        milestone.save(update_fields=["done_on"])
        audit_record(
            actor=actor,
            action="cocreation.milestone_done",
            obj=agreement,
            collectivity=call.collectivity,
            after={"milestone": milestone.pk},
        )
    return milestone


def report_schedule(*, agreement: Agreement, kind: str, due_on: dt.date, actor: Any) -> Report:
    call = agreement.application.call
    permissions.can_manage(actor, call.collectivity).require()
    if kind == ReportKind.FINAL and agreement.reports.filter(kind=ReportKind.FINAL).exists():
        raise _fail("kind", _("The agreement already expects a final report."))
    with transaction.atomic():
        report = Report.objects.create(agreement=agreement, kind=kind, due_on=due_on)
        audit_record(
            actor=actor,
            action="cocreation.report_schedule",
            obj=agreement,
            collectivity=call.collectivity,
            after={"kind": kind, "due_on": due_on},
        )
    return report


PARTICIPANT_FIELDS = ("women_under_18", "women_18_34", "women_35_plus", "men_under_18", "men_18_34", "men_35_plus")


def report_submit(
    *,
    report: Report,
    text: str,
    participants: Mapping[str, int],
    spending: Mapping[int, Decimal],
    photos: Iterable[Any] = (),
    actor: Any,
) -> Report:
    """The association's report: what was done, participants by sex and age, money spent per
    budget line, photos (already re-encoded by core.uploads: no metadata, no location)."""
    agreement = report.agreement
    permissions.can_report(actor, agreement).require()
    if report.submitted_at is not None:
        raise InvalidTransition(_("This report is already submitted."))
    if not text.strip():
        raise _fail("text", _("Say what was done."))
    lines = {line.pk: line for line in agreement.application.budget_lines.all()}
    if set(spending) - set(lines):
        raise ValidationFailed(_("The spending names a line that is not in the project's budget."))
    if any(v < 0 for v in spending.values()):
        raise ValidationFailed(_("Amounts spent cannot be negative."))
    with transaction.atomic():
        report.text = text.strip()
        for name in PARTICIPANT_FIELDS:
            setattr(report, name, max(0, int(participants.get(name, 0))))
        report.submitted_at = clock.now()
        report.save()
        Spending.objects.bulk_create(
            Spending(report=report, budget_line_id=pk, amount=amount) for pk, amount in spending.items() if amount
        )
        for photo in photos:
            p = ReportPhoto(report=report)
            p.image.save("photo.jpg", photo, save=False)
            p.save()
        audit_record(
            actor=actor,
            action="cocreation.report_submit",
            obj=agreement,
            collectivity=agreement.application.call.collectivity,
            after={"report": report.pk, "kind": report.kind, "participants": report.participants},
        )
    return report


def agreement_complete(*, agreement: Agreement, actor: Any) -> Agreement:
    call = agreement.application.call
    permissions.can_manage(actor, call.collectivity).require()
    if not agreement.reports.filter(kind=ReportKind.FINAL, submitted_at__isnull=False).exists():
        raise InvalidTransition(_("The project is completed once its final report is submitted."))
    if agreement.status != AgreementStatus.ACTIVE:
        raise InvalidTransition(_("This agreement is already completed."))
    return transition(
        agreement, AgreementStatus.COMPLETED, table=AGREEMENT_TRANSITIONS, actor=actor, collectivity=call.collectivity
    )
