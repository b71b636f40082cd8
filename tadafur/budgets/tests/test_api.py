"""POST /api/v1/budgets/{cycle}/ballots: 201 / 200 / 403 / 409 / 422, session-authenticated."""

from __future__ import annotations

import datetime as dt

import pytest
from freezegun import freeze_time

from tadafur.budgets import selectors
from tadafur.budgets.models import Ballot
from tadafur.budgets.tests.test_cycle_support import approval_cycle, make_cycle, on_ballot

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(settat):
    return approval_cycle(settat)


def post(client, cycle, body):
    return client.post(
        f"/api/v1/budgets/{cycle.pk}/ballots", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )


def test_cast_then_change(client, cycle, amina):
    a, b, c = (p.pk for p in selectors.ballot_proposals(cycle))
    client.force_login(amina)
    first = post(client, cycle, {"projects": [a, b]})
    assert first.status_code == 201 and first.json()["projects"] == [a, b]
    second = post(client, cycle, {"projects": [c]})
    assert second.status_code == 200 and second.json()["ballot"] == first.json()["ballot"]
    assert Ballot.objects.count() == 1


def test_breaking_the_rule_is_422_naming_it(client, cycle, amina):
    ids = [p.pk for p in selectors.ballot_proposals(cycle)]
    client.force_login(amina)
    response = post(client, cycle, {"projects": ids})
    assert response.status_code == 422
    assert response.json()["rule"] == "too_many"
    assert response.json()["violations"][0]["message"] == "Choose at most 2 projects; you chose 3."
    assert post(client, cycle, {"projects": []}).json()["rule"] == "too_few"


def test_not_eligible_is_403_with_the_reason(client, cycle, youssef):
    client.force_login(youssef)
    response = post(client, cycle, {"projects": [selectors.ballot_proposals(cycle).first().pk]})
    assert response.status_code == 403
    assert "verified residents" in response.json()["detail"]


def test_anonymous_is_refused(client, cycle):
    assert post(client, cycle, {"projects": []}).status_code == 401


def test_already_voted_after_the_close_is_409_and_a_new_voter_403(client, cycle, amina, khadija):
    a = selectors.ballot_proposals(cycle).first().pk
    client.force_login(amina)
    assert post(client, cycle, {"projects": [a]}).status_code == 201
    with freeze_time(cycle.results_start + dt.timedelta(seconds=1)):
        assert post(client, cycle, {"projects": [a]}).status_code == 409
        client.force_login(khadija)
        response = post(client, cycle, {"projects": [a]})
        assert response.status_code == 403 and "not open" in response.json()["detail"]


def test_the_cycle_lists_its_ballot(client, cycle):
    data = client.get(f"/api/v1/budgets/{cycle.pk}").json()
    assert data["phase"] == "vote" and len(data["ballot"]) == 3 and data["max_choices"] == 2


def test_points_ballot_over_the_points_is_422(client, settat, amina):
    cycle = make_cycle(settat, ballot_type="cumulative", max_points=5, max_choices=None)
    a = on_ballot(cycle, "x", 10).pk
    client.force_login(amina)
    response = post(client, cycle, {"points": {str(a): 6}})
    assert response.status_code == 422 and response.json()["rule"] == "too_many_points"
    assert post(client, cycle, {"points": {str(a): 5}}).status_code == 201


def test_casting_and_changing_ballots_is_rate_limited_per_account(client, cycle, amina, settings):
    """Issue 8 §2: voting has its limits like signing; past them the ballot waits a minute (429)."""
    from django.core.cache import cache

    cache.clear()
    settings.BALLOT_RATE_PER_ACCOUNT = 3
    a, b, c = (p.pk for p in selectors.ballot_proposals(cycle))
    client.force_login(amina)
    assert [post(client, cycle, {"projects": [p]}).status_code for p in (a, b, c)] == [201, 200, 200]
    refused = post(client, cycle, {"projects": [a]})
    assert refused.status_code == 429 and "Wait a minute" in refused.json()["detail"]
    assert selectors.choices_of(Ballot.objects.get()) == {c: 1}  # the refused change did not land
    page = client.post(f"/en/budgets/{cycle.pk}/vote/", {"project": [a], "cast": "1"})
    assert page.status_code == 429 and "Wait a minute" in page.content.decode()
    cache.clear()
