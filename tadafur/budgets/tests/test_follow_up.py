"""Results that show women's choices, and the public follow-up of the funded projects (issue §7–8)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from freezegun import freeze_time
from PIL import Image

from tadafur.budgets import selectors, services
from tadafur.budgets.models import Execution, Proposal
from tadafur.budgets.tests.test_cycle_support import make_cycle, on_ballot, resident
from tadafur.core import clock
from tadafur.core.errors import NotAllowed, ValidationFailed

pytestmark = pytest.mark.django_db


def _photo_with_gps() -> bytes:
    """A small JPEG carrying EXIF metadata (camera model and a GPS block), as phones write them."""
    img = Image.new("RGB", (64, 48), (200, 120, 40))
    exif = Image.Exif()
    exif[0x0110] = "Phone X (serial 1234)"  # camera model
    exif[0x8825] = {1: "N", 2: (33.0, 0.0, 1.0)}  # GPS info
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def finished(settat):
    """A cycle whose vote took place: women chose the women's cooperative, men the sports field."""
    cycle = make_cycle(settat, ballot_type="approval", max_choices=1, envelope=700_000, rule="greedy")
    coop = on_ballot(cycle, "Espace coopérative féminine", 300_000, marker=2)
    field = on_ballot(cycle, "Terrain de sport", 600_000)
    light = on_ballot(cycle, "Éclairage public", 350_000, marker=1)
    for _i in range(3):
        services.ballot_cast(cycle=cycle, choices={coop.pk: 1}, actor=resident(settat, sex="woman"))
    for _i in range(5):
        services.ballot_cast(cycle=cycle, choices={field.pk: 1}, actor=resident(settat, sex="man"))
    services.ballot_cast(cycle=cycle, choices={light.pk: 1}, actor=resident(settat, sex="woman"))
    with freeze_time(clock.now() + dt.timedelta(days=10)):
        services.results_compute(cycle=cycle, actor=None, check_permission=False)
    cycle.refresh_from_db()
    return cycle, coop, field, light


def test_the_results_page_shows_womens_top_choices_beside_the_overall_result(client, finished):
    cycle, coop, field, light = finished
    # Greedy: the field (5 votes, 600,000) wins first; the cooperative (300,000) no longer fits.
    assert cycle.result["selected"] == [field.pk]
    rows = selectors.project_results(cycle)
    top = selectors.women_top_choices(cycle, rows)
    assert [(t.proposal, t.women, t.men, t.overall_rank, t.selected) for t in top] == [
        (coop, 3, 0, 2, False),
        (light, 1, 0, 3, False),
    ]
    page = client.get(reverse("budgets:results", args=[cycle.pk])).content.decode()
    assert "Women&#x27;s top choices" in page or "Women's top choices" in page
    assert "<svg" in page and "Votes per project" in page


def test_results_download_as_json_and_formula_safe_csv(client, finished, settat):
    cycle, coop, field, light = finished
    Proposal.objects.filter(pk=light.pk).update(title="=HYPERLINK(1)")
    data = json.loads(client.get(reverse("budgets:results_json", args=[cycle.pk])).content)
    assert data["selected"] == [field.pk]
    assert {p["id"]: p["votes"] for p in data["projects"]} == {coop.pk: 3, field.pk: 5, light.pk: 1}
    csv_text = client.get(reverse("budgets:results_csv", args=[cycle.pk])).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in csv_text


