"""Writes about people: profile, residence verification, electoral roll import, roles, Law 09-08 rights.

Every function is one transaction that writes an audit row. Personal data (CNIE numbers, birth
dates, phone numbers) never goes in the audit summaries.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tadafur.accounts import permissions, selectors
from tadafur.accounts.models import (
    ActivityDeclaration,
    ActivityKind,
    DeclarationStatus,
    IdentityLevel,
    RoleAssignment,
    RollEntry,
    RollImport,
    User,
    VerificationMethod,
)
from tadafur.accounts.phones import normalise_phone
from tadafur.accounts.roles import Role
from tadafur.core import clock
from tadafur.core.audit import audit_record
from tadafur.core.crypto import keyed_hash, normalise_cnie
from tadafur.core.errors import DomainError, NotAllowed, ValidationFailed

PROFILE_FIELDS = (
    "display_name",
    "sex",
    "birth_year",
    "residence",
    "preferred_language",
    "notify_in_app",
    "notify_email",
    "notify_sms",
)
# Fields whose values are personal: the audit names that they changed, never their values.
_PRIVATE_FIELDS = {"sex", "birth_year", "residence", "display_name"}


def profile_update(*, user: User, changes: dict[str, Any], actor: Any) -> User:
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        changed = []
        for name in PROFILE_FIELDS:
            if name in changes and getattr(user, name) != changes[name]:
                setattr(user, name, changes[name])
                changed.append(name)
        if changed:
            user.save(update_fields=changed)
            audit_record(
                actor=actor,
                action="accounts.profile_update",
                obj=user,
                after={name: ("changed" if name in _PRIVATE_FIELDS else getattr(user, name)) for name in changed},
            )
    return user


# --- Electoral roll / census list -----------------------------------------------------------


@dataclass(frozen=True)
class RejectedLine:
    line: int
    reason: str


class RollRejected(ValidationFailed):
    """The file had bad lines: nothing was imported."""

    def __init__(self, rejected: list[RejectedLine], message: str | None = None) -> None:
        super().__init__(message or gettext("The roll was not imported: fix the lines below and upload it again."))
        self.rejected = rejected


def roll_line_hash(cnie: str, birth_date: dt.date) -> str:
    """The only thing kept per roll line: HMAC(PII_HASH_KEY, normalised CNIE + birth date)."""
    return keyed_hash(f"roll:{normalise_cnie(cnie)}:{birth_date.isoformat()}")


def parse_birth_date(raw: str) -> dt.date:
    raw = (raw or "").strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            value = dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
        if value.year < 1900 or value > clock.today():
            break
        return value
    raise ValidationError(
        _("Write the birth date as YYYY-MM-DD or DD/MM/YYYY (a real past date)."), code="invalid_date"
    )


def roll_parse(data: bytes | str) -> tuple[list[str], list[RejectedLine]]:
    """Read a roll CSV (columns cnie and birth_date; others ignored) into line hashes.

    Returns (hashes, rejected). Line numbers count the header as line 1, as a spreadsheet does.
    """
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return [], [RejectedLine(0, gettext("The file is not UTF-8 text: save it as CSV UTF-8 and retry."))]
    else:
        text = data.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    # newline="": the csv module then reads \r, \n and \r\n line ends alike (a lone \r used to crash it).
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return [], [RejectedLine(0, gettext("The file is empty."))]
    except csv.Error:
        return [], [RejectedLine(1, gettext("The file is not a CSV file: save it as CSV UTF-8 and retry."))]
    if "cnie" not in header or "birth_date" not in header:
        return [], [RejectedLine(1, gettext("The first line must name the columns cnie and birth_date."))]
    i_cnie, i_date = header.index("cnie"), header.index("birth_date")
    hashes: list[str] = []
    seen: dict[str, int] = {}
    rejected: list[RejectedLine] = []
    try:
        rows = list(reader)
    except csv.Error:
        return [], [RejectedLine(0, gettext("The file is not a CSV file: save it as CSV UTF-8 and retry."))]
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = row + [""] * (max(i_cnie, i_date) + 1 - len(row))
        reasons = []
        try:
            cnie = normalise_cnie(cells[i_cnie])
        except ValidationError:
            reasons.append(gettext("bad CNIE number"))
        try:
            birth = parse_birth_date(cells[i_date])
        except ValidationError:
            reasons.append(gettext("bad birth date"))
        if reasons:
            rejected.append(RejectedLine(number, ", ".join(reasons)))
            continue
        line_hash = roll_line_hash(cnie, birth)
        if line_hash in seen:
            rejected.append(RejectedLine(number, gettext("duplicate of line %(line)d") % {"line": seen[line_hash]}))
            continue
        seen[line_hash] = number
        hashes.append(line_hash)
    if not hashes and not rejected:
        rejected.append(RejectedLine(0, gettext("The file has no lines after the header.")))
    return hashes, rejected


def roll_import(
    *,
    collectivity: Any,
    data: bytes | str,
    actor: Any,
    source_name: str = "",
    progress: Callable[[int, int], None] | None = None,
    check_permission: bool = True,
) -> RollImport:
    """Replace the collectivity's roll with this file, all or nothing."""
    if check_permission:
        permissions.can_import_roll(actor, collectivity).require()
    hashes, rejected = roll_parse(data)
    if rejected:
        raise RollRejected(rejected)
    batch = 2000
    with transaction.atomic():
        now = clock.now()
        previous = list(
            RollImport.objects.select_for_update().filter(collectivity=collectivity, replaced_at__isnull=True)
        )
        for old in previous:
            RollEntry.objects.filter(roll_import=old).delete()
            old.replaced_at = now
            old.save(update_fields=["replaced_at"])
        user = actor if getattr(actor, "is_authenticated", False) else None
        roll = RollImport.objects.create(
            collectivity=collectivity, uploaded_by=user, at=now, source_name=source_name[:200], line_count=len(hashes)
        )
        for start in range(0, len(hashes), batch):
            RollEntry.objects.bulk_create(
                RollEntry(roll_import=roll, collectivity=collectivity, line_hash=h)
                for h in hashes[start : start + batch]
            )
            if progress:
                progress(min(start + batch, len(hashes)), len(hashes))
        audit_record(
            actor=actor,
            action="accounts.roll_import",
            obj=roll,
            collectivity=collectivity,
            before={"lines": sum(p.line_count for p in previous)} if previous else {},
            after={"lines": len(hashes)},
        )
    return roll


