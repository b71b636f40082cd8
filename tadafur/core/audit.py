"""The audit log: every service write records who did what to which object, hash-chained."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction

from tadafur.core import clock
from tadafur.core.middleware import current_request_id
from tadafur.core.models import AuditEntry
from tadafur.core.precompiled import Insert

GENESIS = "0" * 64
# Arbitrary constant that names the audit chain's PostgreSQL advisory lock.
_PG_LOCK_KEY = 7_402_113

# Set while a help-desk agent acts for a person (tadafur.reach assisted sessions): every entry
# written meanwhile carries {"staff", "person", "session"} in its `changes` (issue 6 §7).
_assisted: ContextVar[dict[str, Any] | None] = ContextVar("audit_assisted", default=None)


def assisted_begin(info: dict[str, Any]) -> Token[dict[str, Any] | None]:
    return _assisted.set(info)


def assisted_end(token: Token[dict[str, Any] | None]) -> None:
    _assisted.reset(token)


def _canonical(entry: AuditEntry) -> str:
    payload = {
        "at": entry.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_label": entry.object_label,
        "collectivity": entry.collectivity_id,
        "changes": entry.changes,
        "request_id": entry.request_id,
        "prev": entry.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def compute_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(_canonical(entry).encode()).hexdigest()


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    collectivity: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the chain, inside the caller's transaction.

    Never pass personal data (CNIE numbers, addresses) in `before`/`after`: the log is read by
    collectivity administrators. Summaries name what changed, not who signed what.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the service's transaction.atomic block")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
    # On SQLite the IMMEDIATE transaction already serialises writers.
    with connection.cursor() as cursor:
        cursor.execute(_last_hash_sql(connection))
        row = cursor.fetchone()
    last = row[0] if row else None
    user = actor if getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry(
        at=clock.now(),
        actor=user,
        actor_label=(getattr(user, "audit_label", None) or str(user))[:150] if user else "system",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_label=str(obj)[:200] if obj is not None else "",
        collectivity=collectivity,
        changes=_jsonable(_changes(before, after)),
        request_id=current_request_id() or "",
        prev_hash=last or GENESIS,
    )
    entry.entry_hash = compute_hash(entry)
    # `entry.save()`'s INSERT, built once per connection (decision 0215).
    _INSERT.save(entry, using=connection.alias)
    return entry


_INSERT = Insert(AuditEntry)


def _last_hash_sql(conn: Any) -> str:
    """The chain's last hash, as `AuditEntry.objects.order_by("-id").values_list("entry_hash")
    .first()` reads it, the statement built once per connection."""
    sql = getattr(conn, "_tadafur_audit_last_hash", None)
    if sql is None:
        qn, meta = conn.ops.quote_name, AuditEntry._meta
        sql = (
            f"SELECT {qn(meta.get_field('entry_hash').column)} FROM {qn(meta.db_table)}"
            f" ORDER BY {qn(meta.pk.column)} DESC LIMIT 1"
        )
        conn._tadafur_audit_last_hash = sql
    return sql


def _changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, Any]:
    changes: dict[str, Any] = {"before": before or {}, "after": after or {}}
    assisted = _assisted.get()
    if assisted:
        changes["assisted"] = assisted
    return changes


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int
    problem: str


def audit_verify(batch_size: int = 2000) -> Iterator[ChainBreak]:
    """Walk the chain in order and yield every break (edited, inserted or deleted entries)."""
    previous = GENESIS
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=batch_size):
        if entry.prev_hash != previous:
            yield ChainBreak(entry.pk, "previous hash does not match: an entry before it was removed or changed")
        if compute_hash(entry) != entry.entry_hash:
            yield ChainBreak(entry.pk, "content does not match its hash: this entry was altered")
        previous = entry.entry_hash
