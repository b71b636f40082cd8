"""Every allowed and every forbidden move of the petition's one transition table."""

from __future__ import annotations

import itertools

import pytest

from tadafur.core.errors import InvalidTransition
from tadafur.core.models import AuditEntry
from tadafur.core.states import transition
from tadafur.petitions.models import Petition
from tadafur.petitions.states import TRANSITIONS, PetitionState
from tadafur.petitions.tests.helpers import draft

STATES = PetitionState.values
PAIRS = list(itertools.product(STATES, STATES))


def test_the_table_is_the_life_cycle_of_the_law():
    S = PetitionState
    assert TRANSITIONS[S.DRAFT] == {S.COLLECTING, S.FILED, S.WITHDRAWN}
    # Staff may send a petition back to its agent while it collects (the service allows it only
    # before anyone signs: tadafur/petitions/tests/test_send_back.py).
    assert TRANSITIONS[S.COLLECTING] == {S.FILED, S.WITHDRAWN, S.DRAFT}
    assert TRANSITIONS[S.UNDER_REVIEW] == {S.ACCEPTED, S.REJECTED}
    assert TRANSITIONS[S.CLOSED] == TRANSITIONS[S.WITHDRAWN] == frozenset()
    # Once filed, nobody can withdraw or reopen the petition.
    for state in (S.FILED, S.UNDER_REVIEW, S.ACCEPTED, S.REJECTED, S.DELIBERATED, S.CLOSED):
        assert S.WITHDRAWN not in TRANSITIONS[state] and S.COLLECTING not in TRANSITIONS[state]


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_every_pair(source, target, amina, settat):
    petition = draft(amina, settat)
    Petition.objects.filter(pk=petition.pk).update(status=source)
    petition.refresh_from_db()
    allowed = target in TRANSITIONS[source]
    if allowed:
        transition(petition, target, table=TRANSITIONS, actor=amina)
        petition.refresh_from_db()
        assert petition.status == target
        if target != "draft":
            assert getattr(petition, f"{target}_at") is not None
        assert AuditEntry.objects.filter(object_id=str(petition.pk), action=f"petition.{target}").exists()
    else:
        with pytest.raises(InvalidTransition):
            transition(petition, target, table=TRANSITIONS, actor=amina)
        petition.refresh_from_db()
        assert petition.status == source
