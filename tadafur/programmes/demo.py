"""Demo: Settat's PAC 2022–2027 with its diagnosis, a workshop, three axes and twelve projects at
varied progress, the consultation's outcome, and its adoption by the council in 2023.

Idempotent: if Settat already has a programme starting in 2022, nothing is added. Runs after
accounts (it acts as the platform administrator). Phase stamps are the real dates of the demo
run, then backdated to the story's dates (2022–2023).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tadafur.core.demo import SETTAT
from tadafur.programmes import services
from tadafur.programmes.models import Programme
from tadafur.programmes.states import Phase

AXES = [
    ("الخدمات الأساسية والطرق", "Services de base et voirie"),
    ("التنمية الاقتصادية والتشغيل", "Développement économique et emploi"),
    ("الإدماج الاجتماعي والمساواة بين الجنسين", "Inclusion sociale et égalité femmes-hommes"),
]

# (axis index, title ar, title fr, cost MAD, first 3 years, years, gender marker, service,
#  status, progress, executed, indicator (name, unit, baseline, target, actual))
PROJECTS: list[tuple[Any, ...]] = [
    (
        0,
        "تهيئة الطرق الحضرية بحي السلام",
        "Aménagement de la voirie du quartier Essalam",
        12_000_000,
        9_000_000,
        (2023, 2025),
        0,
        "المصلحة التقنية",
        "done",
        100,
        11_600_000,
        ("Voirie aménagée", "km", 0, 8, 8.2),
    ),
    (
        0,
        "توسيع شبكة الإنارة العمومية",
        "Extension de l'éclairage public",
        4_500_000,
        3_000_000,
        (2023, 2026),
        1,
        "المصلحة التقنية",
        "in_progress",
        60,
        2_400_000,
        ("Points lumineux installés", "unités", 0, 1200, 700),
    ),
    (
        0,
        "تأهيل شبكة التطهير السائل بالأحياء الناقصة التجهيز",
        "Réhabilitation de l'assainissement des quartiers sous-équipés",
        18_000_000,
        6_000_000,
        (2024, 2027),
        0,
        "المصلحة التقنية",
        "in_progress",
        25,
        3_900_000,
        ("Ménages raccordés", "ménages", 0, 2500, 600),
    ),
    (
        0,
        "إحداث محطة طرقية جديدة",
        "Nouvelle gare routière",
        30_000_000,
        5_000_000,
        (2025, 2027),
        0,
        "مصلحة الممتلكات",
        "planned",
        0,
        0,
        ("Avancement des études", "%", 0, 100, 20),
    ),
    (
        1,
        "إحداث منطقة للأنشطة الاقتصادية",
        "Zone d'activités économiques",
        25_000_000,
        10_000_000,
        (2023, 2027),
        0,
        "مصلحة الشؤون الاقتصادية",
        "in_progress",
        35,
        7_000_000,
        ("Lots attribués", "lots", 0, 80, 22),
    ),
    (
        1,
        "تأهيل السوق الأسبوعي",
        "Mise à niveau du souk hebdomadaire",
        6_000_000,
        6_000_000,
        (2023, 2024),
        1,
        "مصلحة الشؤون الاقتصادية",
        "done",
        100,
        5_800_000,
        ("Commerçants installés", "commerçants", 120, 300, 310),
    ),
    (
        1,
        "حاضنة مقاولات للشباب والنساء",
        "Incubateur d'entreprises pour les jeunes et les femmes",
        3_000_000,
        2_000_000,
        (2024, 2027),
        2,
        "مصلحة الشؤون الاقتصادية",
        "in_progress",
        40,
        1_100_000,
        ("Entreprises accompagnées dirigées par des femmes", "entreprises", 0, 60, 18),
    ),
    (
        1,
        "دعم التعاونيات النسائية في الصناعة التقليدية",
        "Appui aux coopératives féminines d'artisanat",
        1_500_000,
        1_500_000,
        (2023, 2025),
        2,
        "مصلحة الشؤون الاجتماعية",
        "in_progress",
        80,
        1_150_000,
        ("Coopératives appuyées", "coopératives", 0, 15, 12),
    ),
    (
        2,
        "دار المرأة بحي مولاي إسماعيل",
        "Maison de la femme du quartier Moulay Ismail",
        5_000_000,
        5_000_000,
        (2023, 2025),
        2,
        "مصلحة الشؤون الاجتماعية",
        "done",
        100,
        4_900_000,
        ("Bénéficiaires par an", "femmes", 0, 600, 640),
    ),
    (
        2,
        "ولوجيات الأشخاص في وضعية إعاقة للمرافق الجماعية",
        "Accessibilité des équipements communaux aux personnes en situation de handicap",
        2_500_000,
        1_500_000,
        (2024, 2027),
        1,
        "مصلحة الشؤون الاجتماعية",
        "in_progress",
        30,
        700_000,
        ("Équipements rendus accessibles", "équipements", 2, 20, 7),
    ),
    (
        2,
        "برنامج محو الأمية لفائدة النساء",
        "Programme d'alphabétisation des femmes",
        1_200_000,
        800_000,
        (2023, 2027),
        2,
        "مصلحة الشؤون الاجتماعية",
        "in_progress",
        50,
        560_000,
        ("Femmes inscrites", "femmes", 0, 2000, 1100),
    ),
    (
        2,
        "ملاعب القرب بالأحياء الشعبية",
        "Terrains de proximité dans les quartiers populaires",
        4_000_000,
        2_000_000,
        (2024, 2026),
        1,
        "مصلحة الرياضة",
        "dropped",
        10,
        300_000,
        ("Terrains ouverts", "terrains", 0, 6, 1),
    ),
]


def load(ctx: Any) -> None:
    settat = ctx.communes[SETTAT]
    if Programme.objects.filter(collectivity=settat, start_year=2022).exists():
        ctx.count(False)
        return
    actor = ctx.people.get("admin")
    programme = services.programme_create(collectivity=settat, start_year=2022, actor=actor)
    services.programme_advance(programme=programme, to=Phase.DIAGNOSIS, actor=actor)
    services.diagnosis_notes_set(
        programme=programme,
        notes=(
            "تبلغ نسبة الأمية لدى النساء ضعف نسبتها لدى الرجال، ونسبة نشاط النساء ثلث نسبة نشاط الرجال: "
            "الأولوية لمحو الأمية والتشغيل الذاتي للنساء والشباب، ولتجهيز الأحياء الناقصة التجهيز."
        ),
        actor=actor,
    )
    services.workshop_record(
        programme=programme,
        held_on=dt.date(2022, 5, 14),
        place="دار الشباب سطات",
        women_under_35=14,
        women_35_plus=11,
        men_under_35=12,
        men_35_plus=9,
        needs="الإنارة العمومية في الأحياء الجديدة؛ دار للمرأة؛ فرص الشغل للشباب؛ ولوجيات الأشخاص في وضعية إعاقة.",
        actor=actor,
    )
    services.programme_advance(programme=programme, to=Phase.PRIORITIES, actor=actor)
    axes = [
        services.axis_add(programme=programme, title_ar=ar, title_fr=fr, order=i + 1, actor=actor)
        for i, (ar, fr) in enumerate(AXES)
    ]
    services.programme_advance(programme=programme, to=Phase.DRAFTING, actor=actor)
    for (axis_i, ar, fr, cost, first3, (start, end), marker, service, status, progress, executed,
         (name, unit, baseline, target, actual)) in PROJECTS:  # fmt: skip
        project = services.project_add(
            axis=axes[axis_i],
            title_ar=ar,
            title_fr=fr,
            cost=Decimal(cost),
            first_three_years=Decimal(first3),
            start_year=start,
            end_year=end,
            gender_marker=marker,
            responsible_service=service,
            location_commune=settat,
            funding_sources="الميزانية الجماعية؛ المبادرة الوطنية للتنمية البشرية",
            indicators=[{"name": name, "unit": unit, "baseline": Decimal(baseline), "target": Decimal(target)}],
            actor=actor,
        )
        services.project_progress_update(
            project=project, status=status, progress=progress, executed=Decimal(executed), actor=actor
        )
        services.indicator_update(indicator=project.indicators.get(), actual=Decimal(str(actual)), actor=actor)
    services.consultation_window_set(
        programme=programme, opens=dt.date(2022, 11, 1), closes=dt.date(2022, 11, 30), actor=actor
    )
    services.programme_advance(programme=programme, to=Phase.CONSULTATION, actor=actor)
    services.consultation_change_record(
        programme=programme,
        input_summary="إحداث دار للمرأة بحي مولاي إسماعيل (الورشة التشاركية وهيئة المساواة)",
        taken_up=True,
        response="أضيف المشروع إلى محور الإدماج الاجتماعي والمساواة بين الجنسين.",
        actor=actor,
    )
    services.consultation_change_record(
        programme=programme,
        input_summary="Piscine couverte municipale",
        taken_up=False,
        response="Coût de fonctionnement hors de portée du budget communal ; reportée au prochain mandat.",
        actor=actor,
    )
    services.programme_adopt(
        programme=programme, session=dt.date(2023, 2, 7), votes_for=31, votes_against=4, votes_abstain=2, actor=actor
    )
    services.programme_advance(programme=programme, to=Phase.EXECUTION, actor=actor)
    # The services stamp each phase with the real time of the demo run; the story's dates read
    # better on the timeline, so the demo (and only the demo) backdates the stamps.
    stamps = {
        "launch_at": (2022, 1, 10), "diagnosis_at": (2022, 3, 1), "priorities_at": (2022, 6, 15),
        "drafting_at": (2022, 7, 1), "consultation_at": (2022, 11, 1), "adopted_at": (2023, 2, 7),
        "execution_at": (2023, 3, 1),
    }  # fmt: skip
    Programme.objects.filter(pk=programme.pk).update(
        **{name: timezone.make_aware(dt.datetime(*day, 10, 0)) for name, day in stamps.items()}
    )
    # Half-yearly progress since adoption, so the dashboards' execution trend has a past.
    from tadafur.programmes.indicators import SNAPSHOTS
    from tadafur.programmes.models import Project

    SNAPSHOTS.demo(Project.objects.filter(axis__programme=programme), since=dt.date(2023, 1, 1))
    ctx.count(True)
