import pytest

from tadafur.core import demo
from tadafur.steering.models import Committee, Recommendation
from tadafur.steering.states import RecommendationStatus as S

pytestmark = pytest.mark.django_db


def _ctx():
    from tadafur.territories.models import Territory

    communes = {t.code: t for t in Territory.objects.filter(code__in=demo.DEMO_COMMUNES)}
    return demo.DemoContext(communes=communes, log=lambda message: None)


def test_demo_loads_settat_provinces_committee_once():
    from tadafur.accounts import demo as accounts_demo
    from tadafur.steering import demo as steering_demo

    ctx = _ctx()
    accounts_demo.load(ctx)
    steering_demo.load(ctx)
    committee = Committee.objects.get(collectivity__code="06.461")
    assert committee.members.count() == 8
    assert committee.members.filter(user__email="hassan@demo.tadafur.ma").exists()
    statuses = sorted(Recommendation.objects.values_list("status", flat=True))
    assert statuses.count(S.DONE) == 2 and statuses.count(S.DROPPED) == 1 and statuses.count(S.IN_PROGRESS) == 2
    assert {r.collectivity.code for r in Recommendation.objects.all()} == set(demo.DEMO_COMMUNES)
    from tadafur.steering.selectors import committee_meetings

    assert list(committee_meetings(committee).values_list("status", flat=True)) == ["minutes_published"] * 2
    steering_demo.load(ctx)
    assert Committee.objects.count() == 1 and Recommendation.objects.count() == 8

    # The public pages show the demo in Arabic.
    from django.test import Client

    client = Client()
    page = client.get(f"/ar/steering/{committee.pk}/").content.decode()
    assert "إحداث شباك للعرائض" in page and "نجاة الحمداوي" in page
    meeting = committee_meetings(committee).first()
    assert "إحداث شباك للعرائض" in client.get(f"/ar/steering/meetings/{meeting.pk}/").content.decode()
