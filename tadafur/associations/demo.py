"""Demo associations in Settat, Oulad Said and Ras El Ain Chaouia (idempotent, by registration reference)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from tadafur.associations.models import Association, AssociationDomain, Domain, Representative
from tadafur.associations.states import VerificationStatus
from tadafur.core import clock
from tadafur.core.audit import audit_record
from tadafur.core.demo import OULAD_SAID, RAS_EL_AIN, SETTAT

DEMO_ASSOCIATIONS: list[dict[str, Any]] = [
    {
        "registration_reference": "RD-SETTAT-2015-037",
        "name_fr": "Association Nisaa Settat pour l'égalité",
        "name_ar": "جمعية نساء سطات من أجل المساواة",
        "description_fr": (
            "Accompagne les femmes de Settat dans l'accès à leurs droits : permanences juridiques, "
            "alphabétisation, formation des élues et suivi de la budgétisation sensible au genre "
            "de la commune."
        ),
        "description_ar": (
            "تواكب نساء سطات في الولوج إلى حقوقهن: مداومات قانونية، محو الأمية، تكوين المنتخبات، "
            "وتتبع الميزانية المستجيبة للنوع الاجتماعي بالجماعة."
        ),
        "founding_date": dt.date(2015, 3, 8),
        "seat": SETTAT,
        "domains": [Domain.WOMEN, Domain.HUMAN_RIGHTS, Domain.EDUCATION],
        "status": VerificationStatus.VERIFIED,
        "representative": ("khadija", "Présidente", dt.date(2021, 6, 12)),
    },
    {
        "registration_reference": "RD-OULADSAID-2024-011",
        "name_fr": "Association Chabab Oulad Said pour le développement",
        "name_ar": "جمعية شباب أولاد سعيد للتنمية",
        "description_fr": (
            "Des jeunes d'Oulad Said qui animent un espace de lecture, des ateliers numériques et un "
            "tournoi de football inter-douars ; ils veulent proposer des projets au budget participatif."
        ),
        "description_ar": (
            "شباب من أولاد سعيد ينشطون فضاء للقراءة وورشات رقمية ودوري كرة القدم بين الدواوير، "
            "ويسعون إلى اقتراح مشاريع في الميزانية التشاركية."
        ),
        "founding_date": dt.date(2024, 1, 20),
        "seat": OULAD_SAID,
        "domains": [Domain.YOUTH, Domain.DEVELOPMENT],
        "status": VerificationStatus.VERIFIED,
        "representative": None,
    },
    {
        "registration_reference": "RD-RASELAIN-2012-008",
        "name_fr": "Association Ras El Ain pour l'environnement et l'eau",
        "name_ar": "جمعية رأس العين للبيئة والماء",
        "description_fr": (
            "Protège les sources et les puits de Ras El Ain Chaouia, sensibilise les écoles à l'économie "
            "de l'eau et plante des arbres le long de l'oued."
        ),
        "description_ar": (
            "تحمي عيون وآبار رأس العين الشاوية، وتحسس المدارس بترشيد استهلاك الماء، وتغرس الأشجار على ضفاف الوادي."
        ),
        "founding_date": dt.date(2012, 9, 15),
        "seat": RAS_EL_AIN,
        "domains": [Domain.ENVIRONMENT],
        "status": VerificationStatus.UNVERIFIED,
        "representative": None,
    },
]


def load(ctx: Any) -> None:
    with transaction.atomic():
        for spec in DEMO_ASSOCIATIONS:
            seat = ctx.communes[spec["seat"]]
            association = Association.objects.filter(registration_reference=spec["registration_reference"]).first()
            created = association is None
            if association is None:
                verified = spec["status"] == VerificationStatus.VERIFIED
                association = Association.objects.create(
                    registration_reference=spec["registration_reference"],
                    name_fr=spec["name_fr"],
                    name_ar=spec["name_ar"],
                    description_fr=spec["description_fr"],
                    description_ar=spec["description_ar"],
                    founding_date=spec["founding_date"],
                    seat=seat,
                    status=spec["status"],
                    verified_at=clock.now() if verified else None,
                    in_good_standing=verified,
                    democratic_functioning=verified,
                    standing_checked_at=clock.now() if verified else None,
                )
                AssociationDomain.objects.bulk_create(
                    AssociationDomain(association=association, domain=d) for d in spec["domains"]
                )
                audit_record(
                    actor=None,
                    action="association.demo_load",
                    obj=association,
                    collectivity=seat,
                    after={
                        "registration_reference": association.registration_reference,
                        "status": association.status,
                    },
                )
            ctx.count(created)
            if spec["representative"]:
                key, title, since = spec["representative"]
                person = ctx.people.get(key)
                if person is not None:
                    _, linked = Representative.objects.get_or_create(
                        association=association,
                        user=person,
                        until=None,
                        defaults={"role_title": title, "since": since},
                    )
                    ctx.count(linked)
