"""Seed the rulebook with every figure of SPEC §3–4, dated and cited.

Dates used (see docs/decisions/0101 and 0102):
- 2015-07-23: OL 111.14, 112.14 and 113.14 (dahirs of 7 July 2015), Bulletin officiel n° 6380
  (Arabic edition); the French edition followed in BO n° 6440 bis of 18 February 2016.
- 2016-08-18: OL 44.14 (petitions to public authorities) and OL 64.14 (legislative motions) [verify].
- 2021-07-01: PLACEHOLDER for the entry into force of OL 70.21 and OL 71.21 [verify]; the rows
  before it end on 2021-06-30. A jurist corrects both dates in the admin once read in the BO.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import migrations

LOCAL_FROM = dt.date(2015, 7, 23)
NATIONAL_FROM = dt.date(2016, 8, 18)
AMENDMENT_2021 = dt.date(2021, 7, 1)  # placeholder [verify]
BEFORE_2021 = AMENDMENT_2021 - dt.timedelta(days=1)

OL_COMMUNES = "Loi organique n° 113.14 relative aux communes, art. 123"
OL_PROVINCES = "Loi organique n° 112.14 relative aux préfectures et provinces (droit de pétition)"
OL_REGIONS = "Loi organique n° 111.14 relative aux régions (droit de pétition)"
OL_44 = "Loi organique n° 44.14 (pétitions aux pouvoirs publics)"
OL_44_70 = "Loi organique n° 44.14 modifiée par la loi organique n° 70.21"
OL_64 = "Loi organique n° 64.14 (motions en matière législative)"
OL_64_71 = "Loi organique n° 64.14 modifiée par la loi organique n° 71.21"
SPEC = "Tadafur SPEC §3 table"
SPEC4 = "Tadafur SPEC §4, from 2021 press reports"
PLACEHOLDER_NOTE = (
    "Figure reported by the press; the 2021 entry-into-force date is a placeholder to verify in the BO."
)
ARTICLE_NOTE = "Article number to confirm against the Bulletin officiel."


def _rule(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "instrument": "petition",
        "kind": "",
        "population_min": None,
        "population_max": None,
        "valid_to": None,
        "source_note": SPEC,
        "notes": "",
    }
    base.update(fields)
    return base


RULES = [
    # Communes (OL 113.14): bands are [min, max) on the 2024 census population.
    _rule(
        key="min_signatures",
        level="commune",
        population_max=35_000,
        value=100,
        unit="signatures",
        valid_from=LOCAL_FROM,
        citation=OL_COMMUNES,
        reliability="verify",
        notes="Communes under 35,000 inhabitants (34,999 → 100).",
    ),
    _rule(
        key="min_signatures",
        level="commune",
        population_min=35_000,
        value=200,
        unit="signatures",
        valid_from=LOCAL_FROM,
        citation=OL_COMMUNES,
        reliability="verify",
        notes="Communes of 35,000 inhabitants or more (35,000 → 200).",
    ),
    _rule(
        key="min_signatures",
        level="commune",
        kind="with_arrondissements",
        value=400,
        unit="signatures",
        valid_from=LOCAL_FROM,
        citation=OL_COMMUNES,
        reliability="verify",
        notes="Communes with arrondissements, whatever their population; wins over the population bands.",
    ),
    _rule(
        key="min_signatures",
        level="province",
        value=300,
        unit="signatures",
        valid_from=LOCAL_FROM,
        citation=OL_PROVINCES,
        reliability="verify",
        notes=ARTICLE_NOTE,
    ),
    # Regions (OL 111.14).
    _rule(
        key="min_signatures",
        level="region",
        population_max=1_000_000,
        value=300,
        unit="signatures",
        valid_from=LOCAL_FROM,
        citation=OL_REGIONS,
        reliability="law",
        notes="Regions under 1,000,000 inhabitants. " + ARTICLE_NOTE,
    ),
    _rule(
        key="min_signatures",
        level="region",
        population_min=1_000_000,
        population_max=3_000_001,
        value=400,
        unit="signatures",
        valid_from=LOCAL_FROM,
        citation=OL_REGIONS,
        reliability="law",
        notes="Regions from 1,000,000 to 3,000,000 inhabitants, both included."
        " Some regional sites quote 600.",
    ),
    _rule(
        key="min_signatures",
        level="region",
        population_min=3_000_001,
        value=500,
        unit="signatures",
        valid_from=LOCAL_FROM,
        citation=OL_REGIONS,
        reliability="law",
        notes="Regions over 3,000,000 inhabitants (3,000,001 and more).",
    ),
    _rule(
        key="per_province_share",
        level="region",
        value=5,
        unit="percent",
        valid_from=LOCAL_FROM,
        citation=OL_REGIONS,
        reliability="law",
        notes="At least 5% of the regional minimum from each prefecture/province, by signers' residence;"
        " rounded up.",
    ),
    # Answer deadlines, from filing.
    _rule(
        key="answer_deadline",
        level="commune",
        value=3,
        unit="months",
        valid_from=LOCAL_FROM,
        citation="Loi organique n° 113.14 relative aux communes (pétitions)",
        reliability="press",
        notes="Reasoned decision notified to the agent within 3 months of receipt.",
    ),
    _rule(
        key="answer_deadline",
        level="province",
        value=2,
        unit="months",
        valid_from=LOCAL_FROM,
        citation=OL_PROVINCES,
        reliability="press",
        notes="Reasoned decision notified to the agent within 2 months of receipt.",
    ),
    _rule(
        key="answer_deadline",
        level="region",
        value=2,
        unit="months",
        valid_from=LOCAL_FROM,
        citation=OL_REGIONS,
        reliability="press",
        notes="Reasoned decision notified to the agent within 2 months of receipt.",
    ),
    # National petitions (OL 44.14, amended by OL 70.21).
    _rule(
        key="min_signatures",
        level="national",
        value=5_000,
        unit="signatures",
        valid_from=NATIONAL_FROM,
        valid_to=BEFORE_2021,
        citation=OL_44,
        source_note=SPEC4,
        reliability="verify",
        notes=PLACEHOLDER_NOTE,
    ),
    _rule(
        key="min_signatures",
        level="national",
        value=4_000,
        unit="signatures",
        valid_from=AMENDMENT_2021,
        citation=OL_44_70,
        source_note=SPEC4,
        reliability="verify",
        notes=PLACEHOLDER_NOTE,
    ),
    _rule(
        key="committee_size",
        level="national",
        value=9,
        unit="members",
        valid_from=NATIONAL_FROM,
        valid_to=BEFORE_2021,
        citation=OL_44,
        source_note=SPEC4,
        reliability="verify",
        notes=PLACEHOLDER_NOTE,
    ),
    _rule(
        key="committee_size",
        level="national",
        value=5,
        unit="members",
        valid_from=AMENDMENT_2021,
        citation=OL_44_70,
        source_note=SPEC4,
        reliability="verify",
        notes="Names an agent and a deputy. " + PLACEHOLDER_NOTE,
    ),
    # Legislative motions (OL 64.14, amended by OL 71.21).
    _rule(
        key="min_signatures",
        level="national",
        instrument="motion",
        value=25_000,
        unit="signatures",
        valid_from=NATIONAL_FROM,
        valid_to=BEFORE_2021,
        citation=OL_64,
        source_note=SPEC4,
        reliability="verify",
        notes=PLACEHOLDER_NOTE,
    ),
    _rule(
        key="min_signatures",
        level="national",
        instrument="motion",
        value=20_000,
        unit="signatures",
        valid_from=AMENDMENT_2021,
        citation=OL_64_71,
        source_note=SPEC4,
        reliability="verify",
        notes=PLACEHOLDER_NOTE,
    ),
    _rule(
        key="committee_size",
        level="national",
        instrument="motion",
        value=5,
        unit="members",
        valid_from=NATIONAL_FROM,
        citation=OL_64,
        source_note="Tadafur issue 3 §2",
        reliability="verify",
        notes="The size before 2021 is not confirmed; add a dated row if it differed.",
    ),
    _rule(
        key="admissibility_deadline",
        level="national",
        instrument="motion",
        value=15,
        unit="days",
        valid_from=NATIONAL_FROM,
        citation=OL_64,
        source_note=SPEC4,
        reliability="press",
        notes="Original deadline for the House's decision on admissibility.",
    ),
    _rule(
        key="substance_deadline",
        level="national",
        instrument="motion",
        value=60,
        unit="days",
        valid_from=NATIONAL_FROM,
        citation=OL_64,
        source_note=SPEC4,
        reliability="press",
        notes="Original deadline for the House's decision on substance.",
    ),
]

CONSTANTS = "Constitution de 2011, art. 1 (constantes de la Nation); lois organiques 111.14, 112.14, 113.14"
GROUNDS = [
    ("moderate_islam", "Touches the moderate Muslim religion (Constitution, art. 1)", CONSTANTS, "law"),
    (
        "national_unity",
        "Touches national unity with its diverse components (Constitution, art. 1)",
        CONSTANTS,
        "law",
    ),
    (
        "constitutional_monarchy",
        "Touches the constitutional monarchy (Constitution, art. 1)",
        CONSTANTS,
        "law",
    ),
    ("democratic_choice", "Touches the democratic choice (Constitution, art. 1)", CONSTANTS, "law"),
    (
        "outside_competences",
        "Outside the council's competences",
        "Constitution, art. 139; lois organiques 111.14, 112.14, 113.14 (objet de la pétition)",
        "law",
    ),
    (
        "partisan_or_union",
        "Partisan or trade-union content",
        "Reported as inadmissible in guides on local petitions",
        "press",
    ),
]


def seed(apps: Any, schema_editor: Any) -> None:
    PetitionRule = apps.get_model("petitions", "PetitionRule")
    InadmissibilityGround = apps.get_model("petitions", "InadmissibilityGround")
    PetitionRule.objects.bulk_create([PetitionRule(**row) for row in RULES])
    InadmissibilityGround.objects.bulk_create(
        [
            InadmissibilityGround(
                code=code,
                label=label,
                citation=citation,
                reliability=reliability,
                valid_from=LOCAL_FROM,
                source_note="Tadafur SPEC §3 (Inadmissible)",
            )
            for code, label, citation, reliability in GROUNDS
        ]
    )


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("petitions", "PetitionRule").objects.all().delete()
    apps.get_model("petitions", "InadmissibilityGround").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
