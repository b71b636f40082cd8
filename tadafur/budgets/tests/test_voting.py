"""Ballots: eligibility, the ballot rules in plain words, one ballot per voter, desk and paper, results."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from freezegun import freeze_time

from tadafur.budgets import selectors, services
from tadafur.budgets.models import Ballot, Channel
from tadafur.budgets.tests.test_cycle_support import make_cycle, on_ballot, resident
from tadafur.core.errors import NotAllowed
from tadafur.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(settat):
    c = make_cycle(settat, ballot_type="cost_limited", max_choices=None, envelope=1_000_000)
    on_ballot(c, "Éclairage public Hay Salam", 400_000, marker=1)
    on_ballot(c, "Espace coopérative féminine", 500_000, marker=2)
    on_ballot(c, "Terrain de sport", 600_000)
    return c


def ids(cycle):
    return [p.pk for p in selectors.ballot_proposals(cycle)]


def test_amina_votes_and_changes_her_ballot_until_the_vote_closes(cycle, amina):
    light, coop, sport = ids(cycle)
    ballot, created = services.ballot_cast(cycle=cycle, choices={light: 1, coop: 1}, actor=amina)
    assert created
    again, created = services.ballot_cast(cycle=cycle, choices={sport: 1}, actor=amina)
    assert not created and again.pk == ballot.pk
    assert selectors.choices_of(selectors.ballot_of(cycle, amina)) == {sport: 1}
    assert Ballot.objects.filter(cycle=cycle).count() == 1
    with freeze_time(cycle.results_start + dt.timedelta(minutes=1)):
        with pytest.raises(services.AlreadyVoted):
            services.ballot_cast(cycle=cycle, choices={light: 1}, actor=amina)
    assert selectors.choices_of(selectors.ballot_of(cycle, amina)) == {sport: 1}


def test_the_database_refuses_a_second_ballot_for_the_same_voter(cycle, amina):
    services.ballot_cast(cycle=cycle, choices={ids(cycle)[0]: 1}, actor=amina)
    now = cycle.vote_starts
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(cycle=cycle, voter=amina, channel=Channel.ONLINE, cast_at=now, changed_at=now)


def test_the_ballot_is_not_secret_in_the_audit_log(cycle, amina):
    services.ballot_cast(cycle=cycle, choices={ids(cycle)[0]: 1}, actor=amina)
    entry = AuditEntry.objects.get(action="budget.ballot_cast")
    assert entry.changes == {"before": {}, "after": {}}


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"resident_of": None}, "verified residents"),
        ({"birth_year": None}, "birth year"),
    ],
)
def test_who_may_not_vote_is_told_why(cycle, settat, kwargs, reason):
    person = resident(settat, **{"birth_year": 1990, **kwargs})
    with pytest.raises(NotAllowed, match=reason):
        services.ballot_cast(cycle=cycle, choices={ids(cycle)[0]: 1}, actor=person)


@freeze_time("2026-06-01T12:00:00Z")
@pytest.mark.parametrize(("birth_year", "allowed"), [(2011, False), (2010, True), (2009, True)])
def test_minimum_age_boundary(settat, birth_year, allowed):
    cycle = make_cycle(settat, min_voter_age=16)
    project = on_ballot(cycle, "x", 10)
    person = resident(settat, birth_year=birth_year)
    if allowed:
        services.ballot_cast(cycle=cycle, choices={project.pk: 1}, actor=person)
    else:
        with pytest.raises(NotAllowed, match="at least 16"):
            services.ballot_cast(cycle=cycle, choices={project.pk: 1}, actor=person)


def test_youssef_of_oulad_said_cannot_vote_in_settat(cycle, youssef):
    with pytest.raises(NotAllowed, match="verified residents of this collectivity"):
        services.ballot_cast(cycle=cycle, choices={ids(cycle)[0]: 1}, actor=youssef)


def test_over_the_envelope_is_explained(cycle, amina):
    light, coop, sport = ids(cycle)
    with pytest.raises(services.BallotRejected) as exc:
        services.ballot_cast(cycle=cycle, choices={coop: 1, sport: 1}, actor=amina)
    assert exc.value.rule == "over_envelope"
    assert exc.value.message == "Your projects cost 1,100,000 MAD, more than the envelope of 1,000,000 MAD."
    services.ballot_cast(cycle=cycle, choices={light: 1, sport: 1}, actor=amina)  # exactly the envelope
    assert Ballot.objects.count() == 1


def test_approval_ballot_limits(settat, amina):
    cycle = make_cycle(settat, ballot_type="approval", min_choices=2, max_choices=2)
    a, b, c = (on_ballot(cycle, t, 100).pk for t in "abc")
    ballot = list(selectors.ballot_proposals(cycle))

    def rules(choices):
        return [v.rule for v in services.ballot_violations(cycle, choices, ballot)]

    assert rules({a: 1}) == ["too_few"]
    assert rules({a: 1, b: 1, c: 1}) == ["too_many"]
    assert rules({a: 1, b: 1}) == []
    assert rules({a: 1, 999_999: 1}) == ["not_on_ballot"]


def test_points_ballot_limits(settat, amina):
    cycle = make_cycle(settat, ballot_type="cumulative", max_points=10, max_choices=None)
    a, b = (on_ballot(cycle, t, 100).pk for t in "ab")
    with pytest.raises(services.BallotRejected) as exc:
        services.ballot_cast(cycle=cycle, choices={a: 7, b: 4}, actor=amina)
    assert exc.value.rule == "too_many_points" and "You gave 11 points; you have 10." in exc.value.message
    ballot, _ = services.ballot_cast(cycle=cycle, choices={a: 7, b: 3}, actor=amina)
    assert selectors.choices_of(ballot) == {a: 7, b: 3}


def test_rachid_records_an_assisted_ballot_and_it_is_audited(cycle, rachid, settat):
    voter = resident(settat, sex="woman", birth_year=1950)
    ballot = services.ballot_cast_assisted(cycle=cycle, voter=voter, choices={ids(cycle)[1]: 1}, actor=rachid)
    assert ballot.channel == Channel.ASSISTED and ballot.recorded_by == rachid
    entry = AuditEntry.objects.get(action="budget.ballot_assisted")
    assert entry.actor == rachid


def test_amina_cannot_record_ballots_for_others(cycle, amina, settat):
    with pytest.raises(NotAllowed, match="help-desk staff"):
        services.ballot_cast_assisted(cycle=cycle, voter=resident(settat), choices={ids(cycle)[0]: 1}, actor=amina)


def test_a_paper_code_counts_once(cycle, rachid):
    code = services.codes_generate(cycle=cycle, count=3, actor=rachid)[0]
    services.ballot_cast_paper(cycle=cycle, code=code.code.lower(), choices={ids(cycle)[0]: 1}, actor=rachid)
    with pytest.raises(NotAllowed, match="already been used"):
        services.ballot_cast_paper(cycle=cycle, code=code.code, choices={ids(cycle)[1]: 1}, actor=rachid)
    with pytest.raises(NotAllowed, match="does not belong"):
        services.ballot_cast_paper(cycle=cycle, code="NOPE", choices={ids(cycle)[1]: 1}, actor=rachid)
    assert Ballot.objects.filter(channel=Channel.PAPER).count() == 1


def test_code_batches_are_numbered_and_unique(cycle, rachid):
    first = services.codes_generate(cycle=cycle, count=50, actor=rachid)
    second = services.codes_generate(cycle=cycle, count=50, actor=rachid)
    assert {c.batch for c in first} == {1} and {c.batch for c in second} == {2}
    assert len({c.code for c in first + second}) == 100


def _vote(cycle, settat, n, choices, sex="woman", birth_year=1990):
    for _i in range(n):
        services.ballot_cast(cycle=cycle, choices=choices, actor=resident(settat, sex=sex, birth_year=birth_year))


def test_results_follow_the_rule_and_report_turnout(cycle, settat, rachid):
    light, coop, sport = ids(cycle)
    _vote(cycle, settat, 3, {sport: 1}, sex="man", birth_year=1970)
    _vote(cycle, settat, 2, {coop: 1, light: 1})
    with pytest.raises(NotAllowed):
        services.results_compute(cycle=cycle, actor=rachid)
    with freeze_time(cycle.results_start + dt.timedelta(hours=1)):
        services.results_compute(cycle=cycle, actor=rachid)
    cycle.refresh_from_db()
    # Greedy by votes: the sport field (3) first, then the light (2) fits, the space (2) no longer does.
    assert cycle.result["selected"] == [sport, light]
    assert cycle.result["cost"] == 1_000_000 and cycle.result["marked_cost"] == 400_000
    assert selectors.gender_share(cycle)["share_of_envelope"] == 40.0
    why = {r.proposal.pk: r.explanation for r in selectors.project_results(cycle)}
    assert why[coop] == "Not funded: it costs 500,000 MAD and only 0 MAD of the envelope remained when its turn came."
    assert why[sport] == "Funded with 3 votes."
    t = selectors.turnout(cycle)
    assert [(r.label, r.ballots, r.share) for r in t["by_sex"]] == [("woman", 2, 40.0), ("man", 3, 60.0)]
    bands = {r.label: r.ballots for r in t["by_age"]}
    age_of_1970 = cycle.vote_starts.year - 1970
    assert bands["50-64" if age_of_1970 >= 50 else "35-49"] == 3
    assert sum(bands.values()) == 5


def test_a_gender_floor_funds_marked_projects_first(settat, rachid):
    cycle = make_cycle(settat, ballot_type="approval", max_choices=3, envelope=1_000_000, gender_floor_percent=40)
    sport = on_ballot(cycle, "Terrain de sport", 600_000).pk
    coop = on_ballot(cycle, "Coopérative féminine", 400_000, marker=2).pk
    other = on_ballot(cycle, "Parking", 400_000).pk
    _vote(cycle, settat, 3, {sport: 1, other: 1}, sex="man")
    _vote(cycle, settat, 1, {coop: 1})
    with freeze_time(cycle.results_start + dt.timedelta(hours=1)):
        services.results_compute(cycle=cycle, actor=rachid)
    cycle.refresh_from_db()
    assert cycle.result["selected"] == [coop, sport]
    assert cycle.result["floor_met"] is True


def test_the_pb_export_reads_back_with_voter_sex_and_markers(cycle, settat, rachid):
    from tadafur.budgets.pb import parse_pb

    light, coop, _sport = ids(cycle)
    _vote(cycle, settat, 2, {coop: 1, light: 1})
    with freeze_time(cycle.results_start + dt.timedelta(hours=1)):
        services.results_compute(cycle=cycle, actor=rachid)
    cycle.refresh_from_db()
    instance, profile = parse_pb(selectors.pb_text(cycle))
    assert instance.budget == 1_000_000 and len(profile) == 2
    assert instance.projects[str(coop)].gender_marker == 2
    assert instance.projects[str(coop)].extra["selected"] == "1"
    assert {b.sex for b in profile.ballots} == {"F"}


def test_mes_explains_the_cost_per_supporter_that_made_a_project_unaffordable(settat, rachid):
    cycle = make_cycle(settat, ballot_type="approval", max_choices=3, envelope=900_000, rule="mes")
    coop = on_ballot(cycle, "Coopérative", 400_000, marker=2).pk
    sport = on_ballot(cycle, "Terrain", 500_000).pk
    _vote(cycle, settat, 2, {coop: 1})
    _vote(cycle, settat, 1, {sport: 1}, sex="man")
    with freeze_time(cycle.results_start + dt.timedelta(hours=1)):
        services.results_compute(cycle=cycle, actor=rachid)
    cycle.refresh_from_db()
    assert cycle.result["selected"] == [coop]
    why = {r.proposal.pk: r.explanation for r in selectors.project_results(cycle)}
    assert why[coop] == "Its supporters paid for it from their equal shares: 200,000 MAD per supporter."
    assert why[sport] == (
        "Not funded: its 1 supporters, with an equal share of 300,000 MAD each, could not pay its cost of "
        "500,000 MAD (500,000 MAD per supporter)."
    )
