"""The recommendation's one transition table, walked in full."""

import datetime as dt

import pytest

from tadafur.core.errors import InvalidTransition
from tadafur.core.models import AuditEntry
from tadafur.core.states import check_table
from tadafur.steering import services
from tadafur.steering.models import Recommendation
from tadafur.steering.states import RECOMMENDATION_TRANSITIONS, RecommendationStatus
from tadafur.steering.tests.conftest import propose

S = RecommendationStatus
PAIRS = [(a, b) for a in S.values for b in S.values if a != b]


def test_the_table_names_only_known_states():
    check_table(RECOMMENDATION_TRANSITIONS, S.values)
    assert RECOMMENDATION_TRANSITIONS[S.DONE] == set() and RECOMMENDATION_TRANSITIONS[S.DROPPED] == set()


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_every_move_is_allowed_or_refused_by_the_table(source, target, committee, hassan, settat):
    rec = propose(committee, hassan, settat, "تهيئة", dt.date(2030, 1, 1))
    Recommendation.objects.filter(pk=rec.pk).update(status=source, dropped_reason="x" if source == S.DROPPED else "")
    rec.refresh_from_db()
    if target in RECOMMENDATION_TRANSITIONS[source]:
        services.recommendation_move(recommendation=rec, to=target, reason="سبب", actor=hassan)
        rec.refresh_from_db()
        assert rec.status == target
        assert AuditEntry.objects.filter(action=f"recommendation.{target}", object_id=str(rec.pk)).exists()
    else:
        with pytest.raises(InvalidTransition):
            services.recommendation_move(recommendation=rec, to=target, reason="سبب", actor=hassan)
        rec.refresh_from_db()
        assert rec.status == source
