"""Demo: Settat's equality body (IEECAG) with 12 members, two meetings, a referral, an adopted
opinion and the council's partly accepting answer with a follow-up item.

Idempotent: if Settat already has its IEECAG, nothing is added. Runs after accounts and
associations (it uses Fatima, Said and the platform administrator, and Settat's associations).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tadafur.bodies import meetings, services
from tadafur.bodies.models import Body
from tadafur.bodies.rules import AgeBand, BodyKind
from tadafur.core import clock
from tadafur.core.demo import SETTAT

# (display name, sex, age band, field, bureau role, association reference or "")
MEMBERS = [
    ("نجاة الحمداوي", "woman", AgeBand.FROM_50, "حقوق النساء", "president", "RD-SETTAT-2015-037"),
    ("عبد الرحيم الزياني", "man", AgeBand.FROM_35, "التنمية المحلية", "vice_president", ""),
    ("سناء بوعزة", "woman", AgeBand.FROM_25, "الشباب والتشغيل", "rapporteur", "RD-SETTAT-2015-037"),
    ("فاطمة الزهراء", "woman", AgeBand.FROM_35, "المساواة ومقاربة النوع", "secretary", ""),
    ("محمد أمين الشرقاوي", "man", AgeBand.UNDER_25, "الشباب", "member", ""),
    ("خديجة العلوي", "woman", AgeBand.FROM_35, "حقوق النساء", "member", "RD-SETTAT-2015-037"),
    ("الحسين أيت علي", "man", AgeBand.FROM_65, "الأشخاص في وضعية إعاقة", "member", ""),
    ("مريم الصديقي", "woman", AgeBand.FROM_25, "التعليم ومحو الأمية", "member", ""),
    ("يوسف الدكالي", "man", AgeBand.FROM_35, "الصحة", "member", ""),
    ("لطيفة المودن", "woman", AgeBand.FROM_50, "الاقتصاد الاجتماعي والتضامني", "member", ""),
    ("رشيدة بنعمر", "woman", AgeBand.FROM_35, "الثقافة", "member", ""),
    ("عمر الفاسي", "man", AgeBand.FROM_50, "البيئة", "member", ""),
]


def load(ctx: Any) -> None:
    from tadafur.associations.models import Association

    settat = ctx.communes[SETTAT]
    if Body.objects.filter(collectivity=settat, kind=BodyKind.IEECAG).exists():
        ctx.count(False)
        return
    admin = ctx.people.get("admin")
    fatima = ctx.people.get("fatima")
    said = ctx.people.get("said")
    khadija = ctx.people.get("khadija")
    now = clock.now()
    body = services.body_create(
        collectivity=settat,
        kind=BodyKind.IEECAG,
        name_ar="هيئة المساواة وتكافؤ الفرص ومقاربة النوع لجماعة سطات",
        name_fr="Instance de l'équité, de l'égalité des chances et de l'approche genre de Settat",
        mission=(
            "تدرس الهيئة قضايا المساواة وتكافؤ الفرص ومقاربة النوع، وتبدي رأيها في برنامج عمل الجماعة "
            "وميزانيتها، وتقترح مشاريع لفائدة النساء والشباب والأشخاص في وضعية إعاقة."
        ),
        quorum=7,
        actor=admin,
    )
    ctx.count(True)
    start = dt.date(2022, 3, 1)
    for name, sex, band, field, role, reference in MEMBERS:
        user = None
        if role == "secretary":
            user = fatima
        elif name == "خديجة العلوي":
            user = khadija
        association = Association.objects.filter(registration_reference=reference).first() if reference else None
        services.member_add(
            body=body,
            display_name=name,
            sex=sex,
            age_band=band,
            field=field,
            bureau_role=role,
            mandate_start=start,
            user=user,
            association=association,
            actor=admin,
        )
        ctx.count(True)
    members = list(body.members.all())

    held = meetings.meeting_plan(
        organiser=body,
        title="الاجتماع العادي الأول",
        starts_at=timezone.localtime(now - dt.timedelta(days=30)).replace(hour=10, minute=0, second=0, microsecond=0),
        place="قاعة الاجتماعات، مقر جماعة سطات",
        is_public=True,
        agenda=["دراسة مشروع برنامج عمل الجماعة من زاوية النوع", "تتبع توصيات الدورة السابقة", "نقط مختلفة"],
        actor=fatima,
    )
    presence = {m.participant_key: "present" for m in members}
    for m in members[-3:]:
        presence[m.participant_key] = "excused" if m.sex == "woman" else "absent"
    meetings.meeting_hold(meeting=held, presence=presence, actor=fatima)
    meetings.decision_add(meeting=held, text="المصادقة على رأي الهيئة حول مشروع دار المرأة بحي السلام.", actor=fatima)
    meetings.minutes_publish(
        meeting=held,
        minutes=(
            "افتتحت الرئيسة الاجتماع بالترحيب بالأعضاء، ثم قدمت الكاتبة عرضا حول مشروع برنامج عمل الجماعة. "
            "ناقش الأعضاء حاجيات النساء والشباب في الأحياء الناقصة التجهيز، "
            "وصادقوا على رأي حول مشروع دار المرأة."
        ),
        actor=fatima,
    )
    planned = meetings.meeting_plan(
        organiser=body,
        title="الاجتماع العادي الثاني",
        starts_at=timezone.localtime(now + dt.timedelta(days=21)).replace(hour=15, minute=0, second=0, microsecond=0),
        place="قاعة الاجتماعات، مقر جماعة سطات",
        is_public=True,
        agenda=["الرد على إحالة المجلس حول الميزانية التشاركية", "تتبع جواب المجلس"],
        actor=fatima,
    )
    meetings.meeting_invite(meeting=planned, actor=fatima)
    ctx.count(True)

    services.referral_create(
        body=body,
        title="مقترحات الميزانية التشاركية 2027",
        question=("يرجى من الهيئة إبداء رأيها في مقترحات الميزانية التشاركية من زاوية النوع قبل الدورة العادية."),
        deadline=clock.today() + dt.timedelta(days=45),
        actor=said,
    )
    opinion = services.opinion_draft(
        body=body,
        title="رأي حول مشروع دار المرأة بحي السلام",
        text=(
            "توصي الهيئة بإدراج دار المرأة بحي السلام ضمن أولويات برنامج عمل الجماعة، مع توفير حضانة للأطفال "
            "ومواصلات آمنة مساء، وتخصيص حصص لمحو الأمية والتكوين المهني."
        ),
        concerns={"type": "programmes.project", "label": "دار المرأة بحي السلام"},
        actor=fatima,
    )
    services.opinion_adopt(opinion=opinion, meeting=held, actor=fatima)
    services.opinion_answer(
        opinion=opinion,
        verdict="partly",
        reasons=(
            "يقبل المجلس إدراج دار المرأة وحصص محو الأمية في البرمجة لسنة 2027. "
            "أما الحضانة فتحتاج إلى شراكة مع القطاع الوصي، وستدرس في الدورة المقبلة."
        ),
        actor=said,
    )
    services.followup_add(
        opinion=opinion,
        title="إدراج دار المرأة بحي السلام في برمجة 2027",
        owner_label="قسم الشؤون الاجتماعية",
        due_date=clock.today() + dt.timedelta(days=120),
        actor=said,
    )
    ctx.count(True)