# --- Resident verification ------------------------------------------------------------------

SELF_VERIFY_LIMIT = 5
SELF_VERIFY_WINDOW = 3600


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429


def _consume_attempt(user: User) -> None:
    key = f"accounts:resident-verify:{user.pk}"
    cache.add(key, 0, SELF_VERIFY_WINDOW)
    try:
        attempts = cache.incr(key)
    except ValueError:
        cache.set(key, 1, SELF_VERIFY_WINDOW)
        attempts = 1
    if attempts > SELF_VERIFY_LIMIT:
        raise RateLimited(
            gettext(
                "Too many attempts: you can try %(limit)d times per hour. Try again later, or ask for an "
                "in-person check at the help desk."
            )
            % {"limit": SELF_VERIFY_LIMIT}
        )


def _mark_resident(*, user: User, collectivity: Any, method: str, by: User | None) -> None:
    user.resident_of = collectivity
    user.resident_method = method
    user.resident_verified_at = clock.now()
    user.resident_verified_by = by
    if user.identity_level == IdentityLevel.ACCOUNT:
        user.identity_level = IdentityLevel.RESIDENT_VERIFIED
    user.save(
        update_fields=[
            "resident_of",
            "resident_method",
            "resident_verified_at",
            "resident_verified_by",
            "identity_level",
        ]
    )


def resident_self_verify(*, user: User, collectivity: Any, cnie: str, birth_date: dt.date) -> bool:
    """Match CNIE + birth date against the collectivity's roll. True when verified.

    Attempts are limited per person (SELF_VERIFY_LIMIT per hour), matched or not.
    """
    permissions.can_self_verify(user, collectivity).require()
    _consume_attempt(user)
    line_hash = roll_line_hash(cnie, birth_date)
    if not selectors.roll_has_line(collectivity, line_hash):
        return False
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        _mark_resident(user=user, collectivity=collectivity, method=VerificationMethod.ROLL, by=None)
        audit_record(
            actor=user,
            action="accounts.resident_verify",
            obj=user,
            collectivity=collectivity,
            after={"level": IdentityLevel.RESIDENT_VERIFIED.value, "method": VerificationMethod.ROLL.value},
        )
    return True


def resident_verify_in_person(*, user: User, collectivity: Any, actor: Any) -> User:
    """Help-desk staff checked the person's CNIE card and mark them resident of their collectivity."""
    permissions.can_verify_in_person(actor, collectivity).require()
    if not user.is_active:
        raise NotAllowed(gettext("This account is closed."))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        _mark_resident(user=user, collectivity=collectivity, method=VerificationMethod.IN_PERSON, by=actor)
        audit_record(
            actor=actor,
            action="accounts.resident_verify",
            obj=user,
            collectivity=collectivity,
            after={"level": IdentityLevel.RESIDENT_VERIFIED.value, "method": VerificationMethod.IN_PERSON.value},
        )
    return user


# --- Roles ------------------------------------------------------------------------------------


