"""District sub-envelopes in the outcome (decision 0211), on the engine, then through the pages."""

from __future__ import annotations

import datetime as dt
import json
import random
from fractions import Fraction

import pytest
from django.urls import reverse
from freezegun import freeze_time

from tadafur.budgets import services
from tadafur.budgets.models import Ballot, BallotChoice, District, Proposal
from tadafur.budgets.pb import Ballot as PbBallot
from tadafur.budgets.pb import Instance, Profile, Project, parse_pb, write_pb
from tadafur.budgets.rules import RULES, outcome
from tadafur.budgets.rules.districts import outcome_with_districts
from tadafur.budgets.rules.synthetic import synthetic_election
from tadafur.budgets.tests.test_cycle_support import make_cycle, on_ballot
from tadafur.budgets.tests.test_rules_oracle import oracle, same_outcome

# Envelope 1,000,000 MAD; Hay Salam 300,000 (projects A, B), Centre 200,000 (C); W, X city-wide.
COSTS = {"A": 200_000, "B": 200_000, "C": 150_000, "W": 450_000, "X": 200_000}
DISTRICT_OF = {"A": "hs", "B": "hs", "C": "centre", "W": None, "X": None}
# Votes: A 6, W 5, B 4, X 3, C 2.
BALLOTS = [("A", "B", "W", "X"), ("A", "B", "W"), ("A", "B", "X"), ("A", "B"), ("A", "W", "C"), ("A", "W"), ("W", "X")]
BALLOTS += [("C",)]


def small_city(markers=None):
    projects = {
        pid: Project(pid, Fraction(cost), extra={"gender_marker": str((markers or {}).get(pid, 0))})
        for pid, cost in COSTS.items()
    }
    ballots = [PbBallot(str(i), vote) for i, vote in enumerate(BALLOTS, 1)]
    return Instance({"vote_type": "approval"}, projects, Fraction(1_000_000)), Profile("approval", ballots)


AMOUNTS = {"hs": Fraction(300_000), "centre": Fraction(200_000)}


def test_greedy_by_district_then_citywide_with_the_rest_by_hand():
    instance, profile = small_city()
    # Without districts, greedy by votes: A, W, B (150,000 left), X skipped, C.
    assert outcome(instance, profile, "greedy").selected == ["A", "W", "B", "C"]
    result = outcome_with_districts(instance, profile, "greedy", amounts=AMOUNTS, district_of=DISTRICT_OF)
    hs, centre, city = result.details["stages"]
    # Hay Salam, 300,000: A (6 votes), then B does not fit in the 100,000 left; 6 ballots chose A or B.
    assert (hs.selected, hs.cost, len(hs.profile.ballots)) == (["A"], 200_000, 6)
    # Centre, 200,000: C; its 2 ballots.
    assert (centre.selected, centre.cost, len(centre.profile.ballots)) == (["C"], 150_000, 2)
    # City-wide: 1,000,000 - 350,000 spent = 500,000 left + 150,000 unspent = 650,000: W and X.
    assert (city.budget, city.selected, city.cost, len(city.profile.ballots)) == (650_000, ["W", "X"], 650_000, 8)
    assert result.selected == ["A", "C", "W", "X"] and result.cost == 1_000_000


def test_a_district_project_never_takes_citywide_money():
    instance, profile = small_city()
    # Hay Salam gets 100,000 only: neither A nor B fits, and they do not compete city-wide.
    amounts = {"hs": Fraction(100_000), "centre": Fraction(200_000)}
    result = outcome_with_districts(instance, profile, "greedy", amounts=amounts, district_of=DISTRICT_OF)
    hs, _centre, city = result.details["stages"]
    assert hs.selected == [] and city.budget == 850_000
    assert result.selected == ["C", "W", "X"]


