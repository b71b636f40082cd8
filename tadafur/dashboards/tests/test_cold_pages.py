"""What makes a cold dashboard page quicker must not change a figure: the whole country read
without a territory filter, and rows shared between indicators of a module
(docs/decisions/0721-dashboards-cold-cache.md)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from tadafur.core import indicators as registry
from tadafur.core.indicators import GroupSet
from tadafur.dashboards.tests import builders as b
from tadafur.territories.models import Territory

pytestmark = pytest.mark.django_db

Y2026 = (dt.date(2026, 1, 1), dt.date(2027, 1, 1))


@pytest.fixture
def records(settat, oulad_said):
    with freeze_time("2026-09-15 12:00:00"):
        b.petition(settat, filed=dt.date(2026, 1, 5), accepted=dt.date(2026, 1, 15))
        b.petition(settat, filed=dt.date(2026, 2, 1), rejected=dt.date(2026, 2, 21))
        b.petition(oulad_said, filed=dt.date(2026, 2, 10))
        cycle = b.cycle(settat, vote=dt.date(2026, 4, 1), result={"marked_cost": 300_000})
        for i in range(7):
            b.ballot(cycle, sex="woman" if i < 3 else "man", birth_year=1950 + 9 * i, on=dt.date(2026, 4, 2))
        body = b.body(oulad_said)
        b.meeting(body, held=dt.date(2026, 2, 1))
        b.opinion(body, adopted=dt.date(2026, 2, 1), answered=dt.date(2026, 3, 1))
        b.member(body, sex="woman")
        b.project(settat, cost=1_000_000, progress=40, executed=300_000)


@freeze_time("2026-09-15 12:00:00")
def test_the_whole_country_without_a_filter_gives_the_same_figures(records, settat_province):
    every = list(Territory.objects.values_list("pk", flat=True))
    province = [settat_province.pk, *Territory.objects.filter(parent=settat_province).values_list("pk", flat=True)]
    plain = {"MA": every, "06.461": province}
    for spec in registry.indicators():
        fast = spec.compute(GroupSet(plain, everywhere=True), *Y2026)
        assert fast == spec.compute(plain, *Y2026), spec.key
    for channel in registry.participation_channels():
        fast = channel.compute(GroupSet(plain, everywhere=True), *Y2026)
        assert fast == channel.compute(plain, *Y2026), channel.channel
    # and the figures are there to compare: not an empty data set
    assert registry.indicator("petitions.filed").compute(plain, *Y2026)["MA"].value == 3
    voters = next(c for c in registry.participation_channels() if c.channel == "budgets.voters")
    assert sum(voters.compute(plain, *Y2026)["MA"].values()) == 7


@freeze_time("2026-09-15 12:00:00")
def test_indicators_of_a_module_share_their_rows_within_a_page(records, settat_province):
    groups = GroupSet({"06.461": [settat_province.pk, *Territory.objects.values_list("pk", flat=True)]})
    alone = {
        k: registry.indicator(k).compute(groups, *Y2026) for k in ("petitions.accepted_share", "petitions.answer_days")
    }
    with registry.sharing(), CaptureQueriesContext(connection) as queries:
        shared = {k: registry.indicator(k).compute(groups, *Y2026) for k in alone}
    assert len(queries.captured_queries) == 1  # the bureau's decisions, read once for both
    assert shared == alone
    assert alone["petitions.accepted_share"]["06.461"].value == 0.5


@freeze_time("2026-09-15 12:00:00")
def test_voters_age_bands_counted_by_the_database_match_the_registry(settat):
    """The budget voters' bands come out of SQL (no row per birth year): same as age_band()."""
    from collections import Counter

    from tadafur.core.indicators import age_band

    cycle = b.cycle(settat, vote=dt.date(2026, 1, 1), result={"marked_cost": 0})
    years = [None, 0, *range(1920, 2016, 1)]
    for year in years:
        b.ballot(cycle, sex="woman", birth_year=year, on=dt.date(2026, 1, 2))
    voters = next(c for c in registry.participation_channels() if c.channel == "budgets.voters")
    expected = Counter(("female", age_band(year, cycle.vote_starts.date())) for year in years)
    assert voters.compute({"settat": [settat.pk]}, *Y2026)["settat"] == expected


