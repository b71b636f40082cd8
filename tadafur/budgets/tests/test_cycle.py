"""Cycles, phases and the review that gates the ballot."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from freezegun import freeze_time

from tadafur.budgets import phases, selectors, services
from tadafur.budgets.models import Cycle
from tadafur.budgets.states import ProposalState
from tadafur.budgets.tests.test_cycle_support import ieecag_secretary, make_cycle  # noqa: F401
from tadafur.core.errors import NotAllowed, ValidationFailed

pytestmark = pytest.mark.django_db
UTC = dt.UTC


class FakeCycle:
    information_starts = dt.datetime(2026, 1, 1, tzinfo=UTC)
    proposals_start = dt.datetime(2026, 2, 1, tzinfo=UTC)
    review_starts = dt.datetime(2026, 3, 1, tzinfo=UTC)
    vote_starts = dt.datetime(2026, 4, 1, tzinfo=UTC)
    results_start = dt.datetime(2026, 5, 1, tzinfo=UTC)
    follow_up_starts = None


@pytest.mark.parametrize(
    ("moment", "phase", "granted"),
    [
        ("2025-12-31T23:59:59Z", None, set()),
        ("2026-01-01T00:00:00Z", "information", set()),
        ("2026-02-01T00:00:00Z", "proposals", {"propose", "comment"}),
        ("2026-03-15T00:00:00Z", "review", {"review", "comment"}),
        ("2026-03-31T23:59:59Z", "review", {"review", "comment"}),
        ("2026-04-01T00:00:00Z", "vote", {"vote"}),
        ("2026-05-01T00:00:00Z", "results", set()),
        ("2027-05-01T00:00:00Z", "results", set()),
    ],
)
def test_the_phase_running_grants_its_actions(moment, phase, granted):
    with freeze_time(moment):
        active = phases.active_phase(FakeCycle())
        assert (active.key if active else None) == phase
        assert {f for f in phases.FEATURES if phases.grants(FakeCycle(), f)} == granted


def test_phases_must_follow_each_other(settat, rachid):
    starts = {p.key: dt.datetime(2026, 1, 1, tzinfo=UTC) for p in phases.PHASES}
    with pytest.raises(ValidationFailed):
        services.cycle_create(
            collectivity=settat, name="x", envelope=10, starts=starts, ballot_type="approval", rule="mes", actor=rachid
        )


def test_staff_of_another_commune_cannot_open_a_cycle(oulad_said, rachid):
    from tadafur.budgets.tests.test_cycle_support import starts_for

    with pytest.raises(NotAllowed):
        services.cycle_create(
            collectivity=oulad_said,
            name="x",
            envelope=10,
            starts=starts_for("information"),
            ballot_type="approval",
            rule="mes",
            actor=rachid,
        )


def test_rachid_opens_a_cycle_with_districts(settat, rachid):
    from tadafur.budgets.tests.test_cycle_support import starts_for

    cycle = services.cycle_create(
        collectivity=settat,
        name="Settat 2027",
        envelope=2_000_000,
        starts=starts_for("information"),
        ballot_type="cumulative",
        max_points=10,
        rule="mes-add1-greedy",
        gender_floor_percent=30,
        districts=[("Hay Salam", 800_000), ("Centre", 1_200_000)],
        actor=rachid,
    )
    assert [d.name for d in cycle.districts.all()] == ["Centre", "Hay Salam"]
    assert Cycle.objects.get().gender_floor == Fraction(3, 10)


def test_amina_proposes_only_while_proposals_are_open(settat, amina, youssef):
    cycle = make_cycle(settat, phase="proposals")
    p = services.proposal_submit(
        cycle=cycle,
        title="Éclairage public, Hay Salam",
        description="Lampadaires solaires",
        estimated_cost=300_000,
        category="lighting",
        beneficiaries=["women", "girls"],
        actor=amina,
    )
    assert p.status == ProposalState.SUBMITTED and not p.on_ballot
    with pytest.raises(NotAllowed, match="verified residents"):
        services.proposal_submit(
            cycle=cycle, title="x", description="x", estimated_cost=1, category="other", beneficiaries=[], actor=youssef
        )
    closed = make_cycle(settat, phase="vote")
    with pytest.raises(NotAllowed, match="not open"):
        services.proposal_submit(
            cycle=closed, title="x", description="x", estimated_cost=1, category="other", beneficiaries=[], actor=amina
        )


def test_a_proposal_from_the_equality_body_is_marked(settat, ieecag_secretary):  # noqa: F811
    cycle = make_cycle(settat, phase="proposals")
    p = services.proposal_submit(
        cycle=cycle,
        title="Espace coopérative féminine",
        description="x",
        estimated_cost=400_000,
        category="economy",
        beneficiaries=["women"],
        proposer_kind="body",
        proposer_name="IEECAG",
        actor=ieecag_secretary,
    )
    assert p.from_equality_body


def _submitted(cycle, amina):
    from freezegun import freeze_time as ft

    with ft(cycle.proposals_start + dt.timedelta(days=1)):
        return services.proposal_submit(
            cycle=cycle,
            title="Terrain de sport",
            description="x",
            estimated_cost=500_000,
            category="sport",
            beneficiaries=["girls", "boys"],
            actor=amina,
        )


def test_a_proposal_reaches_the_ballot_only_with_both_reviews(settat, amina, rachid, ieecag_secretary):  # noqa: F811
    cycle = make_cycle(settat, phase="review")
    p = _submitted(cycle, amina)
    services.proposal_review_technical(
        proposal=p, within_competences=True, feasible=True, revised_cost=450_000, reasons="", actor=rachid
    )
    assert p.status == ProposalState.FEASIBLE and not list(selectors.ballot_proposals(cycle))
    services.proposal_review_gender(
        proposal=p, marker=1, analysis="Horaires réservés aux filles.", actor=ieecag_secretary
    )
    assert list(selectors.ballot_proposals(cycle)) == [p]
    assert p.cost == 450_000


def test_a_rejection_publishes_its_reasons(settat, amina, rachid):
    cycle = make_cycle(settat, phase="review")
    p = _submitted(cycle, amina)
    with pytest.raises(ValidationFailed):
        services.proposal_review_technical(
            proposal=p, within_competences=False, feasible=True, revised_cost=None, reasons=" ", actor=rachid
        )
    services.proposal_review_technical(
        proposal=p,
        within_competences=False,
        feasible=True,
        revised_cost=None,
        reasons="Compétence de la province.",
        actor=rachid,
    )
    p.refresh_from_db()
    assert p.status == ProposalState.REJECTED and p.review_reasons == "Compétence de la province."


def test_only_staff_or_the_ieecag_secretary_do_the_gender_review(settat, amina, khadija, ieecag_secretary):  # noqa: F811
    cycle = make_cycle(settat, phase="review")
    p = _submitted(cycle, amina)
    with pytest.raises(NotAllowed):
        services.proposal_review_gender(proposal=p, marker=2, analysis="x", actor=khadija)
    services.proposal_review_gender(proposal=p, marker=2, analysis="Cible les femmes.", actor=ieecag_secretary)


def test_a_secretary_of_another_body_cannot_gender_review(settat, amina, hassan):
    from tadafur.accounts.roles import Role
    from tadafur.accounts.services import role_grant
    from tadafur.bodies.models import Body

    other = Body.objects.create(collectivity=settat, kind="youth", name_ar="ش", name_fr="Jeunes")
    role_grant(
        user=hassan, role=Role.BODY_SECRETARY, collectivity=settat, body=other.scope, actor=None, check_permission=False
    )
    cycle = make_cycle(settat, phase="review")
    p = _submitted(cycle, amina)
    with pytest.raises(NotAllowed):
        services.proposal_review_gender(proposal=p, marker=2, analysis="x", actor=hassan)


def test_reviews_are_frozen_once_the_vote_opens(settat, amina, rachid):
    cycle = make_cycle(settat, phase="vote")
    p = _submitted(cycle, amina)
    with pytest.raises(NotAllowed, match="fixed"):
        services.proposal_review_technical(
            proposal=p, within_competences=True, feasible=True, revised_cost=None, reasons="", actor=rachid
        )


def test_merging_a_duplicate_keeps_its_author(settat, amina, khadija, rachid):
    cycle = make_cycle(settat, phase="review")
    keep = _submitted(cycle, amina)
    dup = _submitted(cycle, khadija)
    services.proposal_merge(duplicate=dup, into=keep, actor=rachid)
    dup.refresh_from_db()
    assert dup.status == ProposalState.MERGED and dup.merged_into == keep
    assert list(keep.co_authors.all()) == [khadija]
    assert dup not in selectors.public_proposals(cycle)
