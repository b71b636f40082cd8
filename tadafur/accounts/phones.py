"""Moroccan mobile numbers: every accepted spelling becomes E.164 `+2126XXXXXXXX` / `+2127XXXXXXXX`."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-./()]")
# National significant number of a Moroccan mobile: 6 or 7 followed by 8 digits (ANRT plan).
_MOBILE = re.compile(r"^[67][0-9]{8}$")

INVALID_PHONE_MESSAGE = _("Enter a Moroccan mobile number, for example 06 12 34 56 78 or +212 6 12 34 56 78.")


def normalise_phone(raw: str) -> str:
    """Return the E.164 form of a Moroccan mobile number, or raise ValidationError.

    Accepted: 06XXXXXXXX, 07XXXXXXXX, +2126…, 002126…, 2126… (and 7 likewise), with spaces,
    dashes, dots or brackets anywhere, and +212 (0)6… as people often write it.
    """
    value = _SEPARATORS.sub("", raw or "")
    if value.startswith("+212"):
        rest = value[4:]
    elif value.startswith("00212"):
        rest = value[5:]
    elif value.startswith("212") and len(value) == 12:
        rest = value[3:]
    elif value.startswith("0") and len(value) == 10:
        rest = value[1:]
    else:
        raise ValidationError(INVALID_PHONE_MESSAGE, code="invalid_phone")
    if rest.startswith("0") and len(rest) == 10:  # +212 (0)6…
        rest = rest[1:]
    if not _MOBILE.match(rest):
        raise ValidationError(INVALID_PHONE_MESSAGE, code="invalid_phone")
    return "+212" + rest


def looks_like_phone(raw: str) -> bool:
    try:
        normalise_phone(raw)
    except ValidationError:
        return False
    return True


def mask_phone(phone: str) -> str:
    """What logs and staff lists may show: only the last two digits."""
    return "•" * max(len(phone) - 2, 0) + phone[-2:] if phone else ""