def _signers_grouped(groups, start, end):
    """The signers as counted before 0723: the period's signatures grouped by (collectivity, sex,
    band), distinct hashes counted in each group."""
    from collections import Counter

    from django.db.models import Count

    from tadafur.core.indicators import aware_bounds, invert_groups, sex_key
    from tadafur.petitions.models import Signature

    since, until = aware_bounds(start, end)
    rows = (
        Signature.objects.filter(
            petition__territory_id__in=sorted({pk for ids in groups.values() for pk in ids}),
            status="valid",
            created_at__gte=since,
            created_at__lt=until,
        )
        .values_list("petition__territory_id", "sex", "age_band")
        .annotate(n=Count("cnie_hash", distinct=True))
        .order_by()
    )
    fan = invert_groups(groups)
    out = {name: Counter() for name in groups}
    for territory_id, sex, band, n in rows:
        for name in fan.get(territory_id, ()):
            out[name][(sex_key(sex), band or "")] += n
    return out


@freeze_time("2026-09-15 12:00:00")
def test_signers_counted_by_seeking_each_sex_and_band_match_the_grouped_count(settat, oulad_said, settat_province):
    """petitions.signers seeks each usual (sex, band) pair on an index and reads any other value
    from a partial index (docs/decisions/0723-signers-by-seek.md): the same counts as grouping
    the period's signatures, whatever the values, duplicates and bounds."""
    from django.utils import timezone

    from tadafur.petitions.models import Signature

    p1, p2 = b.petition(settat, filed=None), b.petition(settat, filed=None)
    p3 = b.petition(oulad_said, filed=None)
    p4 = b.petition(settat_province, filed=None)
    on = dt.date(2026, 3, 1)
    b.signature(p1, sex="woman", band="18-24", on=on, cnie="A")
    b.signature(p2, sex="woman", band="18-24", on=on, cnie="A")  # same person, same commune: once
    b.signature(p3, sex="woman", band="18-24", on=on, cnie="A")  # and in another commune: again
    b.signature(p4, sex="woman", band="18-24", on=on, cnie="A")  # and to the province itself
    b.signature(p1, sex="man", band="25-34", on=on, cnie="B")
    b.signature(p2, sex="man", band="35-49", on=on, cnie="B")  # a birthday between two petitions
    b.signature(p1, sex="undisclosed", band="65+", on=on)
    b.signature(p1, sex="", band="", on=on)
    b.signature(p1, sex="female", band="50-64", on=on, cnie="C")  # values outside the usual ones
    b.signature(p2, sex="female", band="50-64", on=on, cnie="C")
    b.signature(p3, sex="F", band="", on=on)
    b.signature(p3, sex="man", band="15-17", on=on)
    b.signature(p2, sex="man", band="25-34", on=on)
    withdrawn = b.signature(p1, sex="woman", band="25-34", on=on)
    Signature.objects.filter(pk=withdrawn.pk).update(status="withdrawn")
    tz = timezone.get_current_timezone()
    first = b.signature(p3, sex="man", band="50-64", on=on)  # at the first instant of the period
    Signature.objects.filter(pk=first.pk).update(created_at=dt.datetime(2026, 1, 1, tzinfo=tz))
    after = b.signature(p3, sex="man", band="50-64", on=on)  # at its end: outside
    Signature.objects.filter(pk=after.pk).update(created_at=dt.datetime(2027, 1, 1, tzinfo=tz))
    b.signature(p1, sex="man", band="35-49", on=dt.date(2025, 12, 31))  # last year

    every = list(Territory.objects.values_list("pk", flat=True))
    province = [settat_province.pk, *Territory.objects.filter(parent=settat_province).values_list("pk", flat=True)]
    plain = {"MA": every, "06.461": province, "settat": [settat.pk], "oulad_said": [oulad_said.pk], "none": []}
    signers = next(c for c in registry.participation_channels() if c.channel == "petitions.signers")
    expected = _signers_grouped(plain, *Y2026)
    with CaptureQueriesContext(connection) as queries:
        assert signers.compute(plain, *Y2026) == expected
    assert len(queries.captured_queries) == 1
    assert signers.compute(GroupSet(plain, everywhere=True), *Y2026) == expected
    assert signers.compute({"none": []}, *Y2026) == {"none": {}}
    # the figures a visitor reads: A once in Settat, B in two bands, C under "female" twice merged
    assert expected["settat"] == {
        ("female", "18-24"): 1,
        ("male", "25-34"): 2,
        ("male", "35-49"): 1,
        ("", "65+"): 1,
        ("", ""): 1,
        ("female", "50-64"): 1,
    }
    assert expected["oulad_said"] == {
        ("female", "18-24"): 1,
        ("female", ""): 1,
        ("male", "15-17"): 1,
        ("male", "50-64"): 1,
    }
    assert (
        sum(expected["06.461"].values()) == sum(expected["settat"].values()) + sum(expected["oulad_said"].values()) + 1
    )
