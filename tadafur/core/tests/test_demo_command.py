from __future__ import annotations

from io import StringIO

import pytest
from allauth.mfa.totp.internal.auth import validate_totp_code
from django.core.management import call_command

from tadafur.accounts.demo import DEMO_TOTP_SECRET

pytestmark = pytest.mark.django_db


def test_load_demo_prints_the_logins_and_a_second_run_creates_nothing() -> None:
    first, second = StringIO(), StringIO()
    call_command("load_demo", stdout=first)
    call_command("load_demo", stdout=second)
    assert "amina@demo.tadafur.ma" in first.getvalue()
    assert DEMO_TOTP_SECRET in first.getvalue()
    assert "demo data: 0 created" in second.getvalue()


def test_demo_totp_prints_a_code_that_the_login_accepts() -> None:
    out = StringIO()
    call_command("demo_totp", stdout=out)
    code = out.getvalue().strip()
    assert len(code) == 6
    assert validate_totp_code(DEMO_TOTP_SECRET, code)
