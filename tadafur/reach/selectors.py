"""Reads of the reach app."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tadafur.reach import codes, registry
from tadafur.reach.models import AssistedSession, ShortCode
from tadafur.reach.registry import Entry, Line


@dataclass
class Status:
    code: str
    title: str
    url: str
    lines: list[Line]
    collectivity: Any
    obj: Any


def code_of(obj: Any) -> str:
    """The object's code if it has one already ("" otherwise): one query, no write."""
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(type(obj))  # cached by Django after the first call
    return ShortCode.objects.filter(target_type=ct, target_id=obj.pk).values_list("code", flat=True).first() or ""


def object_for_code(raw: str) -> tuple[Any, Entry] | None:
    """The public object named by a (typed) code, with its registry entry; None if unknown or private."""
    code = codes.normalise(raw)
    if not codes.is_valid(code):
        return None
    row = ShortCode.objects.select_related("target_type").filter(code=code).first()
    if row is None:
        return None
    entry = registry.for_label(f"{row.target_type.app_label}.{row.target_type.model}")
    if entry is None:
        return None
    obj = row.target_type.model_class()._default_manager.filter(pk=row.target_id).first()  # type: ignore[union-attr]
    if obj is None or not entry.is_public(obj):
        return None
    return obj, entry


def status_of(code: str, obj: Any, entry: Entry) -> Status:
    """The status in the active language (call inside translation.override)."""
    return Status(
        code=code,
        title=str(entry.title(obj)),
        url=entry.url(obj),
        lines=[(str(k), str(v)) for k, v in entry.status_lines(obj)],
        collectivity=entry.collectivity(obj),
        obj=obj,
    )


def running_session(pk: int, staff: Any) -> AssistedSession | None:
    return (
        AssistedSession.objects.select_related("person", "staff", "collectivity")
        .filter(pk=pk, staff=staff, ended_at__isnull=True)
        .first()
    )


def sessions_of(staff: Any) -> list[AssistedSession]:
    return list(AssistedSession.objects.select_related("person", "collectivity").filter(staff=staff)[:20])
