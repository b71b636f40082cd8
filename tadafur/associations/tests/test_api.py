"""The associations router, mounted on a throw-away API by ninja's TestClient (the lead wires it
into /api/v1/ in tadafur/api/api.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from ninja.testing import TestClient

from tadafur.associations.api import router
from tadafur.associations.models import Domain
from tadafur.associations.states import VerificationStatus
from tadafur.associations.tests.conftest import make_association

pytestmark = pytest.mark.django_db

client = TestClient(router)


def test_one_verified_association_with_its_eligibility(nisaa: Any) -> None:
    response = client.get(f"/{nisaa.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["name_fr"] == "Association Nisaa Settat pour l'égalité"
    assert data["seat"] == "06.461.01.15"
    assert data["founding_year"] == 2015
    assert data["domains"] == ["women"]
    assert data["verified"] is True
    assert data["may_petition_seat"] is True
    assert data["petition_conditions_unmet"] == []
    assert "representatives" not in data and "statutes" not in data


def test_unverified_or_unknown_association_is_a_json_404(settat: Any) -> None:
    pending = make_association(seat=settat, status=VerificationStatus.UNVERIFIED)
    for pk in (pending.pk, 999_999):
        response = client.get(f"/{pk}")
        assert response.status_code == 404
        assert response.json()["detail"]


def test_list_by_collectivity(nisaa: Any, oulad_said: Any) -> None:
    young = make_association(
        seat=oulad_said,
        reference="RD-OS-2024-011",
        founding_date=dt.date(2024, 1, 20),
        domains=(Domain.YOUTH,),
    )
    assert [a["id"] for a in client.get("/", query_params={"collectivity": "06.461.15.19"}).json()] == [young.pk]
    assert {a["id"] for a in client.get("/", query_params={"collectivity": "06.461"}).json()} == {
        nisaa.pk,
        young.pk,
    }
    assert client.get("/", query_params={"collectivity": "01"}).json() == []
    detail = client.get(f"/{young.pk}").json()
    assert detail["may_petition_seat"] is False
    assert any("more than 3 years" in r for r in detail["petition_conditions_unmet"])
