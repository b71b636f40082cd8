"""The Settat demo: a finished cycle with results and an open one in voting; loading twice adds nothing."""

from __future__ import annotations

import gzip

import pytest

from tadafur.budgets import demo, phases
from tadafur.budgets.models import Ballot, Cycle

pytestmark = pytest.mark.django_db


def _load() -> None:
    from importlib import import_module

    from tadafur.core.demo import DEMO_COMMUNES, DemoContext
    from tadafur.territories.models import Territory

    ctx = DemoContext(
        communes={t.code: t for t in Territory.objects.filter(code__in=DEMO_COMMUNES)}, log=lambda m: None
    )
    for step in ("tadafur.accounts.demo", "tadafur.associations.demo", "tadafur.bodies.demo"):
        import_module(step).load(ctx)
    demo.load(ctx)


def test_demo_has_a_finished_and_an_open_cycle_and_is_idempotent(client):
    _load()
    _load()
    finished = Cycle.objects.get(name=demo.FINISHED)
    current = Cycle.objects.get(name=demo.OPEN)
    assert Cycle.objects.count() == 2
    assert finished.result["selected"] and finished.result["cost"] <= finished.envelope
    assert phases.active_phase(current).key == "vote"
    assert Ballot.objects.filter(cycle=current).count() == 30
    page = client.get(f"/fr/budgets/{finished.pk}/results/")
    assert page.status_code == 200 and "فضاء للتعاونيات النسائية" in page.content.decode()
    assert len(gzip.compress(page.content)) < 60_000
    assert client.get(current.get_absolute_url()).status_code == 200
    follow = client.get(f"/fr/budgets/{finished.pk}/follow-up/").content.decode()
    assert "Réception des travaux" in follow and "achevé" in follow
