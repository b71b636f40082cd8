"""Every allowed and forbidden move of the programme's phase table, through the services."""

import datetime as dt

import pytest

from tadafur.core.errors import InvalidTransition
from tadafur.core.models import AuditEntry
from tadafur.programmes import services
from tadafur.programmes.models import Programme
from tadafur.programmes.states import PHASE_TABLE, RECORDED_MOVES, Phase

pytestmark = pytest.mark.django_db

PAIRS = [(a, b) for a in Phase.values for b in Phase.values if a != b]


def _move(programme, to, actor):
    if to == Phase.ADOPTED:
        return services.programme_adopt(
            programme=programme,
            session=dt.date(2023, 2, 7),
            votes_for=20,
            votes_against=3,
            votes_abstain=1,
            actor=actor,
        )
    if to == Phase.EVALUATED:
        return services.evaluation_record(
            programme=programme, kind="final", held_on=dt.date(2027, 12, 1), findings="Bilan final", actor=actor
        )
    return services.programme_advance(programme=programme, to=to, actor=actor)


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_every_phase_move(source, target, pac, rachid):
    Programme.objects.filter(pk=pac.pk).update(
        phase=source, consultation_opens=dt.date(2022, 11, 1), consultation_closes=dt.date(2022, 11, 30)
    )
    pac.refresh_from_db()
    allowed = target in PHASE_TABLE[source]
    # Final evaluation is recorded only in execution, so it follows the table too.
    if allowed:
        _move(pac, target, rachid)
        pac.refresh_from_db()
        assert pac.phase == target
        assert getattr(pac, f"{target}_at") is not None
        assert AuditEntry.objects.filter(action=f"programme.{target}", object_id=str(pac.pk)).exists()
    else:
        with pytest.raises(InvalidTransition):
            _move(pac, target, rachid)
        pac.refresh_from_db()
        assert pac.phase == source


def test_adoption_and_evaluation_cannot_be_forced_without_their_record(pac, rachid):
    Programme.objects.filter(pk=pac.pk).update(phase=Phase.CONSULTATION)
    pac.refresh_from_db()
    for to in RECORDED_MOVES:
        with pytest.raises(InvalidTransition):
            services.programme_advance(programme=pac, to=to, actor=rachid)
