"""Status choices and the one transition table of each object of the co-creation app.

Every status moves only through `tadafur.core.states.transition`, which checks the table,
stamps `<state>_at` and writes the audit row. Phases inside a published call (questions,
submission) are not states: they are computed from the call's dates (`rules.call_phase`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy

from tadafur.core.states import check_table


class CallStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("call status", "Draft")
    PUBLISHED = "published", pgettext_lazy("call status", "Published")
    IN_REVIEW = "in_review", pgettext_lazy("call status", "In review")
    RESULTS_PUBLISHED = "results_published", pgettext_lazy("call status", "Results published")


CALL_TRANSITIONS: dict[str, set[str]] = {
    CallStatus.DRAFT: {CallStatus.PUBLISHED},
    CallStatus.PUBLISHED: {CallStatus.IN_REVIEW},
    CallStatus.IN_REVIEW: {CallStatus.RESULTS_PUBLISHED},
    CallStatus.RESULTS_PUBLISHED: set(),
}
CALL_PUBLIC = frozenset({CallStatus.PUBLISHED, CallStatus.IN_REVIEW, CallStatus.RESULTS_PUBLISHED})


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("application status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("application status", "Submitted")
    SELECTED = "selected", pgettext_lazy("application status", "Selected")
    NOT_SELECTED = "not_selected", pgettext_lazy("application status", "Not selected")
    WITHDRAWN = "withdrawn", pgettext_lazy("application status", "Withdrawn")


APPLICATION_TRANSITIONS: dict[str, set[str]] = {
    ApplicationStatus.DRAFT: {ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN},
    ApplicationStatus.SUBMITTED: {
        ApplicationStatus.SELECTED,
        ApplicationStatus.NOT_SELECTED,
        ApplicationStatus.WITHDRAWN,
    },
    ApplicationStatus.SELECTED: set(),
    ApplicationStatus.NOT_SELECTED: set(),
    ApplicationStatus.WITHDRAWN: set(),
}
# Applications the review sees (a draft is the association's own business).
APPLICATION_IN_REVIEW = frozenset(
    {ApplicationStatus.SUBMITTED, ApplicationStatus.SELECTED, ApplicationStatus.NOT_SELECTED}
)


class AgreementStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("agreement status", "Under way")
    COMPLETED = "completed", pgettext_lazy("agreement status", "Completed")


AGREEMENT_TRANSITIONS: dict[str, set[str]] = {
    AgreementStatus.ACTIVE: {AgreementStatus.COMPLETED},
    AgreementStatus.COMPLETED: set(),
}

check_table(CALL_TRANSITIONS, CallStatus.values)
check_table(APPLICATION_TRANSITIONS, ApplicationStatus.values)
check_table(AGREEMENT_TRANSITIONS, AgreementStatus.values)
