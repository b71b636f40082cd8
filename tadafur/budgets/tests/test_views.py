"""The budget pages, through HTTP like a user; the ballot works without JavaScript."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from freezegun import freeze_time

from tadafur.budgets import selectors, services
from tadafur.budgets.models import Ballot, Proposal
from tadafur.budgets.tests.test_cycle_support import ieecag_secretary, make_cycle, on_ballot, resident  # noqa: F401

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def cycle(settat):
    c = make_cycle(settat, ballot_type="cost_limited", max_choices=None, envelope=1_000_000, rule="mes-add1-greedy")
    on_ballot(c, "Éclairage public Hay Salam", 400_000, marker=1)
    on_ballot(c, "Espace coopérative féminine", 500_000, marker=2)
    on_ballot(c, "Terrain de sport", 600_000)
    return c


def test_the_cycle_page_explains_the_ballot_and_invites_amina_to_vote(client, cycle, amina):
    response = login(client, amina).get(cycle.get_absolute_url())
    assert response.status_code == 200
    assert "up to the envelope of 1,000,000 MAD" in response.content.decode()
    assert reverse("budgets:vote", args=[cycle.pk]) in response.content.decode()


def test_checking_the_ballot_shows_the_remaining_budget_without_saving(client, cycle, amina):
    light, coop, _sport = (p.pk for p in selectors.ballot_proposals(cycle))
    url = reverse("budgets:vote", args=[cycle.pk])
    response = login(client, amina).post(url, {"project": [light], "check": "1"})
    assert response.status_code == 200
    assert "Remaining in the envelope: 600000 MAD" in response.content.decode()
    assert not Ballot.objects.exists()


def test_amina_votes_in_arabic_and_sees_her_ballot(client, cycle, amina):
    light, coop, _sport = (p.pk for p in selectors.ballot_proposals(cycle))
    url = f"/ar/budgets/{cycle.pk}/vote/"
    response = login(client, amina).post(url, {"project": [light, coop], "cast": "1"})
    assert response.status_code == 302
    assert selectors.choices_of(selectors.ballot_of(cycle, amina)) == {light: 1, coop: 1}
    page = client.get(url).content.decode()
    assert f'value="{light}" id="project_{light}" checked' in page
    assert "100000" in page  # remaining in the envelope after 900,000 MAD


def test_a_ballot_over_the_envelope_is_refused_with_the_reason(client, cycle, amina):
    _light, coop, sport = (p.pk for p in selectors.ballot_proposals(cycle))
    response = login(client, amina).post(
        reverse("budgets:vote", args=[cycle.pk]), {"project": [coop, sport], "cast": "1"}
    )
    assert response.status_code == 422
    assert "more than the envelope" in response.content.decode()
    assert not Ballot.objects.exists()


def test_youssef_is_told_why_he_cannot_vote(client, cycle, youssef):
    response = login(client, youssef).get(reverse("budgets:vote", args=[cycle.pk]))
    assert "Only verified residents of this collectivity can vote" in response.content.decode()


def test_amina_proposes_a_project(client, settat, amina):
    cycle = make_cycle(settat, phase="proposals")
    response = login(client, amina).post(
        reverse("budgets:propose", args=[cycle.pk]),
        {
            "title": "دروس محو الأمية للنساء",
            "description": "Cours d'alphabétisation le soir",
            "estimated_cost": "120000",
            "category": "education",
            "beneficiaries": ["women", "elderly"],
            "proposer_kind": "citizen",
        },
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
    assert proposal.beneficiaries == ["elderly", "women"] and proposal.author == amina


def test_fatima_records_the_gender_review_from_the_proposal_page(client, settat, amina, ieecag_secretary):  # noqa: F811
    cycle = make_cycle(settat, phase="review")
    proposal = on_ballot(cycle, "Terrain de sport", 500_000)
    proposal.gender_marker = None
    proposal.save()
    login(client, ieecag_secretary)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert reverse("budgets:gender_review", args=[proposal.pk]) in page
    assert reverse("budgets:review", args=[proposal.pk]) not in page
    client.post(
        reverse("budgets:gender_review", args=[proposal.pk]), {"marker": "1", "analysis": "Créneaux pour les filles."}
    )
    proposal.refresh_from_db()
    assert proposal.gender_marker == 1 and proposal.on_ballot


def test_amina_cannot_post_a_technical_review(client, settat, amina):
    cycle = make_cycle(settat, phase="review")
    proposal = on_ballot(cycle, "x", 10)
    response = login(client, amina).post(
        reverse("budgets:review", args=[proposal.pk]), {"within_competences": "on", "feasible": "on"}
    )
    assert response.status_code == 403


def test_rachid_types_a_paper_ballot_from_a_code(client, cycle, rachid):
    code = services.codes_generate(cycle=cycle, count=1, actor=rachid)[0].code
    light = selectors.ballot_proposals(cycle).first().pk
    login(client, rachid)
    page = client.post(reverse("budgets:codes", args=[cycle.pk]), {"count": "2"}).content.decode()
    assert "Batch 2: 2 codes" in page
    url = reverse("budgets:desk", args=[cycle.pk])
    response = client.post(url, {"mode": "paper", "code": code, "project": [light]})
    assert response.status_code == 302
    response = client.post(url, {"mode": "paper", "code": code, "project": [light]}, follow=True)
    assert "already been used" in response.content.decode()
    assert Ballot.objects.filter(code__code=code).count() == 1


def test_rachid_records_an_assisted_vote_by_login(client, cycle, rachid, settat):
    voter = resident(settat, email="lalla@example.ma")
    light = selectors.ballot_proposals(cycle).first().pk
    login(client, rachid).post(
        reverse("budgets:desk", args=[cycle.pk]), {"mode": "assisted", "login": "lalla@example.ma", "project": [light]}
    )
    assert Ballot.objects.get().voter == voter


def test_the_results_page_shows_winners_rule_turnout_and_downloads(client, cycle, settat, rachid):
    light, coop, sport = (p.pk for p in selectors.ballot_proposals(cycle))
    for sex, choices in [("woman", {coop: 1}), ("woman", {coop: 1, light: 1}), ("man", {sport: 1})]:
        services.ballot_cast(cycle=cycle, choices=choices, actor=resident(settat, sex=sex))
    assert client.get(reverse("budgets:results", args=[cycle.pk])).status_code == 404
    with freeze_time(cycle.results_start + dt.timedelta(hours=1)):
        login(client, rachid).post(reverse("budgets:compute", args=[cycle.pk]))
        page = client.get(reverse("budgets:results", args=[cycle.pk])).content.decode()
        csv_text = client.get(reverse("budgets:results_csv", args=[cycle.pk])).content.decode()
        pb = client.get(reverse("budgets:results_pb", args=[cycle.pk])).content.decode()
    assert "Espace coopérative féminine" in page and "Funded (#1)" in page
    assert "the envelope is split equally between the voters" in page
    assert "it costs 600,000 MAD and only 100,000 MAD of the envelope remained when its turn came" in page
    assert "Turnout by sex" in page and "51.2" in page  # women's share in Settat's census
    assert f"{coop},Espace coopérative féminine,500000,2,1,1" in csv_text
    assert pb.startswith("META") and "gender_marker" in pb
