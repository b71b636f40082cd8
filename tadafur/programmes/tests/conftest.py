"""Settat's PAC 2022–2027 for the programme tests, prepared by Rachid (staff)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from tadafur.programmes import services
from tadafur.programmes.models import Programme, Project

OPENS = dt.date(2022, 11, 1)
CLOSES = dt.date(2022, 11, 30)


@pytest.fixture
def pac(settat: Any, rachid: Any) -> Programme:
    return services.programme_create(collectivity=settat, start_year=2022, actor=rachid)


@pytest.fixture
def axes(pac: Programme, rachid: Any) -> list[Any]:
    return [
        services.axis_add(
            programme=pac, title_ar="الخدمات الأساسية والطرق", title_fr="Services de base", order=1, actor=rachid
        ),
        services.axis_add(
            programme=pac, title_ar="التنمية الاقتصادية والتشغيل", title_fr="Économie et emploi", order=2, actor=rachid
        ),
        services.axis_add(
            programme=pac,
            title_ar="الإدماج الاجتماعي والمساواة",
            title_fr="Inclusion et égalité",
            order=3,
            actor=rachid,
        ),
    ]


def make_project(axis: Any, actor: Any, **extra: Any) -> Project:
    fields: dict[str, Any] = {
        "title_ar": "دار المرأة بحي مولاي إسماعيل",
        "title_fr": "Maison de la femme",
        "cost": Decimal("5000000"),
        "first_three_years": Decimal("5000000"),
        "start_year": 2023,
        "end_year": 2025,
        "gender_marker": 2,
        "indicators": [{"name": "Bénéficiaires", "unit": "femmes", "baseline": Decimal(0), "target": Decimal(600)}],
    }
    fields.update(extra)
    return services.project_add(axis=axis, actor=actor, **fields)


@pytest.fixture
def project(axes: list[Any], rachid: Any) -> Project:
    return make_project(axes[2], rachid)


def advance_to(programme: Programme, phase: str, actor: Any) -> None:
    path = ["diagnosis", "priorities", "drafting", "consultation"]
    if phase == "consultation" and not programme.consultation_opens:
        services.consultation_window_set(programme=programme, opens=OPENS, closes=CLOSES, actor=actor)
    for step in path[: path.index(phase) + 1]:
        services.programme_advance(programme=programme, to=step, actor=actor)


@pytest.fixture
def in_consultation(pac: Programme, axes: list[Any], rachid: Any) -> Programme:
    advance_to(pac, "consultation", rachid)
    return pac
