import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from tadafur.accounts.sms import (
    ConsoleSmsBackend,
    HttpSmsBackend,
    LocmemSmsBackend,
    SmsError,
    send_sms,
    sms_parts,
)


@pytest.mark.parametrize(
    ("body", "parts"),
    [
        ("", 1),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("€" * 80, 1),  # extension characters count twice
        ("€" * 81, 2),
        ("ر" * 70, 1),  # Arabic goes as UCS-2
        ("ر" * 71, 2),
        ("ر" * 134, 2),
        ("ر" * 135, 3),
        ("Code 1234 ⴰ", 1),  # Tifinagh is not GSM-7 either
        ("a" * 69 + "ر", 1),
        ("a" * 70 + "ر", 2),
    ],
)
def test_parts_follow_gsm7_and_ucs2_limits(body, parts):
    assert sms_parts(body) == parts


def test_send_sms_uses_the_configured_backend(settings):
    settings.SMS_BACKEND = "tadafur.accounts.sms.LocmemSmsBackend"
    result = send_sms("+212612345678", "Tadafur: 123456")
    assert LocmemSmsBackend.outbox[-1].to == "+212612345678"
    assert result.parts == 1


def test_console_backend_never_logs_the_full_number_or_the_body(caplog, capsys):
    with caplog.at_level(logging.INFO):
        ConsoleSmsBackend().send("+212612345678", "Tadafur: your code is 987654")
    assert "987654" in capsys.readouterr().out
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "78" in logged
    assert "612345678" not in logged and "987654" not in logged


class _Gateway(BaseHTTPRequestHandler):
    received: list = []
    status = 200

    def do_POST(self):  # noqa: N802
        length = int(self.headers["Content-Length"])
        _Gateway.received.append((self.headers["Authorization"], json.loads(self.rfile.read(length))))
        self.send_response(_Gateway.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"id": "msg-1"}')

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Gateway.received = []
    _Gateway.status = 200
    yield f"http://127.0.0.1:{server.server_port}/send"
    server.shutdown()
    server.server_close()


def test_http_backend_posts_json_with_the_bearer_token(gateway):
    result = HttpSmsBackend(url=gateway, token="secret-token", timeout=5).send("+212612345678", "مرحبا")
    assert result.message_id == "msg-1"
    auth, payload = _Gateway.received[0]
    assert auth == "Bearer secret-token"
    assert payload == {"to": "+212612345678", "body": "مرحبا"}


def test_http_backend_raises_sms_error_when_the_gateway_refuses(gateway):
    _Gateway.status = 503
    with pytest.raises(SmsError, match="503"):
        HttpSmsBackend(url=gateway, token="t", timeout=5).send("+212612345678", "x")


def test_http_backend_raises_sms_error_when_unreachable():
    with pytest.raises(SmsError, match="unreachable"):
        HttpSmsBackend(url="http://127.0.0.1:9/none", token="t", timeout=2).send("+212612345678", "x")
