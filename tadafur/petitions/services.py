"""Writes: the rulebook, and the petition life cycle (issue 3 §3–4, §7, §9).

Each verb is one function in one transaction; state changes go through core.states.transition
(which stamps `<state>_at` and writes the audit row) and notifications leave on commit.
Signatures and their withdrawals are NOT written to the platform audit log: their trail is
the petition's own verifiable signature log (log.py), which names nobody, whereas the audit
log names the actor and is read by collectivity administrators (a signature reveals an
opinion, SPEC §8); it also keeps the audit chain's single global lock out of the signing
path (docs/decisions/0103-petition-counting.md).
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, router, transaction
from django.forms.models import model_to_dict
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from tadafur.core import clock, crypto
from tadafur.core.audit import audit_record
from tadafur.core.errors import DomainError, InvalidTransition, NotAllowed, ValidationFailed
from tadafur.core.precompiled import Insert, Row
from tadafur.core.states import transition
from tadafur.core.tasks import enqueue_on_commit, send_email_task
from tadafur.core.text import fold
from tadafur.petitions import log, permissions, rules, selectors
from tadafur.petitions.models import (
    LOCAL_KINDS,
    NATIONAL_KINDS,
    AgeBand,
    Channel,
    InadmissibilityGround,
    InvalidationReason,
    MemberRole,
    Outcome,
    Petition,
    PetitionKind,
    PetitionMember,
    PetitionRule,
    Signature,
)
from tadafur.petitions.states import TRANSITIONS, PetitionState, SignatureStatus

RuleRow = PetitionRule | InadmissibilityGround


def _snapshot(obj: models.Model) -> dict[str, Any]:
    return {name: value for name, value in model_to_dict(obj).items() if name != "id"}


def _label(obj: RuleRow) -> str:
    return "rule" if isinstance(obj, PetitionRule) else "ground"


def rulebook_row_save(*, row: RuleRow, actor: Any) -> RuleRow:
    """Create or correct a rule or ground; the audit keeps the values before and after."""
    with transaction.atomic():
        before: dict[str, Any] = {}
        if row.pk is not None:
            previous = type(row).objects.select_for_update().filter(pk=row.pk).first()
            before = _snapshot(previous) if previous is not None else {}
        action = f"petitions.{_label(row)}.{'update' if before else 'create'}"
        row.full_clean()
        row.save()
        after = _snapshot(row)
        changed = {k for k in after if before.get(k) != after[k]} if before else set(after)
        audit_record(
            actor=actor,
            action=action,
            obj=row,
            before={k: before[k] for k in changed if k in before},
            after={k: after[k] for k in changed},
        )
    return row


def rulebook_row_delete(*, row: RuleRow, actor: Any) -> None:
    """Delete a rule or ground; prefer closing it with `valid_to` to keep the history."""
    with transaction.atomic():
        before = _snapshot(row)
        audit_record(actor=actor, action=f"petitions.{_label(row)}.delete", obj=row, before=before)
        row.delete()


# --- Petitions ----------------------------------------------------------------------------


class AlreadySigned(DomainError):
    code = "already_signed"
    status = 409


def _move(petition: Petition, to: str, *, actor: Any, extra: dict[str, Any] | None = None) -> Petition:
    return transition(
        petition,
        to,
        table=TRANSITIONS,
        actor=actor,
        collectivity=petition.territory,
        action=f"petition.{to}",
        extra=extra,
    )


def _publish_status(petition: Petition, *, already_told: Iterable[int] = ()) -> None:
    """Tell the petition's followers of its new status (in the background, once committed)."""
    from tadafur.notifications.events import PETITION_STATUS
    from tadafur.notifications.services import publish

    publish(
        PETITION_STATUS,
        petition,
        collectivity=petition.territory,
        context={"title": petition.title, "status": petition.status},
        already_told=already_told,
    )


