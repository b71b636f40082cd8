import pytest

from tadafur.bodies.models import Body, Meeting, Opinion
from tadafur.core import demo

pytestmark = pytest.mark.django_db


def test_demo_loads_settat_ieecag_once(settings, monkeypatch):
    monkeypatch.setattr(demo, "DEMO_STEPS", [*demo.DEMO_STEPS, "tadafur.bodies.demo"])
    demo.demo_load(log=lambda message: None)
    body = Body.objects.get(kind="ieecag", collectivity__code=demo.SETTAT)
    assert body.members.count() == 12
    assert body.members.get(bureau_role="secretary").user.email == "fatima@demo.tadafur.ma"
    body_meetings = Meeting.objects.filter(organiser_type="bodies.body")  # councils and committees meet too
    assert sorted(body_meetings.values_list("status", flat=True)) == ["minutes_published", "planned"]
    opinion = Opinion.objects.get()
    assert opinion.answer.verdict == "partly" and opinion.followups.count() == 1
    assert body.referrals.filter(status="open").count() == 1
    again = demo.demo_load(log=lambda message: None)
    assert Body.objects.count() == 1 and body.members.count() == 12 and again.created == 0
