"""Every allowed and forbidden move of an information request, through core.states.transition."""

import itertools

import pytest

from tadafur.core.errors import InvalidTransition
from tadafur.core.states import transition
from tadafur.inforequests.models import InfoRequest
from tadafur.inforequests.states import REQUEST_TRANSITIONS, RequestStatus
from tadafur.inforequests.tests.conftest import file_request

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("source", "target"), list(itertools.product(RequestStatus.values, repeat=2)))
def test_every_move(settat, amina, source, target):
    request = file_request(settat, amina)
    # A refused request must carry a ground (database check), whatever way it got there.
    InfoRequest.objects.filter(pk=request.pk).update(status=source, refusal_ground="not_held")
    request.refresh_from_db()
    if target in REQUEST_TRANSITIONS[source]:
        transition(request, target, table=REQUEST_TRANSITIONS, actor=None)
        request.refresh_from_db()
        assert request.status == target and getattr(request, f"{target}_at", True) is not None
    else:
        with pytest.raises(InvalidTransition):
            transition(request, target, table=REQUEST_TRANSITIONS, actor=None)


def test_responded_requests_are_final():
    for final in (RequestStatus.ANSWERED, RequestStatus.REFUSED, RequestStatus.WITHDRAWN):
        assert REQUEST_TRANSITIONS[final] == set()
