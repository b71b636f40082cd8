"""Writes on action programmes: one verb, one service, one transaction, one audit row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tadafur.core import clock
from tadafur.core.audit import audit_record
from tadafur.core.errors import InvalidTransition, ValidationFailed
from tadafur.core.states import transition
from tadafur.programmes import permissions, rules
from tadafur.programmes.models import (
    Axis,
    Comment,
    ConsultationChange,
    Evaluation,
    EvaluationKind,
    Indicator,
    Programme,
    Project,
    Ranking,
    Workshop,
    WorkshopPhoto,
)
from tadafur.programmes.states import PHASE_TABLE, RECORDED_MOVES, Phase, ProjectStatus


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, errors={field: [message]})


def programme_create(*, collectivity: Any, start_year: int, actor: Any, end_year: int | None = None) -> Programme:
    """The launch decision: the kind follows from the collectivity's level."""
    permissions.can_edit_programme(actor, collectivity).require()
    rule = rules.kind_for_level(collectivity.level)
    if rule is None or not collectivity.is_collectivity:
        raise _invalid("collectivity", _("Only communes, provinces and regions adopt an action programme."))
    end_year = end_year if end_year is not None else start_year + rules.PROGRAMME_YEARS - 1
    if end_year - start_year + 1 != rules.PROGRAMME_YEARS:
        raise _invalid("end_year", _("A programme covers the six years of the mandate."))
    if Programme.objects.filter(collectivity=collectivity, start_year=start_year).exists():
        raise _invalid("start_year", _("This collectivity already has a programme for this mandate."))
    with transaction.atomic():
        programme = Programme.objects.create(
            collectivity=collectivity, kind=rule.kind, start_year=start_year, end_year=end_year
        )
        audit_record(
            actor=actor,
            action="programme.launch",
            obj=programme,
            collectivity=collectivity,
            after={"kind": programme.kind, "years": f"{start_year}-{end_year}"},
        )
    return programme


def programme_advance(*, programme: Programme, to: str, actor: Any) -> Programme:
    """Move to the next phase. Adoption and final evaluation go through their own services."""
    permissions.can_edit_programme(actor, programme).require()
    if to in RECORDED_MOVES:
        raise InvalidTransition(_("Record the council's vote or the final evaluation to make this move."))
    if to == Phase.CONSULTATION and not (programme.consultation_opens and programme.consultation_closes):
        raise _invalid("consultation_opens", _("Set the consultation window's dates first."))
    from tadafur.notifications.events import PROGRAMME_PHASE
    from tadafur.notifications.services import publish

    with transaction.atomic():
        programme = transition(
            programme,
            to,
            table=PHASE_TABLE,
            actor=actor,
            field="phase",
            collectivity=programme.collectivity,
            action=f"programme.{to}",
        )
        publish(PROGRAMME_PHASE, programme, collectivity=programme.collectivity, context={"phase": to})
    return programme


def consultation_window_set(*, programme: Programme, opens: dt.date, closes: dt.date, actor: Any) -> Programme:
    permissions.can_edit_programme(actor, programme).require()
    if closes < opens:
        raise _invalid("consultation_closes", _("The consultation must close after it opens."))
    with transaction.atomic():
        before = {"opens": programme.consultation_opens, "closes": programme.consultation_closes}
        programme.consultation_opens, programme.consultation_closes = opens, closes
        programme.save(update_fields=["consultation_opens", "consultation_closes"])
        audit_record(
            actor=actor,
            action="programme.consultation_window",
            obj=programme,
            collectivity=programme.collectivity,
            before=before,
            after={"opens": opens, "closes": closes},
        )
    return programme


def programme_adopt(
    *, programme: Programme, session: dt.date, votes_for: int, votes_against: int, votes_abstain: int, actor: Any
) -> Programme:
    """The council's deliberation adopting the programme, with its roll-call counts."""
    permissions.can_edit_programme(actor, programme).require()
    if votes_for <= votes_against:
        raise _invalid("votes_for", _("The programme is adopted only with more votes for than against."))
    return transition(
        programme,
        Phase.ADOPTED,
        table=PHASE_TABLE,
        actor=actor,
        field="phase",
        collectivity=programme.collectivity,
        action="programme.adopted",
        extra={
            "adoption_session": session,
            "votes_for": votes_for,
            "votes_against": votes_against,
            "votes_abstain": votes_abstain,
        },
    )


