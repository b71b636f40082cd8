"""Structured logs, the health endpoint and the Prometheus metrics an operator relies on."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import pytest
from django.test import Client

from tadafur.core import observability
from tadafur.core.middleware import RequestIdLogFilter

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_metrics() -> Any:
    observability.metrics_reset()
    yield
    observability.metrics_reset()


# --- Logs -----------------------------------------------------------------------------------


def _formatted(record: logging.LogRecord) -> dict[str, Any]:
    RequestIdLogFilter().filter(record)
    return json.loads(observability.JsonFormatter().format(record))


def test_a_log_line_is_one_json_object_with_the_request_id() -> None:
    record = logging.makeLogRecord(
        {"name": "tadafur.petitions", "levelno": logging.INFO, "levelname": "INFO", "msg": "signed: %d", "args": (3,)}
    )
    line = _formatted(record)
    assert line["message"] == "signed: 3"
    assert line["level"] == "INFO" and line["logger"] == "tadafur.petitions"
    assert line["request_id"] == "-"  # outside a request
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["time"])


def test_extra_fields_and_exceptions_are_kept_as_json() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.makeLogRecord(
            {"name": "x", "levelname": "ERROR", "msg": "failed", "exc_info": sys.exc_info(), "duration_ms": 12}
        )
    line = _formatted(record)
    assert line["duration_ms"] == 12
    assert "ValueError: boom" in line["exception"]


def test_requests_log_with_their_request_id(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    """A line logged while serving a request carries the id the response tells the browser."""
    caplog.set_level(logging.WARNING, logger="django.request")
    response = client.get("/fr/no-such-page/?q=0612345678", HTTP_X_REQUEST_ID="proxy-1234abcd")
    assert response.status_code == 404
    record = next(r for r in caplog.records if r.name == "django.request")
    line = _formatted(record)
    assert line["request_id"] == "proxy-1234abcd"
    assert "request" not in line  # its repr would carry the query string


def test_the_configured_handler_writes_json(settings: Any) -> None:
    assert settings.LOGGING["handlers"]["console"]["formatter"] == "json"
    assert settings.LOGGING["formatters"]["json"]["()"] == "tadafur.core.observability.JsonFormatter"


# --- Health ---------------------------------------------------------------------------------


def test_healthz_reports_each_check(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "tasks"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["tasks"]["detail"] == "in-process"


def test_healthz_is_503_naming_the_failing_part(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> str:
        raise ConnectionError("cache server refused the connection")

    monkeypatch.setitem(observability.HEALTH_CHECKS, "cache", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["cache"] == {
        "ok": False,
        "detail": "ConnectionError: cache server refused the connection",
        "ms": body["checks"]["cache"]["ms"],
    }
    assert body["checks"]["database"]["ok"] is True


# --- Metrics --------------------------------------------------------------------------------


def _scrape(client: Client, token: str = "s3cret-token") -> str:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    return response.content.decode()


def _value(text: str, series: str) -> float:
    match = re.search(rf"^{re.escape(series)} (\S+)$", text, re.MULTILINE)
    assert match, f"{series} missing from:\n{text}"
    return float(match.group(1))


def test_metrics_are_off_without_a_token_and_refuse_a_wrong_one(client: Client, settings: Any) -> None:
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    settings.METRICS_TOKEN = "s3cret-token"
    refused = client.get("/metrics", HTTP_AUTHORIZATION="Bearer guess")
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/metrics").status_code == 401


def test_metrics_count_requests_by_status_with_a_latency_histogram(client: Client, settings: Any) -> None:
    settings.METRICS_TOKEN = "s3cret-token"
    client.get("/healthz")
    client.get("/healthz")
    client.get("/fr/no-such-page/")
    text = _scrape(client)
    assert _value(text, 'tadafur_http_requests_total{status="200"}') == 2
    assert _value(text, 'tadafur_http_requests_total{status="404"}') == 1
    assert _value(text, "tadafur_http_request_duration_seconds_count") == 3
    assert _value(text, 'tadafur_http_request_duration_seconds_bucket{le="+Inf"}') == 3
    assert _value(text, 'tadafur_http_request_duration_seconds_bucket{le="10.0"}') == 3
    assert _value(text, "tadafur_http_request_duration_seconds_sum") > 0
    # Buckets are cumulative.
    buckets = [float(v) for v in re.findall(r'_bucket\{le="[^"]+"\} (\S+)', text)]
    assert buckets == sorted(buckets)
    # The scrape itself is not counted.
    assert _value(_scrape(client), "tadafur_http_request_duration_seconds_count") == 3


def test_metrics_include_the_queue_and_participation_rates(client: Client, settings: Any) -> None:
    settings.METRICS_TOKEN = "s3cret-token"
    text = _scrape(client)
    assert _value(text, 'tadafur_task_queue_jobs{state="waiting"}') == 0
    assert _value(text, "tadafur_signatures_last_minute") == 0
    assert _value(text, "tadafur_ballots_last_minute") == 0
    # Every sample line is valid exposition format: name{labels} number.
    for line in text.splitlines():
        if not line.startswith("#"):
            assert re.fullmatch(r'[a-z_]+(\{[a-z]+="[^"]*"\})? -?[0-9.e+]+', line), line


def test_signatures_per_minute_count_the_last_60_seconds(client: Client, settings: Any, settat: Any) -> None:
    import datetime as dt

    from tadafur.core import clock
    from tadafur.petitions.demo import signatures_seed
    from tadafur.petitions.tests.helpers import collecting, resident, seed

    settings.METRICS_TOKEN = "s3cret-token"
    petition = collecting(resident(settat), settat)
    seed(petition, 3)
    signatures_seed(petition, 2, residences=[settat], at=clock.now() - dt.timedelta(minutes=2))
    text = _scrape(client)
    assert _value(text, "tadafur_signatures_last_minute") == 3


# --- Requests no service can store --------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/api/v1/petitions/?territory=%00", "/api/v1/council/sessions?collectivity=a%00b", "/fr/territories/?q=%00"]
)
def test_a_nul_character_in_the_query_is_a_400_not_a_500(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    if url.startswith("/api/"):
        assert response.json() == {"detail": "Bad request"}


def test_a_nul_character_in_a_json_body_is_a_400(client: Client, amina: Any) -> None:
    client.force_login(amina)
    url = "/api/v1/notifications/inbox/read"
    clean = client.post(url, data='{"ids": []}', content_type="application/json")
    assert clean.status_code < 400, clean.content
    assert client.post(url, data='{"ids": [], "x": "a\\u0000"}', content_type="application/json").status_code == 400