def _notify(petition: Petition, subject: Any, body: Any, *, signers: str = "") -> None:
    """Tell the agent and the co-initiators/committee, in each one's language, once committed;
    with `signers` (an event of tasks.SIGNER_MESSAGES), also the signers who asked for news;
    and the petition's followers (notifications app), who are not told twice."""
    if signers:
        from tadafur.petitions.tasks import notify_signers_task

        enqueue_on_commit(notify_signers_task, petition.pk, signers)
    people = [petition.agent, *(m.user for m in petition.members.select_related("user"))]
    _publish_status(petition, already_told=[person.pk for person in people])
    from django.conf import settings
    from django.urls import reverse

    for person in people:
        with translation.override(person.preferred_language or "ar"):
            url = settings.SITE_URL.rstrip("/") + reverse("petitions:detail", args=[petition.pk])
            subject_text = str(subject) % {"title": petition.title}
            body_text = str(body) % {"title": petition.title} + "\n\n" + url
        if person.email:
            enqueue_on_commit(send_email_task, person.email, subject_text, body_text, person.preferred_language)
        if person is petition.agent and person.phone and person.notify_sms:
            from tadafur.petitions.tasks import send_sms_task

            enqueue_on_commit(send_sms_task, person.phone, f"Tadafur: {subject_text}")


def _required(condition: bool, field: str, message: str) -> None:
    if not condition:
        raise ValidationFailed(message, errors={field: [message]})


def petition_create(
    *,
    actor: Any,
    kind: str,
    title: str,
    subject: str,
    reasons: str,
    objectives: str,
    requested_agenda_point: str,
    territory: Any = None,
    association: Any = None,
    addressee: str = "",
    members: Sequence[tuple[Any, str]] = (),
) -> Petition:
    """A draft petition whose agent (وكيل / mandataire) is the actor.

    Citizens' petitions: the agent is a resident verified in the collectivity. Associations':
    the actor represents the association, which meets the legal conditions (associations.rules).
    National kinds: the agent is verified anywhere; `members` are the presentation committee.
    """
    from tadafur.associations.permissions import can_act_for
    from tadafur.associations.rules import petition_eligibility

    if not getattr(actor, "is_authenticated", False):
        raise NotAllowed(gettext("Log in first."))
    if kind not in PetitionKind.values:
        raise ValidationFailed(
            gettext("Choose a kind of petition."), errors={"kind": [gettext("Choose a kind of petition.")]}
        )
    for field, value in (
        ("title", title),
        ("subject", subject),
        ("reasons", reasons),
        ("objectives", objectives),
        ("requested_agenda_point", requested_agenda_point),
    ):
        _required(bool(value and value.strip()), field, gettext("This field is required."))
    if kind in LOCAL_KINDS:
        _required(
            territory is not None and territory.is_collectivity,
            "territory",
            gettext("Choose a commune, province or region."),
        )
        addressee = ""
    else:
        territory = None
        _required(bool(addressee), "addressee", gettext("Choose to whom the petition is addressed."))
        if kind == PetitionKind.LEGISLATIVE_MOTION and addressee == "head_of_government":
            raise ValidationFailed(
                gettext("A legislative motion is addressed to one of the two Houses."),
                errors={"addressee": [gettext("A legislative motion is addressed to one of the two Houses.")]},
            )
    if kind == PetitionKind.LOCAL_ASSOCIATION:
        _required(association is not None, "association", gettext("Choose the association."))
        can_act_for(actor, association).require()
        eligibility = petition_eligibility(association, territory, on=clock.today())
        if not eligibility:
            raise NotAllowed(" ".join(str(r) for r in eligibility.reasons))
    else:
        association = None
        if not actor.is_resident_verified:
            raise NotAllowed(gettext("Only verified residents can start a petition."))
        if kind == PetitionKind.LOCAL_CITIZENS and not permissions.resides_in(actor, territory):
            raise NotAllowed(
                gettext("The agent of a citizens' petition must be a verified resident of the collectivity.")
            )
    _check_members(kind=kind, territory=territory, actor=actor, members=members)
    with transaction.atomic():
        petition = Petition.objects.create(
            kind=kind,
            territory=territory,
            association=association,
            addressee=addressee,
            agent=actor,
            title=title.strip(),
            subject=subject.strip(),
            reasons=reasons.strip(),
            objectives=objectives.strip(),
            requested_agenda_point=requested_agenda_point.strip(),
        )
        from tadafur.notifications.services import follow_ensure

        follow_ensure(user=actor, obj=petition)
        for user, role in members:
            PetitionMember.objects.create(petition=petition, user=user, role=role)
            follow_ensure(user=user, obj=petition)
        audit_record(
            actor=actor,
            action="petition.create",
            obj=petition,
            collectivity=territory,
            after={"kind": kind, "title": petition.title},
        )
    return petition


