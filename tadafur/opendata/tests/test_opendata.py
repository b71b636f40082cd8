"""Open data: every dataset downloads as CSV and JSON, is described column by column, carries
the licence and the census credit, and holds no personal data."""

import csv
import datetime as dt
import io
import json

import pytest
from django.test import Client
from freezegun import freeze_time

from tadafur.accounts.models import User
from tadafur.core.crypto import cnie_hash, encrypt
from tadafur.dashboards.tests import builders as b
from tadafur.opendata import licence, registry

pytestmark = pytest.mark.django_db

CNIE = "BE123456"
PHONE = "+212612345678"


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def activity(settat, amina, youssef, fatima):
    """A petition by Amina signed by Youssef (name, CNIE and address stored encrypted), a budget
    with a published result and a ballot, a body with Fatima as a member, an adopted opinion."""
    User.objects.filter(pk=youssef.pk).update(phone=PHONE)
    with freeze_time("2026-09-15 12:00:00"):
        petition = b.petition(settat, filed=dt.date(2026, 1, 5), accepted=dt.date(2026, 1, 15), agent=amina)
        signature = b.signature(petition, sex="man", band="25-34", on=dt.date(2026, 1, 2), cnie=cnie_hash(CNIE))
        signature.user = youssef
        signature.name_enc = encrypt("Youssef Alaoui")
        signature.cnie_enc = encrypt(CNIE)
        signature.address_enc = encrypt("12 rue des Orangers, Settat")
        signature.save()
        finished = b.cycle(settat, vote=dt.date(2026, 4, 1), result={"selected": [], "marked_cost": 0, "cost": 0})
        b.ballot(finished, sex="woman", birth_year=1990, on=dt.date(2026, 4, 2))
        running = b.cycle(settat, vote=dt.date(2026, 9, 10))
        body = b.body(settat)
        member = b.member(body, sex="woman")
        member.user = fatima
        member.display_name = "Fatima Zahra Bennani"
        member.save()
        b.opinion(body, adopted=dt.date(2026, 2, 1))
    return {"petition": petition, "signature": signature, "finished": finished, "running": running}


def get(url):
    with freeze_time("2026-09-15 12:00:00"):
        return Client().get(url)


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_open_data_page_lists_every_dataset_with_licence_and_census_credit(activity):
    html = get("/en/open-data/").content.decode()
    for dataset in registry.datasets():
        assert f"/en/open-data/{dataset.key}.csv" in html and f"/en/open-data/{dataset.key}.json" in html
    assert licence.LICENCE in html and "RGPH" in html and "Haut-Commissariat au Plan" in html
    assert f"/en/open-data/budgets/{activity['finished'].pk}.pb" in html
    assert f"/en/open-data/budgets/{activity['running'].pk}.pb" not in html


def test_the_landed_modules_register_their_datasets_with_described_columns():
    keys = {d.key for d in registry.datasets()}
    assert {
        "territories.territories",
        "petitions.petitions",
        "budgets.cycles",
        "budgets.proposals",
        "bodies.bodies",
        "bodies.opinions",
        "bodies.meetings",
        "programmes.programmes",
        "programmes.projects",
        "dashboards.indicators",
    } <= keys
    for dataset in registry.datasets():
        assert all(str(c.description).strip() for c in dataset.columns), dataset.key


def test_every_file_holds_no_personal_data(activity, amina, youssef, fatima):
    forbidden = [
        CNIE,
        cnie_hash(CNIE),
        PHONE,
        "Youssef Alaoui",
        "rue des Orangers",
        "Fatima Zahra Bennani",
        activity["signature"].verification_code,
        activity["signature"].name_enc,
    ]
    for user in (amina, youssef, fatima):
        # A bare first name ("يوسف") is also a place name ("آيت يوسف وعلي"): full names only.
        forbidden += [user.email, user.username] + ([user.display_name] if " " in user.display_name else [])
    forbidden = [secret for secret in forbidden if secret]
    for dataset in registry.datasets():
        for suffix in ("csv", "json"):
            response = get(f"/en/open-data/{dataset.key}.{suffix}")
            assert response.status_code == 200, dataset.key
            text = body_of(response).decode("utf-8-sig")
            for secret in forbidden:
                assert secret not in text, (dataset.key, suffix, secret)
    dictionary = get("/en/open-data/data-dictionary.csv").content.decode("utf-8-sig").lower()
    for column in ("cnie", "phone", "email", "e_mail", "address", "agent", "author", "voter", "signer_name"):
        assert f",{column}," not in dictionary


