# ruff: noqa: E501  (bilingual demo prose reads better unwrapped)
"""Demo petitions in Settat province at different stages (idempotent: looked up by title).

- Settat: a citizens' petition collecting signatures, a few short of its threshold;
- Settat: one filed four months ago and overdue for the council's answer;
- Settat: one accepted and scheduled for the next ordinary session;
- Settat: one by Khadija's association (RD-SETTAT-2015-037), filed;
- Oulad Said: Youssef's petition, collecting.

Demo signatures have no account; their CNIE hashes are keyed hashes of "demo:<petition>:<n>",
never of a real-looking CNIE number, and the signature log records them like any other.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction

from tadafur.core import clock
from tadafur.core.audit import audit_record
from tadafur.core.crypto import keyed_hash
from tadafur.petitions import log, selectors, services
from tadafur.petitions.models import AgeBand, Channel, Petition, PetitionKind, Signature

_SEXES = ("woman", "man", "woman", "man", "undisclosed")
_BANDS = (AgeBand.A18_24, AgeBand.A25_34, AgeBand.A35_49, AgeBand.A50_64, AgeBand.A65)


def signatures_seed(petition: Petition, n: int, *, residences: list[Any], at: dt.datetime | None = None) -> int:
    """Add `n` account-less demo signatures (and their log leaves) under the petition's lock."""
    at = at or clock.now()
    with transaction.atomic():
        locked = Petition.objects.select_for_update().get(pk=petition.pk)
        start = Signature.objects.filter(petition=locked).count()
        signatures = [
            Signature(
                petition=locked,
                cnie_hash=keyed_hash(f"demo:{locked.pk}:{i}"),
                residence=residences[i % len(residences)],
                sex=_SEXES[i % len(_SEXES)],
                age_band=_BANDS[i % len(_BANDS)],
                channel=Channel.PAPER if i % 7 == 0 else Channel.ONLINE,
                verification_code=services.new_verification_code(),
                created_at=at,
                log_seq=locked.log_size + offset,
            )
            for offset, i in enumerate(range(start, start + n))
        ]
        # In bulk: a national petition's 4,000 signatures were 8,000 single-row statements.
        Signature.objects.bulk_create(signatures, batch_size=1000)
        log.append_many(locked=locked, signatures=signatures, event="sign", at=at)
    petition.log_size, petition.log_frontier = locked.log_size, locked.log_frontier
    return n


DEMO: list[dict[str, Any]] = [
    {
        "key": "lighting",
        "title": "إنارة الطريق المؤدية إلى حي السلام / Éclairage de la route du quartier Essalam",
        "subject": (
            "تعميم الإنارة العمومية على الطريق الرابطة بين حي السلام والمحطة الطرقية.\n"
            "Étendre l'éclairage public à la route entre le quartier Essalam et la gare routière."
        ),
        "reasons": (
            "الطريق مظلمة بعد المغرب، ويمر منها التلاميذ والعاملات في الصباح الباكر والمساء.\n"
            "La route est obscure dès le coucher du soleil ; élèves et ouvrières l'empruntent tôt le matin et le soir."
        ),
        "objectives": "سلامة الراجلين / La sécurité des piétons, surtout des femmes et des enfants.",
        "agenda": (
            "برمجة اعتماد لإنارة الطريق في ميزانية السنة المقبلة.\n"
            "Inscrire un crédit pour l'éclairage de cette route au budget de l'an prochain."
        ),
        "agent": "amina",
        "where": "settat",
        "stage": "collecting",
        "short_by": 6,
    },
    {
        "key": "market",
        "title": "إعادة تأهيل السوق الأسبوعي / Réhabilitation du souk hebdomadaire",
        "subject": "تهيئة السوق الأسبوعي وربطه بالماء والتطهير. / Aménager le souk et le raccorder à l'eau et à l'assainissement.",
        "reasons": "يغرق السوق في الوحل كل شتاء. / Le souk est dans la boue chaque hiver.",
        "objectives": "ظروف صحية للباعة والمتسوقين. / Des conditions d'hygiène pour vendeurs et clients.",
        "agenda": "دراسة مشروع تأهيل السوق. / Étudier un projet de réhabilitation du souk.",
        "agent": "fatima",
        "where": "settat",
        "stage": "overdue",
    },
    {
        "key": "library",
        "title": "فتح الخزانة البلدية يوم السبت / Ouverture de la bibliothèque municipale le samedi",
        "subject": "فتح الخزانة البلدية أيام السبت. / Ouvrir la bibliothèque municipale le samedi.",
        "reasons": "التلاميذ والطلبة لا يجدون مكانا للمراجعة في نهاية الأسبوع. / Élèves et étudiants n'ont pas où réviser le week-end.",
        "objectives": "الولوج إلى القراءة. / L'accès à la lecture.",
        "agenda": "تعديل أوقات فتح الخزانة. / Modifier les horaires de la bibliothèque.",
        "agent": "amina",
        "where": "settat",
        "stage": "accepted",
    },
    {
        "key": "women_space",
        "title": "فضاء للنساء بحي مبروكة / Un espace pour les femmes au quartier Mabrouka",
        "subject": "إحداث فضاء متعدد الوظائف للنساء. / Créer un espace polyvalent pour les femmes.",
        "reasons": "غياب فضاء للتكوين والإنصات في الحي. / Aucun lieu de formation ni d'écoute dans le quartier.",
        "objectives": "محو الأمية والتكوين المهني والإرشاد القانوني. / Alphabétisation, formation, conseil juridique.",
        "agenda": "تخصيص عقار جماعي للفضاء. / Affecter un local communal à cet espace.",
        "agent": "khadija",
        "where": "settat",
        "stage": "association",
    },
    {
        "key": "school_bus",
        "title": "النقل المدرسي لدواوير أولاد سعيد / Transport scolaire pour les douars d'Oulad Said",
        "subject": "توفير حافلة للنقل المدرسي. / Mettre en service un bus scolaire.",
        "reasons": "يقطع التلاميذ أكثر من خمسة كيلومترات مشيا. / Les élèves marchent plus de cinq kilomètres.",
        "objectives": "الحد من الهدر المدرسي خاصة عند الفتيات. / Réduire l'abandon scolaire, surtout des filles.",
        "agenda": "اتفاقية شراكة للنقل المدرسي. / Une convention de partenariat pour le transport scolaire.",
        "agent": "youssef",
        "where": "oulad_said",
        "stage": "collecting",
        "short_by": 40,
    },
]