def _check_members(*, kind: str, territory: Any, actor: Any, members: Sequence[tuple[Any, str]]) -> None:
    """Co-initiators are eligible signers; a national committee has one deputy among its members."""
    if not members:
        return
    problems: list[str] = []
    roles = [role for _, role in members]
    if kind in LOCAL_KINDS and any(role != MemberRole.CO_INITIATOR for role in roles):
        problems.append(gettext("A petition to a council has co-initiators, not a committee."))
    if kind in NATIONAL_KINDS and roles.count(MemberRole.DEPUTY) > 1:
        problems.append(gettext("The committee has one deputy agent."))
    for user, _role in members:
        if user.pk == actor.pk:
            problems.append(gettext("You are the agent: do not list yourself."))
        elif not user.is_resident_verified or (
            kind == PetitionKind.LOCAL_CITIZENS and not permissions.resides_in(user, territory)
        ):
            problems.append(
                gettext("%(name)s is not a verified resident who may sign this petition.") % {"name": user.public_name}
            )
    if problems:
        raise ValidationFailed(problems[0], errors={"members": problems})


def petition_publish(
    *, petition: Petition, actor: Any, within_competences: bool, no_inadmissible_ground: bool
) -> Petition:
    """Open a citizens' petition to signatures, once the agent has passed the admissibility screen."""
    permissions.can_manage(actor, petition).require()
    if not petition.needs_signatures:
        raise NotAllowed(gettext("An association's petition does not collect signatures: file it directly."))
    errors: dict[str, list[str]] = {}
    if petition.is_local and not within_competences:
        errors["within_competences"] = [gettext("Confirm that the subject is within the council's competences.")]
    if not no_inadmissible_ground:
        errors["no_inadmissible_ground"] = [
            gettext("Confirm that the petition touches none of the inadmissible grounds.")
        ]
    if errors:
        raise ValidationFailed(gettext("The admissibility screen is not complete."), errors=errors)
    with transaction.atomic():
        petition = _move(petition, PetitionState.COLLECTING, actor=actor, extra={"admissibility_confirmed": True})
        _notify(
            petition,
            gettext_lazy("Your petition “%(title)s” is open for signatures"),
            gettext_lazy("Your petition “%(title)s” is published and collecting signatures."),
        )
    return petition


def petition_withdraw(*, petition: Petition, actor: Any) -> Petition:
    """The agent withdraws the petition before filing; its signatures and log stay as they are."""
    permissions.can_manage(actor, petition).require()
    with transaction.atomic():
        petition = _move(petition, PetitionState.WITHDRAWN, actor=actor)
        _notify(
            petition,
            gettext_lazy("The petition “%(title)s” was withdrawn"),
            gettext_lazy("The agent withdrew the petition “%(title)s”."),
            signers="withdrawn",
        )
    return petition


def petition_send_back(*, petition: Petition, reasons: str, actor: Any) -> Petition:
    """The council's staff send a just-published petition back to its agent, with reasons (issue §3's
    admissibility screen): only before anyone has signed, since a signer agreed to the text as it was.
    Once there are signatures, admissibility is the bureau's decision after filing."""
    permissions.can_review(actor, petition).require()
    if petition.status != PetitionState.COLLECTING:
        raise InvalidTransition(gettext("Only a petition that is collecting signatures can be sent back."))
    if Signature.objects.filter(petition=petition).exists():
        raise InvalidTransition(
            gettext("People have already signed: the bureau decides on admissibility once the petition is filed.")
        )
    reasons = reasons.strip()
    if not reasons:
        message = gettext("Say why the petition is sent back, so that the agent can correct it.")
        raise ValidationFailed(message, errors={"reasons": [message]})
    with transaction.atomic():
        petition = _move(
            petition,
            PetitionState.DRAFT,
            actor=actor,
            extra={"sent_back_at": clock.now(), "sent_back_reasons": reasons},
        )
        _notify(
            petition,
            gettext_lazy("Your petition “%(title)s” was sent back to you"),
            gettext_lazy(
                "The council's staff sent the petition “%(title)s” back before publication. "
                "Their reasons are on its page: correct it and publish it again."
            ),
        )
    return petition


