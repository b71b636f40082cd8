"""Settat's IEECAG for the bodies tests: set up by Rachid (staff), Fatima its secretary."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tadafur.bodies import services
from tadafur.bodies.models import Body, Member
from tadafur.bodies.rules import BodyKind

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def make_ieecag(settat: Any, actor: Any) -> Body:
    """Settat's equality body (IEECAG), as the demo and the browser journeys know it."""
    return services.body_create(
        collectivity=settat,
        kind=BodyKind.IEECAG,
        name_ar="هيئة المساواة وتكافؤ الفرص ومقاربة النوع",
        name_fr="Instance de l'équité, de l'égalité des chances et de l'approche genre",
        mission="Étudier les questions d'égalité et donner son avis au conseil.",
        quorum=3,
        actor=actor,
    )


@pytest.fixture
def ieecag(settat: Any, rachid: Any) -> Body:
    return make_ieecag(settat, rachid)


def add_member(body: Body, actor: Any, name: str, sex: str = "woman", band: str = "35_49", **extra: Any) -> Member:
    return services.member_add(
        body=body,
        display_name=name,
        sex=sex,
        age_band=band,
        mandate_start=dt.date(2022, 3, 1),
        actor=actor,
        **extra,
    )


@pytest.fixture
def members(ieecag: Body, rachid: Any, fatima: Any) -> list[Member]:
    """Fatima (secretary) and four others: 3 women, 2 men, one under 35."""
    return [
        add_member(ieecag, rachid, "فاطمة الزهراء", "woman", "35_49", user=fatima, bureau_role="secretary"),
        add_member(ieecag, rachid, "نجاة الحمداوي", "woman", "50_64", bureau_role="president"),
        add_member(ieecag, rachid, "سناء بوعزة", "woman", "25_34", bureau_role="rapporteur"),
        add_member(ieecag, rachid, "عمر الفاسي", "man", "50_64"),
        add_member(ieecag, rachid, "يوسف الدكالي", "man", "35_49"),
    ]
