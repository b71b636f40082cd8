"""Demo: Settat province's steering committee with its members, two held meetings (autumn 2025,
spring 2026) whose minutes are published, and eight recommendations in various states across
the three demo communes. Idempotent: if the province already has its committee, nothing is added.
Runs after accounts (Hassan, Said, the platform administrator)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tadafur.bodies import meetings
from tadafur.core.demo import OULAD_SAID, RAS_EL_AIN, SETTAT
from tadafur.steering import services
from tadafur.steering.models import Committee
from tadafur.steering.states import RecommendationStatus as S
from tadafur.territories.models import Territory

PROVINCE = "06.461"

# (display name, organisation, role, sex, persona key or "")
MEMBERS = [
    ("ممثل السيد عامل إقليم سطات", "عمالة إقليم سطات", "governor_rep", "man", ""),
    ("حسن الشرايبي", "قسم الجماعات المحلية", "technical_service", "man", "hassan"),
    ("سعيد برادة", "جماعة سطات", "council_president", "man", "said"),
    ("رئيس جماعة أولاد سعيد", "جماعة أولاد سعيد", "council_president", "man", ""),
    ("رئيسة جماعة رأس العين الشاوية", "جماعة رأس العين الشاوية", "council_president", "woman", ""),
    ("Représentante du programme Tadafur", "Union européenne — programme Tadafur", "partner", "woman", ""),
    ("نجاة الحمداوي", "جمعية نساء سطات", "civil_society", "woman", ""),
    ("عبد الرحيم الزياني", "شبكة جمعيات التنمية المحلية", "civil_society", "man", ""),
]

# (commune, title, text, responsible, due date, path of states, note)
RECOMMENDATIONS = [
    (
        SETTAT,
        "إحداث شباك للعرائض",
        "إحداث شباك لاستقبال العرائض ومواكبة وكلائها بمقر الجماعة.",
        "المديرية العامة للمصالح",
        dt.date(2026, 3, 31),
        [S.ACCEPTED, S.IN_PROGRESS, S.DONE],
        "افتتح الشباك في مارس 2026.",
    ),
    (
        SETTAT,
        "نشر محاضر الدورات",
        "نشر محاضر دورات المجلس على المنصة داخل أجل شهر.",
        "كتابة المجلس",
        dt.date(2026, 6, 30),
        [S.ACCEPTED, S.IN_PROGRESS],
        "نشرت محاضر دورتي فبراير وماي.",
    ),
    (
        SETTAT,
        "ميزانية تشاركية للشباب",
        "تخصيص حصة من الميزانية التشاركية لمشاريع يقترحها الشباب.",
        "قسم الميزانية",
        dt.date(2026, 12, 31),
        [S.ACCEPTED],
        "",
    ),
    (
        OULAD_SAID,
        "تقوية التغطية بالإنترنت",
        "مراسلة المتعهدين لتقوية التغطية بالإنترنت في الدواوير.",
        "رئيس الجماعة",
        dt.date(2026, 5, 31),
        [S.ACCEPTED, S.IN_PROGRESS],
        "وجهت المراسلات وتنتظر الجماعة الجواب.",
    ),
    (
        OULAD_SAID,
        "شباك مساعدة رقمية",
        "تكوين موظف لمساعدة المواطنين على استعمال المنصة.",
        "المصلحة الإدارية",
        dt.date(2026, 2, 28),
        [S.ACCEPTED, S.DONE],
        "",
    ),
    (
        OULAD_SAID,
        "نقل مدرسي للفتيات",
        "دراسة حاجيات النقل المدرسي للفتيات في الدواوير البعيدة.",
        "لجنة الشؤون الاجتماعية",
        dt.date(2027, 3, 31),
        [],
        "",
    ),
    (
        RAS_EL_AIN,
        "هيئة المساواة",
        "إحداث هيئة المساواة وتكافؤ الفرص ومقاربة النوع وتفعيلها.",
        "رئيسة الجماعة",
        dt.date(2026, 4, 30),
        [S.ACCEPTED],
        "",
    ),
    (
        RAS_EL_AIN,
        "سوق أسبوعي جديد",
        "نقل السوق الأسبوعي إلى موقع جديد.",
        "المصلحة التقنية",
        dt.date(2026, 9, 30),
        [S.DROPPED],
        "",
    ),
]


def load(ctx: Any) -> None:
    province = Territory.objects.filter(code=PROVINCE).first()
    if province is None or Committee.objects.filter(collectivity=province, programme="").exists():
        ctx.count(False)
        return
    admin = ctx.people.get("admin")
    committee = services.committee_create(
        collectivity=province,
        name_ar="اللجنة التقنية للتتبع والمواكبة لإقليم سطات",
        name_fr="Comité technique de pilotage et de suivi de la province de Settat",
        active_from=dt.date(2025, 7, 1),
        actor=admin,
    )
    members = [
        services.member_add(
            committee=committee,
            display_name=name,
            organisation=organisation,
            role=role,
            sex=sex,
            user=ctx.people.get(key) if key else None,
            actor=admin,
        )
        for name, organisation, role, sex, key in MEMBERS
    ]
    recs = []
    for code, title, text, responsible, due, path, note in RECOMMENDATIONS:
        rec = services.recommendation_propose(
            committee=committee,
            title=title,
            text=text,
            collectivity=ctx.communes[code],
            responsible=responsible,
            due_date=due,
            source_kind="collectivity",
            source_label=ctx.communes[code].name_ar,
            actor=admin,
        )
        recs.append((rec, path, note))
    presence = {m.participant_key: ("present" if i != 4 else "excused") for i, m in enumerate(members)}
    sessions = [
        ("الاجتماع الثاني لسنة 2025", dt.datetime(2025, 11, 18, 10, 0, tzinfo=dt.UTC), 1),
        ("الاجتماع الأول لسنة 2026", dt.datetime(2026, 5, 19, 10, 0, tzinfo=dt.UTC), 2),
    ]
    for title, starts_at, step in sessions:
        meeting = meetings.meeting_plan(
            organiser=committee,
            title=title,
            starts_at=starts_at,
            place="مقر عمالة إقليم سطات",
            is_public=True,
            agenda=["افتتاح الاجتماع"],
            actor=admin,
        )
        services.agenda_prepare(meeting=meeting, actor=admin)
        meetings.meeting_hold(meeting=meeting, presence=presence, actor=admin)
        # Between meetings the recommendations move along their path.
        for rec, path, note in recs:
            for to in path[:step] if step == 1 else path[1:]:
                services.recommendation_move(
                    recommendation=rec, to=to, reason="الموقع المقترح غير متاح" if to == S.DROPPED else "", actor=admin
                )
            if note and step == 2 and rec.is_open:
                services.progress_note_add(recommendation=rec, text=note, progress=50, actor=admin)
        meetings.decision_add(meeting=meeting, text="تتبع تنفيذ التوصيات في الاجتماع المقبل.", actor=admin)
        services.minutes_publish(
            meeting=meeting, minutes="انعقد الاجتماع بمقر العمالة وتدارس الأعضاء تتبع التوصيات.", actor=admin
        )
    ctx.count(True)
