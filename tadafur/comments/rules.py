"""The rules of commenting: who counts as verified, and how fast one may post.

Decision 0611: the minimum to comment is a confirmed mobile number or a resident verification
(by roll or in person). An email-only account may read and flag but not comment: one account
per phone number (accounts' database constraint) makes throw-away accounts costly, and a
comment shows which of the two its author passed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from tadafur.accounts.models import IdentityLevel
from tadafur.comments.models import AuthorLevel

# Rate limit (decision 0612): at most this many comments per person per window, counted in the
# database over the (author, created_at) index so that every worker sees the same count.
RATE_WINDOW_MINUTES = 10
TEXT_MAX = 2000


def rate_limit() -> int:
    return int(getattr(settings, "COMMENTS_PER_10_MINUTES", 5))


def author_level(user: Any) -> str | None:
    """The verification shown next to the person's comments, or None when they may not comment."""
    if user.identity_level == IdentityLevel.ASSOCIATION_VERIFIED:
        return AuthorLevel.ASSOCIATION
    if user.is_resident_verified:
        return AuthorLevel.RESIDENT
    if user.phone and user.phone_verified:
        return AuthorLevel.PHONE
    return None
