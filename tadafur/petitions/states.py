"""The petition's status, its one transition table and named groups of states (SPEC §3).

    draft ──► collecting ──► filed ──► under_review ──► accepted ──► deliberated ──► closed
      │  \\         │                               └──► rejected ───────────────────► closed
      │   └────────┴──► withdrawn   (the agent withdraws before filing)
      ├──► filed   (associations' petitions need no signatures: straight from draft)
      └◄── collecting   (staff send it back to the agent with reasons, before anyone has signed)

The signing life cycle (draft → collecting → filed) is the citizens'; the institutional
follow-up (under review → accepted/rejected → deliberated → closed) is the council's answer.
Which kinds may take which path (only associations go draft → filed) is checked by the
services; this table is the set of moves that exist at all.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy

from tadafur.core.states import check_table


class PetitionState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("petition state", "Draft")
    COLLECTING = "collecting", pgettext_lazy("petition state", "Collecting signatures")
    FILED = "filed", pgettext_lazy("petition state", "Filed")
    UNDER_REVIEW = "under_review", pgettext_lazy("petition state", "Under review by the bureau")
    ACCEPTED = "accepted", pgettext_lazy("petition state", "Accepted")
    REJECTED = "rejected", pgettext_lazy("petition state", "Rejected")
    DELIBERATED = "deliberated", pgettext_lazy("petition state", "Deliberated")
    CLOSED = "closed", pgettext_lazy("petition state", "Closed")
    WITHDRAWN = "withdrawn", pgettext_lazy("petition state", "Withdrawn")


S = PetitionState
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.COLLECTING, S.FILED, S.WITHDRAWN}),
    S.COLLECTING: frozenset({S.FILED, S.WITHDRAWN, S.DRAFT}),
    S.FILED: frozenset({S.UNDER_REVIEW}),
    S.UNDER_REVIEW: frozenset({S.ACCEPTED, S.REJECTED}),
    S.ACCEPTED: frozenset({S.DELIBERATED}),
    S.DELIBERATED: frozenset({S.CLOSED}),
    S.REJECTED: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
check_table(TRANSITIONS, PetitionState.values)

# Named groups, so that pages and queries say what they mean.
PUBLIC = frozenset(set(PetitionState.values) - {S.DRAFT})
BEFORE_FILING = frozenset({S.DRAFT, S.COLLECTING})
AWAITING_ANSWER = frozenset({S.FILED, S.UNDER_REVIEW})  # the council's clock runs
ANSWERED = frozenset({S.ACCEPTED, S.REJECTED, S.DELIBERATED, S.CLOSED})
TIMELINE = (
    S.DRAFT,
    S.COLLECTING,
    S.FILED,
    S.UNDER_REVIEW,
    S.ACCEPTED,
    S.REJECTED,
    S.DELIBERATED,
    S.CLOSED,
    S.WITHDRAWN,
)


class SignatureStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("signature status", "Pending (paper sheet not reconciled)")
    VALID = "valid", pgettext_lazy("signature status", "Valid")
    WITHDRAWN = "withdrawn", pgettext_lazy("signature status", "Withdrawn")
    INVALIDATED = "invalidated", pgettext_lazy("signature status", "Invalidated")
