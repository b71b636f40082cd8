"""Following the programme once adopted: the projects residents funded through the participatory
budget appear under it, Rachid updates an indicator and Said records the evaluations."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from freezegun import freeze_time

from tadafur.budgets import services as budget_services
from tadafur.budgets.tests.test_cycle_support import make_cycle, on_ballot, resident
from tadafur.core.models import AuditEntry
from tadafur.programmes import selectors, services

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_projects_funded_by_the_participatory_budget_appear_under_the_programme(pac, settat, oulad_said, rachid):
    cycle = make_cycle(settat)
    lights = on_ballot(cycle, "Éclairage du quartier Smala", 400_000)
    on_ballot(cycle, "Parking", 700_000)
    elsewhere = on_ballot(make_cycle(oulad_said), "Puits collectif", 100_000)
    for _i in range(3):
        voter = resident(settat)
        budget_services.ballot_cast(cycle=cycle, choices={lights.pk: 1}, actor=voter)
    page = Client().get(f"/en/programmes/{pac.pk}/").content.decode()
    assert "Éclairage du quartier Smala" not in page  # no result before the results are published
    with freeze_time(cycle.results_start + dt.timedelta(hours=1)):
        budget_services.results_compute(cycle=cycle, actor=rachid)
        funded = selectors.funded_budget_projects(settat)
        page = Client().get(f"/en/programmes/{pac.pk}/").content.decode()
    assert [(f.title, f.cost) for f in funded] == [("Éclairage du quartier Smala", 400_000)]
    assert "Éclairage du quartier Smala" in page and "400,000" in page and lights.get_absolute_url() in page
    assert "Parking" not in page and elsewhere.title not in page


def test_rachid_updates_an_indicator_from_the_project_page(project, rachid, amina):
    indicator = project.indicators.get()
    page = logged_in(rachid).get(f"/en/programmes/projects/{project.pk}/")
    assert f"/en/programmes/indicators/{indicator.pk}/" in page.content.decode()
    url = f"/en/programmes/indicators/{indicator.pk}/"
    response = logged_in(rachid).post(url, {f"i{indicator.pk}-actual": "245"}, follow=True)
    indicator.refresh_from_db()
    assert indicator.actual == Decimal("245")
    assert "245" in response.content.decode()
    assert AuditEntry.objects.filter(action="programme.indicator_update", actor=rachid).exists()
    # Amina reads the page but has no form, and her post changes nothing.
    assert url not in Client().get(project.get_absolute_url()).content.decode()
    logged_in(amina).post(url, {f"i{indicator.pk}-actual": "999"})
    indicator.refresh_from_db()
    assert indicator.actual == Decimal("245")


def test_said_records_the_mid_term_then_final_evaluation(in_consultation, said):
    programme = in_consultation
    url = f"/en/programmes/{programme.pk}/evaluations/"
    client = logged_in(said)
    assert url not in client.get(programme.get_absolute_url()).content.decode()  # not in execution yet
    services.programme_adopt(
        programme=programme, session=dt.date(2023, 2, 7), votes_for=31, votes_against=4, votes_abstain=2, actor=said
    )
    services.programme_advance(programme=programme, to="execution", actor=said)
    assert url in client.get(programme.get_absolute_url()).content.decode()
    client.post(url, {"kind": "mid_term", "held_on": "2025-06-01", "findings": "Half the wells are dug."})
    page = client.get(programme.get_absolute_url()).content.decode()
    assert "Half the wells are dug." in page
    response = client.post(url, {"kind": "mid_term", "held_on": "2025-07-01", "findings": "Again"}, follow=True)
    assert "This evaluation is already recorded." in response.content.decode()
    client.post(url, {"kind": "final", "held_on": "2027-10-01", "findings": "All done."})
    programme.refresh_from_db()
    assert programme.phase == "evaluated" and programme.evaluations.count() == 2
