"""The verifiable signature log: incremental tree head, inclusion proofs, tamper detection."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError

from tadafur.petitions import log, merkle, services
from tadafur.petitions.models import Petition, SignatureLogEntry
from tadafur.petitions.tests.helpers import collecting, resident, seed


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def test_the_incremental_tree_head_equals_the_full_recomputation():
    frontier: list = []
    leaves: list[bytes] = []
    for n in range(0, 70):
        assert log.frontier_root(frontier) == merkle.root(leaves), n
        leaf = f"leaf {n}".encode()
        leaves.append(leaf)
        frontier = log.frontier_push(frontier, merkle.leaf_hash(leaf))
    assert len(frontier) == bin(70).count("1")


@pytest.mark.django_db
def test_amina_verifies_her_signature_is_in_the_published_root(amina, settat):
    petition = collecting(resident(settat), settat)
    seed(petition, 6)
    signature = services.petition_sign(petition=petition, actor=amina, cnie="AB123456", consent=True)
    seed(petition, 4)
    petition.refresh_from_db()
    check = log.inclusion(petition, signature)
    assert check is not None and check.ok
    assert check.index == 6 and check.size == 11 and check.root == log.current_root(petition)


@pytest.mark.django_db
def test_petition_verify_passes_on_an_intact_log(amina, settat, capsys):
    petition = collecting(resident(settat), settat)
    seed(petition, 5)
    services.signature_withdraw(
        signature=services.petition_sign(petition=petition, actor=amina, cnie="AB1", consent=True),
        actor=amina,
    )
    call_command("petition_verify", str(petition.pk))
    assert f"petition {petition.pk}: OK, 7 leaves" in capsys.readouterr().out


def _tampered(petition: Petition) -> list[str]:
    with pytest.raises(CommandError) as failed:
        call_command("petition_verify", str(petition.pk))
    assert failed.value.returncode == 1
    return log.verify(petition)


@pytest.mark.django_db
def test_altering_a_leaf_is_detected(settat):
    petition = collecting(resident(settat), settat)
    seed(petition, 5)
    entry = SignatureLogEntry.objects.get(petition=petition, seq=2)
    data = json.loads(entry.leaf)
    data["at"] = "2020-01-01T00:00:00.000000Z"
    SignatureLogEntry.objects.filter(pk=entry.pk).update(leaf=json.dumps(data, sort_keys=True, separators=(",", ":")))
    assert any("altered" in p for p in _tampered(petition))


@pytest.mark.django_db
def test_rewriting_a_leaf_and_its_hash_is_detected_by_the_root(settat):
    petition = collecting(resident(settat), settat)
    seed(petition, 5)
    entry = SignatureLogEntry.objects.get(petition=petition, seq=1)
    forged = entry.leaf.replace('"at":"', '"at":"1')  # a different time, with a matching leaf hash
    assert forged != entry.leaf
    SignatureLogEntry.objects.filter(pk=entry.pk).update(leaf=forged, leaf_hash=merkle.leaf_hash(forged.encode()).hex())
    problems = _tampered(petition)
    assert any("root" in p for p in problems)


@pytest.mark.django_db
def test_deleting_a_middle_or_the_last_row_is_detected(settat):
    petition = collecting(resident(settat), settat)
    seed(petition, 5)
    SignatureLogEntry.objects.filter(petition=petition, seq=4).delete()
    assert any("published tree has 5" in p for p in _tampered(petition))
    SignatureLogEntry.objects.filter(petition=petition, seq=1).delete()
    assert any("sequence gap" in p for p in _tampered(petition))


@pytest.mark.django_db
def test_a_signature_without_its_log_entry_is_detected(amina, settat):
    from tadafur.petitions.models import Signature

    petition = collecting(resident(settat), settat)
    seed(petition, 3)
    first = Signature.objects.filter(petition=petition).first()
    Signature.objects.filter(pk=first.pk).update(status="withdrawn")
    assert any("last log event is sign" in p for p in _tampered(petition))


@pytest.mark.django_db
def test_an_unknown_petition_fails():
    with pytest.raises(CommandError):
        call_command("petition_verify", "987654")
