"""The state-transition helper: one table decides which moves exist; every move is audited."""

from __future__ import annotations

from typing import Any

import pytest

from tadafur.core.errors import InvalidTransition
from tadafur.core.models import AuditEntry
from tadafur.core.states import allowed_targets, check_table, transition
from tadafur.territories.models import Kind, Territory

# A stand-in table over an existing field, until the first module brings a real `status`.
# Territory has no `urban_at` field: the helper must not need one.
KIND_TABLE = {Kind.RURAL.value: {Kind.URBAN.value}}


@pytest.fixture
def rachid(db: Any) -> Any:
    from tadafur.accounts.models import User

    return User.objects.create_user(username="rachid", email="rachid@settat.ma", password="not-a-real-pass-1")


def test_check_table_accepts_a_table_over_known_states() -> None:
    check_table({"draft": {"open"}, "open": {"closed", "draft"}}, ["draft", "open", "closed"])
    check_table(KIND_TABLE, Kind.values)


def test_check_table_names_the_unknown_states() -> None:
    with pytest.raises(ValueError, match=r"\['closd', 'opne'\]"):
        check_table({"draft": {"opne", "closd"}}, ["draft", "open", "closed"])
    with pytest.raises(ValueError, match=r"\['archived'\]"):
        check_table({"draft": {"open"}, "archived": set()}, ["draft", "open"])


def test_allowed_targets() -> None:
    table = {"draft": ["open"], "open": ["closed", "draft"]}
    assert allowed_targets(table, "open") == frozenset({"closed", "draft"})
    assert allowed_targets(table, "closed") == frozenset()
    assert allowed_targets(table, "nonsense") == frozenset()


@pytest.mark.django_db
def test_an_allowed_move_is_saved_and_audited(rachid: Any, oulad_said: Any, settat_province: Any) -> None:
    assert oulad_said.kind == Kind.RURAL
    last_id = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0

    moved = transition(
        oulad_said, Kind.URBAN, table=KIND_TABLE, actor=rachid, field="kind", collectivity=settat_province
    )

    assert moved.kind == Kind.URBAN
    assert oulad_said.kind == Kind.URBAN  # the caller's instance follows
    assert Territory.objects.get(pk=oulad_said.pk).kind == Kind.URBAN
    entries = list(AuditEntry.objects.filter(id__gt=last_id))
    assert len(entries) == 1
    entry = entries[0]
    assert entry.action == "territory.urban"
    assert entry.actor == rachid
    assert entry.collectivity == settat_province
    assert (entry.object_type, entry.object_id) == ("territories.territory", str(oulad_said.pk))
    assert entry.changes == {"before": {"kind": "rural"}, "after": {"kind": "urban"}}


@pytest.mark.django_db
def test_a_custom_action_name_is_recorded(rachid: Any, oulad_said: Any) -> None:
    transition(oulad_said, Kind.URBAN, table=KIND_TABLE, actor=rachid, field="kind", action="territory.reclassify")
    assert AuditEntry.objects.latest("id").action == "territory.reclassify"


@pytest.mark.django_db
def test_a_forbidden_move_raises_and_changes_nothing(rachid: Any, settat: Any) -> None:
    assert settat.kind == Kind.URBAN
    count = AuditEntry.objects.count()

    with pytest.raises(InvalidTransition) as error:
        transition(settat, Kind.RURAL, table=KIND_TABLE, actor=rachid, field="kind")

    assert error.value.status == 409
    assert "urban" in error.value.message and "rural" in error.value.message
    assert Territory.objects.get(pk=settat.pk).kind == Kind.URBAN
    assert settat.kind == Kind.URBAN
    assert AuditEntry.objects.count() == count


@pytest.mark.django_db
def test_the_move_is_checked_against_the_database_not_a_stale_instance(rachid: Any, oulad_said: Any) -> None:
    stale = Territory.objects.get(pk=oulad_said.pk)
    transition(oulad_said, Kind.URBAN, table=KIND_TABLE, actor=rachid, field="kind")
    # `stale` still says rural, but the row is urban now: moving it again is refused.
    with pytest.raises(InvalidTransition):
        transition(stale, Kind.URBAN, table=KIND_TABLE, actor=rachid, field="kind")