def new_verification_code() -> str:
    """10 characters of base32 (50 random bits), easy to read out at a help desk."""
    return base64.b32encode(secrets.token_bytes(7)).decode("ascii")[:10]


def age_band(birth_year: int | None, *, on: dt.date) -> str:
    if not birth_year:
        return AgeBand.UNKNOWN
    age = on.year - birth_year
    for limit, band in (
        (25, AgeBand.A18_24),
        (35, AgeBand.A25_34),
        (50, AgeBand.A35_49),
        (65, AgeBand.A50_64),
    ):
        if age < limit:
            return band
    return AgeBand.A65


# What signing reads of the petition, under its row lock: never the territory (and its census
# JSON), the agent or the association (docs/benchmarks-signing.md).
SIGNING_FIELDS = ("id", "kind", "status", "territory_id", "log_size", "log_frontier", "log_salt")
# The narrow SELECT ... FOR UPDATE of the petition being signed, compiled once per connection
# (decision 0116): `Petition.objects.select_for_update().only(*SIGNING_FIELDS).filter(pk=...).first()`.
_LOCKED_FOR_SIGNING = Row(lambda: Petition.objects.select_for_update().only(*SIGNING_FIELDS).filter(pk=0))
# The signature's INSERT, compiled once per connection (decision 0117): `save(force_insert=True)`.
_INSERT_SIGNATURE = Insert(Signature)
CODE_ATTEMPTS = 5  # a 50-bit verification code collides about once in 2,500 petitions of 1M signatures


def _signing_input(
    *, petition_kind: str, cnie: str, consent: bool, attests_electoral_registration: bool
) -> tuple[str, ValidationFailed | None]:
    """The CNIE's keyed hash, or the first problem with what the signer typed."""
    try:
        cnie_hash = crypto.cnie_hash(cnie)
    except ValidationError:
        message = str(crypto.INVALID_CNIE_MESSAGE)
        return "", ValidationFailed(message, errors={"cnie": [message]})
    if not consent:
        message = gettext("You must agree to the processing of your data to sign.")
        return "", ValidationFailed(message, errors={"consent": [message]})
    if petition_kind in NATIONAL_KINDS and not attests_electoral_registration:
        message = gettext("Confirm that you are registered on the general electoral lists.")
        return "", ValidationFailed(message, errors={"attests_electoral_registration": [message]})
    return cnie_hash, None


def _refusal_for_duplicate(signature: Signature) -> DomainError | None:
    """After the INSERT failed a unique constraint: which one? (Only on this rare path.)

    None means the verification code collided: the caller retries with a new code.
    """
    same = Signature.objects.filter(petition_id=signature.petition_id)
    if signature.user_id is not None and same.filter(user_id=signature.user_id).exists():
        return NotAllowed(str(permissions.ALREADY_SIGNED))
    if same.filter(cnie_hash=signature.cnie_hash).exists():
        return AlreadySigned(gettext("This CNIE number has already signed this petition."))
    if Signature.objects.filter(verification_code=signature.verification_code).exists():
        return None
    return AlreadySigned(str(permissions.ALREADY_SIGNED))  # pragma: no cover - no other unique constraint


class PetitionNotFound(DomainError):
    code = "not_found"
    status = 404


