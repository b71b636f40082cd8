"""Demo: a closed call of Settat province (a partner programme with three communes) whose two
selected projects are under way, and an open call of Settat commune.

Idempotent: calls are looked up by title. The closed call's past is written directly with dates
relative to today (the services would refuse to act in the past); the open call goes through
the services. Runs after accounts and associations (Khadija's and Oulad Said's associations,
Fatima and Hassan as reviewers, the platform administrator as the province's staff).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from tadafur.core import clock
from tadafur.core.audit import audit_record
from tadafur.core.demo import OULAD_SAID, RAS_EL_AIN, SETTAT

CLOSED_TITLE = "مبادرات محلية من أجل المساواة والشباب 2026 / Initiatives locales pour l'égalité et la jeunesse 2026"
OPEN_TITLE = "فضاءات القرب للشباب والنساء / Espaces de proximité pour les jeunes et les femmes"
GRID = [
    ("الملاءمة مع حاجيات الساكنة / Pertinence", 30, 5),
    ("مقاربة النوع والشباب / Genre et jeunesse", 30, 5),
    ("قابلية التنفيذ والميزانية / Faisabilité et budget", 25, 5),
    ("الاستدامة والشراكة مع الجماعة / Durabilité et partenariat", 15, 5),
]


def _days(n: int) -> dt.date:
    return clock.today() + dt.timedelta(days=n)


def load(ctx: Any) -> None:
    from tadafur.cocreation.models import Call

    if Call.objects.filter(title=CLOSED_TITLE).exists():
        ctx.count(False)
    else:
        _closed_call(ctx)
        ctx.count(True)
    if Call.objects.filter(title=OPEN_TITLE).exists():
        ctx.count(False)
    else:
        _open_call(ctx)
        ctx.count(True)


def _closed_call(ctx: Any) -> None:
    from tadafur.associations.models import Association
    from tadafur.cocreation.models import (
        Agreement,
        Application,
        Assignment,
        BudgetLine,
        Call,
        Conflict,
        Criterion,
        Indicator,
        Milestone,
        Question,
        Report,
        ReportKind,
        Score,
        Spending,
        Tranche,
    )
    from tadafur.territories.models import Territory

    province = Territory.objects.get(code="06.461")
    now = clock.now()
    with transaction.atomic():
        call = Call.objects.create(
            collectivity=province,
            title=CLOSED_TITLE,
            theme="تقوية النسيج الجمعوي ومشاريع الإنتاج المشترك / Renforcer le tissu associatif",
            description=(
                "برنامج شراكة بين إقليم سطات وجماعات سطات وأولاد سعيد ورأس العين الشاوية لتمويل مشاريع "
                "تنجزها الجمعيات مع الجماعة.\nProgramme de partenariat de la province de Settat avec trois communes."
            ),
            envelope=Decimal("400000"),
            max_per_project=Decimal("100000"),
            cofinancing_min_percent=10,
            min_years_constituted=2,
            require_good_standing=True,
            gender_criteria="نصف المستفيدين على الأقل من النساء والفتيات / Au moins la moitié de femmes et de filles.",
            youth_criteria="إشراك الشباب أقل من 35 سنة في القيادة / Des jeunes de moins de 35 ans dans le pilotage.",
            required_documents="القانون الأساسي / Statuts\nآخر تقرير أدبي ومالي / Dernier rapport moral et financier",
            questions_until=_days(-230),
            submission_opens=_days(-240),
            submission_until=_days(-210),
            review_until=_days(-190),
            results_on=_days(-180),
            status="results_published",
            published_at=now - dt.timedelta(days=245),
            in_review_at=now - dt.timedelta(days=209),
            results_published_at=now - dt.timedelta(days=180),
            created_by=ctx.people.get("admin"),
        )
        call.partners.set(Territory.objects.filter(code__in=[SETTAT, OULAD_SAID, RAS_EL_AIN]))
        criteria = [
            Criterion.objects.create(call=call, position=i, label=label, weight=w, max_score=m)
            for i, (label, w, m) in enumerate(GRID, start=1)
        ]
        Question.objects.create(
            call=call,
            asked_by=ctx.people.get("khadija"),
            text="هل يمكن احتساب المساهمة العينية (القاعة، المتطوعون) ضمن التمويل المشترك؟",
            answer="نعم، تحتسب المساهمة العينية إذا قُدّرت بثمن معقول ووردت في سطر مستقل من الميزانية.",
            asked_at=now - dt.timedelta(days=235),
            answered_at=now - dt.timedelta(days=233),
        )
        projects = [
            (
                "RD-SETTAT-2015-037",
                "ورشات الخياطة التضامنية لنساء الأحياء / Couture solidaire des quartiers",
                "تكوين 40 امرأة في الخياطة والتسويق وتنظيم سوق شهري بشراكة مع مصلحة الشؤون الاجتماعية.",
                (45, 0, 10, 0),
                True,
                False,
                [("تجهيزات / Équipement", "50000", "8000"), ("تكوين / Formation", "30000", "6000")],
                Decimal("80000"),
                [(4, 5, 4, 4), (5, 5, 4, 3)],
                "khadija",
            ),
            (
                "RD-OULADSAID-2024-011",
                "فضاء رقمي للقراءة بالدواوير / Espace numérique de lecture",
                "فضاء للقراءة والورشات الرقمية لشباب الدواوير مع نادي للفتيات.",
                (5, 5, 30, 30),
                False,
                True,
                [("حواسيب وكتب / Ordinateurs et livres", "45000", "5000"), ("تنشيط / Animation", "15000", "3000")],
                Decimal("60000"),
                [(4, 4, 3, 4), (4, 3, 4, 3)],
                None,
            ),
        ]
        reviewers = [ctx.people.get("hassan"), ctx.people.get("fatima")]
        for n, (ref, title, summary, target, women, youth, lines, amount, marks, rep) in enumerate(projects, start=1):
            association = Association.objects.filter(registration_reference=ref).first()
            if association is None:
                continue
            application = Application.objects.create(
                call=call,
                association=association,
                created_by=ctx.people.get(rep) if rep else None,
                number=f"CC{call.pk:03d}-{n:04d}",
                title=title,
                summary=summary,
                problem="ضعف الولوج إلى الأنشطة والخدمات / Faible accès aux activités et services.",
                target_women=target[0],
                target_men=target[1],
                target_girls=target[2],
                target_boys=target[3],
                activities=summary,
                commune_service="مصلحة الشؤون الاجتماعية / Service des affaires sociales",
                women_led=women,
                youth_led=youth,
                status="selected",
                amount_awarded=amount,
                decision_reasons="مشروع ملائم وقابل للتنفيذ، بمساهمة واضحة للجماعة. / Projet pertinent et faisable.",
                submitted_at=now - dt.timedelta(days=215),
                selected_at=now - dt.timedelta(days=185),
            )
            budget = [
                BudgetLine.objects.create(
                    application=application, label=label, requested=Decimal(r), cofinanced=Decimal(c)
                )
                for label, r, c in lines
            ]
            Indicator.objects.create(
                application=application, label="عدد المستفيدين / Bénéficiaires", baseline="0", target=str(sum(target))
            )
            for reviewer, values in zip(reviewers, marks, strict=True):
                if reviewer is None:
                    continue
                assignment = Assignment.objects.create(
                    application=application,
                    reviewer=reviewer,
                    capacity="Steering committee" if reviewer == reviewers[0] else "IEECAG",
                    conflict=Conflict.NONE,
                    declared_at=now - dt.timedelta(days=205),
                )
                Score.objects.bulk_create(
                    Score(assignment=assignment, criterion=c, value=v, comment="")
                    for c, v in zip(criteria, values, strict=True)
                )
            agreement = Agreement.objects.create(
                application=application,
                amount=amount,
                signed_on=_days(-170),
                ends_on=_days(120),
                obligations=(
                    "تقرير نشاط كل ثلاثة أشهر، إبراز شعار الجماعة، فتح الأنشطة للعموم. / Rapports trimestriels."
                ),
            )
            Tranche.objects.create(
                agreement=agreement, position=1, amount=amount * Decimal("0.6"), due_on=_days(-160), paid_on=_days(-158)
            )
            Tranche.objects.create(
                agreement=agreement, position=2, amount=amount * Decimal("0.4"), due_on=_days(60), condition="Rapport"
            )
            Milestone.objects.create(
                agreement=agreement, title="انطلاق الأنشطة / Lancement", due_on=_days(-120), done_on=_days(-118)
            )
            Milestone.objects.create(
                agreement=agreement, title="الحصيلة الوسيطة / Bilan intermédiaire", due_on=_days(30)
            )
            report = Report.objects.create(
                agreement=agreement, kind=ReportKind.ACTIVITY, due_on=_days(-60 if n == 1 else -30)
            )
            if n == 1:
                report.text = "نُظمت 12 ورشة خياطة وسوقان شهريان. / 12 ateliers et 2 marchés."
                report.women_18_34, report.women_35_plus, report.women_under_18 = 22, 18, 6
                report.submitted_at = now - dt.timedelta(days=62)
                report.save()
                Spending.objects.create(report=report, budget_line=budget[0], amount=Decimal("42000"))
                Spending.objects.create(report=report, budget_line=budget[1], amount=Decimal("12000"))
            Report.objects.create(agreement=agreement, kind=ReportKind.FINAL, due_on=_days(130))
        audit_record(
            actor=None,
            action="cocreation.demo_load",
            obj=call,
            collectivity=province,
            after={"status": call.status, "applications": call.applications.count()},
        )


def _open_call(ctx: Any) -> None:
    from tadafur.cocreation import services

    rachid = ctx.people.get("rachid") or ctx.people.get("admin")
    settat = ctx.communes[SETTAT]
    call = services.call_create(
        collectivity=settat,
        actor=rachid,
        title=OPEN_TITLE,
        theme="أنشطة القرب للشباب والنساء / Activités de proximité pour les jeunes et les femmes",
        description="تدعو جماعة سطات الجمعيات إلى اقتراح مشاريع مشتركة لتنشيط فضاءات القرب.",
        envelope=Decimal("250000"),
        max_per_project=Decimal("50000"),
        cofinancing_min_percent=10,
        min_years_constituted=2,
        require_good_standing=True,
        gender_criteria="مشاركة متوازنة للنساء والرجال / Participation équilibrée.",
        youth_criteria="أنشطة موجهة للشباب بين 15 و34 سنة / Activités pour les 15–34 ans.",
        required_documents="القانون الأساسي / Statuts",
        questions_until=_days(15),
        submission_opens=_days(-5),
        submission_until=_days(25),
        review_until=_days(45),
        results_on=_days(60),
    )
    for label, weight, top in GRID:
        services.criterion_add(call=call, label=label, weight=weight, max_score=top, actor=rachid)
    services.call_publish(call=call, actor=rachid)
    amina = ctx.people.get("amina")
    if amina is not None:
        question = services.question_ask(
            call=call,
            text="هل يمكن لجمعيتين تقديم مشروع مشترك؟ / Deux associations peuvent-elles s'associer ?",
            actor=amina,
        )
        services.question_answer(
            question=question,
            answer="نعم: تقدم إحداهما الطلب وتُذكر الأخرى شريكة. / Oui : l'une dépose, l'autre est partenaire.",
            actor=rachid,
        )
