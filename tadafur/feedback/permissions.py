"""Who may do what with service reports. Every check returns a Decision with its reason."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tadafur.accounts.permissions import register_action, scoped_role_decision
from tadafur.accounts.roles import Role
from tadafur.core import clock
from tadafur.core.decisions import Decision
from tadafur.feedback import rules
from tadafur.feedback.states import REPORT_OPEN, ReportStatus

HANDLE_ROLES = frozenset({Role.STAFF_AGENT, Role.COLLECTIVITY_ADMIN})


@register_action("feedback.handle", HANDLE_ROLES, _("Handle service reports (acknowledge, assign, resolve)"))
def can_handle(user: Any, collectivity: Any) -> Decision:
    return scoped_role_decision(
        user, collectivity, HANDLE_ROLES, _("Only the staff of this commune can handle its service reports.")
    )


def can_report(user: Any, collectivity: Any) -> Decision:
    if not getattr(user, "is_authenticated", False):
        return Decision.deny(_("Log in first."))
    if not user.is_active:
        return Decision.deny(_("This account is closed."))
    if collectivity is not None and collectivity.level != "commune":
        return Decision.deny(_("Reports go to the commune in charge of the service."))
    return Decision.allow()


def can_add_photo(user: Any, report: Any) -> Decision:
    if not getattr(user, "is_authenticated", False) or report.reporter_id != user.pk:
        return Decision.deny(_("Only the person who reported the problem can add its photo."))
    if report.status not in REPORT_OPEN:
        return Decision.deny(_("A photo can be added only while the report is open."))
    return Decision.allow()


def can_reopen(user: Any, report: Any) -> Decision:
    if not getattr(user, "is_authenticated", False) or report.reporter_id != user.pk:
        return Decision.deny(_("Only the person who reported the problem can reopen it."))
    if report.status != ReportStatus.RESOLVED:
        return Decision.deny(_("Only a resolved report can be reopened."))
    if not rules.reopen_window_open(resolved_at=report.resolved_at, now=clock.now()):
        return Decision.deny(
            _("A report can be reopened within %(days)d days of its resolution; please file a new one.")
            % {"days": rules.REOPEN_DAYS}
        )
    return Decision.allow()
