"""The dashboard pages, CSV files and API as Amina (or anybody, logged in or not) reads them:
public, within a query budget, small cells withheld, nobody named."""

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from freezegun import freeze_time

from tadafur.core import indicators
from tadafur.dashboards.tests import builders as b

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("landed_modules_only", "activity")]


@pytest.fixture
def activity(settat, oulad_said, amina):
    """Settat: 3 petitions filed in 2026 (agent: Amina), 2 decided; a budget vote with 30 voters
    (9 women); a body with 5 members. Oulad Said: one petition filed."""
    with freeze_time("2026-09-15 12:00:00"):
        b.petition(settat, filed=dt.date(2026, 1, 5), accepted=dt.date(2026, 1, 15), agent=amina, title="Route")
        b.petition(settat, filed=dt.date(2026, 2, 1), rejected=dt.date(2026, 2, 21), agent=amina)
        b.petition(settat, filed=dt.date(2026, 3, 1), agent=amina)
        b.petition(oulad_said, filed=dt.date(2026, 2, 10))
        cycle = b.cycle(settat, vote=dt.date(2026, 4, 1), result={"marked_cost": 300_000})
        for i in range(30):
            b.ballot(cycle, sex="woman" if i < 9 else "man", birth_year=1990, on=dt.date(2026, 4, 2))
        body = b.body(settat)
        for sex in ("woman", "woman", "man", "man", "man"):
            b.member(body, sex=sex)


def reads():
    """Queries per computation of every indicator: one per indicator, less those reading rows
    another indicator of their module has read for the same groups and period
    (core.indicators.shared: the petitions' decisions, the bodies' opinions, the programmes'
    projects)."""
    return len(indicators.indicators()) - 3


def get(url, client=None):
    with freeze_time("2026-09-15 12:00:00"):
        return (client or Client()).get(url)