def evaluation_record(*, programme: Programme, kind: str, held_on: dt.date, findings: str, actor: Any) -> Evaluation:
    """Mid-term and final evaluations happen in execution; the final one closes the programme."""
    permissions.can_edit_programme(actor, programme).require()
    if programme.phase != Phase.EXECUTION:
        raise InvalidTransition(_("Evaluations are recorded while the programme is in execution."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                evaluation = Evaluation.objects.create(
                    programme=programme, kind=kind, held_on=held_on, findings=findings.strip()
                )
        except IntegrityError as exc:
            raise _invalid("kind", _("This evaluation is already recorded.")) from exc
        audit_record(
            actor=actor, action=f"programme.evaluation.{kind}", obj=evaluation, collectivity=programme.collectivity
        )
        if kind == EvaluationKind.FINAL:
            transition(
                programme,
                Phase.EVALUATED,
                table=PHASE_TABLE,
                actor=actor,
                field="phase",
                collectivity=programme.collectivity,
                action="programme.evaluated",
            )
    return evaluation


def diagnosis_notes_set(*, programme: Programme, notes: str, actor: Any) -> Programme:
    permissions.can_edit_programme(actor, programme).require()
    with transaction.atomic():
        programme.diagnosis_notes = notes.strip()
        programme.save(update_fields=["diagnosis_notes"])
        audit_record(
            actor=actor, action="programme.diagnosis_notes", obj=programme, collectivity=programme.collectivity
        )
    return programme


def workshop_record(
    *,
    programme: Programme,
    held_on: dt.date,
    place: str,
    needs: str,
    women_under_35: int = 0,
    women_35_plus: int = 0,
    men_under_35: int = 0,
    men_35_plus: int = 0,
    photo: Any = None,
    photo_caption: str = "",
    actor: Any,
) -> Workshop:
    permissions.can_edit_programme(actor, programme).require()
    with transaction.atomic():
        workshop = Workshop.objects.create(
            programme=programme,
            held_on=held_on,
            place=place.strip(),
            needs=needs.strip(),
            women_under_35=women_under_35,
            women_35_plus=women_35_plus,
            men_under_35=men_under_35,
            men_35_plus=men_35_plus,
        )
        if photo is not None:
            _workshop_photo_save(workshop, photo, photo_caption)
        audit_record(
            actor=actor,
            action="programme.workshop",
            obj=workshop,
            collectivity=programme.collectivity,
            after={"participants": workshop.total},
        )
    return workshop


def _workshop_photo_save(workshop: Workshop, photo: Any, caption: str) -> WorkshopPhoto:
    item = WorkshopPhoto(workshop=workshop, caption=caption.strip()[:200])
    item.image.save(photo.name, photo, save=False)
    item.save()
    return item


def workshop_photo_add(*, workshop: Workshop, photo: Any, caption: str = "", actor: Any) -> WorkshopPhoto:
    """Add a photo to a recorded workshop; `photo` comes cleaned from core.uploads (no metadata)."""
    programme = workshop.programme
    permissions.can_edit_programme(actor, programme).require()
    with transaction.atomic():
        item = _workshop_photo_save(workshop, photo, caption)
        audit_record(actor=actor, action="programme.workshop_photo", obj=workshop, collectivity=programme.collectivity)
    return item


def axis_add(*, programme: Programme, title_ar: str, title_fr: str, order: int, actor: Any) -> Axis:
    permissions.can_edit_programme(actor, programme).require()
    with transaction.atomic():
        axis = Axis.objects.create(
            programme=programme, title_ar=title_ar.strip(), title_fr=title_fr.strip(), order=order
        )
        audit_record(actor=actor, action="programme.axis_add", obj=axis, collectivity=programme.collectivity)
    return axis


def project_add(*, axis: Axis, actor: Any, indicators: list[dict[str, Any]] | None = None, **fields: Any) -> Project:
    """Fields are the Project's (title_ar, title_fr, cost, first_three_years, start_year, end_year...)."""
    programme = axis.programme
    permissions.can_edit_programme(actor, programme).require()
    start, end = fields["start_year"], fields["end_year"]
    if not (programme.start_year <= start <= end <= programme.end_year):
        raise _invalid("start_year", _("A project's years must lie within the programme's years."))
    if Decimal(fields["first_three_years"]) > Decimal(fields["cost"]):
        raise _invalid("first_three_years", _("The first three years' estimate cannot exceed the cost."))
    with transaction.atomic():
        project = Project.objects.create(axis=axis, **fields)
        for indicator in indicators or []:
            Indicator.objects.create(project=project, **indicator)
        audit_record(
            actor=actor,
            action="programme.project_add",
            obj=project,
            collectivity=programme.collectivity,
            after={"cost": fields["cost"], "gender_marker": project.gender_marker},
        )
    return project


def project_progress_update(*, project: Project, status: str, progress: int, executed: Decimal, actor: Any) -> Project:
    programme = project.axis.programme
    permissions.can_edit_programme(actor, programme).require()
    if not 0 <= progress <= 100:
        raise _invalid("progress", _("Progress is a percentage between 0 and 100."))
    if status == ProjectStatus.DONE and progress != 100:
        raise _invalid("progress", _("A project is done only at 100 %."))
    if executed < 0:
        raise _invalid("executed", _("Money executed cannot be negative."))
    with transaction.atomic():
        before = {"status": project.status, "progress": project.progress, "executed": project.executed}
        project.status, project.progress, project.executed = status, progress, executed
        project.save(update_fields=["status", "progress", "executed"])
        audit_record(
            actor=actor,
            action="programme.project_progress",
            obj=project,
            collectivity=programme.collectivity,
            before=before,
            after={"status": status, "progress": progress, "executed": executed},
        )
    return project


def indicator_update(*, indicator: Indicator, actual: Decimal, actor: Any) -> Indicator:
    programme = indicator.project.axis.programme
    permissions.can_edit_programme(actor, programme).require()
    with transaction.atomic():
        before = {"actual": indicator.actual}
        indicator.actual = actual
        indicator.save(update_fields=["actual"])
        audit_record(
            actor=actor,
            action="programme.indicator_update",
            obj=indicator,
            collectivity=programme.collectivity,
            before=before,
            after={"actual": actual},
        )
    return indicator


def _who(user: Any) -> dict[str, Any]:
    """Only what aggregate counts need: never the person's identity in the counts."""
    return {
        "sex": user.sex or "",
        "age_band": rules.age_band(user.birth_year, clock.today().year),
        "commune": user.resident_of if user.resident_of and user.resident_of.level == "commune" else None,
    }


def comment_post(*, programme: Programme, text: str, actor: Any, axis: Axis | None = None) -> Comment:
    permissions.can_participate(actor, programme).require()
    if axis is not None and axis.programme_id != programme.pk:
        raise _invalid("axis", _("This axis belongs to another programme."))
    text = text.strip()
    if not text:
        raise _invalid("text", _("Write your comment."))
    with transaction.atomic():
        comment = Comment.objects.create(programme=programme, axis=axis, author=actor, text=text, **_who(actor))
        audit_record(
            actor=actor,
            action="programme.comment",
            obj=comment,
            collectivity=programme.collectivity,
            after={"axis": axis.pk if axis else None},
        )
    return comment


def ranking_submit(*, programme: Programme, order: list[int], actor: Any) -> Ranking:
    """One ranking per person and programme (database constraint): every axis, each once."""
    permissions.can_participate(actor, programme).require()
    axes = set(programme.axes.values_list("pk", flat=True))
    if len(order) != len(axes) or set(order) != axes:
        raise _invalid("order", _("Rank every priority once."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                ranking = Ranking.objects.create(programme=programme, voter=actor, order=list(order), **_who(actor))
        except IntegrityError as exc:
            raise ValidationFailed(_("You have already ranked the priorities of this programme.")) from exc
        # The audit names the act, never the person's choices.
        audit_record(actor=actor, action="programme.rank", obj=programme, collectivity=programme.collectivity)
    return ranking


def consultation_change_record(
    *, programme: Programme, input_summary: str, taken_up: bool, response: str, actor: Any
) -> ConsultationChange:
    """What the council did with an input: taken up (what changed) or not (its reasons)."""
    permissions.can_edit_programme(actor, programme).require()
    if programme.phase in (Phase.LAUNCH, Phase.DIAGNOSIS, Phase.PRIORITIES, Phase.DRAFTING) and not (
        programme.consultation_at
    ):
        raise InvalidTransition(_("The consultation has not taken place yet."))
    if not response.strip():
        field = "response"
        raise _invalid(field, _("Say what changed, or give the council's reasons."))
    with transaction.atomic():
        change = ConsultationChange.objects.create(
            programme=programme, input_summary=input_summary.strip(), taken_up=taken_up, response=response.strip()
        )
        audit_record(
            actor=actor,
            action="programme.consultation_change",
            obj=change,
            collectivity=programme.collectivity,
            after={"taken_up": taken_up},
        )
    return change