def _create(ctx: Any, spec: dict[str, Any], territory: Any) -> Petition:
    from tadafur.associations.models import Association

    agent = ctx.people[spec["agent"]]
    association = None
    kind = PetitionKind.LOCAL_CITIZENS
    if spec["stage"] == "association":
        association = Association.objects.get(registration_reference="RD-SETTAT-2015-037")
        kind = PetitionKind.LOCAL_ASSOCIATION
    petition = Petition.objects.create(
        kind=kind,
        territory=territory,
        association=association,
        agent=agent,
        title=spec["title"],
        subject=spec["subject"],
        reasons=spec["reasons"],
        objectives=spec["objectives"],
        requested_agenda_point=spec["agenda"],
    )
    audit_record(
        actor=agent,
        action="petition.demo_load",
        obj=petition,
        collectivity=territory,
        after={"title": petition.title},
    )
    return petition


def _advance(ctx: Any, petition: Petition, spec: dict[str, Any], territory: Any) -> None:
    people = ctx.people
    agent = people[spec["agent"]]
    stage = spec["stage"]
    if stage == "association":
        services.petition_file(petition=petition, actor=agent)
        return
    services.petition_publish(petition=petition, actor=agent, within_competences=True, no_inadmissible_ground=True)
    required = selectors.required_signatures(petition)
    short_by = spec.get("short_by", 0)
    # The overdue petition was filed four months ago: its story is dated accordingly.
    filed = clock.now() - relativedelta(months=4) if stage == "overdue" else None
    signed_at = filed - relativedelta(days=3) if filed else None
    signatures_seed(petition, required - short_by, residences=[territory], at=signed_at)
    if stage == "collecting":
        return
    services.petition_file(petition=petition, actor=agent)
    if filed is not None:
        Petition.objects.filter(pk=petition.pk).update(
            created_at=filed - relativedelta(weeks=8),
            collecting_at=filed - relativedelta(weeks=6),
            filed_at=filed,
        )
        return
    staff, president = people["rachid"], people["said"]
    services.petition_review_start(petition=petition, actor=staff)
    services.petition_accept(
        petition=petition,
        actor=president,
        session_date=_next_session(clock.today()),
        agenda_point="النقطة 7: فتح الخزانة البلدية يوم السبت / Point 7 : ouverture de la bibliothèque le samedi",
        committee="لجنة الشؤون الثقافية والاجتماعية / Commission des affaires culturelles et sociales",
    )


def _next_session(today: dt.date) -> dt.date:
    """Communes sit in the first week of February, May and October (SPEC §1, [press])."""
    for year in (today.year, today.year + 1):
        for month in (2, 5, 10):
            day = dt.date(year, month, 3)
            if day > today:
                return day
    return today + dt.timedelta(days=90)


def load(ctx: Any) -> None:
    places = {"settat": ctx.communes["06.461.01.15"], "oulad_said": ctx.communes["06.461.15.19"]}
    for spec in DEMO:
        territory = places[spec["where"]]
        existing = Petition.objects.filter(title=spec["title"], territory=territory).first()
        if existing is not None:
            ctx.count(False)
            continue
        with transaction.atomic():
            petition = _create(ctx, spec, territory)
            _advance(ctx, petition, spec, territory)
        ctx.count(True)
