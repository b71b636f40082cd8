"""Petitions API. For now: the rulebook (what the law asks of a petition, per collectivity)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from tadafur.core import clock
from tadafur.petitions import rules, selectors

router = Router(tags=["petitions"])


class CollectivityRulesOut(Schema):
    territory: str
    level: str
    required_signatures: int
    population: int | None
    per_province_minimum: int | None
    answer_deadline_days: int | None
    legal_reference: str


class NationalInstrumentOut(Schema):
    min_supporters: int
    committee_size: int
    legal_reference: str


class MotionOut(NationalInstrumentOut):
    admissibility_deadline_days: int
    substance_deadline_days: int


class NationalRulesOut(Schema):
    on: dt.date
    petition: NationalInstrumentOut
    motion: MotionOut


@router.get(
    "/petition-rules/national",
    response=NationalRulesOut,
    summary="Supporters and committee sizes for national petitions and legislative motions",
    description=(
        "National petitions to a public authority (OL 44.14 as amended by OL 70.21) and legislative "
        "motions (OL 64.14 as amended by OL 71.21), as in force on `on` (default: today)."
    ),
)
def national_rules(request: HttpRequest, on: dt.date | None = None) -> dict[str, object]:
    day = on or clock.today()
    book = rules.rulebook()
    petition_rule = book.find("min_signatures", "national", on=day, instrument="petition")
    motion_rule = book.find("min_signatures", "national", on=day, instrument="motion")
    deadlines = rules.motion_deadlines(on=day)
    return {
        "on": day,
        "petition": {
            "min_supporters": petition_rule.value,
            "committee_size": rules.committee_size("petition", on=day),
            "legal_reference": petition_rule.citation,
        },
        "motion": {
            "min_supporters": motion_rule.value,
            "committee_size": rules.committee_size("motion", on=day),
            "legal_reference": motion_rule.citation,
            "admissibility_deadline_days": deadlines.admissibility.days,
            "substance_deadline_days": deadlines.substance.days,
        },
    }


@router.get(
    "/petition-rules/{territory_code}",
    response=CollectivityRulesOut,
    summary="What the law asks of a citizens' petition to one collectivity",
    description=(
        "For a region, prefecture/province or commune (HCP code), the rules in force on `on` "
        "(YYYY-MM-DD, default: today): the minimum number of citizens' signatures for its 2024 "
        "census population, and for regions the minimum from each prefecture/province (5% of the "
        "minimum, rounded up). `answer_deadline_days` is the number of calendar days between a "
        "filing on `on` and the last day the council's answer is in time (`answer_due`): calendar "
        "months counted from the filing date, so 3 months from 2026-01-31 is 89 days (to 2026-04-30), "
        "not a nominal 90. Arrondissements are not collectivities: 404."
    ),
)
def collectivity_rules(
    request: HttpRequest, territory_code: str, on: dt.date | None = None
) -> dict[str, object]:
    territory = selectors.collectivity_for_rules(territory_code)
    if territory is None:
        raise HttpError(
            404, _("No territorial collectivity has the code %(code)s.") % {"code": territory_code}
        )
    answer = selectors.collectivity_rules(territory, on=on or clock.today())
    return {
        "territory": territory.code,
        "level": territory.level,
        "required_signatures": answer.required_signatures,
        "population": territory.population_2024,
        "per_province_minimum": answer.per_province_minimum,
        "answer_deadline_days": answer.answer_deadline_days,
        "legal_reference": answer.legal_reference,
    }
