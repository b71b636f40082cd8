"""The life of a service report."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tadafur.core.states import check_table


class ReportStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ASSIGNED = "assigned", _("Assigned")
    RESOLVED = "resolved", _("Resolved")
    REOPENED = "reopened", _("Reopened")


REPORT_TRANSITIONS: dict[str, set[str]] = {
    ReportStatus.REPORTED: {ReportStatus.ACKNOWLEDGED, ReportStatus.ASSIGNED, ReportStatus.RESOLVED},
    ReportStatus.ACKNOWLEDGED: {ReportStatus.ASSIGNED, ReportStatus.RESOLVED},
    ReportStatus.ASSIGNED: {ReportStatus.ASSIGNED, ReportStatus.RESOLVED},
    ReportStatus.RESOLVED: {ReportStatus.REOPENED},
    ReportStatus.REOPENED: {ReportStatus.ASSIGNED, ReportStatus.RESOLVED},
}
REPORT_OPEN = frozenset(
    {ReportStatus.REPORTED, ReportStatus.ACKNOWLEDGED, ReportStatus.ASSIGNED, ReportStatus.REOPENED}
)

check_table(REPORT_TRANSITIONS, ReportStatus.values)
