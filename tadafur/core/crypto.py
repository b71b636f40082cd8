"""CNIE numbers and other personal data at rest: normalise, keyed hash, field encryption.

The CNIE (carte nationale d'identité électronique / البطاقة الوطنية للتعريف الإلكترونية) number is
1–2 letters followed by up to 6 digits (SPEC §2). It is kept as a keyed HMAC for matching and
de-duplication (PII_HASH_KEY), and encrypted (Fernet, FIELD_ENCRYPTION_KEY) only where a later
module needs the clear value, such as a filed signature list.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CNIE_PATTERN = re.compile(r"^[A-Z]{1,2}[0-9]{1,6}$")
_STRIP = re.compile(r"[\s\-_.]")

INVALID_CNIE_MESSAGE = _("A CNIE number is one or two letters followed by up to six digits, for example AB123456.")


def normalise_cnie(raw: str) -> str:
    """Uppercase, strip spaces and dashes, and check the shape; raise ValidationError otherwise."""
    value = _STRIP.sub("", raw or "").upper()
    if not CNIE_PATTERN.match(value):
        raise ValidationError(INVALID_CNIE_MESSAGE, code="invalid_cnie")
    return value


def _key_bytes(value: str | bytes) -> bytes:
    return value.encode() if isinstance(value, str) else value


def keyed_hash(text: str) -> str:
    """HMAC-SHA256 of `text` keyed with settings.PII_HASH_KEY, hex encoded."""
    return hmac.new(_key_bytes(settings.PII_HASH_KEY), text.encode(), hashlib.sha256).hexdigest()


def cnie_hash(cnie: str) -> str:
    return keyed_hash("cnie:" + normalise_cnie(cnie))


def _fernet() -> Fernet:
    key = _key_bytes(settings.FIELD_ENCRYPTION_KEY)
    try:
        return Fernet(key)
    except ValueError:
        # Any secret string works: derive a valid 32-byte urlsafe key from it.
        return Fernet(base64.urlsafe_b64encode(hashlib.sha256(key).digest()))


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    """Return the clear text; raise ValueError when the token was altered or the key changed."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("cannot decrypt: the value was altered or FIELD_ENCRYPTION_KEY changed") from exc
