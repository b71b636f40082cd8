"""The online ballot's statements compiled once per connection (decision 0215): same rows, same audit."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from tadafur.budgets import selectors, services
from tadafur.budgets.models import Ballot, BallotChoice, Channel, Cycle, Proposal
from tadafur.budgets.tests.test_cycle_support import make_cycle, on_ballot
from tadafur.core import precompiled
from tadafur.core.audit import audit_verify, compute_hash
from tadafur.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(settat):
    c = make_cycle(settat, ballot_type="approval", min_choices=1, max_choices=2)
    for title, cost in (("Éclairage", 100_000), ("Coopérative", 200_000), ("Terrain", 300_000)):
        on_ballot(c, title, cost)
    Proposal.objects.filter(cycle=c, title="Terrain").update(revised_cost=250_000)
    unreviewed = on_ballot(c, "Pas encore revu", 50_000)
    Proposal.objects.filter(pk=unreviewed.pk).update(gender_marker=None)
    return c


def test_the_cycle_is_the_row_the_orm_reads_with_its_collectivity_but_not_its_census(cycle):
    ours = selectors.cycle_for_ballot(cycle.pk)
    orm = Cycle.objects.select_related("collectivity").defer("collectivity__census").get(pk=cycle.pk)
    assert type(ours) is Cycle and ours.get_deferred_fields() == orm.get_deferred_fields() == set()
    for field in Cycle._meta.concrete_fields:
        assert getattr(ours, field.attname) == getattr(orm, field.attname), field.name
    with CaptureQueriesContext(connection) as ctx:  # the collectivity came with the cycle
        assert ours.collectivity.code == orm.collectivity.code
        assert ours.collectivity.pk == cycle.collectivity_id
    assert ctx.captured_queries == []
    assert ours.collectivity.get_deferred_fields() == orm.collectivity.get_deferred_fields() == {"census"}
    assert selectors.cycle_for_ballot(cycle.pk + 1000) is None


def test_the_projects_read_for_the_rule_check_are_the_ballots_with_their_costs(cycle):
    ours = selectors.ballot_costs(cycle)
    orm = list(selectors.ballot_proposals(cycle).only("id", "cycle_id", "estimated_cost", "revised_cost"))
    assert [(p.pk, p.cost) for p in ours] == [(p.pk, p.cost) for p in orm]
    assert [p.cost for p in ours] == [100_000, 200_000, 250_000]  # the revised cost counts; unreviewed left out
    assert ours[0].get_deferred_fields() == orm[0].get_deferred_fields() != set()
    other = make_cycle(cycle.collectivity)
    assert selectors.ballot_costs(other) == []


def test_the_voters_ballot_is_found_only_for_that_voter_and_cycle(cycle, amina, settat):
    a, _b, _c = (p.pk for p in selectors.ballot_proposals(cycle))
    ballot, _ = services.ballot_cast(cycle=cycle, choices={a: 1}, actor=amina)
    other = make_cycle(settat)
    with transaction.atomic():
        assert selectors.voter_ballot_locked(cycle, amina).pk == ballot.pk
        assert selectors.voter_ballot_locked(other, amina) is None


def test_amina_s_ballot_is_stored_as_the_orm_would_store_it_then_changed_in_place(cycle, amina):
    a, b, c = (p.pk for p in selectors.ballot_proposals(cycle))
    with freeze_time("2026-11-29 10:00:00"):
        ballot, created = services.ballot_cast(cycle=cycle, choices={b: 1, a: 1}, actor=amina)
    stored = Ballot.objects.get(pk=ballot.pk)
    assert created and not ballot._state.adding and ballot._state.db == "default"
    assert (stored.cycle_id, stored.voter_id, stored.code_id, stored.recorded_by_id) == (cycle.pk, amina.pk, None, None)
    assert (stored.channel, stored.voter_sex, stored.voter_birth_year) == (Channel.ONLINE, amina.sex, amina.birth_year)
    assert stored.cast_at == stored.changed_at == ballot.cast_at
    assert stored.cast_at.isoformat().startswith("2026-11-29T10:00")
    assert sorted(BallotChoice.objects.filter(ballot=ballot).values_list("proposal_id", "points")) == [(a, 1), (b, 1)]
    with freeze_time("2026-11-30 09:00:00"):
        again, created = services.ballot_cast(cycle=cycle, choices={c: 1}, actor=amina)
    stored = Ballot.objects.get(pk=ballot.pk)
    assert not created and again.pk == ballot.pk
    assert stored.cast_at.isoformat().startswith("2026-11-29T10:00")
    assert stored.changed_at.isoformat().startswith("2026-11-30T09:00")
    assert list(BallotChoice.objects.filter(ballot=ballot).values_list("proposal_id", "points")) == [(c, 1)]
    assert BallotChoice.objects.count() == 1  # the old choices are gone, nobody else's touched


def test_a_ballot_raced_in_by_another_request_is_changed_not_duplicated(cycle, amina, monkeypatch):
    # Two requests of Amina at once: both see no ballot, the second INSERT hits the one-ballot
    # constraint and the service changes the ballot the first one wrote, in the same transaction.
    a, b, _c = (p.pk for p in selectors.ballot_proposals(cycle))
    first, created = services.ballot_cast(cycle=cycle, choices={a: 1}, actor=amina)
    assert created
    monkeypatch.setattr(selectors, "voter_ballot_locked", lambda cycle, voter: None)
    second, created = services.ballot_cast(cycle=cycle, choices={b: 1}, actor=amina)
    assert not created and second.pk == first.pk
    assert Ballot.objects.filter(cycle=cycle, voter=amina).count() == 1
    assert list(BallotChoice.objects.filter(ballot=first).values_list("proposal_id", flat=True)) == [b]
    assert list(AuditEntry.objects.filter(action__startswith="budget.ballot_").values_list("action", flat=True)) == [
        "budget.ballot_cast",
        "budget.ballot_change",
    ]


def test_the_audit_entry_of_a_ballot_is_the_row_save_would_write_and_the_chain_verifies(cycle, amina):
    a, b, _c = (p.pk for p in selectors.ballot_proposals(cycle))
    services.ballot_cast(cycle=cycle, choices={a: 1}, actor=amina)
    ballot, _ = services.ballot_cast(cycle=cycle, choices={b: 1}, actor=amina)
    cast, change = AuditEntry.objects.filter(action__startswith="budget.ballot_").order_by("id")
    assert change.prev_hash == cast.entry_hash
    for entry, action in ((cast, "budget.ballot_cast"), (change, "budget.ballot_change")):
        assert (entry.action, entry.actor_id, entry.collectivity_id) == (action, amina.pk, cycle.collectivity_id)
        assert (entry.object_type, entry.object_id) == ("budgets.ballot", str(ballot.pk))
        assert entry.object_label == str(ballot)
        assert entry.changes == {"before": {}, "after": {}}
        assert compute_hash(entry) == entry.entry_hash
    assert list(audit_verify()) == []


@pytest.mark.parametrize("model", [Ballot, BallotChoice, AuditEntry])
def test_no_model_signal_listens_to_the_rows_the_precompiled_statements_write(model):
    # The statements skip save() only while nothing listens; a receiver added later makes
    # insert/update fall back to save() and delete_where refuse (next tests).
    assert not any(s.has_listeners(model) for s in (pre_save, post_save, pre_delete, post_delete))


def test_a_receiver_connected_to_ballots_still_hears_every_cast_and_change(cycle, amina):
    a, b, _c = (p.pk for p in selectors.ballot_proposals(cycle))
    heard: list[tuple[int, bool]] = []

    def receiver(sender, instance, created, **kwargs):
        heard.append((instance.pk, created))

    post_save.connect(receiver, sender=Ballot, weak=False, dispatch_uid="test-ballot-receiver")
    try:
        ballot, _ = services.ballot_cast(cycle=cycle, choices={a: 1}, actor=amina)
        services.ballot_cast(cycle=cycle, choices={b: 1}, actor=amina)
    finally:
        post_save.disconnect(sender=Ballot, dispatch_uid="test-ballot-receiver")
    assert heard == [(ballot.pk, True), (ballot.pk, False)]


def test_a_delete_receiver_makes_the_precompiled_delete_refuse(cycle):
    post_delete.connect(lambda **kw: None, sender=BallotChoice, weak=False, dispatch_uid="test-choice-delete")
    try:
        with pytest.raises(TypeError, match="through the ORM"):
            precompiled.delete_where(BallotChoice, "ballot", 1, using="default")
    finally:
        post_delete.disconnect(sender=BallotChoice, dispatch_uid="test-choice-delete")
