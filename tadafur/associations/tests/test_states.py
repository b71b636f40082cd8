from __future__ import annotations

import itertools
from typing import Any

import pytest

from tadafur.associations.states import TRANSITIONS, VerificationStatus
from tadafur.associations.tests.conftest import make_association
from tadafur.core.errors import InvalidTransition
from tadafur.core.models import AuditEntry
from tadafur.core.states import transition

pytestmark = pytest.mark.django_db

ALLOWED = {
    ("unverified", "verified"),
    ("unverified", "rejected"),
    ("rejected", "unverified"),
    ("verified", "unverified"),
    ("verified", "rejected"),
}


@pytest.mark.parametrize(("source", "target"), list(itertools.product(VerificationStatus.values, repeat=2)))
def test_every_transition(settat: Any, rachid: Any, source: str, target: str) -> None:
    association = make_association(seat=settat, status=source)
    if (source, target) in ALLOWED:
        transition(
            association,
            target,
            table=TRANSITIONS,
            actor=rachid,
            collectivity=settat,
            extra={"rejection_reason": "x"},
        )
        association.refresh_from_db()
        assert association.status == target
        assert getattr(association, f"{target}_at") is not None
        assert AuditEntry.objects.filter(object_id=str(association.pk), collectivity=settat).exists()
    else:
        with pytest.raises(InvalidTransition):
            transition(association, target, table=TRANSITIONS, actor=rachid)
        association.refresh_from_db()
        assert association.status == source
