"""A call of Settat commune for the co-creation tests: Rachid runs it, Khadija applies for her
women's association (Nisaa, founded 2015), Fatima and Rachid review. Time is frozen on
10 March 2026, while the call is open (questions until 20 March, applications 1–31 March)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from freezegun import freeze_time

from tadafur.associations.tests.conftest import make_association
from tadafur.cocreation import services
from tadafur.cocreation.models import Application, Call

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
OPEN_DAY = "2026-03-10 10:00"
AFTER_SUBMISSION = "2026-04-02 10:00"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with freeze_time(OPEN_DAY):
        yield


@pytest.fixture
def nisaa(khadija: Any, settat: Any) -> Any:
    return make_association(seat=settat, representative=khadija)


def call_values(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "Initiatives locales pour l'égalité 2026",
        "theme": "Autonomisation économique des femmes",
        "description": "Projets co-construits avec la commune.",
        "envelope": Decimal("300000"),
        "max_per_project": Decimal("100000"),
        "cofinancing_min_percent": 10,
        "min_years_constituted": 2,
        "require_good_standing": True,
        "gender_criteria": "Au moins la moitié des bénéficiaires sont des femmes.",
        "youth_criteria": "",
        "required_documents": "Statuts",
        "questions_until": dt.date(2026, 3, 20),
        "submission_opens": dt.date(2026, 3, 1),
        "submission_until": dt.date(2026, 3, 31),
        "review_until": dt.date(2026, 4, 30),
        "results_on": dt.date(2026, 5, 15),
    }
    values.update(overrides)
    return values


def make_call(collectivity: Any, actor: Any, *, publish: bool = True, **overrides: Any) -> Call:
    call = services.call_create(collectivity=collectivity, actor=actor, **call_values(**overrides))
    services.criterion_add(call=call, label="Pertinence", weight=40, max_score=5, actor=actor)
    services.criterion_add(call=call, label="Approche genre", weight=30, max_score=5, actor=actor)
    services.criterion_add(call=call, label="Faisabilité", weight=30, max_score=10, actor=actor)
    if publish:
        services.call_publish(call=call, actor=actor)
    return call


@pytest.fixture
def call(settat: Any, rachid: Any) -> Call:
    return make_call(settat, rachid)


def complete(application: Application, actor: Any, *, requested: str = "80000", cofinanced: str = "20000") -> None:
    """Fill every step of Khadija's draft so that it can be submitted."""
    services.application_update(
        application=application,
        actor=actor,
        summary="Ateliers de couture et de commercialisation pour 40 femmes.",
        problem="Peu de revenus propres pour les femmes des quartiers périphériques.",
        activities="Formation, équipement, marché mensuel.",
        target_women=40,
        target_girls=5,
        commune_service="Service des affaires sociales",
        women_led=True,
    )
    services.budget_line_add(
        application=application,
        label="Équipement",
        requested=Decimal(requested),
        cofinanced=Decimal(cofinanced),
        actor=actor,
    )
    services.indicator_add(application=application, label="Femmes formées", baseline="0", target="40", actor=actor)
    services.attachment_add(
        application=application, document="Statuts", file=SimpleUploadedFile("statuts.pdf", PDF_BYTES), actor=actor
    )


@pytest.fixture
def draft(call: Call, nisaa: Any, khadija: Any) -> Application:
    return services.application_start(call=call, association=nisaa, title="Couture solidaire", actor=khadija)


@pytest.fixture
def submitted(draft: Application, khadija: Any) -> Application:
    complete(draft, khadija)
    return services.application_submit(application=draft, actor=khadija)


@pytest.fixture
def in_review(call: Call, submitted: Application, rachid: Any) -> Call:
    with freeze_time(AFTER_SUBMISSION):
        services.call_review_start(call=call, actor=rachid)
    call.refresh_from_db()
    return call