def test_csv_has_the_dictionary_columns_and_stable_ids(activity):
    dataset = registry.dataset("petitions.petitions")
    response = get("/en/open-data/petitions.petitions.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="petitions-petitions.csv"' in response["Content-Disposition"]
    assert "license" in response["Link"]
    rows = list(csv.reader(io.StringIO(body_of(response).decode("utf-8-sig"))))
    assert rows[0] == [c.name for c in dataset.columns]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["id"] == str(activity["petition"].pk)
    assert row["territory_code"] == "06.461.01.15"
    assert row["valid_signatures"] == "1"
    assert row["filed_at"].startswith("2026-01-05")


def test_json_carries_licence_credit_and_typed_rows(activity):
    data = json.loads(body_of(get("/en/open-data/territories.territories.json")))
    assert data["licence"] == licence.LICENCE
    assert "RGPH" in data["census_credit"]
    assert [c["name"] for c in data["columns"]][:2] == ["code", "level"]
    settat = next(r for r in data["rows"] if r["code"] == "06.461.01.15")
    assert settat["parent_code"] == "06.461" and settat["population_2024"] > 100_000


def test_indicators_dataset_withholds_small_cells(activity):
    rows = list(
        csv.DictReader(io.StringIO(body_of(get("/en/open-data/dashboards.indicators.csv")).decode("utf-8-sig")))
    )
    rows = [r for r in rows if r["period"] == "2026"]
    filed = next(r for r in rows if r["territory_code"] == "06.461.01.15" and r["indicator"] == "petitions.filed")
    assert filed["value"] == "1" and filed["cases"] == "1"
    share = next(
        r for r in rows if r["territory_code"] == "06.461.01.15" and r["indicator"] == "petitions.accepted_share"
    )
    assert share["value"] == "" and share["suppressed"] == "1" and share["cases"] == ""
    province = next(r for r in rows if r["territory_code"] == "06.461" and r["indicator"] == "petitions.filed")
    assert province["value"] == "1"
    # Oulad Said had no petition: no row rather than a zero.
    assert not [r for r in rows if r["territory_code"] == "06.461.15.19" and r["indicator"] == "petitions.filed"]


def test_pb_only_for_finished_budgets(activity):
    response = get(f"/en/open-data/budgets/{activity['finished'].pk}.pb")
    assert response.status_code == 200
    text = response.content.decode()
    assert text.startswith("META") and "VOTES" in text
    assert get(f"/en/open-data/budgets/{activity['running'].pk}.pb").status_code == 404


def test_unknown_dataset():
    assert get("/en/open-data/nothing.csv").status_code == 404
    assert get("/en/open-data/nothing.json").status_code == 404


def test_api_catalogue(activity):
    data = get("/api/v1/open-data/datasets").json()
    assert data["licence"] == licence.LICENCE
    petitions = next(d for d in data["datasets"] if d["key"] == "petitions.petitions")
    assert petitions["csv_url"] == "/en/open-data/petitions.petitions.csv" or petitions["csv_url"].endswith(
        "/open-data/petitions.petitions.csv"
    )
    assert {"name": "id", "type": "integer"}.items() <= petitions["columns"][0].items()
    assert get("/api/v1/open-data/datasets/petitions.petitions").status_code == 200
    assert get("/api/v1/open-data/datasets/nothing").status_code == 404


def test_registering_a_dataset_from_another_module():
    dataset = registry.register_dataset(
        "test.things",
        label="Things",
        columns=[("id", "Stable id.", "integer"), ("name", "Name.")],
        rows=lambda: iter([(1, "=cmd()"), (2, "plain")]),
    )
    try:
        assert dataset.module == "test"
        text = body_of(get("/en/open-data/test.things.csv")).decode("utf-8-sig")
        assert text.splitlines() == ["id,name", "1,'=cmd()", "2,plain"]  # formula-safe cells
        with pytest.raises(ValueError):
            registry.register_dataset("test.bad", label="Bad", columns=[("a", "A"), ("a", "A")], rows=list)
    finally:
        registry._DATASETS.pop("test.things", None)
