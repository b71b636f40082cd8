import pytest

from tadafur.core.demo import DEMO_COMMUNES, DemoContext
from tadafur.notifications import demo
from tadafur.notifications.models import Follow, Notification
from tadafur.territories.models import Territory

pytestmark = pytest.mark.django_db


def test_the_demo_gives_the_personas_follows_and_news_once(
    youssef, amina, khadija, hassan, django_capture_on_commit_callbacks
):
    communes = {t.code: t for t in Territory.objects.filter(code__in=DEMO_COMMUNES)}
    people = {"youssef": youssef, "amina": amina, "khadija": khadija, "hassan": hassan}
    ctx = DemoContext(communes=communes, people=people, log=lambda message: None)
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(ctx)
    assert Follow.objects.get(user=youssef).sms
    assert Notification.objects.filter(user=youssef, in_app=True).count() == 1
    assert Notification.objects.get(user=hassan).digest_email
    again = DemoContext(communes=communes, people=people, log=lambda message: None)
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(again)
    assert again.created == 0 and Notification.objects.count() == 4
