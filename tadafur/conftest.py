"""Project-wide fixtures: territories loaded once per test database, in-process tasks."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from hypothesis import settings as hypothesis_settings

# Property tests explore the same examples on every run (CI must be deterministic), with no
# per-example deadline (the 2-core CI machine runs two database passes).
hypothesis_settings.register_profile("tadafur", derandomize=True, deadline=None)
hypothesis_settings.load_profile("tadafur")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """Load the 1,631 territories once into the test database; tests run in transactions on top."""
    from tadafur.core.tests import fast_flush
    from tadafur.territories.loader import territories_load

    with django_db_blocker.unblock():
        territories_load()
        # Transactional tests (browser, backups) end by emptying what they wrote, back to this state.
        fast_flush.capture_baseline()
    fast_flush.install()
    yield


@pytest.fixture(autouse=True)
def _english_outside_requests() -> Iterator[None]:
    """Code run outside a request (services, rules) speaks English in tests, whatever language
    the previous test's request left active. Requests still pick their language from the URL."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
    # Hashing passwords at full strength is the slowest part of account tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tasks run in-process in tests; the Redis queue has its own test (tadafur/core/tests/test_tasks.py).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # One fixed key for keyed hashes, so that every run computes the same hashes and signature
    # references (the per-checkout key in .local/secrets.json made a digit test depend on luck).
    settings.PII_HASH_KEY = "tadafur-tests-pii-hash-key"


@pytest.fixture
def settat_province() -> Any:
    from tadafur.territories.models import Territory

    return Territory.objects.get(code="06.461")


@pytest.fixture
def settat() -> Any:
    from tadafur.territories.models import Territory

    return Territory.objects.get(code="06.461.01.15")


@pytest.fixture
def oulad_said() -> Any:
    from tadafur.territories.models import Territory

    return Territory.objects.get(code="06.461.15.19")


def pytest_report_header(config: Any) -> str:
    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"tadafur: database={db} redis={'yes' if settings.REDIS_URL else 'no'}"


# --- Persona cast (tadafur/accounts/demo.py), one fixture each -------------------------------


@pytest.fixture(autouse=True)
def _sms_outbox(settings: Any) -> Iterator[list[Any]]:
    from tadafur.accounts.sms import LocmemSmsBackend

    settings.SMS_BACKEND = "tadafur.accounts.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox.clear()
    yield LocmemSmsBackend.outbox
    LocmemSmsBackend.outbox.clear()


@pytest.fixture
def sms_outbox(_sms_outbox: list[Any]) -> list[Any]:
    return _sms_outbox


def _persona(key: str) -> Any:
    from tadafur.accounts.demo import CAST, persona_create
    from tadafur.accounts.tests.factories import PASSWORD

    persona = next(p for p in CAST if p.key == key)
    user, _ = persona_create(persona, password=PASSWORD)
    return user


@pytest.fixture
def amina(db: Any) -> Any:
    return _persona("amina")


@pytest.fixture
def youssef(db: Any) -> Any:
    return _persona("youssef")


@pytest.fixture
def khadija(db: Any) -> Any:
    return _persona("khadija")


@pytest.fixture
def rachid(db: Any) -> Any:
    """Staff agent of Settat commune, with TOTP set up (demo secret)."""
    return _persona("rachid")


@pytest.fixture
def said(db: Any) -> Any:
    return _persona("said")


@pytest.fixture
def fatima(db: Any) -> Any:
    return _persona("fatima")


@pytest.fixture
def hassan(db: Any) -> Any:
    return _persona("hassan")


@pytest.fixture
def platform_admin(db: Any) -> Any:
    return _persona("admin")


# --- Personal data never in logs -------------------------------------------------------------
# Every log record of the run is collected (message and exception text, as a log collector or an
# error report would get them) and scanned when the session ends: a CNIE number, a Moroccan
# mobile number or an email address fails the run, naming the logger and the test.

_PII_FINDINGS: list[dict[str, str]] = []
_CURRENT_TEST = ["(outside any test)"]


class _PiiScanHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        from email.utils import parseaddr

        platform = {parseaddr(settings.DEFAULT_FROM_EMAIL)[1], parseaddr(settings.SERVER_EMAIL)[1]}
        self.allowed = frozenset(a.lower() for a in platform if a)

    def emit(self, record: logging.LogRecord) -> None:
        from tadafur.core.pii import personal_data_in

        try:
            text = record.getMessage()
        except Exception:  # a broken format string is another test's business
            text = str(record.msg)
        if record.exc_info and record.exc_info[1] is not None:
            # The exception's own message, as an error report shows it (not the source lines).
            text += f"\n{type(record.exc_info[1]).__name__}: {record.exc_info[1]}"
        for finding in personal_data_in(text, allowed_emails=self.allowed):
            _PII_FINDINGS.append(
                {"logger": record.name, "level": record.levelname, "kind": finding.kind, "value": finding.value,
                 "test": _CURRENT_TEST[0], "message": text[:300]}
            )  # fmt: skip


@pytest.fixture(scope="session", autouse=True)
def _pii_log_scan() -> Iterator[None]:
    """Installed after Django configured logging (dictConfig replaces the root's handlers)."""
    handler = _PiiScanHandler()
    logging.getLogger().addHandler(handler)
    yield
    logging.getLogger().removeHandler(handler)


def pytest_runtest_logstart(nodeid: str, location: Any) -> None:
    _CURRENT_TEST[0] = nodeid


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist: workers write their findings where the controller reads them."""
    node.workerinput["pii_findings_dir"] = str(_pii_dir(node.config))


def _pii_dir(config: Any) -> Path:
    path = Path(config._tmp_path_factory.getbasetemp() if hasattr(config, "_tmp_path_factory") else "/tmp") / "pii"
    path.mkdir(parents=True, exist_ok=True)
    return path


def pytest_sessionfinish(session: Any, exitstatus: int) -> None:
    workerinput = getattr(session.config, "workerinput", None)
    if workerinput is not None:  # an xdist worker hands its findings to the controller
        if _PII_FINDINGS and "pii_findings_dir" in workerinput:
            target = Path(workerinput["pii_findings_dir"]) / f"{workerinput.get('workerid', os.getpid())}.json"
            target.write_text(json.dumps(_PII_FINDINGS))
        return
    if hasattr(session.config, "_tmp_path_factory"):
        for path in sorted(_pii_dir(session.config).glob("*.json")):
            _PII_FINDINGS.extend(json.loads(path.read_text()))
    if _PII_FINDINGS and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if getattr(terminalreporter.config, "workerinput", None) is not None or not _PII_FINDINGS:
        return
    terminalreporter.section("personal data in logs", sep="=", red=True, bold=True)
    terminalreporter.line(
        f"{len(_PII_FINDINGS)} log record(s) hold personal data; log counts, ids or masked values instead "
        "(tadafur.accounts.phones.mask_phone), never CNIE numbers, phones or emails:"
    )
    for item in _PII_FINDINGS[:50]:
        terminalreporter.line(
            f"  logger {item['logger']!r} ({item['level']}) logged a {item['kind']} {item['value']!r} "
            f"during {item['test']}: {item['message']!r}"
        )
