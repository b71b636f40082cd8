import pytest

from tadafur.core import demo
from tadafur.inforequests.models import InfoRequest

pytestmark = pytest.mark.django_db


def test_demo_has_an_answered_and_an_overdue_request_once(monkeypatch):
    monkeypatch.setattr(demo, "DEMO_STEPS", ["tadafur.accounts.demo", "tadafur.inforequests.demo"])
    demo.demo_load(log=lambda message: None)
    requests = list(InfoRequest.objects.filter(collectivity__code=demo.SETTAT))
    assert len(requests) == 3
    assert [r.on_time for r in requests if r.status == "answered"] == [True]
    assert sum(r.is_overdue() for r in requests) == 1
    again = demo.demo_load(log=lambda message: None)
    assert InfoRequest.objects.count() == 3 and again.created == 0
