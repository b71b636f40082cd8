"""Writes about consultative bodies: one verb, one service, one transaction, one audit row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from tadafur.accounts.roles import Role
from tadafur.accounts.services import role_grant
from tadafur.bodies import permissions, rules, selectors
from tadafur.bodies.models import (
    Body,
    BureauRole,
    CouncilAnswer,
    FollowUp,
    Member,
    Opinion,
    Referral,
    Reminder,
    Verdict,
)
from tadafur.bodies.states import (
    FOLLOWUP_TRANSITIONS,
    OPINION_TRANSITIONS,
    REFERRAL_TRANSITIONS,
    FollowUpStatus,
    OpinionStatus,
    ReferralStatus,
)
from tadafur.core import clock
from tadafur.core.audit import audit_record
from tadafur.core.decisions import Decision
from tadafur.core.errors import InvalidTransition, ValidationFailed
from tadafur.core.states import transition
from tadafur.core.tasks import enqueue_on_commit, send_email_task
from tadafur.notifications.events import BODY_ANSWER, BODY_OPINION


def body_create(
    *,
    collectivity: Any,
    kind: str,
    name_ar: str,
    name_fr: str,
    mission: str = "",
    quorum: int | None = None,
    rules_document: Any = None,
    actor: Any,
) -> Body:
    permissions.can_create_body(actor, collectivity).require()
    allowed = rules.kind_allowed(kind, collectivity.level)
    if not allowed:
        raise ValidationFailed(str(allowed.reason), errors={"kind": [str(allowed.reason)]})
    try:
        with transaction.atomic():
            body = Body(
                collectivity=collectivity,
                kind=kind,
                name_ar=name_ar.strip(),
                name_fr=name_fr.strip(),
                mission=mission.strip(),
                quorum=quorum,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            if rules_document:
                body.rules_document = rules_document
            body.save()
            audit_record(
                actor=actor,
                action="body.create",
                obj=body,
                collectivity=collectivity,
                after={"kind": kind, "quorum": quorum, "rules_document": bool(rules_document)},
            )
    except IntegrityError:
        message = _("This collectivity already has a body of this kind.")
        raise ValidationFailed(message, errors={"kind": [message]}) from None
    return body


def member_add(
    *,
    body: Body,
    display_name: str,
    sex: str,
    age_band: str,
    mandate_start: dt.date,
    bureau_role: str = BureauRole.MEMBER,
    field: str = "",
    user: Any = None,
    association: Any = None,
    mandate_end: dt.date | None = None,
    actor: Any,
) -> Member:
    """Seat a member. A member with an account gets the body-scoped role (member or secretary)."""
    permissions.can_create_body(actor, body.collectivity).require()
    if mandate_end and mandate_end < mandate_start:
        message = _("The mandate cannot end before it starts.")
        raise ValidationFailed(message, errors={"mandate_end": [message]})
    if user is not None and body.members.filter(user=user).exists():
        message = _("This person already sits in the body.")
        raise ValidationFailed(message, errors={"user": [message]})
    with transaction.atomic():
        member = Member.objects.create(
            body=body,
            user=user,
            association=association,
            display_name=display_name.strip(),
            sex=sex,
            age_band=age_band,
            field=field.strip(),
            bureau_role=bureau_role,
            mandate_start=mandate_start,
            mandate_end=mandate_end,
        )
        if user is not None:
            role = Role.BODY_SECRETARY if bureau_role == BureauRole.SECRETARY else Role.BODY_MEMBER
            role_grant(
                user=user,
                role=role,
                collectivity=body.collectivity,
                actor=actor,
                body=body.scope,
                check_permission=False,
            )
            if role == Role.BODY_SECRETARY:
                # The secretary is also a member: she receives the invitations like everyone.
                role_grant(
                    user=user,
                    role=Role.BODY_MEMBER,
                    collectivity=body.collectivity,
                    actor=actor,
                    body=body.scope,
                    check_permission=False,
                )
        # Composition facts only: sex and age band are personal data.
        audit_record(
            actor=actor,
            action="body.member_add",
            obj=body,
            collectivity=body.collectivity,
            after={
                "member": member.pk,
                "bureau_role": bureau_role,
                "association": association.pk if association else None,
            },
        )
    return member


def referral_create(*, body: Body, title: str, question: str, deadline: dt.date, actor: Any) -> Referral:
    permissions.can_refer(actor, body.collectivity).require()
    if deadline <= clock.today():
        message = _("The deadline must be in the future.")
        raise ValidationFailed(message, errors={"deadline": [message]})
    with transaction.atomic():
        referral = Referral.objects.create(
            body=body,
            title=title.strip(),
            question=question.strip(),
            deadline=deadline,
            referred_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(
            actor=actor,
            action="referral.open",
            obj=referral,
            collectivity=body.collectivity,
            after={"deadline": deadline.isoformat()},
        )
        _notify(
            _secretaries(body),
            lambda: (
                _("The council refers a question to %(body)s") % {"body": body.name},
                _("“%(title)s”: the body is asked for its opinion by %(deadline)s.")
                % {"title": referral.title, "deadline": deadline.isoformat()},
            ),
        )
    return referral


def opinion_draft(
    *,
    body: Body,
    title: str,
    text: str,
    referral: Referral | None = None,
    concerns: dict[str, Any] | None = None,
    actor: Any,
) -> Opinion:
    permissions.can_draft_opinion(actor, body).require()
    if referral is not None and referral.body_id != body.pk:
        raise ValidationFailed(_("This referral was sent to another body."))
    concerns = concerns or {}
    url = (concerns.get("url") or "").strip()
    if url and (not url.startswith("/") or url.startswith("//")):
        # Only links inside the platform: an opinion page does not send readers to other sites.
        message = _("Give a link inside the platform, starting with /.")
        raise ValidationFailed(message, errors={"concerns_url": [message]})
    with transaction.atomic():
        opinion = Opinion.objects.create(
            body=body,
            referral=referral,
            title=title.strip(),
            text=text.strip(),
            concerns_type=concerns.get("type", ""),
            concerns_id=concerns.get("id"),
            concerns_label=concerns.get("label", ""),
            concerns_url=url,
            drafted_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(
            actor=actor,
            action="opinion.draft",
            obj=opinion,
            collectivity=body.collectivity,
            after={"referral": referral.pk if referral else None, "concerns": opinion.concerns_type},
        )
    return opinion


def opinion_adopt(*, opinion: Opinion, meeting: Any = None, actor: Any) -> Opinion:
    """The body adopted the opinion; a referral it answers is answered; the council is told."""
    body = opinion.body
    permissions.can_draft_opinion(actor, body).require()
    with transaction.atomic():
        opinion = transition(
            opinion,
            OpinionStatus.ADOPTED,
            table=OPINION_TRANSITIONS,
            actor=actor,
            collectivity=body.collectivity,
            extra={"meeting": meeting} if meeting is not None else None,
        )
        if opinion.referral_id and opinion.referral.status == ReferralStatus.OPEN:
            transition(
                opinion.referral,
                ReferralStatus.ANSWERED,
                table=REFERRAL_TRANSITIONS,
                actor=actor,
                collectivity=body.collectivity,
            )
        _publish(BODY_OPINION, body, opinion)
        _notify(
            _council(body.collectivity),
            lambda: (
                _("New opinion of %(body)s") % {"body": body.name},
                _("The body adopted “%(title)s”. The council's reasoned answer is expected by %(due)s.")
                % {"title": opinion.title, "due": opinion.answer_due.isoformat()},
            ),
        )
    return opinion


def opinion_answer(*, opinion: Opinion, verdict: str, reasons: str, actor: Any) -> CouncilAnswer:
    body = opinion.body
    permissions.can_answer_opinion(actor, body.collectivity).require()
    if verdict not in Verdict.values:
        raise ValidationFailed(_("Choose accepted, partly accepted or rejected."))
    if not reasons.strip():
        message = _("The council's answer must give its reasons.")
        raise ValidationFailed(message, errors={"reasons": [message]})
    with transaction.atomic():
        transition(
            opinion,
            OpinionStatus.ANSWERED,
            table=OPINION_TRANSITIONS,
            actor=actor,
            collectivity=body.collectivity,
        )
        answer = CouncilAnswer.objects.create(
            opinion=opinion,
            verdict=verdict,
            reasons=reasons.strip(),
            answered_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(
            actor=actor,
            action="opinion.answer_given",
            obj=answer,
            collectivity=body.collectivity,
            after={"verdict": verdict},
        )
        _publish(BODY_ANSWER, body, opinion)
        _notify(
            _secretaries(body),
            lambda: (
                _("The council answered “%(title)s”") % {"title": opinion.title},
                _("Answer: %(verdict)s.\n\n%(reasons)s")
                % {"verdict": Verdict(verdict).label, "reasons": answer.reasons},
            ),
        )
    return answer


def _publish(kind: str, body: Body, opinion: Opinion) -> None:
    """Tell the body's followers (notifications app), in the background once committed."""
    from tadafur.notifications.services import publish

    names = {"title": body.name, "name_ar": body.name_ar, "name_fr": body.name_fr}
    publish(kind, body, collectivity=body.collectivity, context={**names, "opinion": opinion.title})


