from __future__ import annotations

import pytest
from freezegun import freeze_time

from tadafur.core import demo
from tadafur.petitions import log, selectors
from tadafur.petitions.models import Petition


@pytest.mark.django_db
@freeze_time("2026-11-20 10:00:00")
def test_the_demo_shows_petitions_at_every_stage_and_loads_twice(monkeypatch):
    monkeypatch.setattr(demo, "DEMO_STEPS", [*demo.DEMO_STEPS, "tadafur.petitions.demo"])
    demo.demo_load(log=lambda message: None)
    count = Petition.objects.count()
    demo.demo_load(log=lambda message: None)
    assert Petition.objects.count() == count == 5
    by_state = {p.status: p for p in Petition.objects.filter(territory__code="06.461.01.15")}
    collecting = by_state["collecting"]
    assert 0 < selectors.required_signatures(collecting) - selectors.signature_count_exact(collecting) <= 10
    overdue = [p for p in Petition.objects.filter(status="filed") if selectors.answer_overdue(p)]
    assert len(overdue) == 1
    assert by_state["accepted"].scheduled_session_date is not None
    assert Petition.objects.get(kind="local_association").association.registration_reference == "RD-SETTAT-2015-037"
    assert Petition.objects.get(territory__code="06.461.15.19").agent.phone == "+212612345678"  # Youssef
    assert all(log.verify(p) == [] for p in Petition.objects.all())
