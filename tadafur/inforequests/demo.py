"""Demo: three information requests to Settat commune — one answered on time, one acknowledged
and now overdue, one just received. Idempotent: nothing is added if Settat already has requests.
Runs after accounts (Amina and Youssef ask, Rachid handles).

The requests go through the real services; their dates are then moved into the past (demo data
only) so that the register shows a realistic answered-on-time and an overdue request.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tadafur.core import clock
from tadafur.core.demo import SETTAT
from tadafur.inforequests import selectors, services
from tadafur.inforequests.models import InfoRequest


def _backdate(request: InfoRequest, received: dt.date, **stamps: dt.datetime) -> None:
    due = selectors.due_date(received, selectors.deadlines_of(request.collectivity)[0])
    filed_at = timezone.make_aware(dt.datetime.combine(received, dt.time(10, 0)))
    InfoRequest.objects.filter(pk=request.pk).update(
        received_on=received, first_due_on=due, due_on=due, filed_at=filed_at, **stamps
    )


def load(ctx: Any) -> None:
    settat = ctx.communes[SETTAT]
    if InfoRequest.objects.filter(collectivity=settat).exists():
        ctx.count(False)
        return
    amina, youssef, rachid = ctx.people.get("amina"), ctx.people.get("youssef"), ctx.people.get("rachid")
    if not (amina and youssef and rachid):
        return
    today = clock.today()
    answered = services.inforequest_file(
        collectivity=settat,
        subject="ميزانية الجماعة لسنة 2026",
        text="أطلب نسخة من ميزانية جماعة سطات لسنة 2026 كما صادق عليها المجلس.",
        actor=amina,
    )
    services.inforequest_acknowledge(
        request=answered,
        public_subject="ميزانية الجماعة لسنة 2026",
        public_text="طلب نسخة من ميزانية الجماعة لسنة 2026 كما صادق عليها المجلس.",
        actor=rachid,
    )
    services.inforequest_answer(
        request=answered,
        answer_text="الميزانية منشورة في مكتب الضبط وعلى موقع الجماعة، وتجدون الجداول الرئيسية في هذا الجواب.",
        actor=rachid,
    )
    received = today - dt.timedelta(days=45)
    _backdate(
        answered,
        received,
        acknowledged_at=timezone.make_aware(dt.datetime.combine(received + dt.timedelta(days=2), dt.time(11, 0))),
        answered_at=timezone.make_aware(dt.datetime.combine(received + dt.timedelta(days=15), dt.time(12, 0))),
    )
    overdue = services.inforequest_file(
        collectivity=settat,
        subject="Contrat de collecte des déchets",
        text="Je demande le cahier des charges du contrat de gestion déléguée de la collecte des déchets.",
        answer_format="paper",
        actor=youssef,
    )
    services.inforequest_acknowledge(
        request=overdue,
        public_subject="Cahier des charges de la collecte des déchets",
        public_text="Demande du cahier des charges du contrat de gestion déléguée de la collecte des déchets.",
        actor=rachid,
    )
    received = today - dt.timedelta(days=40)
    _backdate(
        overdue,
        received,
        acknowledged_at=timezone.make_aware(dt.datetime.combine(received + dt.timedelta(days=1), dt.time(9, 0))),
    )
    services.inforequest_file(
        collectivity=settat,
        subject="Programme d'éclairage public du quartier",
        text="Quels travaux d'éclairage public sont prévus cette année dans le quartier Smaala ?",
        actor=amina,
    )
    ctx.count(True)
