"""Settat's council sessions for the tests: Rachid (staff) plans, Said (president) deliberates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from freezegun import freeze_time

from tadafur.council import services


def at(year: int, month: int, day: int, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, 0))


@pytest.fixture
def frozen() -> Any:
    """1 January 2026, 09:00 in Morocco: well ahead of the February session."""
    with freeze_time(at(2026, 1, 1, 9)) as f:
        yield f


@pytest.fixture
def february(settat: Any, rachid: Any, frozen: Any) -> Any:
    services.council_seats_set(collectivity=settat, seats=39, actor=rachid)
    return services.session_plan(
        collectivity=settat,
        kind="ordinary",
        starts_at=at(2026, 2, 3),
        place="قاعة الاجتماعات بمقر الجماعة",
        agenda=["دراسة الحساب الإداري"],
        actor=rachid,
    )


def accepted_petition(territory: Any, agent: Any, title: str = "إنارة طريق حي السلام") -> Any:
    from tadafur.petitions.models import Petition, PetitionKind
    from tadafur.petitions.states import PetitionState

    return Petition.objects.create(
        kind=PetitionKind.LOCAL_CITIZENS,
        territory=territory,
        title=title,
        subject="إنارة الطريق",
        reasons="الطريق مظلم ليلا",
        objectives="سلامة الراجلين",
        requested_agenda_point="برمجة إنارة طريق حي السلام",
        agenda_point="برمجة إنارة طريق حي السلام",
        agent=agent,
        status=PetitionState.ACCEPTED,
        accepted_at=timezone.now(),
    )
