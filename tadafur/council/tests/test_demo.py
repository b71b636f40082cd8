import pytest
from freezegun import freeze_time

from tadafur.core import demo
from tadafur.council.models import Session
from tadafur.news.models import NewsItem
from tadafur.petitions.states import PetitionState

pytestmark = pytest.mark.django_db


@freeze_time("2026-11-29 09:00", tick=True)
def test_demo_loads_settat_sessions_and_news_once():
    demo.demo_load(log=lambda message: None)
    sessions = list(Session.objects.filter(council__collectivity__code=demo.SETTAT).order_by("meeting__starts_at"))
    assert [(s.year, s.month, s.meeting.status) for s in sessions] == [
        (2026, 2, "minutes_published"),
        (2026, 5, "minutes_published"),
        (2026, 10, "minutes_published"),
        (2027, 2, "planned"),
    ]
    upcoming = sessions[-1]
    assert upcoming.is_published
    petition_points = [p for p in upcoming.points.all() if p.petition_id]
    assert len(petition_points) == 1 and petition_points[0].petition.status == PetitionState.ACCEPTED
    news = NewsItem.objects.filter(collectivity__code=demo.SETTAT)
    assert news.filter(kind="call", image__gt="").count() == 1
    assert news.filter(title_ar="").exists()  # the French-only item shows the fallback
    count = news.count()
    demo.demo_load(log=lambda message: None)
    assert Session.objects.count() == 4 and news.count() == count
