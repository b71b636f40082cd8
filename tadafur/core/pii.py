"""Finding personal data in text that must not hold any: log lines and error reports.

Used by the test suite (tadafur/conftest.py) to scan every log record the suite emits for CNIE
numbers, Moroccan mobile numbers and email addresses.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

# One or two capital letters then 4 to 6 digits, alone (tadafur.core.crypto.CNIE_PATTERN, without
# the shortest forms that match ordinary codes).
CNIE_IN_TEXT = re.compile(r"(?<![A-Za-z0-9_.-])[A-Z]{1,2}[0-9]{4,6}(?![A-Za-z0-9_])")
# 06/07 + 8 digits, +2126/+2127, 002126/002127, with the usual separators.
PHONE_IN_TEXT = re.compile(r"(?<![0-9+])(?:\+212|00212|0)[ .-]?(?:\(0\))?[ .-]?[67](?:[ .-]?[0-9]){8}(?![0-9])")
EMAIL_IN_TEXT = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


@dataclass(frozen=True)
class Finding:
    kind: str  # "CNIE number", "phone number", "email address"
    value: str


def personal_data_in(text: str, *, allowed_emails: frozenset[str] = frozenset()) -> list[Finding]:
    found = [Finding("CNIE number", m.group()) for m in CNIE_IN_TEXT.finditer(text)]
    found += [Finding("phone number", m.group()) for m in PHONE_IN_TEXT.finditer(text)]
    found += [
        Finding("email address", m.group())
        for m in EMAIL_IN_TEXT.finditer(text)
        if m.group().lower() not in allowed_emails
    ]
    return found


def redact(text: str) -> str:
    """`text` with every CNIE number, mobile number and email address replaced by a marker."""
    text = EMAIL_IN_TEXT.sub("[email]", text)
    text = PHONE_IN_TEXT.sub("[phone]", text)
    return CNIE_IN_TEXT.sub("[cnie]", text)


class RedactPersonalData(logging.Filter):
    """For loggers of libraries that print what they are given, such as RQ's worker, which logs
    each job's arguments (an email task's recipient): the record is rewritten before any handler
    sees it. Our own code logs counts and ids instead, and the suite checks it does."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
