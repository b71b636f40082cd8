"""Status choices and the one transition table of a recommendation (STYLE.md §3).

A recommendation (توصية / recommandation) is proposed, accepted by the committee, put in
progress by the one responsible, and ends done or dropped (with a reason). "Overdue" is not a
state: it is computed from the due date (rules.recommendation_overdue), so it never goes stale.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy

from tadafur.core.states import check_table


class RecommendationStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("recommendation status", "Proposed")
    ACCEPTED = "accepted", pgettext_lazy("recommendation status", "Accepted")
    IN_PROGRESS = "in_progress", pgettext_lazy("recommendation status", "In progress")
    DONE = "done", pgettext_lazy("recommendation status", "Done")
    DROPPED = "dropped", pgettext_lazy("recommendation status", "Dropped")


S = RecommendationStatus
RECOMMENDATION_TRANSITIONS: dict[str, set[str]] = {
    S.PROPOSED: {S.ACCEPTED, S.DROPPED},
    S.ACCEPTED: {S.IN_PROGRESS, S.DONE, S.DROPPED},
    S.IN_PROGRESS: {S.DONE, S.DROPPED},
    S.DONE: set(),
    S.DROPPED: set(),
}
# Recommendations still to be followed up: they go on the next meeting's agenda.
RECOMMENDATION_OPEN = frozenset({S.PROPOSED, S.ACCEPTED, S.IN_PROGRESS})
# Moving to these states needs a written reason.
NEEDS_REASON = frozenset({S.DROPPED})

check_table(RECOMMENDATION_TRANSITIONS, RecommendationStatus.values)
