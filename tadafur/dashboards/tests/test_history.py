"""Execution over time (issue 7): a past period shows the projects' progress and spend as they
stood at its end, from the dated snapshots the modules write when they change.

Hand-checked data set, Settat commune, today 15 September 2026 (frozen):

Action programme (adopted 2023), two projects started in 2025:
- A, cost 3,000,000: created 10 Mar 2025 at 0 %; 20 Jun 2025: 30 %, 600,000 executed;
  5 Nov 2025: 60 %, 1,500,000; 1 Apr 2026: 90 %, 2,700,000; 1 Aug 2026: 95 %, 2,850,000.
- B, cost 1,000,000: created 10 Mar 2025 at 0 %; 1 Sep 2025: 50 %, 400,000;
  1 Feb 2026: 100 %, 1,000,000.

  period (its end)        A     B    execution                 spending
  2025-S1 (1 Jul 2025)    30    0    (3×30 + 1×0) / 4 = 22.5 %  (0.6 + 0) / 4 = 15 %
  2025-S2 (1 Jan 2026)    60    50   (3×60 + 1×50) / 4 = 57.5 % (1.5 + 0.4) / 4 = 47.5 %
  2026-S1 (1 Jul 2026)    90    100  (3×90 + 1×100) / 4 = 92.5 % (2.7 + 1) / 4 = 92.5 %
  2026-S2 (in progress)   95    100  (3×95 + 1×100) / 4 = 96.25 % (2.85 + 1) / 4 = 96.25 %
  2024-S2                 not started (start year 2025): nothing to measure

Participatory budget (vote 1 Mar 2025, results published 11 Mar 2025), two funded projects:
- big, cost 300,000: 20 % on 1 Sep 2025, 80 % on 1 Mar 2026;
- small, cost 100,000: 50 % on 1 Sep 2025, 100 % on 1 May 2026.

  2025-S1: both created 1 Sep 2025, nothing recorded by 1 Jul 2025: first recorded state
           (20, 50): (3×20 + 1×50) / 4 = 27.5 %
  2025-S2: (20, 50) → 27.5 %;  2026-S1: (80, 100) → (240 + 100) / 4 = 85 %
"""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from freezegun import freeze_time

from tadafur.core import indicators as registry
from tadafur.core.indicators import Measure
from tadafur.dashboards.tests import builders as b
from tadafur.programmes.models import ProjectSnapshot
from tadafur.territories.models import Territory

pytestmark = pytest.mark.django_db

TODAY = "2026-09-15 12:00:00"
H = {
    "2024-S2": (dt.date(2024, 7, 1), dt.date(2025, 1, 1)),
    "2025-S1": (dt.date(2025, 1, 1), dt.date(2025, 7, 1)),
    "2025-S2": (dt.date(2025, 7, 1), dt.date(2026, 1, 1)),
    "2026-S1": (dt.date(2026, 1, 1), dt.date(2026, 7, 1)),
    "2026-S2": (dt.date(2026, 7, 1), dt.date(2027, 1, 1)),
}


def change(item, day, **values):
    """Save new figures on `day`, as the module's staff pages would."""
    with freeze_time(f"{day.isoformat()} 11:00:00"):
        for name, value in values.items():
            setattr(item, name, value)
        item.save()


@pytest.fixture
def programme_history(settat):
    with freeze_time("2025-03-10 11:00:00"):
        a = b.project(settat, cost=3_000_000, progress=0, start_year=2025)
        b_ = b.project(settat, cost=1_000_000, progress=0, start_year=2025)
    change(a, dt.date(2025, 6, 20), progress=30, executed=Decimal(600_000))
    change(b_, dt.date(2025, 9, 1), progress=50, executed=Decimal(400_000))
    change(a, dt.date(2025, 11, 5), progress=60, executed=Decimal(1_500_000))
    change(b_, dt.date(2026, 2, 1), progress=100, executed=Decimal(1_000_000))
    change(a, dt.date(2026, 4, 1), progress=90, executed=Decimal(2_700_000))
    change(a, dt.date(2026, 8, 1), progress=95, executed=Decimal(2_850_000))
    return a, b_


def figure(key, settat, half):
    with freeze_time(TODAY):
        return registry.indicator(key).compute({"settat": [settat.pk]}, *H[half])["settat"]


def test_programme_execution_and_spending_by_half_year(settat, programme_history):
    expected = {
        "2025-S1": (0.225, 0.15),
        "2025-S2": (0.575, 0.475),
        "2026-S1": (0.925, 0.925),
        "2026-S2": (0.9625, 0.9625),
    }
    for half, (execution, spending) in expected.items():
        got = figure("programmes.execution", settat, half)
        assert got.n == 2 and got.value == pytest.approx(execution), half
        assert figure("programmes.spending", settat, half).value == pytest.approx(spending), half
    assert figure("programmes.execution", settat, "2024-S2") == Measure(None, 0)


def test_a_change_is_recorded_once_a_day_and_only_when_figures_change(settat, programme_history):
    a, _b = programme_history
    days = list(ProjectSnapshot.objects.filter(project=a).values_list("taken_on", "progress"))
    assert days == [
        (dt.date(2025, 3, 10), 0),
        (dt.date(2025, 6, 20), 30),
        (dt.date(2025, 11, 5), 60),
        (dt.date(2026, 4, 1), 90),
        (dt.date(2026, 8, 1), 95),
    ]
    change(a, dt.date(2026, 8, 1), progress=96)  # corrected the same day: that day's figure replaced
    change(a, dt.date(2026, 8, 2), title_fr="Projet A")  # no figure changed: nothing written
    assert ProjectSnapshot.objects.filter(project=a).count() == 5
    assert ProjectSnapshot.objects.get(project=a, taken_on=dt.date(2026, 8, 1)).progress == 96