def followup_add(
    *, opinion: Opinion, title: str, owner_label: str, due_date: dt.date, owner: Any = None, actor: Any
) -> FollowUp:
    body = opinion.body
    permissions.can_answer_opinion(actor, body.collectivity).require()
    answer = getattr(opinion, "answer", None)
    if answer is None or answer.verdict == Verdict.REJECTED:
        raise InvalidTransition(_("Only the accepted points of an answered opinion are followed up."))
    with transaction.atomic():
        item = FollowUp.objects.create(
            opinion=opinion,
            title=title.strip(),
            owner=owner,
            owner_label=owner_label.strip(),
            due_date=due_date,
        )
        audit_record(
            actor=actor,
            action="followup.add",
            obj=item,
            collectivity=body.collectivity,
            after={"due_date": due_date.isoformat()},
        )
    return item


def can_update_followup(user: Any, item: FollowUp) -> Decision:
    """The person named owner of the point, or the council and staff of its collectivity."""
    if item.owner_id and getattr(user, "pk", None) == item.owner_id and user.is_active:
        return Decision.allow()
    return permissions.can_update_followup(user, item.opinion.body.collectivity)


def followup_update(
    *, item: FollowUp, progress: int, evidence_text: str = "", evidence_file: Any = None, actor: Any
) -> FollowUp:
    """Record progress and evidence. 0 < progress < 100 is in progress; 100 is done."""
    collectivity = item.opinion.body.collectivity
    can_update_followup(actor, item).require()
    if item.status == FollowUpStatus.DONE:
        raise InvalidTransition(_("This point is already done."))
    if not 0 <= progress <= 100:
        message = _("Progress is a percentage between 0 and 100.")
        raise ValidationFailed(message, errors={"progress": [message]})
    if progress == 100 and not (evidence_text.strip() or evidence_file or item.evidence_text or item.evidence_file):
        message = _("Give evidence that the point is done.")
        raise ValidationFailed(message, errors={"evidence_text": [message]})
    with transaction.atomic():
        before = {"progress": item.progress}
        item.progress = progress
        if evidence_text.strip():
            item.evidence_text = evidence_text.strip()
        if evidence_file:
            item.evidence_file = evidence_file
        item.save(update_fields=["progress", "evidence_text", "evidence_file"])
        audit_record(
            actor=actor,
            action="followup.update",
            obj=item,
            collectivity=collectivity,
            before=before,
            after={"progress": progress, "evidence": bool(item.evidence_text or item.evidence_file)},
        )
        target = FollowUpStatus.DONE if progress == 100 else FollowUpStatus.IN_PROGRESS if progress > 0 else None
        if target and target != item.status:
            item = transition(item, target, table=FOLLOWUP_TRANSITIONS, actor=actor, collectivity=collectivity)
    return item