def rows_of(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_amina_reads_settat_commune_profile(amina, django_assert_max_num_queries):
    """Budget: 2 queries per indicator's rows (this period, for the commune, its province and the
    province's communes at once; the period before), 1 per participation channel, and a handful
    for the page itself."""
    client = Client()
    budget = 2 * reads() + len(indicators.participation_channels()) + 7
    assert budget <= 33
    with django_assert_max_num_queries(budget):
        response = get("/en/dashboards/06.461.01.15/?period=2026", client)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Indicators: Settat" in html
    assert "Among the communes of Settat" in html  # the profile among the province's communes
    # 2 decisions: the accepted share rests on fewer than 5 cases and is withheld.
    assert "small cell" in html
    # Budget voters: 9 women of 30 against about half of the population.
    assert "Women are under-represented: 30% of participants vs" in html
    # Nobody is named: not the agent, not a voter.
    assert amina.display_name not in html and amina.email not in html


def test_a_second_view_is_served_from_the_cache(django_assert_max_num_queries):
    get("/en/dashboards/06.461/?period=2026")
    with django_assert_max_num_queries(6):
        assert get("/en/dashboards/06.461/?period=2026").status_code == 200


def test_province_and_national_pages_within_budget(django_assert_max_num_queries):
    """2 queries per indicator's rows (this period with the children, the period before), 1 per
    participation channel, and the page's own."""
    budget = 2 * reads() + len(indicators.participation_channels()) + 5
    for url in ("/en/dashboards/06.461/?period=2026-S1", "/en/dashboards/", "/en/dashboards/06/"):
        with django_assert_max_num_queries(budget):
            response = get(url)
        assert response.status_code == 200, url


def test_comparison_of_settat_46_communes_with_map(django_assert_max_num_queries):
    with django_assert_max_num_queries(reads() + 6):  # one per indicator's rows
        response = get("/en/dashboards/06.461/compare/?period=2026&indicator=petitions.filed")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<a href="/en/dashboards/06.461.') >= 46 * 2  # map links and table rows
    assert "<title>Settat: 3</title>" in html  # the commune's title in the map gives its value
    assert 'role="img"' in html and "Petitions filed — Settat, 2026" in html


def test_the_province_dashboard_and_its_comparison_share_their_figures(django_assert_max_num_queries):
    """The province's figures are computed with its communes': after the dashboard, the
    comparison (and the CSV) compute nothing, and a commune's profile only its period before."""
    get("/en/dashboards/06.461/?period=2026")
    with django_assert_max_num_queries(6):
        assert get("/en/dashboards/06.461/compare/?period=2026").status_code == 200
    with django_assert_max_num_queries(reads() + len(indicators.participation_channels()) + 7):
        response = get("/en/dashboards/06.461.01.15/?period=2026")
    assert "Among the communes of Settat" in response.content.decode()


def test_comparison_csv_has_every_commune_and_withholds_small_cells():
    response = get("/en/dashboards/06.461/compare.csv?period=2026")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = rows_of(response)
    assert len({r["territory_code"] for r in rows}) == 46
    settat_filed = next(
        r for r in rows if r["territory_code"] == "06.461.01.15" and r["indicator"] == "petitions.filed"
    )
    assert settat_filed["value"] == "3" and settat_filed["suppressed"] == "0"
    share = next(
        r for r in rows if r["territory_code"] == "06.461.01.15" and r["indicator"] == "petitions.accepted_share"
    )
    assert share["value"] == "" and share["cases"] == "" and share["suppressed"] == "1"


def test_scope_csv_with_previous_period():
    rows = rows_of(get("/en/dashboards/06.461.01.15/indicators.csv?period=2026"))
    periods = {r["period"] for r in rows}
    assert periods == {"2026", "2025"}
    gender = next(r for r in rows if r["period"] == "2026" and r["indicator"] == "budgets.gender_share")
    assert gender["value"] == "0.3"


def test_trend_page_and_csv(django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        response = get("/en/dashboards/06.461/trend/petitions.filed/?by=semester")
    assert response.status_code == 200
    assert "First half of 2026" in response.content.decode()
    rows = rows_of(get("/en/dashboards/06.461/trend/petitions.filed.csv?by=year"))
    assert [r["period"] for r in rows] == ["2022", "2023", "2024", "2025", "2026"]
    assert rows[-1]["value"] == "4"


def test_representativeness_csv():
    rows = rows_of(get("/en/dashboards/06.461.01.15/representativeness.csv?period=2026"))
    women = next(r for r in rows if r["channel"] == "budgets.voters" and r["group"] == "female")
    assert women["participants_share"] == "0.3000"
    assert 0.45 < float(women["population_share"]) < 0.55


def test_unknown_territory_period_or_indicator():
    assert get("/en/dashboards/99.999/").status_code == 404
    assert get("/en/dashboards/06.461/trend/nothing.here/").status_code == 404
    assert get("/en/dashboards/06.461.01.15/compare/").status_code == 404  # a commune has no communes
    # An unknown period falls back to the current year.
    assert get("/en/dashboards/06.461/?period=1999").status_code == 200


def test_pages_are_public_and_the_same_for_staff(rachid):
    anonymous = get("/en/dashboards/06.461.01.15/?period=2026").content.decode()
    staff = Client()
    staff.force_login(rachid)
    assert get("/en/dashboards/06.461.01.15/?period=2026", staff).status_code == 200
    assert "Indicators: Settat" in anonymous


def test_arabic_page_renders():
    response = get("/ar/dashboards/06.461/?period=2026")
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


def test_api_values_and_children():
    client = Client()
    data = get("/api/v1/dashboards/territories/06.461.01.15?period=2026", client).json()
    values = {v["indicator"]: v for v in data["values"]}
    assert values["petitions.filed"] == {
        "indicator": "petitions.filed",
        "unit": "count",
        "value": 3.0,
        "cases": 3,
        "suppressed": False,
    }
    assert values["petitions.accepted_share"]["value"] is None and values["petitions.accepted_share"]["suppressed"]
    voters = next(r for r in data["representativeness"] if r["channel"] == "budgets.voters")
    assert voters["index"] is not None
    children = get("/api/v1/dashboards/territories/06.461/children?period=2026", client).json()
    assert len(children["rows"]) == 46
    assert get("/api/v1/dashboards/territories/06.461?period=nope", client).status_code == 422
    assert get("/api/v1/dashboards/territories/00.000", client).status_code == 404
    keys = [i["key"] for i in get("/api/v1/dashboards/indicators", client).json()]
    assert "petitions.answer_days" in keys


def test_openapi_documents_the_examples():
    schema = get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/dashboards/territories/{code}"]["get"]
    assert operation["responses"]["200"]["content"]["application/json"]["example"]["territory"] == "06.461.01.15"


def test_warming_fills_the_cache_so_pages_compute_nothing(django_assert_max_num_queries):
    from django.core.management import call_command

    with freeze_time("2026-09-15 12:00:00"):
        call_command("dashboards_warm", "06.461.01.15", stdout=io.StringIO())
    with django_assert_max_num_queries(6):
        assert get("/en/dashboards/06.461.01.15/?period=2026").status_code == 200
