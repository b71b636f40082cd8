"""The audit log's hash chain: every write is linked to the one before; tampering is detected."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from tadafur.core.audit import GENESIS, audit_record, audit_verify, compute_hash
from tadafur.core.middleware import RequestIdMiddleware
from tadafur.core.models import AuditEntry


@pytest.fixture
def rachid(db: Any) -> Any:
    """Rachid, staff agent at Settat's help desk."""
    from tadafur.accounts.models import User

    return User.objects.create_user(username="rachid", email="rachid@settat.ma", password="not-a-real-pass-1")


def _record_three(actor: Any, collectivity: Any) -> list[AuditEntry]:
    with transaction.atomic():
        return [
            audit_record(actor=actor, action="test.open", obj=collectivity, collectivity=collectivity,
                         before={"status": "draft"}, after={"status": "open"}),
            audit_record(actor=actor, action="test.close", obj=collectivity, collectivity=collectivity,
                         before={"status": "open"}, after={"status": "closed"}),
            audit_record(actor=None, action="test.archive", obj=collectivity, collectivity=collectivity),
        ]  # fmt: skip


@pytest.mark.django_db
def test_entries_recorded_in_a_transaction_are_chained(rachid: Any, settat: Any) -> None:
    before = AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
    first, second, third = _record_three(rachid, settat)

    assert first.prev_hash == (before or GENESIS)
    assert second.prev_hash == first.entry_hash
    assert third.prev_hash == second.entry_hash
    assert len({first.entry_hash, second.entry_hash, third.entry_hash}) == 3
    for entry in (first, second, third):
        stored = AuditEntry.objects.get(pk=entry.pk)
        assert compute_hash(stored) == stored.entry_hash
    assert first.actor_label and first.actor == rachid
    assert third.actor is None and third.actor_label == "system"
    assert first.changes == {"before": {"status": "draft"}, "after": {"status": "open"}}
    assert first.object_type == "territories.territory" and first.object_id == str(settat.pk)


@pytest.mark.django_db
def test_an_untouched_chain_passes(rachid: Any, settat: Any) -> None:
    _record_three(rachid, settat)
    assert list(audit_verify()) == []
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "audit chain intact" in out.getvalue()


@pytest.mark.django_db
def test_editing_an_entrys_changes_is_detected(rachid: Any, settat: Any) -> None:
    _, second, _ = _record_three(rachid, settat)
    # Someone with database access rewrites history, bypassing the service.
    AuditEntry.objects.filter(pk=second.pk).update(changes={"before": {"status": "open"}, "after": {"status": "open"}})

    breaks = list(audit_verify())
    assert [(b.entry_id, "altered" in b.problem) for b in breaks] == [(second.pk, True)]

    err = StringIO()
    with pytest.raises(CommandError, match="audit chain broken at 1 place"):
        call_command("audit_verify", stderr=err)
    assert f"entry {second.pk}: " in err.getvalue()


@pytest.mark.django_db
def test_deleting_a_middle_entry_is_detected(rachid: Any, settat: Any) -> None:
    _, second, third = _record_three(rachid, settat)
    AuditEntry.objects.filter(pk=second.pk).delete()

    breaks = list(audit_verify())
    assert [b.entry_id for b in breaks] == [third.pk]
    assert "removed or changed" in breaks[0].problem

    err = StringIO()
    with pytest.raises(CommandError):
        call_command("audit_verify", stderr=err)
    assert f"entry {third.pk}: " in err.getvalue()


@pytest.mark.django_db
def test_recomputing_an_edited_entrys_own_hash_still_breaks_the_next_link(rachid: Any, settat: Any) -> None:
    first, second, third = _record_three(rachid, settat)
    forged = AuditEntry.objects.get(pk=second.pk)
    forged.changes = {"before": {}, "after": {"status": "forged"}}
    forged.entry_hash = compute_hash(forged)
    forged.save()

    assert [b.entry_id for b in audit_verify()] == [third.pk]


@pytest.mark.django_db
def test_the_request_id_of_the_http_request_is_recorded(rachid: Any, settat: Any) -> None:
    def view(request: Any) -> HttpResponse:
        with transaction.atomic():
            audit_record(actor=rachid, action="test.help_desk_check", obj=settat, collectivity=settat)
        return HttpResponse("ok")

    request = RequestFactory().post("/ar/anything/", HTTP_X_REQUEST_ID="proxy-req-0123456789")
    response = RequestIdMiddleware(view)(request)

    assert response["X-Request-ID"] == "proxy-req-0123456789"
    entry = AuditEntry.objects.latest("id")
    assert entry.action == "test.help_desk_check"
    assert entry.request_id == "proxy-req-0123456789"


@pytest.mark.django_db
def test_a_request_without_a_usable_id_gets_a_fresh_one_in_the_audit_row(rachid: Any, settat: Any) -> None:
    def view(request: Any) -> HttpResponse:
        with transaction.atomic():
            audit_record(actor=rachid, action="test.help_desk_check", obj=settat)
        return HttpResponse("ok")

    # A header that could inject into logs is not trusted.
    request = RequestFactory().post("/ar/anything/", HTTP_X_REQUEST_ID="bad id\nwith newline")
    response = RequestIdMiddleware(view)(request)

    entry = AuditEntry.objects.latest("id")
    assert response["X-Request-ID"] == entry.request_id
    assert len(entry.request_id) == 32 and "\n" not in entry.request_id


def test_audit_record_outside_a_transaction_raises() -> None:
    # No database access is needed to refuse: the check comes before any query.
    with pytest.raises(RuntimeError, match="transaction.atomic"):
        audit_record(actor=None, action="test.orphan")
