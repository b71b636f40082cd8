"""Status choices and the one transition table of each object of the bodies app (STYLE.md §3).

Every status moves only through `tadafur.core.states.transition`, which checks the table,
stamps `<state>_at` and writes the audit row.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy

from tadafur.core.states import check_table


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("meeting status", "Planned")
    HELD = "held", pgettext_lazy("meeting status", "Held")
    MINUTES_PUBLISHED = "minutes_published", pgettext_lazy("meeting status", "Minutes published")
    CANCELLED = "cancelled", pgettext_lazy("meeting status", "Cancelled")


MEETING_TRANSITIONS: dict[str, set[str]] = {
    MeetingStatus.PLANNED: {MeetingStatus.HELD, MeetingStatus.CANCELLED},
    MeetingStatus.HELD: {MeetingStatus.MINUTES_PUBLISHED},
    MeetingStatus.MINUTES_PUBLISHED: set(),
    MeetingStatus.CANCELLED: set(),
}
# A meeting whose agenda and attendance can still be edited.
MEETING_EDITABLE = frozenset({MeetingStatus.PLANNED, MeetingStatus.HELD})


class ReferralStatus(models.TextChoices):
    """A question the council refers (إحالة / saisine) to the body. "Overdue" is not a state: it is
    computed from the deadline (rules.referral_overdue), so it never goes stale."""

    OPEN = "open", pgettext_lazy("referral status", "Open")
    ANSWERED = "answered", pgettext_lazy("referral status", "Answered by the body")


REFERRAL_TRANSITIONS: dict[str, set[str]] = {
    ReferralStatus.OPEN: {ReferralStatus.ANSWERED},
    ReferralStatus.ANSWERED: set(),
}


class OpinionStatus(models.TextChoices):
    """An opinion or recommendation (رأي / avis) of the body, then the council's answer."""

    DRAFT = "draft", pgettext_lazy("opinion status", "Draft")
    ADOPTED = "adopted", pgettext_lazy("opinion status", "Adopted by the body")
    ANSWERED = "answered", pgettext_lazy("opinion status", "Answered by the council")


OPINION_TRANSITIONS: dict[str, set[str]] = {
    OpinionStatus.DRAFT: {OpinionStatus.ADOPTED},
    OpinionStatus.ADOPTED: {OpinionStatus.ANSWERED},
    OpinionStatus.ANSWERED: set(),
}
# Opinions the public sees.
OPINION_PUBLIC = frozenset({OpinionStatus.ADOPTED, OpinionStatus.ANSWERED})


class FollowUpStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("follow-up status", "Not started")
    IN_PROGRESS = "in_progress", pgettext_lazy("follow-up status", "In progress")
    DONE = "done", pgettext_lazy("follow-up status", "Done")


FOLLOWUP_TRANSITIONS: dict[str, set[str]] = {
    FollowUpStatus.OPEN: {FollowUpStatus.IN_PROGRESS, FollowUpStatus.DONE},
    FollowUpStatus.IN_PROGRESS: {FollowUpStatus.DONE},
    FollowUpStatus.DONE: set(),
}

check_table(MEETING_TRANSITIONS, MeetingStatus.values)
check_table(REFERRAL_TRANSITIONS, ReferralStatus.values)
check_table(OPINION_TRANSITIONS, OpinionStatus.values)
check_table(FOLLOWUP_TRANSITIONS, FollowUpStatus.values)
