"""Small hand-made records for the indicator tests, written straight to the tables with known
dates (the services stamp "now"; here the dates are the point)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tadafur.accounts.tests.factories import UserFactory
from tadafur.bodies.models import BODY_TYPE, Body, Meeting, Member, Opinion
from tadafur.budgets.models import Ballot, Cycle
from tadafur.petitions.models import Petition, PetitionKind, Signature
from tadafur.petitions.states import PetitionState
from tadafur.programmes.models import Axis, Programme, Project


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    """An aware datetime in Morocco's time zone on `day`."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def petition(
    territory: Any,
    *,
    filed: dt.date | None,
    accepted: dt.date | None = None,
    rejected: dt.date | None = None,
    agent: Any = None,
    title: str = "Éclairage public",
) -> Petition:
    status = PetitionState.COLLECTING
    if filed:
        status = PetitionState.FILED
    if accepted:
        status = PetitionState.ACCEPTED
    if rejected:
        status = PetitionState.REJECTED
    return Petition.objects.create(
        kind=PetitionKind.LOCAL_CITIZENS,
        territory=territory,
        title=title,
        subject="Sujet",
        reasons="Raisons",
        objectives="Objectifs",
        requested_agenda_point="Point",
        agent=agent or UserFactory(),
        status=status,
        collecting_at=at(filed - dt.timedelta(days=30)) if filed else at(dt.date(2026, 1, 2)),
        filed_at=at(filed) if filed else None,
        accepted_at=at(accepted) if accepted else None,
        rejected_at=at(rejected) if rejected else None,
    )


_codes = iter(range(10**6))


def signature(p: Petition, *, sex: str, band: str, on: dt.date, cnie: str | None = None) -> Signature:
    n = next(_codes)
    return Signature.objects.create(
        petition=p,
        cnie_hash=cnie or f"hash-{n}",
        sex=sex,
        age_band=band,
        verification_code=f"V{n:010d}",
        created_at=at(on),
    )


def cycle(collectivity: Any, *, vote: dt.date, envelope: int = 1_000_000, result: dict | None = None) -> Cycle:
    return Cycle.objects.create(
        collectivity=collectivity,
        name="Budget participatif",
        envelope=envelope,
        information_starts=at(vote - dt.timedelta(days=40)),
        proposals_start=at(vote - dt.timedelta(days=30)),
        review_starts=at(vote - dt.timedelta(days=20)),
        vote_starts=at(vote),
        results_start=at(vote + dt.timedelta(days=10)),
        ballot_type="approval",
        rule="greedy",
        result=result or {},
        result_computed_at=at(vote + dt.timedelta(days=9)) if result else None,
    )


def ballot(c: Cycle, *, sex: str, birth_year: int | None, on: dt.date) -> Ballot:
    return Ballot.objects.create(
        cycle=c, channel="online", voter_sex=sex, voter_birth_year=birth_year, cast_at=at(on), changed_at=at(on)
    )


def body(collectivity: Any, kind: str = "ieecag") -> Body:
    return Body.objects.create(collectivity=collectivity, kind=kind, name_ar="هيئة", name_fr="Instance")


def member(b: Body, *, sex: str, start: dt.date = dt.date(2022, 3, 1), end: dt.date | None = None) -> Member:
    return Member.objects.create(
        body=b, display_name="Membre", sex=sex, age_band="35_49", mandate_start=start, mandate_end=end
    )


def meeting(b: Body, *, held: dt.date | None, status: str = "held") -> Meeting:
    return Meeting.objects.create(
        collectivity=b.collectivity,
        organiser_type=BODY_TYPE,
        organiser_id=b.pk,
        title="Réunion",
        starts_at=at(held or dt.date(2026, 12, 1)),
        place="Siège",
        status=status if held else "planned",
        held_at=at(held) if held else None,
        is_public=True,
    )


def opinion(b: Body, *, adopted: dt.date, answered: dt.date | None = None) -> Opinion:
    return Opinion.objects.create(
        body=b,
        title="Avis",
        text="Texte",
        status="answered" if answered else "adopted",
        adopted_at=at(adopted),
        answered_at=at(answered) if answered else None,
    )


def project(collectivity: Any, *, cost: int, progress: int, executed: int = 0, start_year: int = 2024) -> Project:
    programme = Programme.objects.filter(collectivity=collectivity).first()
    if programme is None:
        programme = Programme.objects.create(
            collectivity=collectivity, kind="pac", start_year=2022, end_year=2027, adopted_at=at(dt.date(2023, 2, 1))
        )
    axis = Axis.objects.filter(programme=programme).first() or Axis.objects.create(
        programme=programme, title_ar="محور", title_fr="Axe"
    )
    return Project.objects.create(
        axis=axis,
        title_ar="مشروع",
        title_fr="Projet",
        cost=Decimal(cost),
        first_three_years=Decimal(cost),
        executed=Decimal(executed),
        start_year=start_year,
        end_year=start_year + 2,
        gender_marker=0,
        progress=progress,
    )
