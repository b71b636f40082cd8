"""Sessions are read with one plain SELECT (tadafur/core/session_store.py, decision 0112), and
logging out, changing the password or letting the session expire still ends it at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tadafur.accounts.models import User

pytestmark = pytest.mark.django_db

PAGE = "account_change_password"  # a page that needs a login (LOGIN_PAGES)


def _logged_in(user: User) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def _is_logged_in(client: Client) -> bool:
    return client.get(reverse(PAGE)).status_code == 200


def _with_cookie(session_key: str) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


@pytest.fixture
def user() -> User:
    u = User.objects.create_user(username="sessions-user", password="a-long-password-1")
    return u


def test_the_project_uses_the_plain_select_session_store() -> None:
    assert settings.SESSION_ENGINE == "tadafur.core.session_store"


def test_a_session_is_read_with_one_select_of_its_data_only(user: User) -> None:
    client = _logged_in(user)
    with CaptureQueriesContext(connection) as ctx:
        assert _is_logged_in(client)
    reads = [q["sql"] for q in ctx.captured_queries if "django_session" in q["sql"]]
    assert len(reads) == 1 and reads[0].lstrip().upper().startswith("SELECT")
    assert "expire_date" in reads[0]  # an expired session is never read back


def test_logging_out_ends_the_session_for_every_copy_of_the_cookie(user: User) -> None:
    client = _logged_in(user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    stolen = _with_cookie(key)
    assert _is_logged_in(stolen)
    client.post(reverse("account_logout"))
    assert not _is_logged_in(stolen)
    assert not Session.objects.filter(session_key=key).exists()


def test_changing_the_password_logs_out_the_other_sessions(user: User) -> None:
    other_device = _logged_in(user)
    assert _is_logged_in(other_device)
    user.set_password("another-long-password-2")
    user.save()
    assert not _is_logged_in(other_device)


def test_an_expired_session_is_not_accepted(user: User) -> None:
    client = _logged_in(user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert not _is_logged_in(_with_cookie(key))


def test_an_unknown_or_malformed_session_key_is_anonymous() -> None:
    assert not _is_logged_in(_with_cookie("no-such-session-key-0000000000000"))
    assert not _is_logged_in(_with_cookie("short"))
