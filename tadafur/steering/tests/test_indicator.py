"""steering.recommendations_done_on_time on a small hand-checked data set."""

import datetime as dt

import pytest
from freezegun import freeze_time

from tadafur.core.indicators import indicator
from tadafur.steering import services
from tadafur.steering.states import RecommendationStatus as S
from tadafur.steering.tests.conftest import propose

pytestmark = pytest.mark.django_db


def test_share_done_on_time_per_collectivity(committee, hassan, settat, oulad_said, settat_province):
    with freeze_time("2026-01-05"):
        on_time = propose(committee, hassan, settat, "في وقتها", dt.date(2026, 3, 31))
        late = propose(committee, hassan, settat, "متأخرة", dt.date(2026, 2, 28))
        still_open = propose(committee, hassan, oulad_said, "مفتوحة", dt.date(2026, 3, 15))
        not_yet_due = propose(committee, hassan, oulad_said, "لم يحن أجلها", dt.date(2026, 12, 31))
        dropped = propose(committee, hassan, settat, "ملغاة", dt.date(2026, 3, 1))
        outside = propose(committee, hassan, settat, "خارج الفترة", dt.date(2025, 6, 30))
        for rec in (on_time, late):
            services.recommendation_move(recommendation=rec, to=S.ACCEPTED, actor=hassan)
        services.recommendation_move(recommendation=dropped, to=S.DROPPED, reason="سبب", actor=hassan)
    with freeze_time("2026-03-20"):
        services.recommendation_move(recommendation=on_time, to=S.DONE, actor=hassan)
    with freeze_time("2026-04-02"):
        services.recommendation_move(recommendation=late, to=S.DONE, actor=hassan)
    assert not_yet_due and outside and still_open
    groups = {
        "settat": [settat.pk],
        "oulad_said": [oulad_said.pk],
        "province": [settat_province.pk, settat.pk, oulad_said.pk],
        "nobody": [settat_province.pk],
    }
    with freeze_time("2026-06-01"):
        result = indicator("steering.recommendations_done_on_time").compute(
            groups, dt.date(2026, 1, 1), dt.date(2027, 1, 1)
        )
    # Settat: on time (done 03-20 ≤ 03-31) and late (done 04-02 > 02-28) → 1/2.
    assert result["settat"].value == 0.5 and result["settat"].n == 2
    # Oulad Said: one open past its due date (0), one not yet due (not counted) → 0/1.
    assert result["oulad_said"].value == 0.0 and result["oulad_said"].n == 1
    assert result["province"].n == 3 and result["province"].value == pytest.approx(1 / 3)
    assert result["nobody"].value is None and result["nobody"].n == 0
