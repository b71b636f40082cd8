"""The petitions module's indicators and signers' participation, for the dashboards (issue 7 §2).

Imported once by PetitionsConfig.ready(); each compute function answers every group in one
query (core.indicators). A petition belongs to the collectivity it is addressed to; national
petitions and motions have no collectivity and are not counted here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from types import SimpleNamespace
from typing import Any

from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tadafur.core import clock
from tadafur.core.indicators import (
    Groups,
    IndicatorSpec,
    Measure,
    ParticipationSpec,
    Unit,
    aware_bounds,
    group_ids,
    invert_groups,
    median,
    register_indicator,
    register_participation,
    sex_key,
    shared,
    within,
)
from tadafur.petitions import rules
from tadafur.petitions.models import LOCAL_KINDS, SIGNER_BANDS, SIGNER_SEXES, Petition, Signature
from tadafur.petitions.states import SignatureStatus

MODULE = "petitions"


def _empty(groups: Groups) -> dict[str, Measure]:
    return {name: Measure(None, 0) for name in groups}


def filed(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
    """Petitions filed with the council (receipt given) during the period."""
    since, until = aware_bounds(start, end)
    rows = (
        Petition.objects.filter(
            within(groups, "territory_id"), kind__in=sorted(LOCAL_KINDS), filed_at__gte=since, filed_at__lt=until
        )
        .values_list("territory_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: Counter[str] = Counter()
    fan = invert_groups(groups)
    for territory_id, n in rows:
        for name in fan.get(territory_id, ()):
            counts[name] += n
    return {name: Measure(float(counts[name]), counts[name]) for name in groups}


@shared
def _decided(groups: Groups, start: dt.date, end: dt.date) -> list[tuple[int, dt.datetime, dt.datetime | None, bool]]:
    """(collectivity, filed_at, answered_at, accepted) for the bureau's admissibility decisions
    (accepted or rejected) taken during the period."""
    since, until = aware_bounds(start, end)
    rows = Petition.objects.filter(
        Q(accepted_at__gte=since, accepted_at__lt=until) | Q(rejected_at__gte=since, rejected_at__lt=until),
        within(groups, "territory_id"),
        kind__in=sorted(LOCAL_KINDS),
    ).values_list("territory_id", "filed_at", "accepted_at", "rejected_at")
    return [
        (tid, filed_at, accepted_at or rejected_at, accepted_at is not None)
        for tid, filed_at, accepted_at, rejected_at in rows
    ]


def accepted_share(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
    """Of the petitions the bureau decided on during the period, the share declared admissible."""
    fan = invert_groups(groups)
    decided: Counter[str] = Counter()
    accepted: Counter[str] = Counter()
    for territory_id, _filed, _answered, was_accepted in _decided(groups, start, end):
        for name in fan.get(territory_id, ()):
            decided[name] += 1
            accepted[name] += int(was_accepted)
    return {name: Measure(accepted[name] / decided[name] if decided[name] else None, decided[name]) for name in groups}


def _local_date(moment: dt.datetime, tz: dt.tzinfo | None = None) -> dt.date:
    """The local day of `moment`; `tz`, the current time zone, when the caller converts many."""
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(tz or timezone.get_current_timezone()).date()


def answer_days(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
    """Median days from filing to the council's answer (admissibility decision), over the answers
    given during the period."""
    fan = invert_groups(groups)
    tz = timezone.get_current_timezone()
    days: dict[str, list[float]] = defaultdict(list)
    for territory_id, filed_at, answered_at, _accepted in _decided(groups, start, end):
        if filed_at is None or answered_at is None:
            continue
        elapsed = (_local_date(answered_at, tz) - _local_date(filed_at, tz)).days
        for name in fan.get(territory_id, ()):
            days[name].append(elapsed)
    return {name: Measure(median(days[name]), len(days[name])) for name in groups}


def overdue(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Measure]:
    """Petitions whose answer was due during the period and did not come in time.

    Each petition counts once, in the period its answer was due (rules.answer_due: 3 months
    for communes, 2 for provinces and regions). `n` is the number of answers due in the period
    whose outcome is known: answered, or still unanswered with the due day past.
    """
    today = clock.today()
    # No deadline is longer than a few months: a year back covers every due day in the period.
    since, until = aware_bounds(start - dt.timedelta(days=366), end)
    rows = (
        Petition.objects.filter(
            within(groups, "territory_id"), kind__in=sorted(LOCAL_KINDS), filed_at__gte=since, filed_at__lt=until
        )
        .values_list(
            "territory_id",
            "filed_at",
            "accepted_at",
            "rejected_at",
            "territory__code",
            "territory__level",
            "territory__kind",
            "territory__population_2024",
            "territory__is_collectivity",
        )
        .order_by()
    )
    fan = invert_groups(groups)
    tz = timezone.get_current_timezone()
    due_count: Counter[str] = Counter()
    late: Counter[str] = Counter()
    # rules.answer_due is the filing day plus the deadline of the rule in force: the deadline
    # (a relativedelta, slow to build) is made once per rule, not once per petition.
    deadlines: dict[tuple[Any, Any], Any] = {}
    for tid, filed_at, accepted_at, rejected_at, code, level, kind, population, is_collectivity in rows:
        collectivity = SimpleNamespace(
            code=code, level=level, kind=kind, population_2024=population, is_collectivity=is_collectivity
        )
        filed_on = _local_date(filed_at, tz)
        rule = rules.answer_deadline_rule(collectivity, on=filed_on)
        deadline = deadlines.get((rule.unit, rule.value))
        if deadline is None:
            deadline = deadlines[(rule.unit, rule.value)] = rules.answer_deadline(collectivity, on=filed_on)
        due = filed_on + deadline
        if not (start <= due < end):
            continue
        answered = accepted_at or rejected_at
        if answered is not None:
            is_late = _local_date(answered, tz) > due
        elif today > due:
            is_late = True
        else:
            continue  # still in time: the outcome is not known yet
        for name in fan.get(tid, ()):
            due_count[name] += 1
            late[name] += int(is_late)
    return {name: Measure(float(late[name]) if due_count[name] else None, due_count[name]) for name in groups}


# The petitions app's bands ("18-24", "25-34", "35-49", "50-64", "65+") are kept as they are:
# the representativeness index maps any "lo-hi"/"lo+" band onto the census' 5-year bands.
def signers(groups: Groups, start: dt.date, end: dt.date) -> dict[str, Counter[tuple[str, str]]]:
    """Who signed petitions to the group's collectivities during the period (valid signatures).

    A person is counted once per collectivity (distinct CNIE hash); someone signing petitions to
    two communes of a province counts twice in the province's figure.

    One query without a sort (docs/decisions/0723-signers-by-seek.md): for each collectivity with
    petitions and each usual (sex, age band) pair, a scalar subquery counts the distinct hashes
    found by seeking the index `petition_sig_signers_idx` (petition, status, sex, band, then the
    period's range); grouping the period's signatures by (collectivity, sex, band) instead sorts
    them all. Signatures with any other sex or band (normally none) are grouped as before, read
    from the partial index `petition_sig_odd_idx` that holds only them.
    """
    since, until = aware_bounds(start, end)
    ops = connection.ops
    petition, signature = Petition._meta.db_table, Signature._meta.db_table
    if getattr(groups, "everywhere", False):
        among, among_params = "p.territory_id IS NOT NULL", []
    else:
        ids = group_ids(groups)
        if not ids:
            return {name: Counter() for name in groups}
        among, among_params = f"p.territory_id IN ({', '.join(['%s'] * len(ids))})", list(ids)
    period = "s.status = %s AND s.created_at >= %s AND s.created_at < %s"
    period_params = [
        SignatureStatus.VALID.value,
        ops.adapt_datetimefield_value(since),
        ops.adapt_datetimefield_value(until),
    ]
    pairs = ", ".join(f"({_literal(sex)}, {_literal(band)})" for sex in SIGNER_SEXES for band in SIGNER_BANDS)
    # The partial index's condition, as Django writes it (keyword order): SQLite uses the index
    # only when the query holds the same expression.
    odd = (
        f"NOT (s.age_band IN ({', '.join(map(_literal, SIGNER_BANDS))})"
        f" AND s.sex IN ({', '.join(map(_literal, SIGNER_SEXES))}))"
    )
    sql = (
        f"WITH pairs(sex, band) AS (VALUES {pairs}) "
        "SELECT t.tid, pairs.sex, pairs.band, ("
        f"SELECT COUNT(DISTINCT s.cnie_hash) FROM {petition} p INNER JOIN {signature} s ON s.petition_id = p.id "
        f"WHERE p.territory_id = t.tid AND s.sex = pairs.sex AND s.age_band = pairs.band AND {period}"
        f") FROM (SELECT DISTINCT p.territory_id AS tid FROM {petition} p WHERE {among}) t CROSS JOIN pairs "
        "UNION ALL "
        f"SELECT p.territory_id, s.sex, s.age_band, COUNT(DISTINCT s.cnie_hash) FROM {signature} s "
        f"INNER JOIN {petition} p ON s.petition_id = p.id WHERE {among} AND {period} AND {odd} "
        "GROUP BY p.territory_id, s.sex, s.age_band"
    )
    params = period_params + among_params + among_params + period_params
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    fan = invert_groups(groups)
    out: dict[str, Counter[tuple[str, str]]] = {name: Counter() for name in groups}
    for territory_id, sex, band, n in rows:
        if not n:
            continue
        for name in fan.get(territory_id, ()):
            out[name][(sex_key(sex), band or "")] += n
    return out


def _literal(value: str) -> str:
    """An SQL string literal for one of the fixed sexes and bands above (never user input)."""
    if "'" in value or "%" in value or "\\" in value:
        raise ValueError(f"not a plain sex or band value: {value!r}")
    return f"'{value}'"


FILED = register_indicator(
    IndicatorSpec(
        key="petitions.filed",
        module=MODULE,
        label=_("Petitions filed"),
        unit=Unit.COUNT,
        compute=filed,
        description=_("Petitions filed with a council during the period (citizens' and associations')."),
        higher_is_better=None,
    )
)
ACCEPTED_SHARE = register_indicator(
    IndicatorSpec(
        key="petitions.accepted_share",
        module=MODULE,
        label=_("Petitions declared admissible"),
        unit=Unit.SHARE,
        compute=accepted_share,
        description=_(
            "Share of the petitions decided on by the council's bureau during the period that were accepted."
        ),
    )
)
ANSWER_DAYS = register_indicator(
    IndicatorSpec(
        key="petitions.answer_days",
        module=MODULE,
        label=_("Median days to the council's answer"),
        unit=Unit.DAYS,
        compute=answer_days,
        description=_(
            "Median number of days between filing and the bureau's decision, for decisions taken in the period."
        ),
        higher_is_better=False,
    )
)
OVERDUE = register_indicator(
    IndicatorSpec(
        key="petitions.overdue",
        module=MODULE,
        label=_("Overdue answers to petitions"),
        unit=Unit.COUNT,
        compute=overdue,
        description=_("Petitions whose answer was due in the period and came late or has not come."),
        higher_is_better=False,
    )
)
SIGNERS = register_participation(
    ParticipationSpec(
        channel="petitions.signers",
        module=MODULE,
        label=_("Petition signers"),
        compute=signers,
        bands=("18-24", "25-34", "35-49", "50-64", "65+"),
    )
)
