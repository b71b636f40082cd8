"""The comments' indicators for the dashboards (issue 7): how much people discuss, and how much
moderation had to hide. Imported once by CommentsConfig.ready(). A comment belongs to the
collectivity that moderates it (its target's)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from tadafur.comments.models import Comment
from tadafur.comments.states import CommentStatus
from tadafur.core.indicators import (
    Groups,
    IndicatorSpec,
    Measure,
    Unit,
    aware_bounds,
    invert_groups,
    register_indicator,
    shared,
    within,
)

MODULE = "comments"


@shared
def _rows(groups: Groups, start: dt.date, end: dt.date) -> tuple[Counter[str], Counter[str]]:
    since, until = aware_bounds(start, end)
    rows = (
        Comment.objects.filter(within(groups, "collectivity_id"), created_at__gte=since, created_at__lt=until)
        .values_list("collectivity_id")
        .annotate(n=Count("id"), hidden=Count("id", filter=Q(status=CommentStatus.HIDDEN)))
        .order_by()
    )
    fan = invert_groups(groups)
    posted: Counter[str] = Counter()
    hidden: Counter[str] = Counter()
    for collectivity_id, n, h in rows:
        for name in fan.get(collectivity_id, ()):
            posted[name] += n
            hidden[name] += h
    return posted, hidden


def comments_posted(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
    posted, _hidden = _rows(groups, start, end)
    return {name: Measure(float(posted[name]), posted[name]) for name in groups}


def hidden_share(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
    posted, hidden = _rows(groups, start, end)
    return {name: Measure(hidden[name] / posted[name] if posted[name] else None, posted[name]) for name in groups}


register_indicator(
    IndicatorSpec(
        key="comments.posted",
        module=MODULE,
        label=_("Comments posted"),
        unit=Unit.COUNT,
        compute=comments_posted,
        description=_("Comments and replies posted on petitions, budget proposals and programme projects."),
    )
)
register_indicator(
    IndicatorSpec(
        key="comments.hidden_share",
        module=MODULE,
        label=_("Share of comments hidden by moderation"),
        unit=Unit.SHARE,
        compute=hidden_share,
        description=_("Of the comments posted in the period, the share that moderators hid."),
        higher_is_better=False,
    )
)
