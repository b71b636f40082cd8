"""Statuses of a budget proposal and their one transition table (STYLE.md §3)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy

from tadafur.core.states import check_table


class ProposalState(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("proposal state", "Submitted")
    FEASIBLE = "feasible", pgettext_lazy("proposal state", "Technically feasible")
    REJECTED = "rejected", pgettext_lazy("proposal state", "Not retained")
    MERGED = "merged", pgettext_lazy("proposal state", "Merged into another proposal")


TRANSITIONS: dict[str, set[str]] = {
    ProposalState.SUBMITTED: {ProposalState.FEASIBLE, ProposalState.REJECTED, ProposalState.MERGED},
    # A second technical review may change its mind while the review phase runs.
    ProposalState.FEASIBLE: {ProposalState.REJECTED, ProposalState.MERGED},
    ProposalState.REJECTED: {ProposalState.FEASIBLE},
    ProposalState.MERGED: set(),
}
check_table(TRANSITIONS, ProposalState.values)

PUBLIC = frozenset({ProposalState.SUBMITTED, ProposalState.FEASIBLE, ProposalState.REJECTED})
