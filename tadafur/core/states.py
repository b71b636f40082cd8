"""The one place where a status moves (STYLE.md §3).

Each app declares its table as a dict `{from_state: {to_state, ...}}` and calls `transition()`.
The helper locks the row, checks the table, stamps `<state>_at` when the model has such a
field, saves, and writes the audit entry, all in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils.translation import gettext as _

from tadafur.core import clock
from tadafur.core.audit import audit_record
from tadafur.core.errors import InvalidTransition

M = TypeVar("M", bound=models.Model)
TransitionTable = Mapping[str, Iterable[str]]


def allowed_targets(table: TransitionTable, state: str) -> frozenset[str]:
    return frozenset(table.get(state, ()))


def check_table(table: TransitionTable, states: Iterable[str]) -> None:
    """Raise ValueError when the table names a state that the choices do not define."""
    known = set(states)
    for source, targets in table.items():
        unknown = ({source} | set(targets)) - known
        if unknown:
            raise ValueError(f"transition table names unknown states: {sorted(unknown)}")


def transition(
    obj: M,
    to: str,
    *,
    table: TransitionTable,
    actor: Any,
    field: str = "status",
    collectivity: Any = None,
    action: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> M:
    """Move `obj.<field>` to `to` if the table allows it; return the locked, saved object."""
    with transaction.atomic():
        locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        current = getattr(locked, field)
        if to not in allowed_targets(table, current):
            raise InvalidTransition(
                _("This cannot move from “%(current)s” to “%(to)s”.") % {"current": current, "to": to}
            )
        setattr(locked, field, to)
        update_fields = [field]
        stamp = f"{to}_at"
        if any(f.name == stamp for f in locked._meta.get_fields()):
            setattr(locked, stamp, clock.now())
            update_fields.append(stamp)
        for name, value in (extra or {}).items():
            setattr(locked, name, value)
            update_fields.append(name)
        locked.save(update_fields=update_fields)
        audit_record(
            actor=actor,
            action=action or f"{locked._meta.model_name}.{to}",
            obj=locked,
            collectivity=collectivity,
            before={field: current},
            after={field: to},
        )
    # Keep the caller's instance in step with the database.
    for name in update_fields:
        setattr(obj, name, getattr(locked, name))
    return locked
