"""The council's clock: answer due date and the computed `overdue` flag, at frozen times."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from freezegun import freeze_time

from tadafur.petitions import selectors, services
from tadafur.petitions.tests.helpers import filed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def filed_31_january(amina, settat):
    with freeze_time("2026-01-31 10:00:00+01:00"):
        return filed(amina, settat)


@pytest.mark.parametrize(
    ("today", "overdue", "days_left"),
    [("2026-04-29", False, 1), ("2026-04-30", False, 0), ("2026-05-01", True, -1)],
)
def test_settat_must_answer_by_30_april(filed_31_january, today, overdue, days_left, client):
    petition = filed_31_january
    assert selectors.answer_due(petition) == dt.date(2026, 4, 30)
    with freeze_time(f"{today} 12:00:00+01:00"):
        assert selectors.answer_overdue(petition) is overdue
        assert selectors.days_left(petition) == days_left
        data = client.get(f"/api/v1/petitions/{petition.pk}").json()
        assert data["answer_overdue"] is overdue and data["answer_due"] == "2026-04-30"
        html = client.get(f"/en/petitions/{petition.pk}/").content.decode()
        assert ("Answer overdue" in html) is overdue


def test_an_answer_stops_the_clock(filed_31_january, said):
    services.petition_review_start(petition=filed_31_january, actor=said)
    with freeze_time("2026-05-01 12:00:00+01:00"):
        assert selectors.answer_overdue(filed_31_january)  # under review is not an answer
        services.petition_accept(
            petition=filed_31_january,
            actor=said,
            session_date=dt.date(2026, 5, 5),
            agenda_point="7",
            committee="C",
        )
        assert not selectors.answer_overdue(filed_31_january)


def test_the_collectivity_page_shows_an_overdue_petition(filed_31_january, settat, client):
    with freeze_time("2026-06-01 12:00:00+01:00"):
        html = client.get(settat.get_absolute_url()).content.decode()
    assert filed_31_january.title in html
    assert "overdue" in html
