"""The precompiled user read of every authenticated request (decision 0114)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tadafur.accounts.backends import AuthenticationBackend, ModelBackend
from tadafur.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _values(obj: Model) -> dict[str, object]:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


@pytest.mark.parametrize("backend", [ModelBackend, AuthenticationBackend])
def test_the_request_user_is_the_same_row_as_the_orm_reads(backend, settat):
    territory = settat
    user = UserFactory(
        sex="f",
        birth_year=1990,
        residence=territory,
        resident_of=territory,
        phone_verified=True,
        identity_level="resident_verified",
        resident_verified_at=timezone.now() - dt.timedelta(days=3),
        last_login=timezone.now(),
    )
    loaded = backend().get_user(user.pk)
    expected = get_user_model().objects.get(pk=user.pk)
    assert loaded is not None and type(loaded) is type(expected)
    assert _values(loaded) == _values(expected)
    assert loaded.get_deferred_fields() == set()
    assert loaded.get_session_auth_hash() == expected.get_session_auth_hash()
    assert loaded._state.adding is False and loaded._state.db == "default"


def test_missing_inactive_and_malformed_ids_give_no_user():
    user = UserFactory(is_active=False)
    assert ModelBackend().get_user(user.pk) is None
    assert ModelBackend().get_user(user.pk + 1000) is None
    assert ModelBackend().get_user("not-a-number") is None


def test_a_password_change_elsewhere_still_ends_the_session():
    user = UserFactory()
    client = Client()
    client.force_login(user)
    page = reverse("account_change_password")
    assert client.get(page).status_code == 200
    user.set_password("another-long-password-2")
    user.save()
    response = client.get(page)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
