"""Text messages through a pluggable gateway (settings.SMS_BACKEND), reused by every module.

Backends: ConsoleSmsBackend (development default: prints the message to stdout, logs only the
last two digits), LocmemSmsBackend (tests: keeps an outbox), HttpSmsBackend (production: JSON
POST to settings.SMS_GATEWAY_URL with a bearer token).
"""

from __future__ import annotations

import abc
import json
import logging
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.conf import settings
from django.utils.module_loading import import_string

from tadafur.accounts.phones import mask_phone

logger = logging.getLogger(__name__)

# GSM 03.38 basic character set and its extension table (extension characters cost two septets).
_GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENDED = set("^{}\\[~]|€\f")


class SmsError(Exception):
    """The gateway refused or could not be reached; the message was not sent."""


@dataclass(frozen=True)
class SmsResult:
    to: str
    parts: int
    message_id: str = ""


def is_gsm7(body: str) -> bool:
    return all(ch in _GSM7_BASIC or ch in _GSM7_EXTENDED for ch in body)


def sms_parts(body: str) -> int:
    """How many SMS a body costs: GSM-7 fits 160 characters in one, 153 per part when split;
    anything outside GSM-7 (Arabic, Tifinagh) is sent as UCS-2: 70 in one, 67 per part."""
    if not body:
        return 1
    if is_gsm7(body):
        length = sum(2 if ch in _GSM7_EXTENDED else 1 for ch in body)
        single, multi = 160, 153
    else:
        # UCS-2 counts UTF-16 code units: characters beyond the BMP take two.
        length = len(body.encode("utf-16-le")) // 2
        single, multi = 70, 67
    if length <= single:
        return 1
    return -(-length // multi)


class SmsBackend(abc.ABC):
    """A way to send one SMS; settings.SMS_BACKEND names the class to use."""

    @abc.abstractmethod
    def send(self, to: str, body: str) -> SmsResult: ...


class ConsoleSmsBackend(SmsBackend):
    """Development: the message goes to stdout so a developer can read the code; the logging
    system only ever sees the last two digits of the number and never the body."""

    def send(self, to: str, body: str) -> SmsResult:
        parts = sms_parts(body)
        sys.stdout.write(f"[SMS to {to}] {body}\n")
        sys.stdout.flush()
        logger.info("SMS sent to %s (%d part(s)) by the console backend", mask_phone(to), parts)
        return SmsResult(to=to, parts=parts)


@dataclass
class SentSms:
    to: str
    body: str


class LocmemSmsBackend(SmsBackend):
    """Tests: messages are kept in `LocmemSmsBackend.outbox` (cleared by the test fixture)."""

    outbox: ClassVar[list[SentSms]] = []

    def send(self, to: str, body: str) -> SmsResult:
        self.outbox.append(SentSms(to=to, body=body))
        return SmsResult(to=to, parts=sms_parts(body), message_id=str(len(self.outbox)))


@dataclass
class HttpSmsBackend(SmsBackend):
    """A gateway that takes `{"to": "+2126…", "body": "…"}` as JSON with `Authorization: Bearer`.

    Answers 2xx with optional JSON `{"id": "…"}`; anything else raises SmsError.
    """

    url: str = field(default_factory=lambda: settings.SMS_GATEWAY_URL or "")
    token: str = field(default_factory=lambda: settings.SMS_GATEWAY_TOKEN or "")
    timeout: float = field(default_factory=lambda: float(getattr(settings, "SMS_GATEWAY_TIMEOUT", 10)))

    def send(self, to: str, body: str) -> SmsResult:
        if not self.url:
            raise SmsError("SMS_GATEWAY_URL is not set: set it, or choose another SMS_BACKEND")
        payload = json.dumps({"to": to, "body": body}).encode()
        request = urllib.request.Request(
            self.url,
            data=payload,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": f"Bearer {self.token}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                raw = response.read()
        except urllib.error.HTTPError as exc:
            logger.warning("SMS gateway refused a message to %s: HTTP %s", mask_phone(to), exc.code)
            raise SmsError(f"SMS gateway answered HTTP {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            logger.warning("SMS gateway unreachable for a message to %s: %s", mask_phone(to), exc)
            raise SmsError(f"SMS gateway unreachable: {exc}") from exc
        message_id = ""
        if raw:
            try:
                data: Any = json.loads(raw)
                message_id = str(data.get("id", "")) if isinstance(data, dict) else ""
            except ValueError:
                message_id = ""
        logger.info("SMS sent to %s through the gateway", mask_phone(to))
        return SmsResult(to=to, parts=sms_parts(body), message_id=message_id)


def get_backend() -> SmsBackend:
    cls = import_string(getattr(settings, "SMS_BACKEND", "tadafur.accounts.sms.ConsoleSmsBackend"))
    return cls()


def send_sms(to: str, body: str) -> SmsResult:
    return get_backend().send(to, body)
