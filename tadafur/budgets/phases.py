"""Phases of a participatory-budgeting cycle, declared once and active by dates (adhocracy4).

A cycle stores the start of each phase; the active phase is the last one that has started.
Each phase grants features — the actions a person may take while it runs:

    information → proposals → review → vote → results → follow-up
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from tadafur.core import clock

PROPOSE = "propose"
COMMENT = "comment"
REVIEW = "review"
VOTE = "vote"
FEATURES = (PROPOSE, COMMENT, REVIEW, VOTE)


@dataclass(frozen=True)
class Phase:
    key: str
    label: str | Promise
    start_field: str  # the Cycle field holding the phase's start
    grants: frozenset[str]


PHASES: tuple[Phase, ...] = (
    Phase("information", pgettext_lazy("budget phase", "Information"), "information_starts", frozenset()),
    Phase("proposals", pgettext_lazy("budget phase", "Proposals"), "proposals_start", frozenset({PROPOSE, COMMENT})),
    Phase("review", pgettext_lazy("budget phase", "Review"), "review_starts", frozenset({REVIEW, COMMENT})),
    Phase("vote", pgettext_lazy("budget phase", "Vote"), "vote_starts", frozenset({VOTE})),
    Phase("results", pgettext_lazy("budget phase", "Results"), "results_start", frozenset()),
    Phase("follow_up", pgettext_lazy("budget phase", "Execution follow-up"), "follow_up_starts", frozenset()),
)
BY_KEY = {p.key: p for p in PHASES}


def active_phase(cycle: Any, at: dt.datetime | None = None) -> Phase | None:
    """The phase running at `at` (default: now), or None before the information phase."""
    at = at or clock.now()
    current = None
    for phase in PHASES:
        start = getattr(cycle, phase.start_field)
        if start is not None and start <= at:
            current = phase
    return current


def grants(cycle: Any, feature: str, at: dt.datetime | None = None) -> bool:
    phase = active_phase(cycle, at)
    return phase is not None and feature in phase.grants


def schedule(cycle: Any) -> list[tuple[Phase, dt.datetime | None]]:
    return [(p, getattr(cycle, p.start_field)) for p in PHASES]


def dates_in_order(starts: list[dt.datetime | None]) -> bool:
    known = [s for s in starts if s is not None]
    return all(a < b for a, b in zip(known, known[1:], strict=False))
