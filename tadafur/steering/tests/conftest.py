"""Settat province's steering committee for the tests: set up by Hassan (steering member of the
province), with members and recommendations across Settat and Oulad Said."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from freezegun import freeze_time

from tadafur.steering import services
from tadafur.steering.models import Committee, Recommendation


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def committee(settat_province: Any, hassan: Any) -> Committee:
    with freeze_time("2025-03-01 09:00"):
        c = services.committee_create(
            collectivity=settat_province,
            name_ar="اللجنة التقنية للتتبع والمواكبة لإقليم سطات",
            name_fr="Comité technique de pilotage et de suivi de la province de Settat",
            actor=hassan,
        )
    return c


@pytest.fixture
def members(committee: Committee, hassan: Any, said: Any) -> list[Any]:
    return [
        services.member_add(
            committee=committee,
            display_name="ممثل السيد العامل",
            organisation="عمالة إقليم سطات",
            role="governor_rep",
            sex="man",
            actor=hassan,
        ),
        services.member_add(
            committee=committee, display_name="", role="technical_service", sex="man", user=hassan, actor=hassan
        ),
        services.member_add(
            committee=committee,
            display_name="Said Berrada",
            organisation="جماعة سطات",
            role="council_president",
            sex="man",
            user=said,
            actor=hassan,
        ),
        services.member_add(
            committee=committee,
            display_name="نجاة الحمداوي",
            organisation="جمعية نساء سطات",
            role="civil_society",
            sex="woman",
            actor=hassan,
        ),
    ]


def propose(
    committee: Committee, actor: Any, collectivity: Any, title: str, due: dt.date, **extra: Any
) -> Recommendation:
    return services.recommendation_propose(
        committee=committee,
        title=title,
        text=extra.pop("text", f"{title}: نص التوصية"),
        collectivity=collectivity,
        responsible=extra.pop("responsible", "المصلحة التقنية"),
        due_date=due,
        actor=actor,
        **extra,
    )
