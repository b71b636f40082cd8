"""A petition's verifiable signature log: appending leaves, the tree head, proofs and checks.

The tree head is kept incrementally as the RFC 9162 "frontier": the roots of the perfect
subtrees that make up a tree of n leaves (one per bit of n, largest first). Appending a leaf
is O(log n) and needs no read of earlier leaves, so the petition page shows the current root
without walking a million rows. Appends run under the petition's row lock (services), so
sequence numbers are gapless.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import DatabaseError, connections, router
from django.db.backends.base.base import BaseDatabaseWrapper

from tadafur.petitions import merkle
from tadafur.petitions.models import Petition, Signature, SignatureLogEntry
from tadafur.petitions.states import SignatureStatus


def frontier_push(frontier: list[list[object]], leaf_hash: bytes) -> list[list[object]]:
    """The frontier after appending one leaf; entries are [subtree size, hex root]."""
    stack = [[int(size), bytes.fromhex(str(h))] for size, h in frontier]  # type: ignore[call-overload]
    stack.append([1, leaf_hash])
    while len(stack) >= 2 and stack[-1][0] == stack[-2][0]:
        right = stack.pop()
        left = stack.pop()
        stack.append([int(left[0]) * 2, merkle.node_hash(left[1], right[1])])  # type: ignore[arg-type]
    return [[size, h.hex()] for size, h in stack]  # type: ignore[union-attr]


def frontier_root(frontier: list[list[object]]) -> bytes:
    """The tree head: the subtree roots folded from the right (RFC 9162's split at powers of two)."""
    if not frontier:
        return merkle.root([])
    hashes = [bytes.fromhex(str(h)) for _, h in frontier]
    root = hashes[-1]
    for h in reversed(hashes[:-1]):
        root = merkle.node_hash(h, root)
    return root


def current_root(petition: Petition) -> str:
    return frontier_root(petition.log_frontier).hex()


def ref_for(petition: Petition, signature: Signature) -> str:
    return merkle.signature_ref(salt=bytes.fromhex(petition.log_salt), signature_key=signature.verification_code)


def append(
    *, locked: Petition, signature: Signature, event: str, at: dt.datetime, reason: str = ""
) -> SignatureLogEntry:
    """Append one event to the log of `locked` (the caller holds its row lock and saves it)."""
    seq = locked.log_size
    entry, digest = _entry(locked, seq, signature, event, at, reason)
    frontier = frontier_push(locked.log_frontier, digest)
    # The same two statements as `create()` and `save(update_fields=...)`, without building them
    # through the ORM each time: they run inside the write lock (decision 0116). The values go
    # through each field's own `get_db_prep_save`, so the stored rows are identical.
    alias = router.db_for_write(SignatureLogEntry)
    connection = connections[alias]
    insert_sql, update_sql = _statements(connection)
    entry_fields = [SignatureLogEntry._meta.get_field(name) for name in _ENTRY_COLUMNS]
    petition_fields = [Petition._meta.get_field(name) for name in ("log_size", "log_frontier")]
    with connection.cursor() as cursor:
        cursor.execute(insert_sql, [f.get_db_prep_save(getattr(entry, f.attname), connection) for f in entry_fields])
        if connection.features.can_return_columns_from_insert:
            entry.pk = cursor.fetchone()[0]
        else:  # pragma: no cover - SQLite before 3.35
            entry.pk = connection.ops.last_insert_id(cursor, SignatureLogEntry._meta.db_table, "id")
        entry._state.adding = False
        entry._state.db = alias
        cursor.execute(
            update_sql,
            [
                petition_fields[0].get_db_prep_save(seq + 1, connection),
                petition_fields[1].get_db_prep_save(frontier, connection),
                locked.pk,
            ],
        )
        if cursor.rowcount != 1:
            raise DatabaseError("The petition's log head was not updated.")
    locked.log_size = seq + 1
    locked.log_frontier = frontier
    return entry


def append_many(*, locked: Petition, signatures: list[Signature], event: str, at: dt.datetime) -> None:
    """Append one `event` per signature, in order, with one INSERT per batch and one UPDATE of
    the tree head (bulk seeding: demo data, tests). The caller holds the petition's row lock."""
    seq, frontier, entries = locked.log_size, locked.log_frontier, []
    for signature in signatures:
        entry, digest = _entry(locked, seq, signature, event, at, "")
        frontier = frontier_push(frontier, digest)
        entries.append(entry)
        seq += 1
    SignatureLogEntry.objects.bulk_create(entries, batch_size=1000)
    if Petition.objects.filter(pk=locked.pk).update(log_size=seq, log_frontier=frontier) != 1:
        raise DatabaseError("The petition's log head was not updated.")
    locked.log_size, locked.log_frontier = seq, frontier


def _entry(
    locked: Petition, seq: int, signature: Signature, event: str, at: dt.datetime, reason: str
) -> tuple[SignatureLogEntry, bytes]:
    """The log entry of one event at position `seq`, and its leaf hash."""
    leaf = merkle.signature_event_leaf(
        petition_id=locked.pk,
        sequence=seq,
        event=event,
        signature_ref=ref_for(locked, signature),
        at=at,
        reason=reason,
    )
    digest = merkle.leaf_hash(leaf)
    entry = SignatureLogEntry(
        petition=locked,
        seq=seq,
        event=event,
        leaf=leaf.decode("ascii"),
        leaf_hash=digest.hex(),
        created_at=at,
    )
    return entry, digest


_ENTRY_COLUMNS = ("petition", "seq", "event", "leaf", "leaf_hash", "created_at")
_STATEMENTS_ATTR = "_tadafur_log_append_sql"


def _statements(connection: BaseDatabaseWrapper) -> tuple[str, str]:
    """The INSERT of a log entry and the UPDATE of the petition's tree head, built once per connection."""
    statements = getattr(connection, _STATEMENTS_ATTR, None)
    if statements is None:
        qn = connection.ops.quote_name
        entry_meta = SignatureLogEntry._meta
        columns = ", ".join(qn(entry_meta.get_field(name).column) for name in _ENTRY_COLUMNS)
        marks = ", ".join(["%s"] * len(_ENTRY_COLUMNS))
        insert_sql = f"INSERT INTO {qn(entry_meta.db_table)} ({columns}) VALUES ({marks})"
        if connection.features.can_return_columns_from_insert:
            insert_sql += f" RETURNING {qn(entry_meta.pk.column)}"
        petition_meta = Petition._meta
        update_sql = (
            f"UPDATE {qn(petition_meta.db_table)} SET {qn(petition_meta.get_field('log_size').column)} = %s, "
            f"{qn(petition_meta.get_field('log_frontier').column)} = %s WHERE {qn(petition_meta.pk.column)} = %s"
        )
        statements = (insert_sql, update_sql)
        setattr(connection, _STATEMENTS_ATTR, statements)
    return statements


def leaves(petition: Petition, offset: int = 0, limit: int | None = None) -> list[bytes]:
    """The log's leaves in order; `offset`/`limit` page through a large log."""
    rows = SignatureLogEntry.objects.filter(petition=petition).order_by("seq").values_list("leaf", flat=True)
    rows = rows[offset : offset + limit] if limit is not None else rows[offset:]
    return [leaf.encode("ascii") for leaf in rows]


@dataclass(frozen=True)
class InclusionCheck:
    index: int
    size: int
    leaf: str
    proof: tuple[str, ...]
    root: str
    ok: bool


def inclusion(petition: Petition, signature: Signature) -> InclusionCheck | None:
    """The proof that this signature's `sign` leaf is in the current tree, verified here."""
    if signature.log_seq is None:
        return None
    all_leaves = leaves(petition)
    if signature.log_seq >= len(all_leaves):
        return None
    proof = merkle.inclusion_proof(signature.log_seq, all_leaves)
    root = merkle.root(all_leaves)
    leaf = all_leaves[signature.log_seq]
    ok = merkle.verify_inclusion(leaf, signature.log_seq, len(all_leaves), proof, root)
    ok = (
        ok
        and root.hex() == current_root(petition)
        and merkle.decode_leaf(leaf).get("sig") == ref_for(petition, signature)
    )
    return InclusionCheck(
        index=signature.log_seq,
        size=len(all_leaves),
        leaf=leaf.decode("ascii"),
        proof=tuple(p.hex() for p in proof),
        root=root.hex(),
        ok=ok,
    )


def verify(petition: Petition) -> list[str]:
    """Recompute the log of a petition and list every problem found (empty: intact).

    Checks: gapless sequence numbers from 0; each stored hash is the hash of its stored leaf;
    each leaf names this petition and its own sequence number; the recomputed root and size
    equal the published tree head on the petition; every signature's events are in the log
    and its status agrees with its last event.
    """
    problems: list[str] = []
    rows = list(SignatureLogEntry.objects.filter(petition=petition).order_by("seq"))
    hashes: list[bytes] = []
    last_event: dict[str, str] = {}
    for expected, row in enumerate(rows):
        if row.seq != expected:
            problems.append(f"sequence gap: expected leaf {expected}, found {row.seq} (a leaf was deleted)")
            break
        leaf = row.leaf.encode("ascii")
        digest = merkle.leaf_hash(leaf)
        if digest.hex() != row.leaf_hash:
            problems.append(f"leaf {row.seq}: content does not match its hash (altered)")
        try:
            data = merkle.decode_leaf(leaf)
        except ValueError:
            problems.append(f"leaf {row.seq}: not a valid leaf")
            continue
        if data.get("petition") != petition.pk or data.get("seq") != row.seq or data.get("event") != row.event:
            problems.append(f"leaf {row.seq}: names another petition, position or event (altered or moved)")
        last_event[str(data.get("sig"))] = str(data.get("event"))
        hashes.append(digest)
    if len(rows) != petition.log_size:
        problems.append(f"the log has {len(rows)} leaves but the published tree has {petition.log_size}")
    recomputed = merkle.root([r.leaf.encode("ascii") for r in rows])
    if recomputed.hex() != current_root(petition):
        problems.append("the recomputed root differs from the published root")
    expected_last = {
        SignatureStatus.VALID: "sign",
        SignatureStatus.WITHDRAWN: "withdraw",
        SignatureStatus.INVALIDATED: "invalidate",
    }
    # A pending paper signature (its sheet not reconciled yet) has no leaf until it counts.
    counted = Signature.objects.filter(petition=petition).exclude(status=SignatureStatus.PENDING)
    for signature in counted.only("verification_code", "status"):
        event = last_event.get(ref_for(petition, signature))
        if event is None:
            problems.append(f"a signature ({signature.status}) has no entry in the log")
        elif event != expected_last[SignatureStatus(signature.status)]:
            problems.append(f"a signature is {signature.status} but its last log event is {event}")
    return problems
