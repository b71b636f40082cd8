"""Law as data for action programmes, and the small pure predicates the services use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils.translation import pgettext_lazy

from tadafur.bodies.rules import AgeBand

# The mandate lasts six years; the programme covers it (OL 113.14 art. 78; OL 111.14 art. 83).
PROGRAMME_YEARS = 6
# Aggregates of fewer people than this are not shown (SPEC §8: small-cell suppression).
SMALL_CELL = 5


class ProgrammeKind(models.TextChoices):
    PAC = "pac", pgettext_lazy("programme kind", "Commune action programme (PAC)")
    PDP = "pdp", pgettext_lazy("programme kind", "Provincial development programme (PDP)")
    PDR = "pdr", pgettext_lazy("programme kind", "Regional development programme (PDR)")


@dataclass(frozen=True)
class KindRule:
    kind: str
    citation: str


KIND_BY_LEVEL: dict[str, KindRule] = {
    "commune": KindRule(ProgrammeKind.PAC, "OL 113.14 art. 78; decree 2.16.301"),
    "province": KindRule(ProgrammeKind.PDP, "OL 112.14 art. 80 [verify]; decree 2.16.300"),
    "region": KindRule(ProgrammeKind.PDR, "OL 111.14 art. 83; decree 2.22.475"),
}


def kind_for_level(level: str) -> KindRule | None:
    """The programme a collectivity of this level adopts; None for arrondissements (no council programme)."""
    return KIND_BY_LEVEL.get(level)


def consultation_open(*, phase: str, opens: dt.date | None, closes: dt.date | None, today: dt.date) -> bool:
    """Citizens take part only in the consultation phase AND between the window's dates (inclusive)."""
    return phase == "consultation" and opens is not None and closes is not None and opens <= today <= closes


def age_band(birth_year: int | None, year: int) -> str:
    """The consultation's age bands are the bodies' (18–24 … 65+); "" when unknown."""
    if not birth_year:
        return ""
    age = year - birth_year
    if age < 25:
        return AgeBand.UNDER_25
    if age < 35:
        return AgeBand.FROM_25
    if age < 50:
        return AgeBand.FROM_35
    if age < 65:
        return AgeBand.FROM_50
    return AgeBand.FROM_65


def suppress(count: int) -> int | None:
    """A count published only when it is at least SMALL_CELL; None means "fewer than 5"."""
    return count if count >= SMALL_CELL else None
