from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_territory_api_returns_settat_province(client: Client) -> None:
    data = client.get("/api/v1/territories/06.461").json()
    assert data["code"] == "06.461"
    assert data["level"] == "province"
    assert data["kind"] == "province"
    assert data["name_fr"] == "Settat"
    assert data["parent"] == "06"
    assert data["population_2024"] == 652292
    assert len(data["children"]) == 46
    assert "06.461.15.19" in data["children"]


def test_unknown_code_is_a_json_404(client: Client) -> None:
    response = client.get("/api/v1/territories/00.000")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_openapi_document_describes_the_territory_endpoint(client: Client) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/territories/{code}" in doc["paths"]


def test_search_api_folds_arabic(client: Client) -> None:
    data = client.get("/api/v1/territories/search", {"q": "أولاد سعيد"}).json()
    assert data[0]["code"] == "06.461.15.19"