def test_rachid_follows_up_a_funded_project_and_the_public_sees_it(client, finished, rachid, amina):
    cycle, coop, field, light = finished
    client.force_login(rachid)
    url = reverse("budgets:execution", args=[field.pk])
    response = client.post(
        url, {"form": "execution", "status": "works", "progress": "40", "spent": "250000", "note": "Terrassement fait."}
    )
    assert response.status_code == 302
    client.post(url, {"form": "milestone", "title": "Début des travaux", "due_on": "2026-03-01"})
    milestone = Execution.objects.get(proposal=field).milestones.get()
    photo = SimpleUploadedFile("chantier.jpg", _photo_with_gps(), content_type="image/jpeg")
    response = client.post(
        reverse("budgets:milestone_done", args=[milestone.pk]),
        {f"m{milestone.pk}-done_on": "2026-03-02", f"m{milestone.pk}-note": "Ouvert.", f"m{milestone.pk}-photo": photo},
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on == dt.date(2026, 3, 2)
    with milestone.photo.open("rb") as stored:
        kept = Image.open(io.BytesIO(stored.read()))
        assert kept.format == "JPEG" and not kept.getexif()  # the phone's metadata and GPS are gone

    client.logout()
    client.force_login(amina)
    page = client.get(reverse("budgets:follow_up", args=[cycle.pk])).content.decode()
    assert "Terrain de sport" in page and "works under way" in page and "250000" in page
    assert "Début des travaux" in page
    project_page = client.get(field.get_absolute_url()).content.decode()
    assert "Terrassement fait." in project_page and milestone.photo.url in project_page
    assert client.get(url).status_code == 403  # amina may not update it

    api = client.get(f"/api/v1/budgets/{cycle.pk}/follow-up").json()
    assert api["spent"] == 250000
    assert api["projects"][0]["status"] == "works"
    assert api["projects"][0]["milestones"][0]["done_on"] == "2026-03-02"


def test_only_a_funded_project_has_an_execution_and_a_completed_one_is_100_percent(finished, rachid, oulad_said):
    cycle, coop, field, light = finished
    with pytest.raises(ValidationFailed, match="funded"):
        services.execution_update(proposal=coop, status="works", progress=10, spent=0, note="", actor=rachid)
    with pytest.raises(ValidationFailed) as exc:
        services.execution_update(proposal=field, status="done", progress=90, spent=600_000, note="", actor=rachid)
    assert "progress" in exc.value.errors
    from tadafur.budgets.tests.test_cycle_support import resident as make_resident

    other_staff = make_resident(oulad_said)
    with pytest.raises(NotAllowed):
        services.execution_update(proposal=field, status="works", progress=10, spent=0, note="", actor=other_staff)
    assert not Execution.objects.exists()


def test_amina_proposes_with_a_photo_and_a_point_on_the_map(client, settat, amina):
    cycle = make_cycle(settat, phase="proposals")
    client.force_login(amina)
    url = reverse("budgets:propose", args=[cycle.pk])
    base = {
        "title": "Aire de jeux",
        "description": "Pour les enfants du quartier.",
        "estimated_cost": "90000",
        "category": "other",
        "beneficiaries": ["girls", "boys"],
        "proposer_kind": "citizen",
    }
    response = client.post(url, {**base, "latitude": "33.00123"})
    assert "Give both the latitude and the longitude" in response.content.decode()
    assert not Proposal.objects.filter(cycle=cycle).exists()
    photo = SimpleUploadedFile("place.jpg", _photo_with_gps(), content_type="image/jpeg")
    response = client.post(url, {**base, "latitude": "33.00123", "longitude": "-7.61987", "photo": photo})
    proposal = Proposal.objects.get(cycle=cycle)
    assert response.status_code == 302
    assert str(proposal.latitude) == "33.00123" and proposal.photo.name.endswith(".jpg")
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "openstreetmap.org/?mlat=33.00123&amp;mlon=-7.61987" in page


def test_a_fake_picture_is_refused_with_a_reason(client, settat, amina):
    cycle = make_cycle(settat, phase="proposals")
    client.force_login(amina)
    fake = SimpleUploadedFile("place.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    response = client.post(
        reverse("budgets:propose", args=[cycle.pk]),
        {
            "title": "Aire de jeux",
            "description": "x",
            "estimated_cost": "90000",
            "category": "other",
            "beneficiaries": ["girls"],
            "proposer_kind": "citizen",
            "photo": fake,
        },
    )
    assert "This file is not a picture" in response.content.decode()
    assert not Proposal.objects.filter(cycle=cycle).exists()


def _cycle_post(collectivity, **overrides):
    data = {
        "collectivity": str(collectivity.pk),
        "name": "Budget participatif 2027",
        "envelope": "2000000",
        "ballot_type": "cost_limited",
        "min_choices": "1",
        "rule": "mes-add1-greedy",
        "gender_floor_percent": "30",
        "min_voter_age": "16",
        "residents_may_propose": "on",
        "districts": "Hay Salam; 800000\nCentre-ville; 700 000",
        "start_information": "2027-01-01T09:00",
        "start_proposals": "2027-02-01T09:00",
        "start_review": "2027-03-01T09:00",
        "start_vote": "2027-04-01T09:00",
        "start_results": "2027-05-01T09:00",
        "start_follow_up": "",
    }
    data.update(overrides)
    return data


def test_rachid_opens_a_cycle_from_the_staff_page(client, settat, rachid):
    from tadafur.budgets.models import Cycle

    client.force_login(rachid)
    url = reverse("budgets:cycle_create")
    assert "Open a participatory budget" in client.get(reverse("budgets:list")).content.decode()
    response = client.post(url, _cycle_post(settat, start_vote="2027-02-15T09:00"))
    assert "The phases must start one after the other." in response.content.decode()
    response = client.post(url, _cycle_post(settat, districts="Hay Salam 800000"))
    assert "Line 1: write the name, a semicolon, then the amount in MAD." in response.content.decode()
    assert not Cycle.objects.exists()
    response = client.post(url, _cycle_post(settat))
    cycle = Cycle.objects.get()
    assert response.status_code == 302 and response["Location"] == cycle.get_absolute_url()
    assert (cycle.collectivity, cycle.envelope, cycle.gender_floor_percent) == (settat, 2_000_000, 30)
    assert not cycle.associations_may_propose and cycle.residents_may_propose
    assert sorted(cycle.districts.values_list("name", "amount")) == [("Centre-ville", 700_000), ("Hay Salam", 800_000)]


def test_a_citizen_or_another_communes_staff_cannot_open_a_cycle_here(client, settat, oulad_said, amina, rachid):
    client.force_login(amina)
    assert client.get(reverse("budgets:cycle_create")).status_code == 403
    client.force_login(rachid)
    response = client.post(reverse("budgets:cycle_create"), _cycle_post(oulad_said))
    assert "Select a valid choice" in response.content.decode()