def test_a_district_without_amount_is_citywide():
    instance, profile = small_city()
    amounts = {"hs": Fraction(0), "centre": Fraction(200_000)}
    result = outcome_with_districts(instance, profile, "greedy", amounts=amounts, district_of=DISTRICT_OF)
    assert [s.district for s in result.details["stages"]] == ["centre", None]
    # City-wide with 850,000: A 200, W 450, B 200 (total 850).
    assert result.selected == ["C", "A", "W", "B"]


def test_the_gender_floor_missing_after_the_districts_is_reserved_citywide():
    instance, profile = small_city(markers={"X": 1})
    instance.projects["X"].cost = Fraction(250_000)
    plain = outcome_with_districts(instance, profile, "greedy", amounts=AMOUNTS, district_of=DISTRICT_OF)
    # City-wide 650,000: W (450,000), then X (250,000) does not fit: nothing marked is funded.
    assert plain.selected == ["A", "C", "W"] and plain.marked_cost == 0
    result = outcome_with_districts(
        instance, profile, "greedy", amounts=AMOUNTS, district_of=DISTRICT_OF, gender_floor=Fraction(1, 4)
    )
    # 25% of 1,000,000 = 250,000; the districts fund nothing marked, so the city-wide stage
    # reserves 250,000 of its 650,000 for marked projects: X first, then W no longer fits.
    assert result.selected == ["A", "C", "X"]
    assert result.floor_amount == 250_000 and result.marked_cost == 250_000 and result.floor_met


@pytest.mark.parametrize("seed", range(6))
def test_every_stage_is_an_election_pabutools_decides_the_same_way(tmp_path, seed):
    rng = random.Random(seed)
    instance, profile = synthetic_election(
        seed, voters=rng.randint(20, 80), projects=rng.randint(6, 12), cost_mu=5.0, budget_share=0.5, skew=1.5
    )
    ids = sorted(instance.projects)
    district_of = {pid: rng.choice(["north", "south", None]) for pid in ids}
    amounts = {"north": instance.budget / 4, "south": instance.budget / 5}
    for rule in RULES:
        result = outcome_with_districts(instance, profile, rule, amounts=amounts, district_of=district_of)
        assert sum(s.budget for s in result.details["stages"][:-1]) <= instance.budget
        assert result.cost <= instance.budget
        for i, stage in enumerate(result.details["stages"]):
            path = tmp_path / f"{rule}-{i}.pb"
            path.write_text(write_pb(stage.instance, stage.profile), encoding="utf-8")
            if not stage.instance.projects:
                assert stage.selected == []
                continue
            theirs = oracle(path, rule)
            assert same_outcome(stage.selected, theirs, stage.instance), (seed, rule, i, stage.selected, theirs)


# --- Through the pages -------------------------------------------------------------------


@pytest.fixture
def district_cycle(settat):
    cycle = make_cycle(
        settat, envelope=1_000_000, max_choices=4, districts=[("Hay Salam", 300_000), ("Centre", 200_000)]
    )
    district = {d.name: d for d in District.objects.filter(cycle=cycle)}
    proposals = {}
    for pid, cost in COSTS.items():
        proposals[pid] = on_ballot(cycle, f"Projet {pid}", cost)
        name = {"hs": "Hay Salam", "centre": "Centre"}.get(DISTRICT_OF[pid])
        if name:
            Proposal.objects.filter(pk=proposals[pid].pk).update(district=district[name])
    for vote in BALLOTS:
        ballot = Ballot.objects.create(
            cycle=cycle, channel="paper", cast_at=cycle.vote_starts, changed_at=cycle.vote_starts
        )
        BallotChoice.objects.bulk_create(BallotChoice(ballot=ballot, proposal=proposals[pid]) for pid in vote)
    return cycle, proposals, district


