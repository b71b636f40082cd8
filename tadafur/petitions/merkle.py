"""A verifiable append-only log: the Merkle tree of RFC 6962 / RFC 9162 (§2.1) over SHA-256.

Pure and dependency-free, so that anyone can re-implement or run it to check a petition's log.

    leaf hash = SHA-256(0x00 || leaf bytes)
    node hash = SHA-256(0x01 || left || right)
    MTH({})   = SHA-256("")
    MTH(D[n]) = node(MTH(D[0:k]), MTH(D[k:n])), k the largest power of two smaller than n

`root(leaves)` is the tree head; `inclusion_proof`/`verify_inclusion` prove that one leaf is in a
tree of a given size (a signer's receipt); `consistency_proof`/`verify_consistency` prove that a
later tree only appended to an earlier one (nobody removed or rewrote a signature).

Leaves of a petition's signature log (`signature_event_leaf`) hold NO personal data:

    {"v": 1, "petition": 42, "seq": 7, "event": "sign" | "withdraw" | "invalidate",
     "sig": HMAC-SHA256(petition salt, signature's keyed id), "at": "2026-02-01T09:30:00.000000Z",
     "reason": "" | a short code such as "duplicate" or "signer_request"}

encoded as canonical JSON (sorted keys, no spaces, ASCII). The signature's keyed id is a random
token held by the signature row and printed on the signer's receipt, never the CNIE number or a
name; the per-petition salt is a server secret, so leaves of two petitions cannot be linked and
nobody can test a guessed token against the public log. A withdrawal or invalidation is a new
leaf with the same `sig` and a reason code: nothing is ever deleted from the log. Reasons are
codes (`[a-z0-9_]`), never free text, so that no personal detail can slip in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
from collections.abc import Sequence

LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EVENTS = ("sign", "withdraw", "invalidate")
LEAF_VERSION = 1
_REASON = re.compile(r"^[a-z0-9_]{1,40}$")


def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def leaf_hash(leaf: bytes) -> bytes:
    return _sha256(LEAF_PREFIX + leaf)


def node_hash(left: bytes, right: bytes) -> bytes:
    return _sha256(NODE_PREFIX + left + right)


def _split(n: int) -> int:
    """The largest power of two strictly smaller than n (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def _mth(hashes: Sequence[bytes]) -> bytes:
    n = len(hashes)
    if n == 0:
        return _sha256(b"")
    if n == 1:
        return hashes[0]
    k = _split(n)
    return node_hash(_mth(hashes[:k]), _mth(hashes[k:]))


def root(leaves: Sequence[bytes]) -> bytes:
    """The Merkle tree hash of the leaves (RFC 9162 §2.1.1)."""
    return _mth([leaf_hash(leaf) for leaf in leaves])


def _path(m: int, hashes: Sequence[bytes]) -> list[bytes]:
    n = len(hashes)
    if n <= 1:
        return []
    k = _split(n)
    if m < k:
        return [*_path(m, hashes[:k]), _mth(hashes[k:])]
    return [*_path(m - k, hashes[k:]), _mth(hashes[:k])]


def inclusion_proof(index: int, leaves: Sequence[bytes]) -> list[bytes]:
    """The audit path of leaf `index` in the tree of `leaves` (RFC 9162 §2.1.3.1)."""
    if not 0 <= index < len(leaves):
        raise IndexError(f"leaf {index} is not in a tree of {len(leaves)} leaves")
    return _path(index, [leaf_hash(leaf) for leaf in leaves])


def verify_inclusion(leaf: bytes, index: int, size: int, proof: Sequence[bytes], root_hash: bytes) -> bool:
    """Is `leaf` the `index`-th leaf of the tree of `size` leaves whose head is `root_hash`? (§2.1.3.2)"""
    if not 0 <= index < size:
        return False
    fn, sn = index, size - 1
    r = leaf_hash(leaf)
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and hmac.compare_digest(r, root_hash)


def _subproof(m: int, hashes: Sequence[bytes], complete: bool) -> list[bytes]:
    n = len(hashes)
    if m == n:
        return [] if complete else [_mth(hashes)]
    k = _split(n)
    if m <= k:
        return [*_subproof(m, hashes[:k], complete), _mth(hashes[k:])]
    return [*_subproof(m - k, hashes[k:], False), _mth(hashes[:k])]


def consistency_proof(old_size: int, leaves: Sequence[bytes]) -> list[bytes]:
    """Proof that the tree of `leaves` extends its first `old_size` leaves (RFC 9162 §2.1.4.1)."""
    if not 0 <= old_size <= len(leaves):
        raise ValueError(f"old size {old_size} is not within 0..{len(leaves)}")
    if old_size in (0, len(leaves)):
        return []
    return _subproof(old_size, [leaf_hash(leaf) for leaf in leaves], True)


def verify_consistency(old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]) -> bool:
    """Was the tree of `new_size` leaves (head `new_root`) built by appending to `old_root`? (§2.1.4.2)"""
    if not 0 <= old_size <= new_size:
        return False
    if old_size == new_size:
        return not proof and hmac.compare_digest(old_root, new_root)
    if old_size == 0:
        return not proof  # every tree extends the empty tree
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # an exact power of two: the old root is a node of the path
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and hmac.compare_digest(fr, old_root) and hmac.compare_digest(sr, new_root)


def signature_ref(*, salt: bytes, signature_key: str) -> str:
    """HMAC-SHA256 of a signature's keyed id under the petition's secret salt, as hex."""
    if not salt:
        raise ValueError("a per-petition salt is required")
    return hmac.new(salt, signature_key.encode(), hashlib.sha256).hexdigest()


def signature_event_leaf(
    *, petition_id: int, sequence: int, event: str, signature_ref: str, at: dt.datetime, reason: str = ""
) -> bytes:
    """The canonical bytes of one signature event, the leaf appended to the petition's log."""
    if event not in EVENTS:
        raise ValueError(f"event must be one of {EVENTS}")
    if event != "sign" and not reason:
        raise ValueError(f"a {event} event needs a reason code")
    if reason and not _REASON.match(reason):
        raise ValueError("a reason is a short code of [a-z0-9_], never free text")
    if not re.fullmatch(r"[0-9a-f]{64}", signature_ref):
        raise ValueError("signature_ref must be the hex HMAC from signature_ref()")
    if at.tzinfo is None:
        raise ValueError("the time of an event must be timezone-aware")
    if sequence < 0:
        raise ValueError("sequence numbers start at 0")
    payload = {
        "v": LEAF_VERSION,
        "petition": petition_id,
        "seq": sequence,
        "event": event,
        "sig": signature_ref,
        "at": at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "reason": reason,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def decode_leaf(leaf: bytes) -> dict[str, object]:
    """The fields of a leaf, for display and for re-encoding checks."""
    data = json.loads(leaf.decode("ascii"))
    if not isinstance(data, dict):
        raise ValueError("a leaf is a JSON object")
    return data
