"""Writes to the registry of associations: one verb, one transaction, one audit row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tadafur.associations import permissions
from tadafur.associations.models import Association, AssociationDomain, Branch, Domain, Representative
from tadafur.associations.states import TRANSITIONS, VerificationStatus
from tadafur.associations.validators import validate_pdf
from tadafur.core import clock
from tadafur.core.audit import audit_record
from tadafur.core.errors import NotAllowed, ValidationFailed
from tadafur.core.states import transition
from tadafur.territories.models import Level

# Facts that staff check when they verify; changing one sends a verified association back to review.
REGISTRY_FACTS = ("name_ar", "name_fr", "registration_reference", "founding_date", "seat", "statutes")
EDITABLE_FIELDS = (*REGISTRY_FACTS, "description_ar", "description_fr", "domains")


def _summary(association: Association) -> dict[str, Any]:
    """What the audit log records about an association: public registry facts only."""
    return {
        "name_ar": association.name_ar,
        "name_fr": association.name_fr,
        "registration_reference": association.registration_reference,
        "founding_date": association.founding_date,
        "seat": association.seat.code if association.seat_id else None,
        "statutes": bool(association.statutes),
        "domains": sorted(association.domain_list) if association.pk else [],
        "status": association.status,
    }


def _check_facts(*, founding_date: dt.date | None, seat: Any, statutes: UploadedFile | None) -> None:
    errors: dict[str, list[str]] = {}
    if founding_date is not None and founding_date > clock.today():
        errors["founding_date"] = [_("The founding date cannot be in the future.")]
    if seat is not None and seat.level != Level.COMMUNE:
        errors["seat"] = [_("The seat must be a commune.")]
    if statutes is not None:
        try:
            validate_pdf(statutes)
        except ValidationError as exc:
            errors["statutes"] = [str(m) for m in exc.messages]
    if errors:
        raise ValidationFailed(_("Some fields need correcting."), errors=errors)


def _clean_domains(domains: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(domains))
    unknown = [d for d in chosen if d not in Domain.values]
    if unknown or not chosen:
        raise ValidationFailed(
            _("Choose at least one domain of activity from the list."),
            errors={"domains": [_("Choose at least one domain of activity from the list.")]},
        )
    return chosen


def _reference_taken(reference: str, exclude_pk: int | None = None) -> bool:
    qs = Association.objects.filter(registration_reference__iexact=reference.strip())
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


def _reference_error() -> ValidationFailed:
    message = _("An association with this registration reference is already registered.")
    return ValidationFailed(message, errors={"registration_reference": [message]})


def association_register(
    *,
    actor: Any,
    name_ar: str,
    name_fr: str,
    registration_reference: str,
    founding_date: dt.date,
    seat: Any,
    domains: Iterable[str],
    description_ar: str = "",
    description_fr: str = "",
    statutes: UploadedFile | None = None,
    role_title: str = "",
) -> Association:
    """Register an association; the actor becomes its legal representative, pending verification."""
    permissions.can_register_association(actor).require()
    _check_facts(founding_date=founding_date, seat=seat, statutes=statutes)
    chosen = _clean_domains(domains)
    reference = registration_reference.strip()
    if _reference_taken(reference):
        raise _reference_error()
    try:
        with transaction.atomic():
            association = Association(
                name_ar=name_ar.strip(),
                name_fr=name_fr.strip(),
                registration_reference=reference,
                founding_date=founding_date,
                seat=seat,
                description_ar=description_ar.strip(),
                description_fr=description_fr.strip(),
            )
            if statutes is not None:
                association.statutes.save(statutes.name or "statutes.pdf", statutes, save=False)
            association.save()
            AssociationDomain.objects.bulk_create(AssociationDomain(association=association, domain=d) for d in chosen)
            Representative.objects.create(
                association=association, user=actor, role_title=role_title.strip(), since=clock.today()
            )
            audit_record(
                actor=actor,
                action="association.register",
                obj=association,
                collectivity=seat,
                after=_summary(association),
            )
    except IntegrityError as exc:  # two registrations of the same reference at once
        raise _reference_error() from exc
    return association


def association_update(*, association: Association, actor: Any, **changes: Any) -> Association:
    """Change registry fields. When a representative (not staff of the seat) changes a fact that
    staff verified, a verified or rejected association goes back to the verification queue."""
    permissions.can_edit_association(actor, association).require()
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    _check_facts(founding_date=changes.get("founding_date"), seat=changes.get("seat"), statutes=changes.get("statutes"))
    if "registration_reference" in changes:
        changes["registration_reference"] = changes["registration_reference"].strip()
        if _reference_taken(changes["registration_reference"], exclude_pk=association.pk):
            raise _reference_error()
    new_domains = _clean_domains(changes.pop("domains")) if "domains" in changes else None
    with transaction.atomic():
        locked = Association.objects.select_for_update().select_related("seat").get(pk=association.pk)
        before = _summary(locked)
        old_seat = locked.seat
        for name, value in changes.items():
            if name == "statutes":
                if value is not None:
                    locked.statutes.save(value.name or "statutes.pdf", value, save=False)
            elif isinstance(value, str):
                setattr(locked, name, value.strip())
            else:
                setattr(locked, name, value)
        locked.save()
        if new_domains is not None:
            locked.domains.exclude(domain__in=new_domains).delete()
            have = set(locked.domains.values_list("domain", flat=True))
            AssociationDomain.objects.bulk_create(
                AssociationDomain(association=locked, domain=d) for d in new_domains if d not in have
            )
        after = _summary(locked)
        changed = {k for k in after if before[k] != after[k]}
        if changed:
            audit_record(
                actor=actor,
                action="association.update",
                obj=locked,
                collectivity=locked.seat,
                before={k: before[k] for k in changed},
                after={k: after[k] for k in changed},
            )
        facts_changed = changed & set(REGISTRY_FACTS)
        by_staff = permissions.is_registry_staff(actor, old_seat) and permissions.is_registry_staff(actor, locked.seat)
        if facts_changed and not by_staff and locked.status != VerificationStatus.UNVERIFIED:
            transition(
                locked,
                VerificationStatus.UNVERIFIED,
                table=TRANSITIONS,
                actor=actor,
                collectivity=locked.seat,
                action="association.resubmit",
            )
    association.refresh_from_db()
    return association


def association_verify(
    *,
    association: Association,
    actor: Any,
    in_good_standing: bool | None = None,
    democratic_functioning: bool | None = None,
    standing_note: str | None = None,
) -> Association:
    """Staff of the seat verify the registry facts, and may record standing at the same time."""
    permissions.can_verify_association(actor, association).require()
    with transaction.atomic():
        if in_good_standing is not None or democratic_functioning is not None or standing_note is not None:
            association_standing_record(
                association=association,
                actor=actor,
                in_good_standing=association.in_good_standing if in_good_standing is None else in_good_standing,
                democratic_functioning=(
                    association.democratic_functioning if democratic_functioning is None else democratic_functioning
                ),
                note=association.standing_note if standing_note is None else standing_note,
            )
        transition(
            association,
            VerificationStatus.VERIFIED,
            table=TRANSITIONS,
            actor=actor,
            collectivity=association.seat,
            action="association.verify",
            extra={"rejection_reason": ""},
        )
    association.refresh_from_db()
    return association


def association_reject(*, association: Association, actor: Any, reason: str) -> Association:
    """Staff of the seat reject the registration, with a reason the representative will read."""
    permissions.can_verify_association(actor, association).require()
    reason = (reason or "").strip()
    if not reason:
        message = _("Give the reason for the rejection: the representative needs it to correct the file.")
        raise ValidationFailed(message, errors={"reason": [message]})
    with transaction.atomic():
        transition(
            association,
            VerificationStatus.REJECTED,
            table=TRANSITIONS,
            actor=actor,
            collectivity=association.seat,
            action="association.reject",
            extra={"rejection_reason": reason},
        )
    association.refresh_from_db()
    return association


def association_standing_record(
    *,
    association: Association,
    actor: Any,
    in_good_standing: bool,
    democratic_functioning: bool,
    note: str = "",
) -> Association:
    """Staff of the seat record whether the association is in good standing and operates democratically."""
    permissions.can_verify_association(actor, association).require()
    with transaction.atomic():
        locked = Association.objects.select_for_update().get(pk=association.pk)
        before = {
            "in_good_standing": locked.in_good_standing,
            "democratic_functioning": locked.democratic_functioning,
            "standing_note": locked.standing_note,
        }
        locked.in_good_standing = in_good_standing
        locked.democratic_functioning = democratic_functioning
        locked.standing_note = note.strip()
        locked.standing_checked_at = clock.now()
        locked.save(
            update_fields=[
                "in_good_standing",
                "democratic_functioning",
                "standing_note",
                "standing_checked_at",
            ]
        )
        audit_record(
            actor=actor,
            action="association.standing",
            obj=locked,
            collectivity=association.seat,
            before=before,
            after={
                "in_good_standing": in_good_standing,
                "democratic_functioning": democratic_functioning,
                "standing_note": locked.standing_note,
            },
        )
    association.refresh_from_db()
    return association


def representative_add(
    *, association: Association, actor: Any, user: Any, role_title: str = "", since: dt.date | None = None
) -> Representative:
    permissions.can_edit_association(actor, association).require()
    if Representative.objects.filter(association=association, user=user, until__isnull=True).exists():
        raise ValidationFailed(
            _("This person is already a representative of the association."),
            errors={"user": [_("This person is already a representative of the association.")]},
        )
    with transaction.atomic():
        representative = Representative.objects.create(
            association=association, user=user, role_title=role_title.strip(), since=since or clock.today()
        )
        audit_record(
            actor=actor,
            action="association.representative_add",
            obj=association,
            collectivity=association.seat,
            after={"representative": user.pk, "role_title": representative.role_title},
        )
    return representative


def representative_remove(
    *, representative: Representative, actor: Any, until: dt.date | None = None
) -> Representative:
    """End a mandate. The last active representative cannot be removed: someone must answer for
    the association."""
    association = representative.association
    permissions.can_edit_association(actor, association).require()
    day = until or clock.today()
    with transaction.atomic():
        locked = Representative.objects.select_for_update().get(pk=representative.pk)
        others = Representative.objects.active(day).filter(association=association).exclude(pk=locked.pk)
        if not others.exists():
            raise NotAllowed(_("An association needs at least one legal representative: add another one first."))
        if locked.until is not None:
            raise NotAllowed(_("This mandate has already ended."))
        locked.until = max(day, locked.since)
        locked.save(update_fields=["until"])
        audit_record(
            actor=actor,
            action="association.representative_remove",
            obj=association,
            collectivity=association.seat,
            before={"representative": locked.user_id, "until": None},
            after={"representative": locked.user_id, "until": locked.until},
        )
    return locked


def branch_add(*, association: Association, actor: Any, collectivity: Any, opened_on: dt.date | None = None) -> Branch:
    permissions.can_edit_association(actor, association).require()
    errors: dict[str, list[str]] = {}
    if collectivity.level != Level.COMMUNE:
        errors["collectivity"] = [_("A branch is in a commune.")]
    elif collectivity.pk == association.seat_id:
        errors["collectivity"] = [_("This commune is already the association's seat.")]
    elif association.branches.filter(collectivity=collectivity).exists():
        errors["collectivity"] = [_("The association already has a branch in this commune.")]
    if errors:
        raise ValidationFailed(_("Some fields need correcting."), errors=errors)
    with transaction.atomic():
        branch = Branch.objects.create(association=association, collectivity=collectivity, opened_on=opened_on)
        audit_record(
            actor=actor,
            action="association.branch_add",
            obj=association,
            collectivity=association.seat,
            after={"branch": collectivity.code},
        )
    return branch
