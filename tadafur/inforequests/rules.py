"""Law 31.13 on the right of access to information (القانون 31.13 المتعلق بالحق في الحصول على
المعلومات / loi relative au droit d'accès à l'information), as pure functions and named data.

- Art. 16: the body answers within 20 working days of receiving the request.
- Art. 16, second paragraph: the deadline may be extended once, by the same length, when the
  request is large or needs consulting a third party; the requester is told why beforehand.
- Art. 17: an urgent request, where the information is needed to protect someone's life, safety
  or freedom, is answered within 3 working days (no extension).
- Art. 7: the exceptions (legal grounds for a refusal); art. 18: a refusal is reasoned in writing.
- Art. 14: access by consultation on site, a paper copy or an electronic copy, as the requester asks.

Working days skip Saturdays, Sundays and Moroccan public holidays: the fixed civil and national
holidays below, and the lunar Islamic holidays, which move every year and are therefore dated
rows (PublicHoliday, seeded by a data migration for 2024-2030 and editable in the admin).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db import models
from django.utils.translation import gettext_lazy as _

LAW = "Law 31.13"
ANSWER_WORKING_DAYS = 20  # art. 16
EXTENSION_WORKING_DAYS = 20  # art. 16, second paragraph: "a period of the same length", once
EXTENSIONS_ALLOWED = 1
URGENT_WORKING_DAYS = 3  # art. 17

# (month, day, name, first year it applies). Yennayer (Amazigh new year) is a paid public
# holiday since 2024 (royal decision of May 2023).
FIXED_HOLIDAYS: tuple[tuple[int, int, str, int], ...] = (
    (1, 1, "New Year's Day", 0),
    (1, 11, "Proclamation of Independence Manifesto", 0),
    (1, 14, "Amazigh New Year (Yennayer)", 2024),
    (5, 1, "Labour Day", 0),
    (7, 30, "Throne Day", 0),
    (8, 14, "Oued Ed-Dahab Day", 0),
    (8, 20, "Revolution of the King and the People", 0),
    (8, 21, "Youth Day", 0),
    (11, 6, "Green March", 0),
    (11, 18, "Independence Day", 0),
)


def fixed_holidays(year: int) -> dict[dt.date, str]:
    return {dt.date(year, m, d): name for m, d, name, since in FIXED_HOLIDAYS if year >= since}


def is_working_day(day: dt.date, holidays: Collection[dt.date]) -> bool:
    """Monday to Friday and not a public holiday (fixed or lunar)."""
    if day.weekday() >= 5:
        return False
    if day in holidays:
        return False
    return day not in fixed_holidays(day.year)


def add_working_days(start: dt.date, days: int, holidays: Collection[dt.date]) -> dt.date:
    """The date of the `days`-th working day after `start` (the day of receipt is not counted).

    Weekends, fixed holidays and the lunar holidays in `holidays` are all skipped: a request
    received on the Friday before an Eid that falls on Monday and Tuesday starts counting on
    Wednesday.
    """
    if days < 0:
        raise ValueError("days must be positive")
    day = start
    counted = 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day, holidays):
            counted += 1
    return day


def working_days_between(start: dt.date, end: dt.date, holidays: Collection[dt.date]) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day, holidays):
            count += 1
    return count


def answer_overdue(*, is_open: bool, due_on: dt.date, today: dt.date) -> bool:
    """Overdue from the day after the last working day of the deadline, while no answer is given."""
    return is_open and today > due_on


def answered_on_time(*, responded_on: dt.date, due_on: dt.date) -> bool:
    return responded_on <= due_on


class AnswerFormat(models.TextChoices):
    """Art. 14: how the requester wants to receive the information."""

    ELECTRONIC = "electronic", _("Electronic copy (email or download)")
    PAPER = "paper", _("Paper copy")
    ON_SITE = "on_site", _("Consultation on site")


class RefusalGround(models.TextChoices):
    """The exceptions of art. 7 (and art. 6 for information that is not held). A refusal names one."""

    DEFENCE = "defence", _("National defence (art. 7)")
    STATE_SECURITY = "state_security", _("Internal or external security of the State (art. 7)")
    PRIVATE_LIFE = "private_life", _("Private life of persons, personal data (art. 7)")
    FUNDAMENTAL_RIGHTS = "fundamental_rights", _("Fundamental rights and freedoms (art. 7)")
    SOURCES = "sources", _("Protection of the sources of information (art. 7)")
    FOREIGN_RELATIONS = (
        "foreign_relations",
        _("Relations with a foreign State or an international organisation (art. 7)"),
    )
    ECONOMIC_POLICY = "economic_policy", _("The State's monetary, economic or financial policy (art. 7)")
    INTELLECTUAL_PROPERTY = "intellectual_property", _("Industrial property, copyright and related rights (art. 7)")
    PARTIES_PROTECTION = "parties_protection", _("Rights of victims, witnesses, experts and whistle-blowers (art. 7)")
    DELIBERATIONS = "deliberations", _("Secrecy of deliberations (art. 7)")
    JUDICIAL = "judicial", _("Judicial proceedings and investigations (art. 7)")
    COMPETITION = "competition", _("Fair competition and insider information (art. 7)")
    NOT_HELD = "not_held", _("The information is not held by this collectivity")


def refusal_ground_valid(ground: str) -> bool:
    return ground in RefusalGround.values
