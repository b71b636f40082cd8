"""Demo: service reports in Settat commune — a street light resolved, waste acknowledged, a road
report just filed. Idempotent: nothing is added if Settat already has reports.

The reports go through the real services; their times are then moved into the past (demo data
only) so that the response and resolution times read like a real week.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from tadafur.core import clock
from tadafur.core.demo import SETTAT
from tadafur.feedback import services
from tadafur.feedback.models import Report


def load(ctx: Any) -> None:
    settat = ctx.communes[SETTAT]
    if Report.objects.filter(collectivity=settat).exists():
        ctx.count(False)
        return
    amina, khadija, rachid = ctx.people.get("amina"), ctx.people.get("khadija"), ctx.people.get("rachid")
    if not (amina and khadija and rachid):
        return
    now = clock.now()
    light = services.report_file(
        collectivity=settat,
        service="lighting",
        description="عمود الإنارة مطفأ منذ أسبوع قرب المدرسة.",
        address="شارع الحسن الثاني، قرب مدرسة ابن خلدون",
        latitude=Decimal("33.190000"),
        longitude=Decimal("-7.640000"),
        actor=amina,
    )
    services.report_acknowledge(report=light, actor=rachid)
    services.report_assign(report=light, service_name="مصلحة الإنارة العمومية", actor=rachid)
    services.report_resolve(report=light, note="تم تغيير المصباح وإصلاح الربط الكهربائي.", actor=rachid)
    Report.objects.filter(pk=light.pk).update(
        reported_at=now - dt.timedelta(days=9),
        acknowledged_at=now - dt.timedelta(days=8, hours=20),
        assigned_at=now - dt.timedelta(days=8),
        resolved_at=now - dt.timedelta(days=6),
    )
    waste = services.report_file(
        collectivity=settat,
        service="waste",
        description="Les bacs ne sont pas vidés depuis quatre jours.",
        address="Quartier Mimosas, rue 12",
        latitude=Decimal("33.210000"),
        longitude=Decimal("-7.620000"),
        actor=khadija,
    )
    services.report_acknowledge(report=waste, actor=rachid)
    Report.objects.filter(pk=waste.pk).update(
        reported_at=now - dt.timedelta(days=3), acknowledged_at=now - dt.timedelta(days=2)
    )
    services.report_file(
        collectivity=settat,
        service="roads",
        description="حفرة كبيرة وسط الطريق تشكل خطرا على الدراجات.",
        address="طريق الدار البيضاء، أمام محطة الوقود",
        actor=amina,
    )
    ctx.count(True)
