import pytest

from tadafur.cocreation.models import Agreement, Application, Call
from tadafur.cocreation.selectors import late_reports
from tadafur.core import demo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    """The demo story runs at today's date (the other modules' demos plan meetings from now)."""
    yield


def test_demo_tells_a_closed_and_an_open_call_once():
    demo.demo_load(log=lambda message: None)
    closed = Call.objects.get(collectivity__code="06.461")
    assert closed.status == "results_published" and closed.partners.count() == 3
    assert Application.objects.filter(call=closed, status="selected").count() == 2
    assert Agreement.objects.filter(status="active").count() == 2
    assert late_reports().count() == 1
    open_call = Call.objects.get(collectivity__code=demo.SETTAT)
    assert open_call.status == "published" and open_call.questions.filter(answered_at__isnull=False).count() == 1
    again = demo.demo_load(log=lambda message: None)
    assert Call.objects.count() == 2 and again.created == 0
