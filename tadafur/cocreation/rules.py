"""Rules of a co-creation call, as pure functions: who may apply, which phase is open, how the
budget must be shaped, how scores combine, when a report is late.

The call's own conditions are data on the call (minimum age of the association, good standing,
co-financing share, maximum per project), set by the collectivity for each call; no law fixes
them. The registry facts (verification, founding date, seat and branches, good standing) come
from the associations app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tadafur.associations.rules import add_years, present_in
from tadafur.associations.states import VerificationStatus
from tadafur.core.decisions import Decision

TWO_PLACES = Decimal("0.01")


class Phase(models.TextChoices):
    NOT_PUBLISHED = "not_published", pgettext_lazy("call phase", "Not published")
    UPCOMING = "upcoming", pgettext_lazy("call phase", "Opens soon")
    SUBMISSION = "submission", pgettext_lazy("call phase", "Open for applications")
    REVIEW = "review", pgettext_lazy("call phase", "Applications under review")
    RESULTS = "results", pgettext_lazy("call phase", "Results published")


def call_phase(*, status: str, submission_opens: dt.date, submission_until: dt.date, today: dt.date) -> str:
    """The phase of a call on `today`. Submission is open from `submission_opens` to
    `submission_until` inclusive; after it, the call is under review until staff publish results."""
    if status == "draft":
        return Phase.NOT_PUBLISHED
    if status == "results_published":
        return Phase.RESULTS
    if status == "in_review" or today > submission_until:
        return Phase.REVIEW
    if today < submission_opens:
        return Phase.UPCOMING
    return Phase.SUBMISSION


def questions_open(*, status: str, questions_until: dt.date, today: dt.date) -> bool:
    """Questions are taken while the call is published, up to `questions_until` inclusive."""
    return status == "published" and today <= questions_until


def submission_open(*, status: str, submission_opens: dt.date, submission_until: dt.date, today: dt.date) -> bool:
    return status == "published" and submission_opens <= today <= submission_until


def old_enough(founding_date: dt.date, years: int, *, on: dt.date) -> bool:
    """The association has existed for AT LEAST `years` full years on `on` (the call says
    "minimum age"): on its N-th anniversary it qualifies. Zero years: any association."""
    return add_years(founding_date, years) <= on


def applicant_eligibility(call: Any, association: Any, *, on: dt.date) -> Decision:
    """May `association` apply to `call` on `on`? Lists EVERY failing condition, not the first."""
    reasons: list[Any] = []
    if association.status != VerificationStatus.VERIFIED:
        reasons.append(_("The association has not been verified by the staff of its seat collectivity."))
    if call.min_years_constituted and not old_enough(association.founding_date, call.min_years_constituted, on=on):
        since = add_years(association.founding_date, call.min_years_constituted)
        reasons.append(
            _("The call requires associations constituted for at least %(years)s years (eligible from %(date)s).")
            % {"years": call.min_years_constituted, "date": date_format(since, "DATE_FORMAT")}
        )
    if call.require_good_standing and not association.in_good_standing:
        reasons.append(_("The association is not recorded as being in good standing."))
    if not any(present_in(association, territory) for territory in call.territories):
        reasons.append(_("The association has neither its seat nor a branch in the territory covered by the call."))
    if reasons:
        return Decision.deny(*reasons)
    return Decision.allow(_("The association meets the conditions of this call."))


@dataclass(frozen=True)
class BudgetFacts:
    requested: Decimal
    cofinanced: Decimal

    @property
    def total(self) -> Decimal:
        return self.requested + self.cofinanced

    @property
    def cofinancing_share(self) -> Decimal | None:
        """Co-financing as a percentage of the total cost, None for an empty budget."""
        if not self.total:
            return None
        return (self.cofinanced * 100 / self.total).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def budget_facts(lines: Iterable[tuple[Decimal, Decimal]]) -> BudgetFacts:
    requested = cofinanced = Decimal("0")
    for r, c in lines:
        requested += r
        cofinanced += c
    return BudgetFacts(requested, cofinanced)


def budget_problems(facts: BudgetFacts, *, max_per_project: Decimal, cofinancing_min_percent: int) -> list[Any]:
    problems: list[Any] = []
    if facts.requested <= 0:
        problems.append(_("Add at least one budget line with an amount requested."))
    if facts.requested > max_per_project:
        problems.append(
            _("The amount requested (%(requested)s MAD) is above the call's maximum per project (%(max)s MAD).")
            % {"requested": facts.requested, "max": max_per_project}
        )
    share = facts.cofinancing_share
    if cofinancing_min_percent and (share is None or share < cofinancing_min_percent):
        problems.append(
            _("Co-financing is %(share)s%% of the total cost; the call asks for at least %(min)s%%.")
            % {"share": share if share is not None else 0, "min": cofinancing_min_percent}
        )
    return problems


# --- Scoring --------------------------------------------------------------------------------


@dataclass(frozen=True)
class GridLine:
    key: int
    weight: int
    max_score: int


def grid_problems(grid: Sequence[GridLine]) -> list[Any]:
    if not grid:
        return [_("The scoring grid has no criterion.")]
    total = sum(line.weight for line in grid)
    if total != 100:
        return [_("The weights of the scoring grid add up to %(total)s, not 100.") % {"total": total}]
    return []


def reviewer_total(grid: Sequence[GridLine], scores: Mapping[int, int]) -> Decimal | None:
    """One reviewer's mark out of 100: Σ weight × score / highest score, over every criterion.
    None while a criterion is unscored (an incomplete review does not count)."""
    if any(line.key not in scores for line in grid):
        return None
    total = sum(Decimal(line.weight) * Decimal(scores[line.key]) / Decimal(line.max_score) for line in grid)
    return Decimal(total).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def combined_score(grid: Sequence[GridLine], reviews: Iterable[Mapping[int, int]]) -> Decimal | None:
    """The application's mark out of 100: the mean of the complete reviews' marks, computed
    exactly and rounded once at the end (half up, two places). None without a complete review."""
    totals = []
    for scores in reviews:
        if any(line.key not in scores for line in grid):
            continue
        totals.append(sum(Decimal(line.weight) * Decimal(scores[line.key]) / Decimal(line.max_score) for line in grid))
    if not totals:
        return None
    return (sum(totals) / len(totals)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def criterion_means(grid: Sequence[GridLine], reviews: Sequence[Mapping[int, int]]) -> dict[int, Decimal | None]:
    """Mean score of each criterion across the complete reviews (what an applicant sees)."""
    complete = [r for r in reviews if all(line.key in r for line in grid)]
    out: dict[int, Decimal | None] = {}
    for line in grid:
        if complete:
            mean = sum(Decimal(r[line.key]) for r in complete) / len(complete)
            out[line.key] = mean.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
        else:
            out[line.key] = None
    return out


def report_late(*, due_on: dt.date, submitted: bool, today: dt.date) -> bool:
    """A report is late from the day after its due date while it is not submitted."""
    return not submitted and today > due_on