@pytest.mark.django_db
def test_the_results_show_each_district_amount_spent_and_winners(client, district_cycle, rachid):
    cycle, p, district = district_cycle
    with freeze_time(cycle.results_start + dt.timedelta(hours=1)):
        services.results_compute(cycle=cycle, actor=rachid, check_permission=False)
        page = client.get(reverse("budgets:results", args=[cycle.pk])).content.decode()
        data = json.loads(client.get(reverse("budgets:results_json", args=[cycle.pk])).content)
        csv_text = client.get(reverse("budgets:results_csv", args=[cycle.pk])).content.decode("utf-8-sig")
        pb_url = reverse("budgets:results_pb", args=[cycle.pk])
        hs_pb = client.get(pb_url, {"part": district["Hay Salam"].pk}).content.decode()
        city_pb = client.get(pb_url, {"part": "citywide"}).content.decode()
        missing = client.get(pb_url, {"part": "nowhere"})
        api = client.get(f"/api/v1/budgets/{cycle.pk}/results").json()
    # The districts' stages in their order (by name: Centre, Hay Salam), then the city-wide one.
    assert data["selected"] == [p["C"].pk, p["A"].pk, p["W"].pk, p["X"].pk]
    centre, hay_salam = data["districts"]  # in the districts' order (by name)
    assert (hay_salam["name"], hay_salam["budget"], hay_salam["spent"]) == ("Hay Salam", 300_000, 200_000)
    assert (hay_salam["selected"], hay_salam["ballots"]) == ([p["A"].pk], 6)
    assert (centre["name"], centre["spent"], centre["selected"]) == ("Centre", 150_000, [p["C"].pk])
    assert data["citywide"]["budget"] == 650_000 and data["citywide"]["selected"] == [p["W"].pk, p["X"].pk]
    assert {q["title"]: q["district"] for q in data["projects"]}["Projet B"] == "Hay Salam"
    assert "District envelopes" in page and "Whole collectivity (projects without a district)" in page
    assert "<td>300000</td><td>200000</td><td>6</td>" in page
    assert f"{p['B'].pk},Projet B,200000,4,0,,other,0,Hay Salam" in csv_text
    # Each stage's .pb is a valid pabulib file that re-runs to the stage's selection.
    for text, budget, winners in ((hs_pb, 300_000, [p["A"].pk]), (city_pb, 650_000, [p["W"].pk, p["X"].pk])):
        instance, profile = parse_pb(text)
        assert instance.budget == budget
        assert outcome(instance, profile, "greedy").selected == [str(pk) for pk in winners]
    assert "district;Hay Salam" in hs_pb and missing.status_code == 404
    # The API gives the same stages as the JSON download.
    assert api["selected"] == data["selected"] and api["citywide"] == data["citywide"]
    assert [(d["id"], d["name"], d["budget"], d["selected"]) for d in api["districts"]] == [
        (district["Centre"].pk, "Centre", 200_000, [p["C"].pk]),
        (district["Hay Salam"].pk, "Hay Salam", 300_000, [p["A"].pk]),
    ]


@pytest.mark.django_db
def test_a_cycle_without_district_amounts_keeps_the_plain_result(client, settat, rachid):
    cycle = make_cycle(settat, envelope=1_000_000, max_choices=4)
    light = on_ballot(cycle, "Éclairage", 400_000)
    ballot = Ballot.objects.create(
        cycle=cycle, channel="paper", cast_at=cycle.vote_starts, changed_at=cycle.vote_starts
    )
    BallotChoice.objects.create(ballot=ballot, proposal=light)
    with freeze_time(cycle.results_start + dt.timedelta(hours=1)):
        services.results_compute(cycle=cycle, actor=rachid, check_permission=False)
        page = client.get(reverse("budgets:results", args=[cycle.pk])).content.decode()
        part = client.get(reverse("budgets:results_pb", args=[cycle.pk]), {"part": "citywide"})
        api = client.get(f"/api/v1/budgets/{cycle.pk}/results").json()
    assert cycle.result["selected"] == [light.pk] and "districts" not in cycle.result
    assert (api["selected"], api["districts"], api["citywide"]) == ([light.pk], [], None)
    assert "District envelopes" not in page and part.status_code == 404