# --- Notifications --------------------------------------------------------------------------


def _secretaries(body: Body) -> list[Any]:
    from tadafur.accounts.selectors import assignments_in

    return [
        a.user
        for a in assignments_in(body.collectivity)
        if a.role == Role.BODY_SECRETARY and (a.body_type, a.body_id) == body.scope
    ]


def _council(collectivity: Any) -> list[Any]:
    from tadafur.accounts.selectors import assignments_in

    return [a.user for a in assignments_in(collectivity) if a.role in permissions.COUNCIL_ROLES]


def _notify(users: list[Any], message: Any) -> int:
    """Email `message()` -> (subject, body), built in each recipient's language, after commit."""
    sent = 0
    seen: set[int] = set()
    for user in users:
        if not user.email or not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        language = user.preferred_language or ""
        with translation.override(language or None):
            subject, body = message()
            subject, body = str(subject), str(body)
        enqueue_on_commit(send_email_task, user.email, subject, body, language)
        sent += 1
    return sent


def reminders_send(*, today: dt.date | None = None) -> dict[str, int]:
    """Notify overdue referrals (to the body's secretary), overdue answers (to the council) and
    overdue follow-up (to its owner, else the council). At most one reminder per item per day."""
    today = today or clock.today()
    counts = {"referral": 0, "answer": 0, "followup": 0}

    def once(kind: str, object_id: int, users: list[Any], message: Any) -> None:
        with transaction.atomic():
            reminder, created = Reminder.objects.get_or_create(kind=kind, object_id=object_id, sent_on=today)
            if not created:
                return
            reminder.recipients = _notify(users, message)
            reminder.save(update_fields=["recipients"])
            audit_record(
                actor=None,
                action=f"bodies.remind_{kind}",
                obj=reminder,
                after={"recipients": reminder.recipients},
            )
            counts[kind] += 1

    for referral in selectors.overdue_referrals(today):
        once(
            "referral",
            referral.pk,
            _secretaries(referral.body),
            lambda r=referral: (
                _("Overdue referral: %(title)s") % {"title": r.title},
                _("The council asked for the body's opinion by %(deadline)s.") % {"deadline": r.deadline.isoformat()},
            ),
        )
    for opinion in selectors.overdue_answers(today):
        once(
            "answer",
            opinion.pk,
            _council(opinion.body.collectivity),
            lambda o=opinion: (
                _("Overdue answer: %(title)s") % {"title": o.title},
                _("The council's reasoned answer to this opinion was expected by %(due)s.")
                % {"due": o.answer_due.isoformat()},
            ),
        )
    for item in selectors.overdue_followups(today):
        users = [item.owner] if item.owner_id else _council(item.opinion.body.collectivity)
        once(
            "followup",
            item.pk,
            users,
            lambda f=item: (
                _("Overdue follow-up: %(title)s") % {"title": f.title},
                _("This accepted point was due on %(due)s (progress %(progress)s%%).")
                % {"due": f.due_date.isoformat(), "progress": f.progress},
            ),
        )
    return counts
