"""What one online ballot costs the database (docs/benchmarks-ballots.md, decision 0113)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tadafur.budgets import selectors
from tadafur.budgets.models import Ballot, BallotChoice
from tadafur.budgets.tests.test_cycle_support import approval_cycle
from tadafur.core.models import AuditEntry

pytestmark = pytest.mark.django_db

# session, user, cycle (without the census JSON), the ballot's projects, then in the transaction:
# the voter's ballot (FOR UPDATE on PostgreSQL), INSERT ballot, INSERT choices, the audit chain's
# last hash and the audit INSERT; PostgreSQL adds the audit chain's advisory lock. It was 11
# (with the choices read back for the answer).
BALLOT_QUERY_BUDGET = 9
CONTROL = ("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT", "ROLLBACK")


@pytest.fixture
def cycle(settat):
    return approval_cycle(settat)


def _post(client, cycle, body):
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(
            f"/api/v1/budgets/{cycle.pk}/ballots", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
        )
    return response, ctx.captured_queries


def test_a_ballot_stays_within_its_query_budget_and_never_reads_the_census(client, cycle, amina):
    a, b, _c = (p.pk for p in selectors.ballot_proposals(cycle))
    client.force_login(amina)
    response, queries = _post(client, cycle, {"projects": [b, a]})
    assert response.status_code == 201
    counted = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith(CONTROL)]
    budget = BALLOT_QUERY_BUDGET + (connection.vendor == "postgresql")
    assert len(counted) <= budget, "\n".join(sql[:200] for sql in counted)
    assert "census" not in " ".join(counted)
    # The ballot's choices are not read back after they are written.
    assert not any(sql.lstrip().upper().startswith("SELECT") and "budgets_ballotchoice" in sql for sql in counted)


def test_the_answer_lists_exactly_the_stored_projects(client, cycle, amina):
    a, b, c = (p.pk for p in selectors.ballot_proposals(cycle))
    client.force_login(amina)
    cast, _ = _post(client, cycle, {"projects": [b, a, b]})
    ballot = Ballot.objects.get(voter=amina)
    stored = sorted(BallotChoice.objects.filter(ballot=ballot).values_list("proposal_id", flat=True))
    assert cast.json()["projects"] == stored == sorted([a, b])
    changed, _ = _post(client, cycle, {"projects": [c]})
    stored = sorted(BallotChoice.objects.filter(ballot=ballot).values_list("proposal_id", flat=True))
    assert changed.status_code == 200 and changed.json()["projects"] == stored == [c]
    assert AuditEntry.objects.filter(action__startswith="budget.ballot_").count() == 2


def test_a_rejected_ballot_writes_nothing_and_takes_no_write_transaction(client, cycle, amina):
    ids = [p.pk for p in selectors.ballot_proposals(cycle)]
    client.force_login(amina)
    response, queries = _post(client, cycle, {"projects": ids})  # one too many
    assert response.status_code == 422 and response.json()["rule"] == "too_many"
    assert not any(q["sql"].lstrip().upper().startswith(("BEGIN", "SAVEPOINT", "INSERT")) for q in queries)
    assert Ballot.objects.count() == 0