def test_budget_execution_by_half_year(settat):
    from tadafur.budgets.models import Execution
    from tadafur.dashboards.tests.test_indicators import budget_proposal

    cycle = b.cycle(settat, vote=dt.date(2025, 3, 1), result={"selected": [], "marked_cost": 0})
    with freeze_time("2025-09-01 11:00:00"):
        big = Execution.objects.create(proposal=budget_proposal(cycle, cost=300_000), progress=20)
        small = Execution.objects.create(proposal=budget_proposal(cycle, cost=100_000), progress=50)
    change(big, dt.date(2026, 3, 1), progress=80)
    change(small, dt.date(2026, 5, 1), progress=100)
    assert figure("budgets.execution", settat, "2025-S1").value == pytest.approx(0.275)  # first recorded state
    assert figure("budgets.execution", settat, "2025-S2").value == pytest.approx(0.275)
    assert figure("budgets.execution", settat, "2026-S1") == Measure(pytest.approx(0.85), 2)


def test_trend_page_and_csv_show_the_history(settat, programme_history):
    with freeze_time(TODAY):
        page = Client().get("/en/dashboards/06.461.01.15/trend/programmes.execution/?by=semester")
        response = Client().get("/en/dashboards/06.461.01.15/trend/programmes.spending.csv?by=semester")
    assert page.status_code == 200
    html = page.content.decode()
    assert "as recorded at the period" in html  # how past periods are read, said on the page
    assert "57.5 %" in html and "92.5 %" in html
    rows = {r["period"]: r["value"] for r in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))}
    assert rows["2025-S1"] == "0.15" and rows["2025-S2"] == "0.475" and rows["2026-S1"] == "0.925"
    assert rows["2024-S2"] == ""


def test_snapshot_command_catches_bulk_changes(settat, programme_history):
    a, b_ = programme_history
    with freeze_time("2026-09-10 11:00:00"):
        type(a).objects.filter(pk=a.pk).update(progress=99)  # no save(): no snapshot
        call_command("dashboards_snapshot", stdout=io.StringIO())
        out = io.StringIO()
        call_command("dashboards_snapshot", stdout=out)  # nothing changed since: nothing written
    assert "0 programme projects" in out.getvalue()
    assert ProjectSnapshot.objects.get(project=a, taken_on=dt.date(2026, 9, 10)).progress == 99
    assert not ProjectSnapshot.objects.filter(project=b_, taken_on__gt=dt.date(2026, 2, 1)).exists()


def test_a_past_period_is_still_one_query_per_indicator(settat, programme_history, django_assert_num_queries):
    with freeze_time(TODAY):
        for key in ("programmes.execution", "programmes.spending", "budgets.execution"):
            with django_assert_num_queries(1):
                registry.indicator(key).compute({"settat": [settat.pk], "all": [settat.pk, 1, 2]}, *H["2025-S2"])


def test_the_demo_has_an_execution_trend():
    """The demo seeds half-yearly history: Settat's programme and funded budget projects rise
    from one half-year to the next instead of repeating today's figures."""
    from tadafur.core import demo

    with freeze_time(TODAY):
        demo.demo_load(log=lambda message: None)
        settat = Territory.objects.get(code=demo.SETTAT)
        series = {
            key: [figure(key, settat, half).value for half in ("2025-S1", "2025-S2", "2026-S1", "2026-S2")]
            for key in ("programmes.execution", "budgets.execution")
        }
    programme = series["programmes.execution"]
    assert programme == sorted(programme) and programme[0] < programme[-1]
    budget = series["budgets.execution"]  # results published in May 2025
    assert budget[0] < budget[1] < budget[2] <= budget[3]


def test_demo_history_uses_the_ends_of_the_half_years_before_today():
    from tadafur.core import clock

    assert clock.half_year_ends(dt.date(2025, 3, 1), dt.date(2026, 11, 29)) == [
        dt.date(2025, 6, 30),
        dt.date(2025, 12, 31),
        dt.date(2026, 6, 30),
    ]
    assert clock.half_year_ends(dt.date(2026, 7, 1), dt.date(2026, 12, 31)) == []


def test_demo_history_rises_evenly_to_today_s_figures(settat):
    from tadafur.programmes.indicators import SNAPSHOTS

    with freeze_time(TODAY):
        project = b.project(settat, cost=1_000_000, progress=0, start_year=2025)
        project.progress, project.executed = 70, Decimal("100000.00")
        project.save()
        written = SNAPSHOTS.demo([project], since=dt.date(2025, 3, 1))
    rows = list(ProjectSnapshot.objects.filter(project=project).values_list("taken_on", "progress", "executed"))
    # Three half-year ends before today, then today's own snapshot (from the save): 1/4, 2/4, 3/4
    # of today's figures, whole percentages rounded down, amounts to the cent.
    assert written == 3
    assert rows == [
        (dt.date(2025, 6, 30), 17, Decimal("25000.00")),
        (dt.date(2025, 12, 31), 35, Decimal("50000.00")),
        (dt.date(2026, 6, 30), 52, Decimal("75000.00")),
        (dt.date(2026, 9, 15), 70, Decimal("100000.00")),
    ]