def role_grant(
    *,
    user: User,
    role: str,
    collectivity: Any,
    actor: Any,
    body: tuple[str, int] | None = None,
    check_permission: bool = True,
) -> RoleAssignment:
    """Give `user` the `role` in `collectivity` (and body). Granting an active role again is a no-op."""
    if check_permission:
        permissions.can_grant_role(actor, collectivity, role).require()
    role = Role(role)
    if role == Role.PLATFORM_ADMIN:
        collectivity = None
    body_type, body_id = body if body else ("", 0)
    with transaction.atomic():
        existing = RoleAssignment.objects.filter(
            user=user,
            role=role,
            collectivity=collectivity,
            body_type=body_type,
            body_id=body_id,
            revoked_at__isnull=True,
        ).first()
        if existing:
            return existing
        granted_by = actor if getattr(actor, "is_authenticated", False) else None
        assignment = RoleAssignment.objects.create(
            user=user, role=role, collectivity=collectivity, body_type=body_type, body_id=body_id, granted_by=granted_by
        )
        audit_record(
            actor=actor,
            action="accounts.role_grant",
            obj=assignment,
            collectivity=collectivity,
            after={"user": user.pk, "role": role.value, "body": f"{body_type}:{body_id}" if body else ""},
        )
    return assignment


def role_revoke(*, assignment: RoleAssignment, actor: Any, check_permission: bool = True) -> RoleAssignment:
    if check_permission:
        permissions.can_manage_roles(actor, assignment.collectivity).require()
    with transaction.atomic():
        assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
        if assignment.revoked_at is None:
            assignment.revoked_at = clock.now()
            assignment.save(update_fields=["revoked_at"])
            audit_record(
                actor=actor,
                action="accounts.role_revoke",
                obj=assignment,
                collectivity=assignment.collectivity,
                before={"user": assignment.user_id, "role": assignment.role},
            )
    return assignment


def staff_invite(
    *, contact: str, role: str, collectivity: Any, actor: Any, display_name: str = "", request: Any = None
) -> RoleAssignment:
    """Invite someone by email or mobile number: create the account if missing (no usable
    password), grant the role, and tell them how to sign in (a one-time code)."""
    from allauth.account.models import EmailAddress

    permissions.can_grant_role(actor, collectivity, role).require()
    contact = contact.strip()
    email, phone = "", ""
    if "@" in contact:
        email = contact.lower()
    else:
        phone = normalise_phone(contact)
    with transaction.atomic():
        user = selectors.user_by_contact(contact)
        created = user is None
        if user is None:
            user = User(email=email, phone=phone, display_name=display_name.strip()[:80])
            user.username = _free_username()
            user.set_unusable_password()
            user.save()
            if email:
                EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
            audit_record(actor=actor, action="accounts.user_invite", obj=user, collectivity=collectivity)
        assignment = role_grant(user=user, role=role, collectivity=collectivity, actor=actor, check_permission=False)
        transaction.on_commit(
            lambda: _send_invitation(user=user, email=email, phone=phone, created=created, request=request)
        )
    return assignment


def _delete_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)


def _free_username() -> str:
    import secrets

    while True:
        name = "u" + secrets.token_hex(6)
        if not User.objects.filter(username=name).exists():
            return name


def _login_url(request: Any) -> str:
    path = reverse("account_login")
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SITE_URL.rstrip("/") + path


def _send_invitation(*, user: User, email: str, phone: str, created: bool, request: Any) -> None:
    from django.core.mail import send_mail

    from tadafur.accounts.sms import send_sms

    url = _login_url(request)
    text = gettext(
        'You have been given a role on Tadafur. Sign in at %(url)s: choose "Send me a sign-in code", '
        "then set a password and two-factor authentication."
    ) % {"url": url}
    if email:
        send_mail(gettext("Your role on Tadafur"), text, None, [email])
    elif phone:
        send_sms(phone, gettext("Tadafur: you have a new role. Sign in with a code at %(url)s") % {"url": url})


# --- Law 09-08 rights -----------------------------------------------------------------------


