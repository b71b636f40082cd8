"""The steering committee's indicator for the dashboards (tadafur.core.indicators).

steering.recommendations_done_on_time (SHARE): of the recommendations due in the period that
can already be judged (done, or still open after their due date), the share done by their due
date. Dropped recommendations do not count; a recommendation counts for the collectivity it
concerns. None when there is no such recommendation.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tadafur.core import clock
from tadafur.core.indicators import Groups, IndicatorSpec, Measure, Unit, invert_groups, within
from tadafur.steering import rules
from tadafur.steering.states import RecommendationStatus

KEY = "steering.recommendations_done_on_time"


def done_on_time(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
    from tadafur.steering.models import Recommendation

    today = clock.today()
    by_id = invert_groups(groups)
    cases: dict[str, int] = dict.fromkeys(groups, 0)
    on_time: dict[str, int] = dict.fromkeys(groups, 0)
    rows = (
        Recommendation.objects.filter(within(groups, "collectivity_id"), due_date__gte=start, due_date__lt=end)
        .exclude(status=RecommendationStatus.DROPPED)
        .values_list("collectivity_id", "status", "due_date", "done_at")
    )
    for collectivity_id, status, due_date, done_at in rows:
        done_on = timezone.localdate(done_at) if status == RecommendationStatus.DONE and done_at else None
        if done_on is None and due_date >= today:
            continue  # still open and not yet due: cannot be judged
        hit = rules.done_on_time(done_on=done_on, due_date=due_date)
        for name in by_id.get(collectivity_id, ()):
            cases[name] += 1
            on_time[name] += int(hit)
    return {name: Measure(on_time[name] / cases[name] if cases[name] else None, cases[name]) for name in groups}


SPEC = IndicatorSpec(
    key=KEY,
    module="steering",
    label=_("Steering recommendations done on time"),
    unit=Unit.SHARE,
    compute=done_on_time,
    description=_(
        "Share of the recommendations due in the period that were done by their due date "
        "(dropped ones left out; open ones counted once their due date has passed)."
    ),
)
