"""Writes to the petitions rulebook, each in one transaction with its audit row."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.forms.models import model_to_dict

from tadafur.core.audit import audit_record
from tadafur.petitions.models import InadmissibilityGround, PetitionRule

RuleRow = PetitionRule | InadmissibilityGround


def _snapshot(obj: models.Model) -> dict[str, Any]:
    return {name: value for name, value in model_to_dict(obj).items() if name != "id"}


def _label(obj: RuleRow) -> str:
    return "rule" if isinstance(obj, PetitionRule) else "ground"


def rulebook_row_save(*, row: RuleRow, actor: Any) -> RuleRow:
    """Create or correct a rule or ground; the audit keeps the values before and after."""
    with transaction.atomic():
        before: dict[str, Any] = {}
        if row.pk is not None:
            previous = type(row).objects.select_for_update().filter(pk=row.pk).first()
            before = _snapshot(previous) if previous is not None else {}
        action = f"petitions.{_label(row)}.{'update' if before else 'create'}"
        row.full_clean()
        row.save()
        after = _snapshot(row)
        changed = {k for k in after if before.get(k) != after[k]} if before else set(after)
        audit_record(
            actor=actor,
            action=action,
            obj=row,
            before={k: before[k] for k in changed if k in before},
            after={k: after[k] for k in changed},
        )
    return row


def rulebook_row_delete(*, row: RuleRow, actor: Any) -> None:
    """Delete a rule or ground; prefer closing it with `valid_to` to keep the history."""
    with transaction.atomic():
        before = _snapshot(row)
        audit_record(actor=actor, action=f"petitions.{_label(row)}.delete", obj=row, before=before)
        row.delete()
