from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tadafur.associations import demo
from tadafur.associations.models import Association
from tadafur.associations.rules import petition_eligibility
from tadafur.core.demo import DEMO_COMMUNES, DemoContext
from tadafur.territories.models import Territory

pytestmark = pytest.mark.django_db


def context(**people: Any) -> DemoContext:
    communes = {t.code: t for t in Territory.objects.filter(code__in=DEMO_COMMUNES)}
    return DemoContext(communes=communes, people=dict(people), log=lambda _msg: None)


def test_demo_is_idempotent_and_links_khadija(khadija: Any) -> None:
    first = context(khadija=khadija)
    demo.load(first)
    assert first.created == 4  # three associations and Khadija's mandate
    second = context(khadija=khadija)
    demo.load(second)
    assert second.created == 0 and second.existing == 4
    assert Association.objects.count() == 3
    nisaa = Association.objects.get(registration_reference="RD-SETTAT-2015-037")
    assert nisaa.representatives.get().user == khadija


def test_demo_tells_the_three_stories_without_khadija() -> None:
    demo.load(context())
    on = dt.date(2026, 6, 1)
    nisaa = Association.objects.get(registration_reference="RD-SETTAT-2015-037")
    youth = Association.objects.get(registration_reference="RD-OULADSAID-2024-011")
    water = Association.objects.get(registration_reference="RD-RASELAIN-2012-008")
    assert not nisaa.representatives.exists()
    assert petition_eligibility(nisaa, nisaa.seat, on=on).ok
    youth_decision = petition_eligibility(youth, youth.seat, on=on)
    assert not youth_decision.ok and len(youth_decision.reasons) == 1
    assert water.status == "unverified"
