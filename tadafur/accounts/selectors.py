"""Reads about people and their roles, for every module's permissions."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tadafur.accounts.models import RoleAssignment, User
from tadafur.accounts.roles import Role


def active_assignments(user: Any) -> QuerySet[RoleAssignment]:
    if not getattr(user, "is_authenticated", False):
        return RoleAssignment.objects.none()
    return RoleAssignment.objects.filter(user=user, revoked_at__isnull=True)


def is_platform_admin(user: Any) -> bool:
    return active_assignments(user).filter(role=Role.PLATFORM_ADMIN).exists()


def has_role(
    user: Any,
    role: str | Role,
    collectivity: Any = None,
    *,
    body: tuple[str, int] | None = None,
) -> bool:
    """Does `user` hold `role` in exactly this collectivity (and body, when given)?

    A role held in a collectivity does not extend to its children or parent: staff of Settat
    commune are not staff of Settat province.
    """
    qs = active_assignments(user).filter(role=role)
    if role != Role.PLATFORM_ADMIN:
        if collectivity is None:
            return False
        qs = qs.filter(collectivity=collectivity)
    if body is not None:
        qs = qs.filter(body_type=body[0], body_id=body[1])
    return qs.exists()


def has_any_role(user: Any, roles: set[str] | frozenset[str], collectivity: Any) -> bool:
    if collectivity is None:
        return False
    return active_assignments(user).filter(role__in=roles, collectivity=collectivity).exists()


def collectivities_where(user: Any, role: str | Role) -> QuerySet[Any]:
    from tadafur.territories.models import Territory

    ids = active_assignments(user).filter(role=role).values("collectivity_id")
    return Territory.objects.filter(pk__in=ids)


def user_by_login(login: str) -> User | None:
    login = login.strip()
    if "@" in login:
        return User.objects.filter(email__iexact=login).first()
    return User.objects.filter(phone=login).first()


def current_roll(collectivity: Any) -> Any:
    from tadafur.accounts.models import RollImport

    return RollImport.objects.filter(collectivity=collectivity, replaced_at__isnull=True).first()


def roll_has_line(collectivity: Any, line_hash: str) -> bool:
    from tadafur.accounts.models import RollEntry

    return RollEntry.objects.filter(
        collectivity=collectivity, line_hash=line_hash, roll_import__replaced_at__isnull=True
    ).exists()


def assignments_in(collectivity: Any) -> QuerySet[RoleAssignment]:
    return (
        RoleAssignment.objects.filter(collectivity=collectivity, revoked_at__isnull=True)
        .select_related("user", "granted_by")
        .order_by("role", "user__display_name", "user_id")
    )


def audit_entries_for(collectivity: Any) -> QuerySet[Any]:
    from tadafur.core.models import AuditEntry

    return AuditEntry.objects.filter(collectivity=collectivity).order_by("-id")


def user_by_contact(raw: str) -> User | None:
    """Find an active person by email or by any spelling of their mobile number."""
    from django.core.exceptions import ValidationError

    from tadafur.accounts.phones import normalise_phone

    raw = (raw or "").strip()
    if not raw:
        return None
    if "@" in raw:
        return User.objects.filter(email__iexact=raw, is_active=True).first()
    try:
        phone = normalise_phone(raw)
    except ValidationError:
        return None
    return User.objects.filter(phone=phone, is_active=True).first()


def has_totp(user: Any) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def holds_staff_role(user: Any) -> bool:
    from tadafur.accounts.roles import STAFF_ROLES

    return active_assignments(user).filter(role__in=STAFF_ROLES).exists()


def personal_data_export(user: User) -> dict[str, Any]:
    """Everything Tadafur holds about a person (Law 09-08 right of access), as JSON-ready data.

    No CNIE number: it is never stored in clear, and its keyed hash is not the person's data
    in any readable sense.
    """
    from tadafur.core.models import AuditEntry

    def territory(t: Any) -> dict[str, str] | None:
        return {"code": t.code, "name_ar": t.name_ar, "name_fr": t.name_fr} if t else None

    return {
        "profile": {
            "display_name": user.display_name,
            "email": user.email,
            "phone": user.phone,
            "phone_confirmed": user.phone_verified,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "sex": user.sex,
            "birth_year": user.birth_year,
            "residence": territory(user.residence),
            "preferred_language": user.preferred_language,
            "notifications": {"in_app": user.notify_in_app, "email": user.notify_email, "sms": user.notify_sms},
            "joined_at": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "verification": {
            "identity_level": user.identity_level,
            "resident_of": territory(user.resident_of),
            "method": user.resident_method,
            "verified_at": user.resident_verified_at.isoformat() if user.resident_verified_at else None,
        },
        "activity_declarations": [
            {
                "commune": territory(d.commune),
                "kind": d.kind,
                "description": d.description,
                "status": d.status,
                "submitted_at": d.submitted_at.isoformat(),
                "reviewed_at": d.reviewed_at.isoformat() if d.reviewed_at else None,
                "reason": d.reason,
            }
            for d in user.activity_declarations.select_related("commune").order_by("submitted_at")
        ],
        "roles": [
            {
                "role": a.role,
                "collectivity": a.collectivity.code if a.collectivity else None,
                "body": f"{a.body_type}:{a.body_id}" if a.body_type else None,
                "granted_at": a.granted_at.isoformat(),
                "revoked_at": a.revoked_at.isoformat() if a.revoked_at else None,
            }
            for a in RoleAssignment.objects.filter(user=user).select_related("collectivity").order_by("granted_at")
        ],
        "actions": [
            {
                "at": e.at.isoformat(),
                "action": e.action,
                "object": f"{e.object_type}:{e.object_id}",
                "collectivity": e.collectivity.code if e.collectivity else None,
            }
            for e in AuditEntry.objects.filter(actor=user).select_related("collectivity").order_by("id")
        ],
    }
