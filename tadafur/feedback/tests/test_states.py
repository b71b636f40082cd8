"""Every allowed and forbidden move of a service report, through core.states.transition."""

import itertools

import pytest

from tadafur.core.errors import InvalidTransition
from tadafur.core.states import transition
from tadafur.feedback.models import Report
from tadafur.feedback.states import REPORT_TRANSITIONS, ReportStatus
from tadafur.feedback.tests.conftest import make_report

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("source", "target"), list(itertools.product(ReportStatus.values, repeat=2)))
def test_every_move(settat, amina, source, target):
    report = make_report(settat, amina)
    Report.objects.filter(pk=report.pk).update(status=source)
    report.refresh_from_db()
    if target in REPORT_TRANSITIONS[source]:
        transition(report, target, table=REPORT_TRANSITIONS, actor=None)
        report.refresh_from_db()
        assert report.status == target and getattr(report, f"{target}_at") is not None
    else:
        with pytest.raises(InvalidTransition):
            transition(report, target, table=REPORT_TRANSITIONS, actor=None)
