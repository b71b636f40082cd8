"""The scanner that fails the suite when a log record holds personal data (tadafur/conftest.py)."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tadafur.accounts.phones import mask_phone, normalise_phone
from tadafur.core.crypto import normalise_cnie
from tadafur.core.pii import personal_data_in

cnies = st.from_regex(r"[A-Z]{1,2}[0-9]{4,6}", fullmatch=True)
mobiles = st.from_regex(r"0[67][0-9]{8}", fullmatch=True)


def _kinds(text: str) -> list[str]:
    return [f.kind for f in personal_data_in(text)]


@given(cnies)
def test_every_cnie_number_is_found_in_a_sentence(cnie: str) -> None:
    assert normalise_cnie(cnie) == cnie  # a real CNIE shape
    assert _kinds(f"signature refused for {cnie}.") == ["CNIE number"]


@given(mobiles, st.sampled_from(["national", "e164", "spaced", "international"]))
def test_every_spelling_of_a_mobile_number_is_found(national: str, spelling: str) -> None:
    e164 = normalise_phone(national)
    text = {
        "national": national,
        "e164": e164,
        "spaced": " ".join([national[:2], national[2:4], national[4:6], national[6:8], national[8:]]),
        "international": "00" + e164[1:],
    }[spelling]
    assert _kinds(f"code sent to {text}") == ["phone number"]


@given(mobiles)
def test_a_masked_phone_is_not_personal_data(national: str) -> None:
    assert personal_data_in(f"code sent to {mask_phone(normalise_phone(national))}") == []


@pytest.mark.parametrize("email", ["amina@demo.tadafur.ma", "k.el-idrissi+x@gmail.com", "A.B@Example.Co.MA"])
def test_email_addresses_are_found(email: str) -> None:
    assert _kinds(f"welcome mail to <{email}>") == ["email address"]
    assert personal_data_in(email, allowed_emails=frozenset({email.lower()})) == []


@pytest.mark.parametrize(
    "line",
    [
        "email sent: 1 message(s) to 3 recipient(s)",
        "GET /fr/petitions/12/ 200 in 0.12s request 4f2a9c01b7d84e0a9b3c2d1e0f9a8b7c",
        "receipt SET-2026-000123 issued",
        "Not Found: /ar/territories/06.461.01.15/",
        "HTTP/1.1 404 at 2026-11-29T04:07:46.217+00:00",
        "check tadafur.W001 security.W004",
    ],
)
def test_ordinary_log_lines_are_not_flagged(line: str) -> None:
    assert personal_data_in(line) == []


def test_the_suite_collects_every_log_record() -> None:
    from tadafur import conftest

    handlers = [h for h in logging.getLogger().handlers if isinstance(h, conftest._PiiScanHandler)]
    assert len(handlers) == 1
    before = len(conftest._PII_FINDINGS)
    handlers[0].emit(logging.makeLogRecord({"name": "probe", "msg": "to %s", "args": ("0612345678",)}))
    found = conftest._PII_FINDINGS[before:]
    del conftest._PII_FINDINGS[before:]  # a probe, not a leak
    assert [(f["logger"], f["kind"], f["value"]) for f in found] == [("probe", "phone number", "0612345678")]
    assert found[0]["test"].endswith("test_the_suite_collects_every_log_record")


def test_rq_job_lines_are_redacted_before_any_handler_sees_them(caplog):
    """RQ's worker logs each job with its arguments; the settings redact them at the logger."""
    import logging

    with caplog.at_level(logging.INFO, logger="rq.worker"):
        logging.getLogger("rq.worker").info(
            "default: tadafur.core.tasks.send_email_task(%r, 'Proposal received') (%s)", "youssef@example.ma", "job-1"
        )
    assert caplog.messages == ["default: tadafur.core.tasks.send_email_task('[email]', 'Proposal received') (job-1)"]
