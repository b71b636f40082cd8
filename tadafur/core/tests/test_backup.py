"""`manage.py backup` and `manage.py restore`: a round trip keeps every row and the audit chain.

The round trip runs on the test database's own engine: SQLite here, PostgreSQL too when
DATABASE_URL names one (`make test` runs the suite both ways).
"""

from __future__ import annotations

import sqlite3
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from tadafur.accounts.tests.factories import UserFactory
from tadafur.core.audit import audit_record
from tadafur.core.backup import table_counts
from tadafur.core.models import AuditEntry


def _audited_changes(count: int) -> None:
    from tadafur.territories.models import Territory

    actor = UserFactory()
    for territory in Territory.objects.order_by("code")[:count]:
        with transaction.atomic():
            audit_record(actor=actor, action="backup.test", obj=territory, after={"name": territory.name_fr})


def test_round_trip_keeps_every_row_and_the_audit_chain(transactional_db: Any, tmp_path: Path) -> None:
    from tadafur.territories.models import Territory

    _audited_changes(5)
    before = table_counts()
    assert before["core_auditentry"] == 5 and before["territories_territory"] > 1000

    out = StringIO()
    call_command("backup", output=str(tmp_path / "tadafur.bak"), stdout=out)
    assert "backup written" in out.getvalue()
    assert (tmp_path / "tadafur.bak").stat().st_mode & 0o777 == 0o600
    assert not list(tmp_path.glob("*.partial"))
    if connection.vendor == "sqlite":
        with sqlite3.connect(tmp_path / "tadafur.bak") as db:
            assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file, no -wal beside it
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert db.execute("SELECT COUNT(*) FROM core_auditentry").fetchone()[0] == 5
        db.close()

    # Life goes on after the backup: more entries, a deleted territory.
    _audited_changes(2)
    Territory.objects.filter(children__isnull=True).order_by("-code").first().delete()
    assert table_counts() != before

    call_command("restore", str(tmp_path / "tadafur.bak"), "--noinput", stdout=StringIO())
    assert table_counts() == before
    verified = StringIO()
    call_command("audit_verify", stdout=verified)
    assert "audit chain intact: 5 entries verified." in verified.getvalue()

    # A backup edited after the fact is restored as it is, and audit_verify says so.
    if connection.vendor == "sqlite":
        with sqlite3.connect(tmp_path / "tadafur.bak") as db:
            first = db.execute("SELECT MIN(id) FROM core_auditentry").fetchone()[0]
            db.execute("UPDATE core_auditentry SET action = 'nothing.happened' WHERE id = ?", [first])
        db.close()
        call_command("restore", str(tmp_path / "tadafur.bak"), "--noinput", stdout=StringIO())
        assert AuditEntry.objects.filter(action="nothing.happened").count() == 1
        with pytest.raises(CommandError, match="audit chain broken at 1 place"):
            call_command("audit_verify", stdout=StringIO(), stderr=StringIO())


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup_of_this_engine(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database")
    with pytest.raises(CommandError, match="is not a (SQLite|pg_dump custom-format) backup"):
        call_command("restore", str(bogus), "--noinput", stdout=StringIO())
    with pytest.raises(CommandError, match="is not a file"):
        call_command("restore", str(tmp_path / "missing.bak"), "--noinput", stdout=StringIO())


@pytest.mark.django_db
def test_backup_refuses_to_run_inside_a_transaction(tmp_path: Path) -> None:
    with transaction.atomic(), pytest.raises(CommandError, match="inside a transaction"):
        call_command("backup", output=str(tmp_path / "x.bak"), stdout=StringIO())
    assert not list(tmp_path.iterdir())


@pytest.mark.django_db
def test_restore_asks_before_replacing_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="restore cancelled"):
        call_command("restore", str(tmp_path / "whatever.bak"), stdout=StringIO())
