import pytest

from tadafur.core import demo
from tadafur.feedback.models import Report

pytestmark = pytest.mark.django_db


def test_demo_has_a_resolved_street_light_once(monkeypatch):
    monkeypatch.setattr(demo, "DEMO_STEPS", ["tadafur.accounts.demo", "tadafur.feedback.demo"])
    demo.demo_load(log=lambda message: None)
    reports = Report.objects.filter(collectivity__code=demo.SETTAT)
    assert sorted(reports.values_list("status", flat=True)) == ["acknowledged", "reported", "resolved"]
    light = reports.get(status="resolved")
    assert light.service == "lighting" and light.resolution_days() == pytest.approx(3.0)
    again = demo.demo_load(log=lambda message: None)
    assert Report.objects.count() == 3 and again.created == 0
