"""Who may comment, flag and moderate. Every check returns a Decision with its reason."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tadafur.accounts.permissions import register_action, scoped_role_decision
from tadafur.accounts.roles import Role
from tadafur.comments import rules, targets
from tadafur.comments.models import Comment
from tadafur.core.decisions import Decision

MODERATE_ROLES = frozenset({Role.STAFF_AGENT, Role.COLLECTIVITY_ADMIN})


@register_action("comment.moderate", MODERATE_ROLES, _("Hide or restore comments and review flags"))
def can_moderate(user: Any, collectivity: Any) -> Decision:
    return scoped_role_decision(
        user,
        collectivity,
        MODERATE_ROLES,
        _("Only the staff of this collectivity can moderate its comments."),
    )


def _person(user: Any) -> Decision:
    if not getattr(user, "is_authenticated", False):
        return Decision.deny(_("Log in to take part in the discussion."))
    if not user.is_active or user.closed_at:
        return Decision.deny(_("This account is closed."))
    return Decision.allow()


def can_comment(user: Any, obj: Any) -> Decision:
    """`obj` is the commented object (petition, proposal, project)."""
    target = targets.for_object(obj)
    if target is None or not target.is_public(obj) or target.collectivity(obj) is None:
        return Decision.deny(_("Comments are not open on this page."))
    closed = target.closed_reason(obj)
    if closed:
        return Decision.deny(closed)
    person = _person(user)
    if not person:
        return person
    if rules.author_level(user) is None:
        return Decision.deny(
            _("Only verified people can comment: confirm your mobile number or get verified as a resident.")
        )
    return Decision.allow()


def can_flag(user: Any, comment: Comment) -> Decision:
    person = _person(user)
    if not person:
        return person
    if comment.author_id == user.pk:
        return Decision.deny(_("You cannot flag your own comment."))
    if comment.is_hidden:
        return Decision.deny(_("This comment is already hidden."))
    return Decision.allow()
