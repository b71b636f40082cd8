from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tadafur.core import clock
from tadafur.petitions import rules, selectors
from tadafur.petitions.models import Instrument, KindConstraint, Reliability, RuleKey, RuleLevel, Unit


@dataclass(frozen=True)
class RuleRow:
    level: str
    question: str
    scope: str
    value: str
    citation: str
    source_note: str
    reliability: str
    reliability_label: str
    notes: str


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def _scope(rule: rules.Rule) -> str:
    parts = []
    if rule.level == RuleLevel.NATIONAL:
        parts.append(str(Instrument(rule.instrument).label))
    if rule.kind:
        parts.append(str(KindConstraint(rule.kind).label))
    low, high = rule.population_min, rule.population_max
    if low is None and high is not None:
        parts.append(_("under %(max)s inhabitants") % {"max": _number(high)})
    elif low is not None and high is None:
        parts.append(_("%(min)s inhabitants or more") % {"min": _number(low)})
    elif low is not None and high is not None:
        parts.append(
            _("from %(min)s to %(max)s inhabitants") % {"min": _number(low), "max": _number(high - 1)}
        )
    return ", ".join(parts) or _("all")


def _row(rule: rules.Rule) -> RuleRow:
    return RuleRow(
        level=str(RuleLevel(rule.level).label),
        question=str(RuleKey(rule.key).label) if rule.key in RuleKey.values else rule.key,
        scope=_scope(rule),
        value=f"{_number(rule.value)} {Unit(rule.unit).label if rule.unit in Unit.values else rule.unit}",
        citation=rule.citation,
        source_note=rule.source_note,
        reliability=rule.reliability,
        reliability_label=str(Reliability(rule.reliability).label)
        if rule.reliability in Reliability.values
        else "",
        notes=rule.notes,
    )


@require_GET
def rules_page(request: HttpRequest) -> HttpResponse:
    """The rules in force today, and what they ask of a petition to the collectivity `?code=`."""
    today = clock.today()
    code = request.GET.get("code", "").strip()[:32]
    answer = None
    status = 200
    if code:
        territory = selectors.collectivity_for_rules(code)
        if territory is None:
            status = 404
        else:
            answer = selectors.collectivity_rules(territory, on=today)
    return render(
        request,
        "petitions/rules.html",
        {
            "today": today,
            "code": code,
            "answer": answer,
            "rows": [_row(rule) for rule in selectors.rules_in_force(on=today)],
            "grounds": selectors.grounds_in_force(on=today),
        },
        status=status,
    )
