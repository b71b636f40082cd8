"""Reads of the petitions rulebook, for the API and the public rules page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tadafur.petitions import rules
from tadafur.petitions.models import InadmissibilityGround, RuleKey, RuleLevel
from tadafur.territories.models import Territory

# What the rules and their pages read of a territory (not the census JSON).
_RULE_FIELDS = (
    "code",
    "level",
    "kind",
    "population_2024",
    "is_collectivity",
    "name_ar",
    "name_fr",
    "name_zgh",
)
_LEVEL_ORDER = {RuleLevel.COMMUNE: 0, RuleLevel.PROVINCE: 1, RuleLevel.REGION: 2, RuleLevel.NATIONAL: 3}


@dataclass(frozen=True)
class CollectivityRules:
    """What the law asks of a citizens' petition to one collectivity, on one day."""

    territory: Territory
    on: dt.date
    required_signatures: int
    per_province_minimum: int | None
    answer_due: dt.date | None
    references: tuple[str, ...]

    @property
    def answer_deadline_days(self) -> int | None:
        return (self.answer_due - self.on).days if self.answer_due else None

    @property
    def legal_reference(self) -> str:
        return "; ".join(self.references)


def collectivity_for_rules(code: str) -> Territory | None:
    """The collectivity with this HCP code, or None for unknown codes and arrondissements."""
    found = list(Territory.objects.filter(code=code, is_collectivity=True).only(*_RULE_FIELDS)[:1])
    return found[0] if found else None


def collectivity_rules(territory: Territory, *, on: dt.date) -> CollectivityRules:
    signatures = rules.minimum_signatures_rule(territory, on=on)
    references = [signatures.citation]
    try:
        deadline_rule = rules.answer_deadline_rule(territory, on=on)
    except rules.RuleNotConfigured:
        due = None
    else:
        due = rules.answer_due(territory, on)
        references.append(deadline_rule.citation)
    return CollectivityRules(
        territory=territory,
        on=on,
        required_signatures=signatures.value,
        per_province_minimum=rules.per_province_minimum(territory, on=on),
        answer_due=due,
        references=tuple(dict.fromkeys(references)),
    )


def rules_in_force(*, on: dt.date) -> list[rules.Rule]:
    return sorted(
        rules.rulebook().in_force(on),
        key=lambda r: (
            _LEVEL_ORDER.get(RuleLevel(r.level), 9),
            r.instrument,
            list(RuleKey.values).index(r.key) if r.key in RuleKey.values else 99,
            r.kind,
            r.population_min or 0,
        ),
    )


def grounds_in_force(*, on: dt.date) -> list[InadmissibilityGround]:
    return [g for g in InadmissibilityGround.objects.order_by("code") if g.in_force_on(on)]
