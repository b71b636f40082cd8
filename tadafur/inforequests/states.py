"""The life of an information request (طلب الحصول على المعلومات / demande d'accès à l'information).

"Overdue" is not a state: it is computed from `due_on` (rules.answer_overdue), so it never goes stale.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tadafur.core.states import check_table


class RequestStatus(models.TextChoices):
    FILED = "filed", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    EXTENDED = "extended", _("Deadline extended")
    ANSWERED = "answered", _("Answered")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


REQUEST_TRANSITIONS: dict[str, set[str]] = {
    RequestStatus.FILED: {
        RequestStatus.ACKNOWLEDGED,
        RequestStatus.ANSWERED,
        RequestStatus.REFUSED,
        RequestStatus.WITHDRAWN,
    },
    RequestStatus.ACKNOWLEDGED: {
        RequestStatus.EXTENDED,
        RequestStatus.ANSWERED,
        RequestStatus.REFUSED,
        RequestStatus.WITHDRAWN,
    },
    # Extended once only (art. 16): no way back to "extended" from "extended".
    RequestStatus.EXTENDED: {RequestStatus.ANSWERED, RequestStatus.REFUSED, RequestStatus.WITHDRAWN},
    RequestStatus.ANSWERED: set(),
    RequestStatus.REFUSED: set(),
    RequestStatus.WITHDRAWN: set(),
}
# Requests still waiting for the collectivity's response: the deadline runs.
REQUEST_OPEN = frozenset({RequestStatus.FILED, RequestStatus.ACKNOWLEDGED, RequestStatus.EXTENDED})
# The collectivity responded (an answer or a reasoned refusal both meet the deadline).
REQUEST_RESPONDED = frozenset({RequestStatus.ANSWERED, RequestStatus.REFUSED})

check_table(REQUEST_TRANSITIONS, RequestStatus.values)
