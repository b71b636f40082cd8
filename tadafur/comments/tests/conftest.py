"""Commentable objects in Settat: Amina's petition, a budget proposal, a PAC project."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def petition(amina: Any, settat: Any) -> Any:
    from tadafur.petitions.tests.helpers import collecting

    return collecting(amina, settat, title="Éclairage de la route Essalam")


@pytest.fixture
def proposal(settat: Any) -> Any:
    from tadafur.budgets.tests.test_cycle_support import make_cycle, on_ballot

    cycle = make_cycle(settat, phase="proposals")
    return on_ballot(cycle, "Terrain de sport", 300_000)


@pytest.fixture
def project(settat: Any, rachid: Any) -> Any:
    from tadafur.programmes import services
    from tadafur.programmes.tests.conftest import make_project

    pac = services.programme_create(collectivity=settat, start_year=2022, actor=rachid)
    axis = services.axis_add(programme=pac, title_ar="المساواة", title_fr="Égalité", order=1, actor=rachid)
    return make_project(axis, rachid)


@pytest.fixture
def phone_only(db: Any) -> Any:
    """A person who confirmed a mobile number but is not verified as a resident."""
    from tadafur.accounts.tests.factories import UserFactory

    return UserFactory(email="", phone="+212600000001", phone_verified=True, display_name="Nadia")


@pytest.fixture
def email_only(db: Any) -> Any:
    from tadafur.accounts.tests.factories import UserFactory

    return UserFactory(display_name="Karim")
