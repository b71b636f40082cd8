from __future__ import annotations

import datetime as dt
import hashlib
import json
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tadafur.petitions import merkle

# RFC 6962 reference inputs and tree heads (certificate-transparency test vectors).
RFC_LEAVES = [b"", b"\x00", b"\x10", b"\x20\x21", b"\x30\x31", b"\x40\x41\x42\x43", bytes(range(0x50, 0x58)),
              bytes(range(0x60, 0x70))]  # fmt: skip
RFC_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]

trees = st.lists(st.binary(max_size=24), min_size=1, max_size=40)


def test_empty_tree_head_is_the_hash_of_nothing() -> None:
    assert merkle.root([]) == hashlib.sha256(b"").digest()


@pytest.mark.parametrize("size", range(1, 9))
def test_tree_heads_match_the_rfc_6962_reference_vectors(size: int) -> None:
    assert merkle.root(RFC_LEAVES[:size]).hex() == RFC_ROOTS[size - 1]


def test_leaf_and_node_hashes_are_domain_separated() -> None:
    # A leaf whose bytes are two concatenated hashes must not pass for the node over them.
    a, b = merkle.leaf_hash(b"a"), merkle.leaf_hash(b"b")
    assert merkle.root([a + b]) != merkle.root([b"a", b"b"])


@given(trees, st.data())
@settings(max_examples=150, deadline=None)
def test_every_leaf_of_a_random_tree_proves_its_inclusion(leaves: list[bytes], data: st.DataObject) -> None:
    head = merkle.root(leaves)
    index = data.draw(st.integers(0, len(leaves) - 1))
    proof = merkle.inclusion_proof(index, leaves)
    assert merkle.verify_inclusion(leaves[index], index, len(leaves), proof, head)


def test_every_leaf_of_trees_up_to_33_verifies() -> None:
    for size in range(1, 34):
        leaves = [f"leaf {i}".encode() for i in range(size)]
        head = merkle.root(leaves)
        for index in range(size):
            assert merkle.verify_inclusion(leaves[index], index, size, merkle.inclusion_proof(index, leaves), head)


@given(trees, st.data())
@settings(max_examples=150, deadline=None)
def test_a_tampered_leaf_index_proof_or_size_fails(leaves: list[bytes], data: st.DataObject) -> None:
    head = merkle.root(leaves)
    index = data.draw(st.integers(0, len(leaves) - 1))
    proof = merkle.inclusion_proof(index, leaves)
    assert not merkle.verify_inclusion(leaves[index] + b"x", index, len(leaves), proof, head)
    if len(leaves) > 1:
        other = data.draw(st.integers(0, len(leaves) - 1).filter(lambda i: i != index))
        if leaves[other] != leaves[index]:
            assert not merkle.verify_inclusion(leaves[index], other, len(leaves), proof, head)
        position = data.draw(st.integers(0, len(proof) - 1))
        bad = list(proof)
        bad[position] = bytes([bad[position][0] ^ 1]) + bad[position][1:]
        assert not merkle.verify_inclusion(leaves[index], index, len(leaves), bad, head)
        assert not merkle.verify_inclusion(leaves[index], index, len(leaves), proof[:-1], head)
    # (A tree head is published with its size: a wrong size with the same root can pass for leaf 0 of
    # 3 vs 4 leaves, whose paths have the same shape, so the size itself is not checked here.)
    assert not merkle.verify_inclusion(leaves[index], len(leaves), len(leaves), proof, head)


@given(trees, st.lists(st.binary(max_size=24), max_size=40), st.data())
@settings(max_examples=150, deadline=None)
def test_consistency_holds_across_appends(old: list[bytes], appended: list[bytes], data: st.DataObject) -> None:
    leaves = old + appended
    old_root, new_root = merkle.root(old), merkle.root(leaves)
    proof = merkle.consistency_proof(len(old), leaves)
    assert merkle.verify_consistency(len(old), len(leaves), old_root, new_root, proof)
    if proof:
        position = data.draw(st.integers(0, len(proof) - 1))
        bad = list(proof)
        bad[position] = hashlib.sha256(bad[position]).digest()
        assert not merkle.verify_consistency(len(old), len(leaves), old_root, new_root, bad)


def test_consistency_for_every_pair_of_sizes_up_to_20() -> None:
    leaves = [f"signature {i}".encode() for i in range(20)]
    for new in range(1, 21):
        new_root = merkle.root(leaves[:new])
        for old in range(0, new + 1):
            proof = merkle.consistency_proof(old, leaves[:new])
            assert merkle.verify_consistency(old, new, merkle.root(leaves[:old]), new_root, proof), (old, new)


@given(st.lists(st.binary(max_size=8), min_size=2, max_size=30), st.data())
@settings(max_examples=150, deadline=None)
def test_rewriting_history_breaks_consistency(leaves: list[bytes], data: st.DataObject) -> None:
    """A log that altered an old leaf cannot prove it only appended since the old head."""
    old_size = data.draw(st.integers(1, len(leaves) - 1))
    victim = data.draw(st.integers(0, old_size - 1))
    rewritten = list(leaves)
    rewritten[victim] = leaves[victim] + b"!"
    proof = merkle.consistency_proof(old_size, rewritten)
    assert not merkle.verify_consistency(
        old_size, len(leaves), merkle.root(leaves[:old_size]), merkle.root(rewritten), proof
    )


def test_a_signature_event_leaf_is_canonical_and_holds_no_personal_data() -> None:
    ref = merkle.signature_ref(salt=b"petition-42-secret", signature_key="k7Qx9")
    at = dt.datetime(2026, 2, 1, 10, 30, tzinfo=ZoneInfo("Africa/Casablanca"))
    leaf = merkle.signature_event_leaf(petition_id=42, sequence=7, event="sign", signature_ref=ref, at=at)
    assert leaf == (
        b'{"at":"2026-02-01T09:30:00.000000Z","event":"sign","petition":42,"reason":"","seq":7,'
        b'"sig":"' + ref.encode() + b'","v":1}'
    )
    assert set(json.loads(leaf)) == {"v", "petition", "seq", "event", "sig", "at", "reason"}
    assert b"k7Qx9" not in leaf
    # The same signature in another petition (another salt) cannot be linked.
    assert merkle.signature_ref(salt=b"petition-43-secret", signature_key="k7Qx9") != ref


def test_withdrawal_and_invalidation_need_a_reason_code_not_free_text() -> None:
    ref = merkle.signature_ref(salt=b"s", signature_key="k")
    at = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
    leaf = merkle.signature_event_leaf(
        petition_id=1, sequence=1, event="invalidate", signature_ref=ref, at=at, reason="duplicate"
    )
    assert merkle.decode_leaf(leaf)["reason"] == "duplicate"
    with pytest.raises(ValueError):
        merkle.signature_event_leaf(petition_id=1, sequence=2, event="withdraw", signature_ref=ref, at=at)
    with pytest.raises(ValueError):
        merkle.signature_event_leaf(petition_id=1, sequence=2, event="invalidate", signature_ref=ref, at=at,
                                    reason="Amina Benali, AB123456")  # fmt: skip
    with pytest.raises(ValueError):
        merkle.signature_event_leaf(petition_id=1, sequence=2, event="sign", signature_ref="AB123456", at=at)
    with pytest.raises(ValueError):
        merkle.signature_event_leaf(petition_id=1, sequence=2, event="delete", signature_ref=ref, at=at)
    with pytest.raises(ValueError):
        merkle.signature_event_leaf(petition_id=1, sequence=2, event="sign", signature_ref=ref,
                                    at=dt.datetime(2026, 2, 1))  # fmt: skip
