"""Small builders for petition tests (the persona fixtures come from tadafur/conftest.py)."""

from __future__ import annotations

from typing import Any

from tadafur.accounts.models import IdentityLevel
from tadafur.accounts.tests.factories import UserFactory
from tadafur.core import clock
from tadafur.petitions import services
from tadafur.petitions.demo import signatures_seed
from tadafur.petitions.models import Petition, PetitionKind

TEXT = {
    "subject": "Éclairage public de la route du quartier Essalam.",
    "reasons": "La route est obscure la nuit.",
    "objectives": "La sécurité des piétons.",
    "requested_agenda_point": "Inscrire l'éclairage de la route au budget.",
}


def resident(commune: Any, **extra: Any) -> Any:
    """A citizen verified as a resident of `commune`."""
    return UserFactory(
        identity_level=IdentityLevel.RESIDENT_VERIFIED,
        resident_of=commune,
        residence=commune,
        resident_verified_at=clock.now(),
        **extra,
    )


def draft(
    agent: Any,
    territory: Any = None,
    *,
    kind: str = PetitionKind.LOCAL_CITIZENS,
    title: str = "Éclairage",
    **extra: Any,
) -> Petition:
    return services.petition_create(actor=agent, kind=kind, title=title, territory=territory, **{**TEXT, **extra})


def collecting(agent: Any, territory: Any = None, **extra: Any) -> Petition:
    petition = draft(agent, territory, **extra)
    return services.petition_publish(
        petition=petition, actor=agent, within_competences=True, no_inadmissible_ground=True
    )


def seed(petition: Petition, n: int, residences: list[Any] | None = None) -> None:
    signatures_seed(petition, n, residences=residences or [petition.territory])


def filed(agent: Any, territory: Any, **extra: Any) -> Petition:
    from tadafur.petitions import selectors

    petition = collecting(agent, territory, **extra)
    seed(petition, selectors.required_signatures(petition))
    return services.petition_file(petition=petition, actor=agent)
