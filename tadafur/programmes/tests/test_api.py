import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_programmes_of_a_collectivity_and_one_programme_with_projects(pac, project, settat, oulad_said):
    client = Client()
    listing = client.get(f"/api/v1/programmes/?collectivity={settat.code}").json()
    assert listing == [
        {
            "id": pac.pk,
            "collectivity": settat.code,
            "kind": "pac",
            "start_year": 2022,
            "end_year": 2027,
            "phase": "launch",
        }
    ]
    assert client.get(f"/api/v1/programmes/?collectivity={oulad_said.code}").json() == []
    detail = client.get(f"/api/v1/programmes/{pac.pk}").json()
    projects = [p for axis in detail["axes"] for p in axis["projects"]]
    assert [a["order"] for a in detail["axes"]] == [1, 2, 3]
    assert projects[0]["title_fr"] == "Maison de la femme" and projects[0]["progress"] == 0
    assert projects[0]["gender_marker"] == 2
    assert projects[0]["indicators"][0]["name"] == "Bénéficiaires"
    assert client.get("/api/v1/programmes/999999").status_code == 404
