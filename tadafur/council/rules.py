"""The law of council sessions, as dated rows and pure functions.

- Communes: OL 113.14 art. 33 — three ordinary sessions a year, in the first week of February,
  May and October; art. 35 — the president sends the convocation with the agenda at least 10
  days before an ordinary session; art. 36–37 — extraordinary sessions, convened at least 3 days
  ahead **[verify]**.
- Prefectures/provinces: OL 112.14 art. 33–35 **[verify]**.
- Regions: OL 111.14 art. 36–38 — March, July and October **[verify]**.

The figures live in `SessionRule` rows (seeded by migration 0002 from DEFAULT_RULES, editable in
the admin with their citation), so that a jurist corrects them without a code change; the
functions below take a rule and never read a bare constant.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils.translation import pgettext_lazy

from tadafur.core.decisions import Decision


class SessionKind(models.TextChoices):
    ORDINARY = "ordinary", pgettext_lazy("session kind", "Ordinary session")
    EXTRAORDINARY = "extraordinary", pgettext_lazy("session kind", "Extraordinary session")


class PointOutcome(models.TextChoices):
    """The council's deliberation on an agenda point (مداولة / délibération)."""

    ADOPTED = "adopted", pgettext_lazy("point outcome", "Adopted")
    REJECTED = "rejected", pgettext_lazy("point outcome", "Rejected")
    POSTPONED = "postponed", pgettext_lazy("point outcome", "Postponed")


class PointSource(models.TextChoices):
    STAFF = "staff", pgettext_lazy("point source", "Put by the president")
    PETITION = "petition", pgettext_lazy("point source", "Accepted petition")


@dataclass(frozen=True)
class RuleData:
    level: str
    ordinary_months: tuple[int, ...]
    ordinary_notice_days: int
    extraordinary_notice_days: int
    citation: str
    reliability: str  # "law", "press", "verify" as in SPEC.md
    valid_from: dt.date = dt.date(2015, 7, 7)  # the organic laws of 7 July 2015 (BO 6380)


DEFAULT_RULES = (
    RuleData("commune", (2, 5, 10), 10, 3, "OL 113.14 art. 33, 35, 37", "press"),
    RuleData("province", (1, 6, 9), 10, 3, "OL 112.14 art. 33, 35, 37", "verify"),
    RuleData("region", (3, 7, 10), 10, 3, "OL 111.14 art. 36, 38, 40", "verify"),
)


def ordinary_month_allowed(months: tuple[int, ...] | list[int], on: dt.date) -> bool:
    """An ordinary session sits in one of the months the organic law names for the level."""
    return on.month in set(months)


def notice_given(*, session_day: dt.date, published_on: dt.date, notice_days: int) -> bool:
    """The agenda is published at least `notice_days` full days before the session's day."""
    return (session_day - published_on).days >= notice_days


def votes_valid(*, votes_for: int, votes_against: int, votes_abstain: int, present: int) -> Decision:
    """Vote counts are non-negative and together no more than the members present."""
    from django.utils.translation import gettext as _

    if min(votes_for, votes_against, votes_abstain) < 0:
        return Decision.deny(_("Vote counts cannot be negative."))
    total = votes_for + votes_against + votes_abstain
    if total > present:
        return Decision.deny(
            _("%(total)d votes are recorded but only %(present)d members were present.")
            % {"total": total, "present": present}
        )
    return Decision.allow()