def petition_sign(
    *,
    petition: Petition | int,
    actor: Any,
    cnie: str,
    consent: bool,
    attests_electoral_registration: bool = False,
    notify: bool = False,
) -> Signature:
    """Sign online: one signature per CNIE (and per account) per petition, with a log leaf.

    The CNIE number is normalised and kept only as its keyed hash. Users do not store their
    CNIE, so it cannot be matched to the account here; the roll holds CNIE + birth date hashes
    only, so it cannot be checked against the roll either (the in-person or roll verification of
    residence is what makes the signer eligible).

    `petition` is the petition or its id (the API passes the id: the row is read once, locked).
    Eligibility is decided once, inside the transaction, on the locked row (a narrow SELECT ...
    FOR UPDATE); a missing or draft petition is `PetitionNotFound` (404). "Already signed" is
    left to the unique constraints: (petition, user) gives the same refusal as `can_sign` (403),
    (petition, cnie_hash) gives 409, and a collision of the random verification code is retried
    with a new code. The work that does not depend on the locked row (the two encryptions of the
    council copy, the age band) is done before the write lock: on SQLite writers run one at a
    time, so the time inside the transaction bounds the signatures per second (decision 0111).
    """
    petition_id = petition if isinstance(petition, int) else petition.pk
    now = clock.now()
    signature = Signature(
        petition_id=petition_id,
        user=actor if getattr(actor, "is_authenticated", False) else None,
        residence_id=getattr(actor, "resident_of_id", None),
        sex=getattr(actor, "sex", "") or "",
        age_band=age_band(getattr(actor, "birth_year", None), on=now.date()),
        channel=Channel.ONLINE,
        created_at=now,
        notify=notify,
    )
    if signature.user is not None:
        # The council copy of the filed list names the signer and gives the CNIE (SPEC §2).
        signature.name_enc = crypto.encrypt(actor.get_full_name() or actor.display_name or "")
        try:
            signature.cnie_enc = crypto.encrypt(crypto.normalise_cnie(cnie))
        except ValidationError:
            signature.cnie_enc = ""  # refused below, after the eligibility check, as before
    # PostgreSQL aborts the transaction on a constraint violation unless it is in a savepoint;
    # SQLite only fails the statement, so it needs none (two statements fewer per signature).
    savepoint = connection.vendor != "sqlite"
    using = router.db_for_write(Signature)
    with transaction.atomic(using=using):
        locked = _LOCKED_FOR_SIGNING.get(petition_id, using=router.db_for_write(Petition))
        if locked is None or locked.status == PetitionState.DRAFT:
            raise PetitionNotFound(gettext("No petition has this number."))
        permissions.can_sign(actor, locked, check_signed=False).require()
        cnie_hash, problem = _signing_input(
            petition_kind=locked.kind,
            cnie=cnie,
            consent=consent,
            attests_electoral_registration=attests_electoral_registration,
        )
        if problem is not None:
            raise problem
        signature.petition = locked
        signature.cnie_hash = cnie_hash
        signature.log_seq = locked.log_size
        for _attempt in range(CODE_ATTEMPTS):
            signature.verification_code = new_verification_code()
            try:
                if savepoint:
                    with transaction.atomic(using=using):
                        _INSERT_SIGNATURE.save(signature, using=using)
                else:
                    _INSERT_SIGNATURE.save(signature, using=using)
            except IntegrityError:
                if not savepoint:
                    # The failed INSERT left SQLite's transaction as it was: carry on in it.
                    transaction.set_rollback(False, using=using)
                signature.pk = None
                signature._state.adding = True
                refusal = _refusal_for_duplicate(signature)
                if refusal is not None:
                    raise refusal from None
            else:
                break
        else:  # pragma: no cover - five 50-bit collisions in a row
            raise DomainError(gettext("Signing failed. Try again."))
        log.append(locked=locked, signature=signature, event="sign", at=now)
    return signature


def signature_withdraw(*, signature: Signature, actor: Any) -> Signature:
    """The signer withdraws before filing: the row stays (status withdrawn) and a leaf is appended."""
    now = clock.now()
    with transaction.atomic():
        locked = Petition.objects.select_for_update().get(pk=signature.petition_id)
        signature = Signature.objects.select_for_update(of=("self",)).select_related("petition").get(pk=signature.pk)
        signature.petition = locked
        permissions.can_withdraw_signature(actor, signature).require()
        signature.status = SignatureStatus.WITHDRAWN
        signature.withdrawn_at = now
        signature.status_reason = "signer_request"
        signature.save(update_fields=["status", "withdrawn_at", "status_reason"])
        log.append(locked=locked, signature=signature, event="withdraw", at=now, reason="signer_request")
    return signature


def receipt_prefix(petition: Petition) -> str:
    if petition.territory is None:
        return "NAT"
    letters = re.sub(r"[^a-z]", "", fold(petition.territory.name_fr or "")).upper()
    return (letters or "COL")[:3]


def _next_receipt_number(petition: Petition, year: int) -> str:
    stem = f"{receipt_prefix(petition)}-{year}-"
    taken = Petition.objects.filter(receipt_number__startswith=stem).count()
    return f"{stem}{taken + 1:06d}"


