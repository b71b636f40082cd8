"""The landed modules' public datasets (territories, petitions, budgets, bodies, programmes,
indicators), registered by OpendataConfig.ready(). Modules built later register their own.

Only public records and public fields: no agent, author, signer, voter or member is named;
no CNIE number, phone, e-mail or address; aggregates about people come from the dashboards
with their small-cell suppression.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from tadafur.opendata.registry import Column, register_dataset

ID = _("Stable identifier (database id) of the record; never reused.")
TERRITORY_CODE = _("HCP code of the collectivity (RGPH 2024), e.g. 06.461.01.15 for Settat.")


def territories_rows() -> Iterator[tuple[Any, ...]]:
    from tadafur.territories.models import Territory

    rows = Territory.objects.order_by("code").values_list(
        "code",
        "level",
        "kind",
        "parent__code",
        "name_ar",
        "name_fr",
        "name_zgh",
        "is_collectivity",
        "population_2014",
        "population_2024",
        "households_2024",
        "census__women_share",
    )
    yield from rows.iterator(chunk_size=500)


def petitions_rows() -> Iterator[tuple[Any, ...]]:
    from tadafur.petitions.models import Petition
    from tadafur.petitions.states import PUBLIC, SignatureStatus

    rows = (
        Petition.objects.filter(status__in=sorted(PUBLIC))
        .annotate(valid=Count("signatures", filter=Q(signatures__status=SignatureStatus.VALID)))
        .order_by("pk")
        .values_list(
            "pk",
            "receipt_number",
            "kind",
            "addressee",
            "territory__code",
            "association_id",
            "title",
            "status",
            "collecting_at",
            "filed_at",
            "accepted_at",
            "rejected_at",
            "deliberated_at",
            "closed_at",
            "withdrawn_at",
            "valid",
            "outcome",
        )
    )
    yield from rows.iterator(chunk_size=500)


def budget_cycles_rows() -> Iterator[tuple[Any, ...]]:
    from tadafur.budgets.models import Cycle
    from tadafur.core import clock

    rows = (
        Cycle.objects.filter(information_starts__lte=clock.now())
        .annotate(ballot_count=Count("ballots"))
        .order_by("pk")
        .values_list(
            "pk",
            "collectivity__code",
            "name",
            "envelope",
            "ballot_type",
            "rule",
            "gender_floor_percent",
            "vote_starts",
            "results_start",
            "ballot_count",
            "result_computed_at",
            "result",
        )
    )
    for *head, computed_at, result in rows.iterator(chunk_size=200):
        published = computed_at is not None and head[8] <= clock.now()
        yield (
            *head,
            (result or {}).get("cost") if published else None,
            (result or {}).get("marked_cost") if published else None,
        )


def budget_proposals_rows() -> Iterator[tuple[Any, ...]]:
    from tadafur.budgets.models import Proposal
    from tadafur.budgets.states import PUBLIC
    from tadafur.core import clock

    rows = (
        Proposal.objects.filter(status__in=sorted(PUBLIC), cycle__information_starts__lte=clock.now())
        .order_by("pk")
        .values_list(
            "pk",
            "cycle_id",
            "title",
            "category",
            "proposer_kind",
            "estimated_cost",
            "revised_cost",
            "status",
            "gender_marker",
            "cycle__result",
            "cycle__result_computed_at",
            "cycle__results_start",
        )
    )
    now = clock.now()
    for *head, result, computed_at, results_start in rows.iterator(chunk_size=500):
        published = computed_at is not None and results_start <= now
        selected = head[0] in set((result or {}).get("selected") or []) if published else None
        yield (*head, selected)


def bodies_rows() -> Iterator[tuple[Any, ...]]:
    from tadafur.bodies.models import Body

    rows = Body.objects.order_by("pk").values_list(
        "pk", "collectivity__code", "kind", "name_ar", "name_fr", "created_at"
    )
    yield from rows.iterator(chunk_size=500)


def opinions_rows() -> Iterator[tuple[Any, ...]]:
    from tadafur.bodies.models import Opinion
    from tadafur.bodies.states import OPINION_PUBLIC

    rows = (
        Opinion.objects.filter(status__in=sorted(OPINION_PUBLIC))
        .order_by("pk")
        .values_list(
            "pk",
            "body_id",
            "body__collectivity__code",
            "title",
            "concerns_type",
            "concerns_id",
            "status",
            "adopted_at",
            "answered_at",
            "answer__verdict",
        )
    )
    yield from rows.iterator(chunk_size=500)


def meetings_rows() -> Iterator[tuple[Any, ...]]:
    from tadafur.bodies.models import BODY_TYPE, Meeting

    rows = (
        Meeting.objects.filter(organiser_type=BODY_TYPE, is_public=True)
        .order_by("pk")
        .values_list("pk", "organiser_id", "collectivity__code", "title", "starts_at", "status", "held_at")
    )
    yield from rows.iterator(chunk_size=500)


def programmes_rows() -> Iterator[tuple[Any, ...]]:
    from tadafur.programmes.models import Programme

    rows = Programme.objects.order_by("pk").values_list(
        "pk", "collectivity__code", "kind", "start_year", "end_year", "phase", "adoption_session"
    )
    yield from rows.iterator(chunk_size=500)


def programme_projects_rows() -> Iterator[tuple[Any, ...]]:
    from tadafur.programmes.models import Project

    rows = (
        Project.objects.filter(axis__programme__adopted_at__isnull=False)
        .order_by("pk")
        .values_list(
            "pk",
            "axis__programme_id",
            "axis__programme__collectivity__code",
            "title_ar",
            "title_fr",
            "location_commune__code",
            "cost",
            "executed",
            "progress",
            "status",
            "gender_marker",
            "start_year",
            "end_year",
        )
    )
    yield from rows.iterator(chunk_size=500)


def indicators_rows() -> Iterator[tuple[Any, ...]]:
    """Every indicator for every collectivity, this year and the last two, small cells withheld."""
    from tadafur.dashboards import periods, selectors
    from tadafur.territories.models import Territory

    territories = list(Territory.objects.filter(is_collectivity=True).values_list("pk", "code"))
    groups: dict[str, list[int]] = {code: [pk] for pk, code in territories}
    for pk, code in Territory.objects.values_list("pk", "code"):
        parts = code.split(".")
        for depth in range(1, len(parts)):
            ancestor = ".".join(parts[:depth])
            if ancestor in groups:
                groups[ancestor].append(pk)
    this_year = periods.current().start.year
    for year in (this_year - 2, this_year - 1, this_year):
        period = periods.year_period(year)
        for spec in selectors.specs():
            cells = selectors.compute(spec, groups, period)
            for code in sorted(groups):
                cell = cells[code]
                if cell.n == 0:
                    continue  # nothing happened there that year: left out, the file stays small
                yield (
                    code,
                    period.key,
                    spec.key,
                    spec.unit,
                    selectors.csv_value(cell) or None,
                    None if cell.suppressed else cell.n,
                    cell.suppressed,
                )


def register() -> None:
    register_dataset(
        "territories.territories",
        label=_("Territories and census figures"),
        description=_(
            "Regions, prefectures and provinces, communes and arrondissements, with the 2014 and 2024 census."
        ),
        columns=[
            Column("code", _("HCP code; parent codes are prefixes (06 ⊃ 06.461 ⊃ 06.461.01.15)."), "string"),
            Column("level", _("region, province, commune or arrondissement.")),
            Column("kind", _("region, province, prefecture, urban, rural, with_arrondissements or arrondissement.")),
            Column("parent_code", _("HCP code of the territory above.")),
            Column("name_ar", _("Name in Arabic.")),
            Column("name_fr", _("Name in French.")),
            Column("name_zgh", _("Name in Tifinagh, where known.")),
            Column("is_collectivity", _("Whether it is a territorial collectivity with a council."), "boolean"),
            Column("population_2014", _("Population at the 2014 census."), "integer"),
            Column("population_2024", _("Population at the 2024 census."), "integer"),
            Column("households_2024", _("Households at the 2024 census."), "integer"),
            Column("women_share_2024", _("Percentage of women in the population, 2024 census."), "number"),
        ],
        rows=territories_rows,
        module="territories",
    )
    register_dataset(
        "petitions.petitions",
        label=_("Petitions"),
        description=_("Published petitions and motions (drafts excluded), their status dates and valid signatures."),
        columns=[
            Column("id", ID, "integer"),
            Column("receipt_number", _("Receipt number given at filing; empty before filing.")),
            Column("kind", _("local_citizens, local_association, national_petition or legislative_motion.")),
            Column("addressee", _("For national petitions and motions: the authority addressed.")),
            Column("territory_code", TERRITORY_CODE),
            Column("association_id", _("Id of the association filing it, for associations' petitions."), "integer"),
            Column("title", _("Title as published.")),
            Column("status", _("collecting, filed, under_review, accepted, rejected, deliberated, closed, withdrawn.")),
            Column("collecting_at", _("When signature collection opened."), "datetime"),
            Column("filed_at", _("When it was filed with the council."), "datetime"),
            Column("accepted_at", _("When the bureau declared it admissible."), "datetime"),
            Column("rejected_at", _("When the bureau declared it inadmissible."), "datetime"),
            Column("deliberated_at", _("When the council deliberated on it."), "datetime"),
            Column("closed_at", _("When it was closed."), "datetime"),
            Column("withdrawn_at", _("When the agent withdrew it."), "datetime"),
            Column("valid_signatures", _("Number of valid signatures (never who signed)."), "integer"),
            Column("outcome", _("Outcome of the deliberation: adopted, adopted_amended, not_adopted, postponed.")),
        ],
        rows=petitions_rows,
        module="petitions",
    )
    register_dataset(
        "budgets.cycles",
        label=_("Participatory budget cycles"),
        description=_("Participatory budgets once announced, with their envelope, rule and published result."),
        columns=[
            Column("id", ID, "integer"),
            Column("territory_code", TERRITORY_CODE),
            Column("name", _("Name of the cycle.")),
            Column("envelope_mad", _("Envelope in dirhams."), "integer"),
            Column("ballot_type", _("approval, cost_limited or cumulative.")),
            Column("rule", _("Outcome rule: greedy, mes, mes-card, mes-add1-greedy or phragmen.")),
            Column("gender_floor_percent", _("Share of the envelope reserved for gender-marked projects."), "integer"),
            Column("vote_starts", _("When the vote opens."), "datetime"),
            Column("results_start", _("When the results are published."), "datetime"),
            Column("ballots", _("Number of ballots cast."), "integer"),
            Column("selected_cost_mad", _("Cost of the selected projects, once published."), "integer"),
            Column("gender_marked_cost_mad", _("Cost of the selected projects with gender marker 1 or 2."), "integer"),
        ],
        rows=budget_cycles_rows,
        module="budgets",
    )
    register_dataset(
        "budgets.proposals",
        label=_("Participatory budget proposals"),
        description=_(
            "Proposals submitted to the participatory budgets (merged duplicates excluded); no author named."
        ),
        columns=[
            Column("id", ID, "integer"),
            Column("cycle_id", _("Id of the cycle (see budgets.cycles)."), "integer"),
            Column("title", _("Title as published.")),
            Column("category", _("Category of the project.")),
            Column("proposer_kind", _("citizen, association or body (who proposed it, never their name).")),
            Column("estimated_cost_mad", _("Cost estimated by the proposer."), "integer"),
            Column("revised_cost_mad", _("Cost revised by the technical review."), "integer"),
            Column("status", _("submitted, feasible or rejected.")),
            Column("gender_marker", _("OECD DAC gender marker: 0, 1 or 2."), "integer"),
            Column("selected", _("Whether the published result funds it; empty before publication."), "boolean"),
        ],
        rows=budget_proposals_rows,
        module="budgets",
    )
    register_dataset(
        "bodies.bodies",
        label=_("Consultative bodies"),
        columns=[
            Column("id", ID, "integer"),
            Column("territory_code", TERRITORY_CODE),
            Column("kind", _("Kind of body (equality body, youth body, economic body, dialogue space).")),
            Column("name_ar", _("Name in Arabic.")),
            Column("name_fr", _("Name in French.")),
            Column("created_at", _("When it was set up on the platform."), "datetime"),
        ],
        rows=bodies_rows,
        module="bodies",
    )
    register_dataset(
        "bodies.opinions",
        label=_("Opinions of consultative bodies"),
        description=_("Adopted opinions and the council's answer."),
        columns=[
            Column("id", ID, "integer"),
            Column("body_id", _("Id of the body (see bodies.bodies)."), "integer"),
            Column("territory_code", TERRITORY_CODE),
            Column("title", _("Title as published.")),
            Column("concerns_type", _("Type of what it concerns (e.g. programmes.project).")),
            Column("concerns_id", _("Id of what it concerns."), "integer"),
            Column("status", _("adopted or answered.")),
            Column("adopted_at", _("When the body adopted it."), "datetime"),
            Column("answered_at", _("When the council answered."), "datetime"),
            Column("verdict", _("The council's answer: accepted, partly or rejected.")),
        ],
        rows=opinions_rows,
        module="bodies",
    )
    register_dataset(
        "bodies.meetings",
        label=_("Public meetings of consultative bodies"),
        columns=[
            Column("id", ID, "integer"),
            Column("body_id", _("Id of the body (see bodies.bodies)."), "integer"),
            Column("territory_code", TERRITORY_CODE),
            Column("title", _("Title as published.")),
            Column("starts_at", _("When it starts."), "datetime"),
            Column("status", _("planned, held, minutes_published or cancelled.")),
            Column("held_at", _("When it was recorded as held."), "datetime"),
        ],
        rows=meetings_rows,
        module="bodies",
    )
    register_dataset(
        "programmes.programmes",
        label=_("Action programmes"),
        columns=[
            Column("id", ID, "integer"),
            Column("territory_code", TERRITORY_CODE),
            Column("kind", _("PAC (commune), PDP (province) or PDR (region).")),
            Column("start_year", _("First year."), "integer"),
            Column("end_year", _("Last year."), "integer"),
            Column("phase", _("Current phase of the programme.")),
            Column("adoption_session", _("Date of the council session that adopted it."), "date"),
        ],
        rows=programmes_rows,
        module="programmes",
    )
    register_dataset(
        "programmes.projects",
        label=_("Action programme projects and their execution"),
        columns=[
            Column("id", ID, "integer"),
            Column("programme_id", _("Id of the programme (see programmes.programmes)."), "integer"),
            Column("territory_code", TERRITORY_CODE),
            Column("title_ar", _("Title in Arabic.")),
            Column("title_fr", _("Title in French.")),
            Column("location_code", _("HCP code of the commune where it is located, if one.")),
            Column("cost_mad", _("Planned cost in dirhams."), "number"),
            Column("executed_mad", _("Money executed so far, in dirhams."), "number"),
            Column("progress_percent", _("Physical progress, 0 to 100."), "integer"),
            Column("status", _("planned, in_progress, done or dropped.")),
            Column("gender_marker", _("OECD DAC gender marker: 0, 1 or 2."), "integer"),
            Column("start_year", _("Start year."), "integer"),
            Column("end_year", _("End year."), "integer"),
        ],
        rows=programme_projects_rows,
        module="programmes",
    )
    register_dataset(
        "dashboards.indicators",
        label=_("Indicators by collectivity and year"),
        description=_(
            "Every registered indicator for every collectivity (itself and the collectivities under it), by year; "
            "a collectivity with no case for an indicator in a year is left out."
        ),
        columns=[
            Column("territory_code", TERRITORY_CODE),
            Column("period", _("Calendar year.")),
            Column("indicator", _("Indicator key, e.g. petitions.filed (see the dashboards).")),
            Column("unit", _("count, share (0 to 1), days or amount (MAD).")),
            Column("value", _("The figure; empty when withheld as a small cell."), "number"),
            Column("cases", _("Number of cases the figure rests on; empty when withheld."), "integer"),
            Column("suppressed", _("Whether the figure is withheld (fewer than 5 cases)."), "boolean"),
        ],
        rows=indicators_rows,
        module="dashboards",
    )
