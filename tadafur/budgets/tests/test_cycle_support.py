"""Shared builders for the budget tests (imported by test_cycle*, test_voting*, test_views*, test_api*)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tadafur.accounts.models import IdentityLevel
from tadafur.accounts.tests.factories import UserFactory
from tadafur.budgets import phases, services
from tadafur.budgets.models import Cycle, Proposal
from tadafur.budgets.states import ProposalState
from tadafur.core import clock

DAY = dt.timedelta(days=1)


def starts_for(phase: str, *, now: dt.datetime | None = None) -> dict[str, dt.datetime]:
    """Phase starts, ten days apart, such that `phase` is running at `now`."""
    now = now or clock.now()
    keys = [p.key for p in phases.PHASES]
    index = keys.index(phase)
    return {key: now + (i - index) * 10 * DAY - DAY for i, key in enumerate(keys)}


def make_cycle(collectivity: Any, *, phase: str = "vote", **kwargs: Any) -> Cycle:
    options = {"ballot_type": "approval", "rule": "greedy", "envelope": 1_000_000, "max_choices": 3}
    options.update(kwargs)
    return services.cycle_create(
        collectivity=collectivity,
        name="Budget participatif 2026",
        starts=starts_for(phase),
        actor=None,
        check_permission=False,
        **options,
    )


def on_ballot(cycle: Cycle, title: str, cost: int, *, marker: int = 0, author: Any = None) -> Proposal:
    return Proposal.objects.create(
        cycle=cycle,
        title=title,
        description=title,
        estimated_cost=cost,
        category="other",
        beneficiaries=["everyone"],
        author=author or UserFactory(),
        proposer_kind="citizen",
        status=ProposalState.FEASIBLE,
        gender_marker=marker,
        gender_analysis="—",
    )


def resident(collectivity: Any, *, sex: str = "woman", birth_year: int = 1990, **kwargs: Any) -> Any:
    fields = {"identity_level": IdentityLevel.RESIDENT_VERIFIED, "resident_of": collectivity}
    return UserFactory(**{**fields, "sex": sex, "birth_year": birth_year, **kwargs})


@pytest.fixture
def ieecag_secretary(settat: Any, fatima: Any) -> Any:
    """Fatima, secretary of Settat's equality body (IEECAG)."""
    from tadafur.accounts.roles import Role
    from tadafur.accounts.services import role_grant
    from tadafur.bodies.models import Body
    from tadafur.bodies.rules import BodyKind

    body = Body.objects.create(collectivity=settat, kind=BodyKind.IEECAG, name_ar="هيئة المساواة", name_fr="IEECAG")
    role_grant(
        user=fatima, role=Role.BODY_SECRETARY, collectivity=settat, body=body.scope, actor=None, check_permission=False
    )
    return fatima


def approval_cycle(settat):
    """An approval ballot of one or two projects among three at 100,000 MAD each, in its vote."""
    c = make_cycle(settat, ballot_type="approval", min_choices=1, max_choices=2)
    for title in ("Éclairage", "Coopérative", "Terrain"):
        on_ballot(c, title, 100_000)
    return c
