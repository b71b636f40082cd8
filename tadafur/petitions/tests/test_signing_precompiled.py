"""The signing path's statements compiled once per connection (decision 0116): same rows, same log."""

from __future__ import annotations

import pytest
from django.db import transaction

from tadafur.petitions import log, services
from tadafur.petitions.models import Petition, SignatureLogEntry
from tadafur.petitions.services import _LOCKED_FOR_SIGNING, SIGNING_FIELDS
from tadafur.petitions.tests.helpers import collecting, resident

pytestmark = pytest.mark.django_db


def test_the_locked_petition_is_the_narrow_row_the_orm_reads(amina, settat):
    petition = collecting(resident(settat), settat)
    with transaction.atomic():
        ours = _LOCKED_FOR_SIGNING.get(petition.pk, using="default")
        orm = Petition.objects.select_for_update().only(*SIGNING_FIELDS).filter(pk=petition.pk).first()
        assert _LOCKED_FOR_SIGNING.get(petition.pk + 1000, using="default") is None
    assert type(ours) is Petition
    assert ours.get_deferred_fields() == orm.get_deferred_fields() != set()
    for name in ("id", "kind", "status", "territory_id", "log_size", "log_frontier", "log_salt"):
        assert getattr(ours, name) == getattr(orm, name)


def test_signatures_append_the_same_leaves_and_tree_head_as_the_orm_would(settat):
    petition = collecting(resident(settat), settat)
    signers = [resident(settat) for _ in range(5)]
    signatures = [
        services.petition_sign(petition=petition.pk, actor=s, cnie=f"AB{100000 + i}", consent=True)
        for i, s in enumerate(signers)
    ]
    services.signature_withdraw(signature=signatures[2], actor=signers[2])
    petition.refresh_from_db()
    rows = list(SignatureLogEntry.objects.filter(petition=petition).order_by("seq"))
    assert [r.seq for r in rows] == list(range(6))
    assert [r.event for r in rows] == ["sign"] * 5 + ["withdraw"]
    assert [s.log_seq for s in signatures] == list(range(5))
    assert petition.log_size == 6
    # The stored tree head is the recomputation from the stored leaves, and the log verifies.
    assert petition.log_frontier == _frontier_of([bytes.fromhex(r.leaf_hash) for r in rows])
    assert log.verify(petition) == []
    assert all(r.created_at is not None and r.created_at.tzinfo is not None for r in rows)


def _frontier_of(hashes: list[bytes]) -> list[list[object]]:
    frontier: list[list[object]] = []
    for h in hashes:
        frontier = log.frontier_push(frontier, h)
    return frontier