def account_close(*, user: User, actor: Any) -> User:
    """Erase the person's personal data and deactivate the account (Law 09-08 art. 8).

    Their public contributions stay, shown without a name (User.public_name).
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        audit_record(actor=actor, action="accounts.account_close", obj=user)
        now = clock.now()
        RoleAssignment.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
        # Activity declarations describe the person's work and carry a document: erased with them.
        documents = [d.document.name for d in ActivityDeclaration.objects.filter(user=user) if d.document]
        ActivityDeclaration.objects.filter(user=user).delete()
        transaction.on_commit(lambda: _delete_files(documents))
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        user.username = f"closed-{user.pk}"
        user.email = ""
        user.phone = ""
        user.phone_verified = False
        user.first_name = ""
        user.last_name = ""
        user.display_name = ""
        user.sex = ""
        user.birth_year = None
        user.residence = None
        user.resident_of = None
        user.resident_method = ""
        user.resident_verified_at = None
        user.resident_verified_by = None
        user.identity_level = IdentityLevel.ACCOUNT
        user.notify_email = user.notify_sms = False
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.closed_at = now
        user.set_unusable_password()
        user.save()
    return user


# --- Economic or professional activity declarations (issue 3 §4) ------------------------------


def activity_declare(*, user: User, commune: Any, kind: str, description: str, document: Any) -> ActivityDeclaration:
    """A person declares an activity in a commune with a supporting PDF; the commune's staff review it."""
    from tadafur.core.uploads import clean_pdf
    from tadafur.territories.models import Level

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise NotAllowed(gettext("Log in first."))
    errors: dict[str, list[str]] = {}
    if commune is None or commune.level != Level.COMMUNE:
        errors["commune"] = [gettext("Choose the commune where the activity is exercised.")]
    if kind not in ActivityKind.values:
        errors["kind"] = [gettext("Choose the kind of activity.")]
    description = (description or "").strip()
    if not description:
        errors["description"] = [gettext("Describe the activity in a few words.")]
    if document is None:
        errors["document"] = [gettext("Attach a document proving the activity (PDF).")]
    else:
        try:
            clean_pdf(document)
        except ValidationError as exc:
            errors["document"] = list(exc.messages)
    if errors:
        raise ValidationFailed(gettext("The declaration is not complete."), errors=errors)
    with transaction.atomic():
        open_one = ActivityDeclaration.objects.filter(
            user=user, commune=commune, status__in=[DeclarationStatus.PENDING, DeclarationStatus.APPROVED]
        ).exists()
        if open_one:
            raise ValidationFailed(
                gettext("You already have a declaration for this commune, approved or waiting for review."),
                errors={"commune": [gettext("You already have a declaration for this commune.")]},
            )
        declaration = ActivityDeclaration(
            user=user, commune=commune, kind=kind, description=description[:300], submitted_at=clock.now()
        )
        declaration.document.save("activity.pdf", document, save=False)
        declaration.save()
        audit_record(
            actor=user,
            action="accounts.activity_declare",
            obj=declaration,
            collectivity=commune,
            after={"kind": kind, "status": DeclarationStatus.PENDING.value},
        )
    return declaration


def activity_review(
    *, declaration: ActivityDeclaration, approve: bool, reason: str = "", actor: Any
) -> ActivityDeclaration:
    """The commune's help-desk staff approve or reject a pending declaration (a rejection says why)."""
    permissions.can_verify_in_person(actor, declaration.commune).require()
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationFailed(
            gettext("Say why the declaration is rejected: the person reads it."),
            errors={"reason": [gettext("Give the reason for the rejection.")]},
        )
    with transaction.atomic():
        declaration = ActivityDeclaration.objects.select_for_update().get(pk=declaration.pk)
        if declaration.status != DeclarationStatus.PENDING:
            raise ValidationFailed(gettext("This declaration has already been reviewed."))
        if declaration.user_id == getattr(actor, "pk", None):
            raise NotAllowed(gettext("Nobody can review their own declaration."))
        _activity_decide(
            declaration,
            DeclarationStatus.APPROVED if approve else DeclarationStatus.REJECTED,
            reason,
            actor,
            "accounts.activity_review",
        )
    return declaration


def activity_revoke(*, declaration: ActivityDeclaration, reason: str, actor: Any) -> ActivityDeclaration:
    """The activity ended (a shop closed, a job changed): the commune's staff withdraw an approval,
    with a reason the person reads. Signatures already given stay valid (they were eligible then)."""
    permissions.can_verify_in_person(actor, declaration.commune).require()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            gettext("Say why the approval is withdrawn: the person reads it."),
            errors={"reason": [gettext("Give the reason for the withdrawal.")]},
        )
    with transaction.atomic():
        declaration = ActivityDeclaration.objects.select_for_update().get(pk=declaration.pk)
        if declaration.status != DeclarationStatus.APPROVED:
            raise ValidationFailed(gettext("Only an approved declaration can be withdrawn."))
        _activity_decide(declaration, DeclarationStatus.REJECTED, reason, actor, "accounts.activity_revoke")
    return declaration


def _activity_decide(declaration: ActivityDeclaration, status: str, reason: str, actor: Any, action: str) -> None:
    """Record a reviewer's decision on a locked declaration, with its audit entry."""
    before = declaration.status
    declaration.status = status
    declaration.reviewed_by = actor
    declaration.reviewed_at = clock.now()
    declaration.reason = reason[:500]
    declaration.save(update_fields=["status", "reviewed_by", "reviewed_at", "reason"])
    audit_record(
        actor=actor,
        action=action,
        obj=declaration,
        collectivity=declaration.commune,
        before={"status": str(before)},
        after={"status": str(status)},
    )
