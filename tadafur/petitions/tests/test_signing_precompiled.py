"""The signing path's statements compiled once per connection (decisions 0116, 0117): same rows, same log."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models.signals import pre_save

from tadafur.core import clock
from tadafur.core.precompiled import Insert
from tadafur.petitions import log, services
from tadafur.petitions.models import AgeBand, Channel, Petition, Signature, SignatureLogEntry
from tadafur.petitions.services import _INSERT_SIGNATURE, _LOCKED_FOR_SIGNING, SIGNING_FIELDS
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


def _signature(petition: Petition, user: object, code: str) -> Signature:
    return Signature(
        petition=petition,
        user=user,
        cnie_hash=f"hash-{code}",
        residence_id=petition.territory_id,
        sex="F",
        age_band=AgeBand.A25_34,
        channel=Channel.ONLINE,
        verification_code=code,
        log_seq=7,
        created_at=clock.now(),
        notify=True,
        name_enc="name",
        cnie_enc="cnie",
    )


def _stored(pk: int) -> tuple[object, ...]:
    """The row as the database holds it, every column but the primary key, read without the ORM."""
    columns = [f.column for f in Signature._meta.concrete_fields if not f.primary_key]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {Signature._meta.db_table} WHERE id = %s", [pk])
        return cursor.fetchone()


def test_the_precompiled_insert_stores_the_row_save_would(settat):
    petition = collecting(resident(settat), settat)
    user = resident(settat)
    ours = _signature(petition, user, "OURS000001")
    orm = _signature(petition, resident(settat), "ORMS000001")
    orm.created_at = ours.created_at
    _INSERT_SIGNATURE.save(ours, using="default")
    orm.save(force_insert=True)
    assert ours.pk is not None and ours.pk != orm.pk
    assert (ours._state.adding, ours._state.db) == (orm._state.adding, orm._state.db) == (False, "default")
    mine, theirs = _stored(ours.pk), _stored(orm.pk)
    differ = [c for c, a, b in zip(Signature._meta.concrete_fields[1:], mine, theirs, strict=True) if a != b]
    # Only the columns that were given different values differ (user, CNIE hash, code).
    assert [f.name for f in differ] == ["user", "cnie_hash", "verification_code"]
    assert Signature.objects.get(pk=ours.pk).user_id == user.pk


def test_the_precompiled_insert_raises_integrity_error_and_leaves_the_instance_new(settat):
    petition = collecting(resident(settat), settat)
    first = _signature(petition, resident(settat), "SAME000001")
    _INSERT_SIGNATURE.save(first, using="default")
    again = _signature(petition, resident(settat), "SAME000001")
    with transaction.atomic():  # a savepoint, as the service takes on PostgreSQL
        with pytest.raises(IntegrityError):
            _INSERT_SIGNATURE.save(again, using="default")
        # As save() does: the failed statement marks the block for rollback (PostgreSQL needs it).
        assert transaction.get_rollback()
    assert again.pk is None and again._state.adding
    assert Signature.objects.filter(verification_code="SAME000001").count() == 1


def test_the_precompiled_insert_runs_save_while_a_receiver_listens(settat):
    petition = collecting(resident(settat), settat)
    seen: list[str] = []

    def receiver(sender: object, instance: Signature, **kwargs: object) -> None:
        seen.append(instance.verification_code)

    pre_save.connect(receiver, sender=Signature, dispatch_uid="test.precompiled_insert")
    try:
        signature = _signature(petition, resident(settat), "HEARD00001")
        _INSERT_SIGNATURE.save(signature, using="default")
    finally:
        pre_save.disconnect(dispatch_uid="test.precompiled_insert", sender=Signature)
    assert seen == ["HEARD00001"]
    assert signature.pk is not None and not signature._state.adding


def test_a_model_whose_save_does_more_cannot_be_precompiled():
    from tadafur.accounts.models import User

    with pytest.raises(TypeError):
        Insert(User)