def petition_file(*, petition: Petition, actor: Any) -> Petition:
    """File with the council president, who gives a receipt at once (receipt number + PDF).

    Citizens' petitions need `threshold_reached` on the exact count taken in this transaction,
    and for regions `distribution_satisfied`; national kinds their national minimum and a
    complete committee; an association's petition goes straight from draft.
    """
    with transaction.atomic():
        locked = Petition.objects.select_for_update(of=("self",)).select_related("territory").get(pk=petition.pk)
        permissions.can_file(actor, locked).require()
        today = clock.today()
        count = selectors.signature_count_exact(locked)
        if locked.needs_signatures:
            required = selectors.required_signatures(locked, on=today)
            if count < required:
                raise NotAllowed(
                    gettext("The petition has %(count)s valid signatures and needs %(required)s to be filed.")
                    % {"count": count, "required": required}
                )
            if locked.kind == PetitionKind.LOCAL_CITIZENS:
                spread = selectors.distribution(locked, on=today)
                if not spread:
                    raise NotAllowed(spread.reason)
        if locked.kind in NATIONAL_KINDS:
            instrument = "motion" if locked.kind == PetitionKind.LEGISLATIVE_MOTION else "petition"
            size = rules.committee_size(instrument, on=today)  # type: ignore[arg-type]
            members = list(locked.members.values_list("role", flat=True))
            if len(members) + 1 < size or MemberRole.DEPUTY not in members:
                raise NotAllowed(
                    gettext("The presentation committee needs %(size)s members, including the agent and a deputy.")
                    % {"size": size}
                )
        year = timezone.localdate(clock.now()).year
        petition = _move(
            locked,
            PetitionState.FILED,
            actor=actor,
            extra={"receipt_number": _next_receipt_number(locked, year), "filed_signature_count": count},
        )
        _notify(
            petition,
            gettext_lazy("Your petition “%(title)s” is filed"),
            gettext_lazy("The petition “%(title)s” is filed with the council. Your receipt is on the petition's page."),
            signers="filed",
        )
    return petition


def _council(petition: Petition, check: Any, actor: Any) -> None:
    check(actor, petition).require()


def petition_review_start(*, petition: Petition, actor: Any) -> Petition:
    """The bureau starts examining admissibility."""
    _council(petition, permissions.can_review, actor)
    with transaction.atomic():
        petition = _move(petition, PetitionState.UNDER_REVIEW, actor=actor)
        _notify(
            petition,
            gettext_lazy("The bureau is examining “%(title)s”"),
            gettext_lazy("The council's bureau has started to examine the petition “%(title)s”."),
        )
    return petition


def petition_accept(
    *, petition: Petition, actor: Any, session_date: dt.date, agenda_point: str, committee: str
) -> Petition:
    """Admissible: put on the agenda of the next ordinary session and sent to a permanent committee."""
    _council(petition, permissions.can_decide, actor)
    errors: dict[str, list[str]] = {}
    if not session_date:
        errors["session_date"] = [gettext("Give the date of the session.")]
    if not (agenda_point or "").strip():
        errors["agenda_point"] = [gettext("Give the agenda point.")]
    if not (committee or "").strip():
        errors["committee"] = [gettext("Name the permanent committee.")]
    if errors:
        raise ValidationFailed(gettext("The decision is incomplete."), errors=errors)
    with transaction.atomic():
        petition = _move(
            petition,
            PetitionState.ACCEPTED,
            actor=actor,
            extra={
                "scheduled_session_date": session_date,
                "agenda_point": agenda_point.strip(),
                "committee": committee.strip(),
            },
        )
        _notify(
            petition,
            gettext_lazy("Your petition “%(title)s” is accepted"),
            gettext_lazy("The petition “%(title)s” is accepted and put on the agenda of the council's session."),
            signers="accepted",
        )
    return petition


