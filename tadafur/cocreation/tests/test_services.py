"""The services, story by story: Rachid publishes, Khadija applies, Fatima and Rachid review,
Said records the selection, results are published, the agreement is followed up."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from freezegun import freeze_time

from tadafur.cocreation import selectors, services
from tadafur.cocreation.models import Application, Assignment, Report, ReportKind
from tadafur.cocreation.states import AgreementStatus, ApplicationStatus, CallStatus
from tadafur.cocreation.tests.conftest import AFTER_SUBMISSION, PDF_BYTES, call_values, complete, make_call
from tadafur.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from tadafur.core.models import AuditEntry

pytestmark = pytest.mark.django_db
D = Decimal


def test_a_call_is_published_only_with_a_grid_of_100(settat, rachid):
    call = make_call(settat, rachid, publish=False)
    assert call.status == CallStatus.DRAFT
    with pytest.raises(ValidationFailed, match="more than 100"):
        services.criterion_add(call=call, label="Extra", weight=5, actor=rachid)
    services.call_publish(call=call, actor=rachid)
    assert call.status == CallStatus.PUBLISHED and call.published_at


def test_an_incomplete_grid_cannot_be_published(settat, rachid):
    call = services.call_create(collectivity=settat, actor=rachid, **call_values())
    services.criterion_add(call=call, label="Only", weight=60, actor=rachid)
    with pytest.raises(ValidationFailed, match="add up to 60, not 100"):
        services.call_publish(call=call, actor=rachid)


def test_amina_cannot_create_a_call(settat, amina):
    with pytest.raises(NotAllowed):
        services.call_create(collectivity=settat, actor=amina, **call_values())


def test_questions_are_public_once_answered(call, amina, rachid):
    question = services.question_ask(call=call, text="Les coopératives peuvent-elles postuler ?", actor=amina)
    assert list(selectors.answered_questions(call)) == []
    services.question_answer(question=question, answer="Non, seulement les associations.", actor=rachid)
    assert list(selectors.answered_questions(call)) == [question]
    with freeze_time("2026-03-21"), pytest.raises(InvalidTransition):
        services.question_ask(call=call, text="Trop tard ?", actor=amina)


def test_khadijas_draft_is_kept_and_submission_lists_what_is_missing(draft, khadija):
    check = selectors.submission_check(draft)
    assert not check
    assert [str(r) for r in check.reasons] == [
        "Fill in the summary, the problem addressed and the activities.",
        "Give the target group by sex and age.",
        "Add at least one budget line with an amount requested.",
        "Co-financing is 0% of the total cost; the call asks for at least 10%.",
        "Add at least one indicator with its baseline and target.",
        "Attach the document: Statuts.",
    ]
    with pytest.raises(ValidationFailed):
        services.application_submit(application=draft, actor=khadija)
    # Every step is on the server: a fresh read finds what was saved.
    services.application_update(application=draft, actor=khadija, summary="Couture")
    assert Application.objects.get(pk=draft.pk).summary == "Couture"


def test_khadija_submits_and_gets_a_numbered_receipt_by_email(draft, khadija, django_capture_on_commit_callbacks):
    complete(draft, khadija)
    assert selectors.submission_check(draft)
    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_submit(application=draft, actor=khadija)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.number == f"CC{application.call_id:03d}-0001"
    assert application.submitted_at is not None
    assert [m.to for m in mail.outbox] == [[khadija.email]]
    assert application.number in mail.outbox[0].subject
    with pytest.raises(NotAllowed, match="can no longer be changed"):
        services.application_update(application=application, actor=khadija, summary="changed")


def test_the_receipt_is_a_pdf(submitted):
    from tadafur.cocreation.pdf import receipt_pdf

    assert receipt_pdf(submitted).startswith(b"%PDF-")


def test_an_ineligible_association_is_told_why_before_submission(call, settat, khadija):
    from tadafur.associations.tests.conftest import make_association

    young = make_association(
        seat=settat, founding_date=dt.date(2025, 6, 1), reference="RD-S-2025", representative=khadija
    )
    application = services.application_start(call=call, association=young, title="Projet", actor=khadija)
    complete(application, khadija)
    with pytest.raises(ValidationFailed, match="at least 2 years"):
        services.application_submit(application=application, actor=khadija)


def test_amina_cannot_apply_for_nisaa(call, nisaa, amina):
    with pytest.raises(NotAllowed, match="legal representative"):
        services.application_start(call=call, association=nisaa, title="x", actor=amina)


def test_one_application_per_association_and_call(call, nisaa, khadija, draft):
    with pytest.raises(ValidationFailed, match="already has an application"):
        services.application_start(call=call, association=nisaa, title="Encore", actor=khadija)


def test_no_application_after_the_deadline(call, nisaa, khadija):
    with freeze_time("2026-04-01"), pytest.raises(InvalidTransition, match="not open"):
        services.application_start(call=call, association=nisaa, title="Tard", actor=khadija)


def test_a_pdf_is_required_for_attachments(draft, khadija):
    from django.core.exceptions import ValidationError

    from tadafur.core.uploads import clean_pdf

    with pytest.raises(ValidationError):
        clean_pdf(SimpleUploadedFile("statuts.pdf", b"\x89PNG\r\n"))
    with pytest.raises(ValidationFailed, match="documents the call asks for"):
        services.attachment_add(
            application=draft, document="Autre", file=SimpleUploadedFile("a.pdf", PDF_BYTES), actor=khadija
        )


def test_a_declared_conflict_blocks_scoring(in_review, submitted, rachid, fatima):
    assignment = services.reviewer_assign(application=submitted, reviewer=fatima, capacity="IEECAG", actor=rachid)
    criterion = in_review.criteria.first()
    with pytest.raises(NotAllowed, match="Declare first"):
        services.scores_record(assignment=assignment, scores={criterion.pk: (4, "")}, actor=fatima)
    services.conflict_declare(assignment=assignment, conflict=True, note="Membre de l'association", actor=fatima)
    with pytest.raises(NotAllowed, match="conflict of interest"):
        services.scores_record(assignment=assignment, scores={criterion.pk: (4, "")}, actor=fatima)
    with pytest.raises(InvalidTransition):
        services.conflict_declare(assignment=assignment, conflict=False, actor=fatima)
    assert not assignment.scores.exists()


def test_the_representative_cannot_be_assigned_to_review_her_own_application(in_review, submitted, rachid, khadija):
    with pytest.raises(ValidationFailed, match="represents the applicant"):
        services.reviewer_assign(application=submitted, reviewer=khadija, actor=rachid)


def _score(assignment, actor, values):
    criteria = list(assignment.application.call.criteria.order_by("position"))
    services.conflict_declare(assignment=assignment, conflict=False, actor=actor)
    services.scores_record(
        assignment=assignment,
        scores={c.pk: (v, f"commentaire {c.label}") for c, v in zip(criteria, values, strict=True)},
        actor=actor,
    )


def test_scores_combine_by_the_grid(in_review, submitted, rachid, fatima):
    _score(services.reviewer_assign(application=submitted, reviewer=fatima, actor=rachid), fatima, [4, 5, 6])
    _score(services.reviewer_assign(application=submitted, reviewer=rachid, actor=rachid), rachid, [3, 2, 9])
    sheet = selectors.score_sheet(submitted)
    assert sheet.combined == D("71.50") and sheet.reviews_complete == 2
    assert [m for _c, m, _t in sheet.per_criterion] == [D("3.50"), D("3.50"), D("7.50")]
    assert selectors.ranking(in_review) == [(submitted, D("71.50"))]


def test_a_score_above_the_scale_is_refused(in_review, submitted, rachid, fatima):
    assignment = services.reviewer_assign(application=submitted, reviewer=fatima, actor=rachid)
    services.conflict_declare(assignment=assignment, conflict=False, actor=fatima)
    criterion = in_review.criteria.first()
    with pytest.raises(ValidationFailed, match="between 0 and 5"):
        services.scores_record(assignment=assignment, scores={criterion.pk: (6, "")}, actor=fatima)


def test_another_reviewer_cannot_score_an_assignment(in_review, submitted, rachid, fatima, amina):
    assignment = services.reviewer_assign(application=submitted, reviewer=fatima, actor=rachid)
    services.conflict_declare(assignment=assignment, conflict=False, actor=fatima)
    with pytest.raises(NotAllowed):
        services.scores_record(assignment=assignment, scores={}, actor=amina)


def test_selection_needs_reasons_and_respects_the_envelope(in_review, submitted, said):
    with pytest.raises(ValidationFailed, match="reasons"):
        services.selection_record(application=submitted, selected=True, reasons=" ", amount=D("80000"), actor=said)
    with pytest.raises(ValidationFailed, match="cannot exceed the amount requested"):
        services.selection_record(
            application=submitted, selected=True, reasons="Bon projet", amount=D("90000"), actor=said
        )
    services.selection_record(
        application=submitted, selected=True, reasons="Projet pertinent et faisable.", amount=D("75000"), actor=said
    )
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SELECTED and submitted.amount_awarded == D("75000")


def test_the_committee_meeting_records_the_decision(in_review, submitted, rachid, fatima, said):
    from tadafur.bodies import meetings

    services.reviewer_assign(application=submitted, reviewer=fatima, actor=rachid)
    meeting = meetings.meeting_plan(
        organiser=in_review,
        title="Comité de sélection",
        starts_at=dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC),
        place="Salle du conseil",
        is_public=False,
        actor=said,
    )
    participants = meetings.spec_for("cocreation.call").participants(in_review)
    assert [p.key for p in participants] == [f"reviewer:{fatima.pk}"]
    meetings.meeting_hold(meeting=meeting, presence={participants[0].key: "present"}, actor=said)
    services.selection_record(
        application=submitted, selected=False, reasons="Budget trop élevé.", meeting=meeting, actor=said
    )
    assert [d.text for d in meeting.decisions.all()] == [
        f"{submitted.number} — Couture solidaire: Not selected. Budget trop élevé."
    ]


def test_results_wait_for_every_decision_then_reach_the_applicant(
    in_review, submitted, said, khadija, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationFailed, match="decision: 1"):
        services.results_publish(call=in_review, actor=said)
    services.selection_record(application=submitted, selected=True, reasons="Très bon.", amount=D("80000"), actor=said)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.results_publish(call=in_review, actor=said)
    assert in_review.status == CallStatus.RESULTS_PUBLISHED
    assert [m.to for m in mail.outbox] == [[khadija.email]]


@pytest.fixture
def agreement(in_review, submitted, said, rachid):
    services.selection_record(application=submitted, selected=True, reasons="Très bon.", amount=D("80000"), actor=said)
    services.results_publish(call=in_review, actor=said)
    return services.agreement_create(
        application=submitted,
        amount=D("80000"),
        signed_on=dt.date(2026, 5, 20),
        ends_on=dt.date(2026, 12, 31),
        obligations="Rapport trimestriel; visibilité de la commune.",
        tranches=[(D("50000"), dt.date(2026, 6, 1), "signature"), (D("30000"), dt.date(2026, 9, 1), "rapport")],
        actor=rachid,
    )


def test_tranches_must_add_up(in_review, submitted, said, rachid):
    services.selection_record(application=submitted, selected=True, reasons="Ok", amount=D("80000"), actor=said)
    services.results_publish(call=in_review, actor=said)
    with pytest.raises(ValidationFailed, match="add up"):
        services.agreement_create(
            application=submitted,
            amount=D("80000"),
            signed_on=dt.date(2026, 5, 20),
            ends_on=dt.date(2026, 12, 31),
            obligations="x",
            tranches=[(D("50000"), dt.date(2026, 6, 1), "")],
            actor=rachid,
        )


def test_follow_up_reports_spending_and_late_flags(agreement, rachid, khadija):
    activity = services.report_schedule(
        agreement=agreement, kind=ReportKind.ACTIVITY, due_on=dt.date(2026, 6, 30), actor=rachid
    )
    final = services.report_schedule(
        agreement=agreement, kind=ReportKind.FINAL, due_on=dt.date(2026, 12, 31), actor=rachid
    )
    milestone = services.milestone_add(
        agreement=agreement, title="Atelier ouvert", due_on=dt.date(2026, 6, 15), actor=rachid
    )
    with freeze_time("2026-07-01"):
        assert list(selectors.late_reports()) == [activity]
        assert selectors.progress(agreement).reports_late == 1
    line = agreement.application.budget_lines.get()
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, format="PNG")
    from tadafur.core.uploads import clean_image

    photo = clean_image(SimpleUploadedFile("p.png", buffer.getvalue()))
    with freeze_time("2026-07-02"):
        services.report_submit(
            report=activity,
            text="Deux ateliers tenus.",
            participants={"women_18_34": 12, "women_35_plus": 8, "men_18_34": 2},
            spending={line.pk: D("30000")},
            photos=[photo],
            actor=khadija,
        )
        services.milestone_done(milestone=milestone, done_on=dt.date(2026, 7, 2), actor=rachid)
        assert list(selectors.late_reports()) == []
    progress = selectors.progress(agreement)
    assert (progress.spent, progress.participants_women, progress.participants_men, progress.percent) == (
        D("30000"),
        20,
        2,
        100,
    )
    assert selectors.spending_by_line(agreement) == [(line, D("30000"))]
    with pytest.raises(InvalidTransition, match="final report"):
        services.agreement_complete(agreement=agreement, actor=rachid)
    services.report_submit(report=final, text="Fini.", participants={}, spending={}, actor=khadija)
    services.agreement_complete(agreement=agreement, actor=rachid)
    assert agreement.status == AgreementStatus.COMPLETED
    assert Report.objects.get(pk=activity.pk).photos.count() == 1


def test_amina_cannot_report_for_nisaa(agreement, rachid, amina):
    report = services.report_schedule(
        agreement=agreement, kind=ReportKind.ACTIVITY, due_on=dt.date(2026, 6, 30), actor=rachid
    )
    with pytest.raises(NotAllowed):
        services.report_submit(report=report, text="x", participants={}, spending={}, actor=amina)


def test_figures_and_open_data_without_personal_data(agreement, khadija, fatima):
    call = agreement.application.call
    f = selectors.figures([call])
    assert (f.applications, f.women_led, f.share_women_led, f.selected, f.awarded, f.agreements) == (
        1,
        1,
        100,
        1,
        D("80000"),
        1,
    )
    rows = selectors.open_data_rows(call)
    assert len(rows) == 1 and rows[0][3] == agreement.application.number
    text = " ".join(str(v) for v in rows[0])
    for personal in (khadija.email, khadija.first_name, khadija.last_name, fatima.last_name):
        assert personal not in text


def test_every_service_write_is_audited(submitted):
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"cocreation.call_create", "cocreation.application_start", "cocreation.application_submit"} <= actions


def test_indicators_count_by_collectivity(submitted, settat):
    from tadafur.core.indicators import indicator

    groups = {"settat": [settat.pk]}
    measure = indicator("cocreation.applications").compute(groups, dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    assert measure["settat"].value == 1
    share = indicator("cocreation.share_women_led").compute(groups, dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    assert share["settat"].value == 1.0 and share["settat"].n == 1


def test_assignments_are_listed_only_for_their_reviewer(in_review, submitted, rachid, fatima, hassan):
    services.reviewer_assign(application=submitted, reviewer=fatima, actor=rachid)
    assert [a.application for a in selectors.assignments_of(fatima)] == [submitted]
    assert list(selectors.assignments_of(hassan)) == []
    assert Assignment.objects.count() == 1


def test_review_starts_only_after_submission_closes(call, rachid):
    with pytest.raises(InvalidTransition):
        services.call_review_start(call=call, actor=rachid)
    with freeze_time(AFTER_SUBMISSION):
        services.call_review_start(call=call, actor=rachid)
