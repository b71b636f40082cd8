"""Every allowed and forbidden transition of the tables."""

import pytest

from tadafur.cocreation.states import (
    AGREEMENT_TRANSITIONS,
    APPLICATION_TRANSITIONS,
    CALL_TRANSITIONS,
    AgreementStatus,
    ApplicationStatus,
    CallStatus,
)
from tadafur.core.states import allowed_targets, check_table

TABLES = [
    (CALL_TRANSITIONS, CallStatus),
    (APPLICATION_TRANSITIONS, ApplicationStatus),
    (AGREEMENT_TRANSITIONS, AgreementStatus),
]


@pytest.mark.parametrize(("table", "choices"), TABLES)
def test_tables_name_only_known_states_and_cover_every_state(table, choices):
    check_table(table, choices.values)
    assert set(table) == set(choices.values)


def test_call_moves_forward_only():
    assert allowed_targets(CALL_TRANSITIONS, "draft") == {"published"}
    assert allowed_targets(CALL_TRANSITIONS, "published") == {"in_review"}
    assert allowed_targets(CALL_TRANSITIONS, "in_review") == {"results_published"}
    assert allowed_targets(CALL_TRANSITIONS, "results_published") == frozenset()


def test_a_decided_application_is_final():
    assert allowed_targets(APPLICATION_TRANSITIONS, "submitted") == {"selected", "not_selected", "withdrawn"}
    for final in ("selected", "not_selected", "withdrawn"):
        assert allowed_targets(APPLICATION_TRANSITIONS, final) == frozenset()
    assert "selected" not in allowed_targets(APPLICATION_TRANSITIONS, "draft")