def petition_reject(*, petition: Petition, actor: Any, grounds: Iterable[Any], text: str) -> Petition:
    """Inadmissible: a reasoned decision, with grounds from the list and a text, notified to the agent."""
    _council(petition, permissions.can_decide, actor)
    grounds = list(grounds)
    errors: dict[str, list[str]] = {}
    if not grounds:
        errors["grounds"] = [gettext("Choose at least one ground.")]
    if not (text or "").strip():
        errors["text"] = [gettext("Write the reasons of the decision.")]
    if errors:
        raise ValidationFailed(gettext("The decision is incomplete."), errors=errors)
    with transaction.atomic():
        petition = _move(petition, PetitionState.REJECTED, actor=actor, extra={"decision_text": text.strip()})
        petition.decision_grounds.set(grounds)
        audit_record(
            actor=actor,
            action="petition.grounds",
            obj=petition,
            collectivity=petition.territory,
            after={"grounds": sorted(g.code for g in grounds)},
        )
        _notify(
            petition,
            gettext_lazy("Your petition “%(title)s” was declared inadmissible"),
            gettext_lazy(
                "The council's bureau declared the petition “%(title)s” inadmissible. The reasons are on its page."
            ),
            signers="rejected",
        )
    return petition


def petition_deliberate(
    *,
    petition: Petition,
    actor: Any,
    outcome: str,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
    minutes: str,
) -> Petition:
    """The council studied the petition in session: outcome, votes and minutes, published."""
    _council(petition, permissions.can_deliberate, actor)
    if outcome not in Outcome.values:
        raise ValidationFailed(gettext("Choose the outcome."), errors={"outcome": [gettext("Choose the outcome.")]})
    if min(votes_for, votes_against, votes_abstain) < 0:
        raise ValidationFailed(gettext("Vote counts cannot be negative."))
    with transaction.atomic():
        petition = _move(
            petition,
            PetitionState.DELIBERATED,
            actor=actor,
            extra={
                "outcome": outcome,
                "votes_for": votes_for,
                "votes_against": votes_against,
                "votes_abstain": votes_abstain,
                "minutes": (minutes or "").strip(),
            },
        )
        _notify(
            petition,
            gettext_lazy("The council deliberated on “%(title)s”"),
            gettext_lazy(
                "The council deliberated on the petition “%(title)s”. The outcome and minutes are on its page."
            ),
            signers="deliberated",
        )
    return petition


def petition_close(*, petition: Petition, actor: Any) -> Petition:
    _council(petition, permissions.can_decide, actor)
    with transaction.atomic():
        petition = _move(petition, PetitionState.CLOSED, actor=actor)
        _publish_status(petition)
    return petition


INVALIDATION_STATES = frozenset({PetitionState.COLLECTING, PetitionState.FILED, PetitionState.UNDER_REVIEW})


def signatures_invalidate(*, petition: Petition, codes: Iterable[str], reason: str, actor: Any) -> int:
    """Staff invalidate signatures in bulk, by verification code, with a reason code (§10).

    Each one gets an `invalidate` leaf in the public log; the audit row records how many and why,
    never who. A filed petition keeps the count taken at filing (`filed_signature_count`): the
    invalidations are visible in the log and to the bureau examining it.
    """
    _council(petition, permissions.can_decide, actor)
    if reason not in InvalidationReason.values:
        message = gettext("Choose a reason.")
        raise ValidationFailed(message, errors={"reason": [message]})
    wanted = {code.strip().upper() for code in codes if code.strip()}
    if not wanted:
        message = gettext("Give at least one verification code.")
        raise ValidationFailed(message, errors={"codes": [message]})
    now = clock.now()
    with transaction.atomic():
        locked = Petition.objects.select_for_update().get(pk=petition.pk)
        if locked.status not in INVALIDATION_STATES:
            raise NotAllowed(gettext("Signatures of this petition can no longer be invalidated."))
        found = list(
            Signature.objects.select_for_update()
            .filter(petition=locked, verification_code__in=wanted, status=SignatureStatus.VALID)
            .order_by("pk")
        )
        unknown = wanted - {s.verification_code for s in found}
        if unknown:
            message = gettext("These codes are not valid signatures of this petition: %(codes)s") % {
                "codes": ", ".join(sorted(unknown))
            }
            raise ValidationFailed(message, errors={"codes": [message]})
        for signature in found:
            signature.status = SignatureStatus.INVALIDATED
            signature.status_reason = reason
            signature.save(update_fields=["status", "status_reason"])
            log.append(locked=locked, signature=signature, event="invalidate", at=now, reason=reason)
        audit_record(
            actor=actor,
            action="petition.signatures_invalidate",
            obj=locked,
            collectivity=locked.territory,
            after={"count": len(found), "reason": reason},
        )
    return len(found)
