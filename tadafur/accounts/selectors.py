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
