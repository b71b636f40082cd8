"""Short codes: 6 characters from a 30-character alphabet (Crockford base32 without 0 and 1).

Crockford's alphabet already drops I, L, O and U; dropping 0 and 1 too leaves no pair that a
reader can confuse on a poster or dictate wrongly on the phone. 30^6 ≈ 729 million codes, drawn
at random (not sequential, so codes do not reveal how many objects exist).

A code never has the shape of a CNIE number (one or two letters, then only digits, as `T49434`):
a person must not mistake one for the other at the help desk, and the logs, which are scanned
for identity numbers, must not look as if they held one.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 6
_VALID = re.compile(f"^[{ALPHABET}]{{{LENGTH}}}$")
_CNIE_SHAPED = re.compile(r"^[A-Z]{1,2}[0-9]+$")


def new_code() -> str:
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        if not _CNIE_SHAPED.match(code):
            return code


def normalise(raw: str) -> str:
    """What a person typed → the canonical code: uppercase, without spaces or dashes."""
    return re.sub(r"[\s\-.]", "", raw or "").upper()


def is_valid(code: str) -> bool:
    return bool(_VALID.match(code))


def pretty(code: str) -> str:
    """`ABC234` → `ABC 234`, easier to read aloud and to copy from a poster."""
    return f"{code[:3]} {code[3:]}"
