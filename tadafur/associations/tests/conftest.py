"""The persona cast for the associations tests: Khadija, Rachid, Amina and their associations.

These override the project-wide persona fixtures on purpose: the registry's tests need bare
users whose only link to an association or a role is what each test creates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import translation

from tadafur.accounts.models import RoleAssignment, User
from tadafur.accounts.roles import Role
from tadafur.associations.models import Association, AssociationDomain, Domain, Representative
from tadafur.associations.states import VerificationStatus

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Reasons are asserted in the English source text; the project's default language is Arabic."""
    with translation.override("en"):
        yield


def make_user(username: str, **extra: Any) -> User:
    return User.objects.create_user(username=username, email=f"{username}@example.ma", password="pw-tadafur-1", **extra)


@pytest.fixture
def khadija(db: Any) -> User:
    return make_user("khadija", display_name="Khadija")


@pytest.fixture
def amina(db: Any) -> User:
    return make_user("amina", display_name="Amina")


@pytest.fixture
def rachid(db: Any, settat: Any) -> User:
    user = make_user("rachid", display_name="Rachid")
    RoleAssignment.objects.create(user=user, role=Role.STAFF_AGENT, collectivity=settat)
    # Staff roles must use two-factor authentication (accounts' StaffTwoFactorMiddleware).
    TOTP.activate(user, generate_totp_secret())
    return user


def make_association(
    *,
    seat: Any,
    founding_date: dt.date = dt.date(2015, 3, 8),
    status: str = VerificationStatus.VERIFIED,
    representative: User | None = None,
    reference: str = "RD-SETTAT-2015-037",
    name_fr: str = "Association Nisaa Settat pour l'égalité",
    name_ar: str = "جمعية نساء سطات من أجل المساواة",
    domains: tuple[str, ...] = (Domain.WOMEN,),
    good: bool = True,
) -> Association:
    association = Association.objects.create(
        name_fr=name_fr,
        name_ar=name_ar,
        registration_reference=reference,
        founding_date=founding_date,
        seat=seat,
        status=status,
        rejection_reason="incomplete" if status == VerificationStatus.REJECTED else "",
        in_good_standing=good,
        democratic_functioning=good,
    )
    for d in domains:
        AssociationDomain.objects.create(association=association, domain=d)
    if representative is not None:
        Representative.objects.create(
            association=association, user=representative, role_title="Présidente", since=dt.date(2021, 6, 12)
        )
    return association


@pytest.fixture
def nisaa(khadija: User, settat: Any) -> Association:
    """Khadija's women's association of Settat, founded 2015, verified and in good standing."""
    return make_association(seat=settat, representative=khadija)
