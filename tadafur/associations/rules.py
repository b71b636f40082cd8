"""Rules of law about associations, as pure functions over the registry and dated rule rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from tadafur.associations.models import Association, AssociationRule, RuleKey
from tadafur.associations.states import VerificationStatus
from tadafur.core.decisions import Decision


def rule_value(key: str, *, on: dt.date) -> int:
    """The value of rule `key` in force on `on` (the latest `valid_from` not after it).

    Raises LookupError when no row covers that date: a missing legal figure must be noticed,
    never replaced by a guess in code.
    """
    row = (
        AssociationRule.objects.filter(key=key, valid_from__lte=on)
        .exclude(valid_until__lte=on)
        .order_by("-valid_from")
        .first()
    )
    if row is None:
        raise LookupError(f"no association rule {key!r} in force on {on.isoformat()}")
    return row.value


def add_years(day: dt.date, years: int) -> dt.date:
    """`day` plus whole years; 29 February becomes 1 March in a common year (the later date,
    so that "more than N years" is never granted a day early)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def constituted_for_more_than(association: Association, years: int, *, on: dt.date) -> bool:
    """Legally constituted for MORE than `years` years on `on`.

    The organic laws say "منذ أكثر من ثلاث سنوات / depuis plus de trois ans": on the third
    anniversary of its founding an association has existed for exactly three years, which is not
    more; it qualifies from the day after. So: founding_date + years < on.
    """
    return add_years(association.founding_date, years) < on


def within(commune: Any, collectivity: Any) -> bool:
    """Is `commune` the collectivity itself or inside its territory (its province or region)?

    A commune-level seat or branch lies in the territory of its prefecture/province and of its
    region, so it counts for those collectivities' petitions too.
    """
    node = commune
    while node is not None:
        if node.pk == collectivity.pk:
            return True
        node = node.parent
    return False


def present_in(association: Association, collectivity: Any) -> bool:
    """The association has its seat or one of its branches in the collectivity's territory."""
    places = [
        association.seat,
        *(b.collectivity for b in association.branches.select_related("collectivity__parent__parent")),
    ]
    return any(within(place, collectivity) for place in places)


def petition_eligibility(association: Association, collectivity: Any, *, on: dt.date) -> Decision:
    """May `association` file a petition to the council of `collectivity` on `on`?

    Organic laws 113.14 (communes), 112.14 (prefectures and provinces) and 111.14 (regions), in
    their chapters on petitions (العرائض / pétitions) [law; article numbers to verify in the
    Bulletin officiel 6380 of 23 July 2015]: the association must be legally constituted in
    Morocco for more than 3 years (`min_years_constituted`, dated data in AssociationRule),
    operate by democratic principles and its statutes, be in good standing under the laws that
    govern it, and have its seat or one of its branches in the territory of the collectivity.
    The platform adds one condition of its own: staff of the seat collectivity verified the
    registry facts. The law's last condition, an activity related to the petition's subject, is
    judged by the council's bureau on the petition itself and is not checked here.

    Returns a Decision listing every failing reason, not only the first one.
    """
    reasons: list[Any] = []
    if association.status != VerificationStatus.VERIFIED:
        reasons.append(_("The association has not been verified by the staff of its seat collectivity."))
    years = rule_value(RuleKey.MIN_YEARS_CONSTITUTED, on=on)
    if not constituted_for_more_than(association, years, on=on):
        since = add_years(association.founding_date, years) + dt.timedelta(days=1)
        reasons.append(
            ngettext_lazy(
                "The association must have been legally constituted for more than %(years)d year "
                "(eligible from %(date)s).",
                "The association must have been legally constituted for more than %(years)d years "
                "(eligible from %(date)s).",
                "years",
            )
            % {"years": years, "date": date_format(since, "DATE_FORMAT")}
        )
    if not association.democratic_functioning:
        reasons.append(_("Staff have not confirmed that the association operates democratically."))
    if not association.in_good_standing:
        reasons.append(_("The association is not recorded as being in good standing."))
    if not present_in(association, collectivity):
        reasons.append(_("The association has neither its seat nor a branch in the territory of this collectivity."))
    if reasons:
        return Decision.deny(*reasons)
    return Decision.allow(_("The association meets the legal conditions to petition this council."))
