"""The meeting pack: one PDF, in Arabic then in French, with the indicators of the province and
of the communes on the agenda, the recommendations' follow-up table, the decisions and, once
published, the minutes. WeasyPrint shapes the Arabic (as in bodies.meetings.minutes_pdf).

Indicators are read from the tadafur.core.indicators registry, whatever is registered when the
pack is made; a figure that cannot be computed is shown as "no figure", never as zero.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from tadafur.bodies import meetings
from tadafur.bodies.models import Meeting
from tadafur.core import indicators
from tadafur.core.indicators import Measure, Unit
from tadafur.steering import selectors
from tadafur.steering.models import Committee

logger = logging.getLogger(__name__)
PACK_LANGUAGES = ("ar", "fr")


@dataclass(frozen=True)
class Place:
    code: str
    name_ar: str
    name_fr: str


@dataclass(frozen=True)
class IndicatorRow:
    spec: indicators.IndicatorSpec
    values: list[Measure | None]  # one per place, in the order of the places


def _places(committee: Committee, meeting: Meeting) -> tuple[list[Place], dict[str, list[int]]]:
    province = committee.collectivity
    places = [Place(province.code, province.name_ar, province.name_fr)]
    groups: dict[str, list[int]] = {province.code: selectors.scope_ids(committee)}
    concerned = {row.recommendation.collectivity for row in selectors.followup_table(meeting)}
    if not concerned:
        concerned = {r.collectivity for r in selectors.recommendations_for_agenda(committee)}
    for territory in sorted(concerned, key=lambda t: t.code):
        if territory.pk == province.pk:
            continue
        places.append(Place(territory.code, territory.name_ar, territory.name_fr))
        groups[territory.code] = [territory.pk]
    return places, groups


def indicator_rows(committee: Committee, meeting: Meeting) -> tuple[list[Place], list[IndicatorRow]]:
    """Every registered indicator over the year before the meeting, for the province and the
    communes concerned."""
    places, groups = _places(committee, meeting)
    end = timezone.localdate(meeting.starts_at) + dt.timedelta(days=1)
    start = end - dt.timedelta(days=365)
    rows = []
    for spec in sorted(indicators.indicators(), key=lambda s: s.key):
        try:
            measures: dict[str, Measure] = spec.compute(groups, start, end)
        except Exception:  # another module's figure must not stop the pack
            logger.exception("indicator %s failed for the meeting pack", spec.key)
            measures = {}
        rows.append(IndicatorRow(spec, [measures.get(p.code) for p in places]))
    return places, rows


def format_measure(measure: Measure | None, unit: str) -> str:
    """The figure as printed; "" when there is none (the template writes "no figure")."""
    if measure is None or measure.value is None:
        return ""
    value = measure.value
    if unit == Unit.SHARE:
        return f"{round(value * 100)} %"
    if unit == Unit.DAYS:
        return f"{value:.0f}"
    if unit == Unit.AMOUNT:
        return f"{value:,.0f} MAD".replace(",", " ")
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def meeting_pack_pdf(meeting: Meeting) -> bytes:
    from weasyprint import HTML

    committee = Committee.objects.select_related("collectivity").get(pk=meeting.organiser_id)
    places, rows = indicator_rows(committee, meeting)
    spec = meetings.spec_for(meeting.organiser_type)
    context: dict[str, Any] = {
        "committee": committee,
        "meeting": meeting,
        "places": places,
        "indicator_rows": [(row.spec, [format_measure(m, row.spec.unit) for m in row.values]) for row in rows],
        "followup": selectors.followup_table(meeting),
        "agenda": list(meeting.agenda_items.all()),
        "decisions": list(meeting.decisions.all()),
        "summary": meetings.attendance_summary(meeting, spec.quorum(committee)),
    }
    sections = []
    for language in PACK_LANGUAGES:
        with translation.override(language):
            sections.append(
                render_to_string(
                    "steering/_pack_section.html",
                    {**context, "LANGUAGE_CODE": language, "rtl": translation.get_language_bidi()},
                )
            )
    html = render_to_string("steering/pack_pdf.html", {"sections": sections, "meeting": meeting})
    return HTML(string=html).write_pdf()
