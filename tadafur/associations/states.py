"""Verification status of an association in the registry, and its one transition table.

Staff of the seat collectivity check the statutes, the registration receipt (وصل الإيداع /
récépissé), the founding date, the seat and the standing, then verify or reject with a reason.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy

from tadafur.core.states import check_table


class VerificationStatus(models.TextChoices):
    UNVERIFIED = "unverified", pgettext_lazy("association status", "Awaiting verification")
    VERIFIED = "verified", pgettext_lazy("association status", "Verified")
    REJECTED = "rejected", pgettext_lazy("association status", "Rejected")


TRANSITIONS: dict[str, set[str]] = {
    # Staff of the seat decide on a pending registration.
    VerificationStatus.UNVERIFIED: {VerificationStatus.VERIFIED, VerificationStatus.REJECTED},
    # A representative corrects the registry facts (statutes, founding date, seat...) and the
    # association goes back to the queue; the same happens to a verified one whose facts change,
    # because staff verified the old facts, not the new ones.
    VerificationStatus.REJECTED: {VerificationStatus.UNVERIFIED},
    VerificationStatus.VERIFIED: {VerificationStatus.UNVERIFIED, VerificationStatus.REJECTED},
}

# States in which the association is shown to the public and may act.
PUBLIC_STATES = frozenset({VerificationStatus.VERIFIED})
# States that wait for a decision of staff.
REVIEW_STATES = frozenset({VerificationStatus.UNVERIFIED})

check_table(TRANSITIONS, VerificationStatus.values)
