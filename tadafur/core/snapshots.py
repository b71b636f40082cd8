"""Dated snapshots of a row's changing figures, so a past period can be read as it was (decision 0722).

A `History` names the snapshot model, the field on it that points at the tracked row, and the
figures it copies (same names on both models). Programme projects (progress, money executed) and
funded budget projects (progress, spend) use it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models.signals import post_save

from tadafur.core import clock

CENT = Decimal("0.01")


@dataclass(frozen=True)
class History:
    snapshot_model: type[models.Model]
    owner: str  # the snapshot's foreign key to the tracked row
    figures: tuple[str, ...]

    def record(self, items: Iterable[models.Model], on: dt.date | None = None) -> int:
        """Snapshot each item's figures on `on` (today) when they differ from its last snapshot up to
        then; a second change the same day replaces that day's snapshot. Returns how many were written."""
        on = on or clock.today()
        written = 0
        for item in items:
            current = {name: getattr(item, name) for name in self.figures}
            last = (
                self.snapshot_model.objects.filter(**{self.owner: item, "taken_on__lte": on})
                .order_by("-taken_on")
                .values(*self.figures)
                .first()
            )
            if last == current:
                continue
            self.snapshot_model.objects.update_or_create(**{self.owner: item, "taken_on": on}, defaults=current)
            written += 1
        return written

    def record_on_save(self, sender: type[models.Model], dispatch_uid: str) -> None:
        """Snapshot a row whenever it is saved (fixtures loaded raw are left alone)."""

        def on_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
            if not raw:
                self.record([instance])

        post_save.connect(on_save, sender=sender, dispatch_uid=dispatch_uid, weak=False)

    def demo(self, items: Iterable[models.Model], since: dt.date, on: dt.date | None = None) -> int:
        """Demo data only: snapshots at the end of each half-year from `since` to `on` (today),
        rising evenly from nothing to each item's current figures, so the demo's trends have a past.
        Whole numbers are rounded down; amounts in Decimal to the cent."""
        on = on or clock.today()
        ends = clock.half_year_ends(since, on)
        steps = len(ends) + 1
        rows = []
        for item in items:
            self.snapshot_model.objects.filter(**{self.owner: item, "taken_on__lt": on}).delete()
            for i, day in enumerate(ends, start=1):
                figures = {name: _share(getattr(item, name), i, steps) for name in self.figures}
                rows.append(self.snapshot_model(**{self.owner: item, "taken_on": day}, **figures))
        self.snapshot_model.objects.bulk_create(rows)
        return len(rows)


def _share(value: int | Decimal, part: int, whole: int) -> int | Decimal:
    if isinstance(value, Decimal):
        return (value * part / whole).quantize(CENT)
    return value * part // whole
