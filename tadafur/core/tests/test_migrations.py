"""Migrations: the models match them, and a database of the previous release, holding its demo
data, upgrades to this release without losing a row (docs/decisions/0802-migration-tests.md).

Applying every migration to an empty database is what creating the test database does at the
start of every run, on SQLite and on PostgreSQL; these tests add what that does not cover.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from tadafur.core.backup import backup_create
from tadafur.core.tests.test_settings_env import run_with_settings

# The previous release's last migration of each app (None: the app did not exist). Releases
# are not tagged yet: this is the last integrated state before issue 8 (git HEAD when it was
# written). Bump it to the current leaves when cutting a release.
PREVIOUS_RELEASE: dict[str, str | None] = {
    "core": "0001_initial",
    "territories": "0001_initial",
    "accounts": "0003_role_scope_without_nulls",
    "associations": "0002_seed_rules",
    "petitions": "0004_paper_signatures",
    "budgets": "0002_execution_followup_and_proposal_photo",
    "bodies": "0001_initial",
    "programmes": "0002_workshop_photos",
}
TADAFUR_APPS_WITH_MIGRATIONS = sorted(
    p.parent.parent.name for p in Path(__file__).resolve().parents[2].glob("*/migrations/0001_*.py")
)
# Rows that `migrate` itself adds for the new models: not data of the previous release.
BOOKKEEPING = {"django_migrations", "django_content_type", "auth_permission"}

UPGRADE = """
import io
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from tadafur.core.backup import table_counts

from django.db.migrations.operations import RunPython

# The copy may come from a flushed test database (a transactional test ran before): re-run every
# data migration (seeded rules, holidays) by stepping back before it and migrating forward.
executor = MigrationExecutor(connection)
back = {}
for (app, name), migration in sorted(executor.loader.graph.nodes.items()):
    if app in APPS and app not in back and any(isinstance(op, RunPython) for op in migration.operations):
        parents = [p for p in migration.dependencies if p[0] == app]
        back[app] = parents[0][1] if parents else None
executor.migrate(list(back.items()))
connection.close()
call_command("migrate", verbosity=0)
call_command("load_demo", stdout=io.StringIO())
# Back to the previous release: the apps it did not have are unapplied, the others go back to
# their last migration of then (their demo rows stay).
MigrationExecutor(connection).migrate([(app, PREVIOUS.get(app)) for app in APPS])
connection.close()
previous = table_counts()
call_command("migrate", verbosity=0)
upgraded = table_counts()
audit = io.StringIO()
call_command("audit_verify", stdout=audit)
result = {"previous": previous, "upgraded": upgraded, "audit": audit.getvalue()}
"""


@pytest.mark.django_db
def test_the_models_and_their_migrations_agree() -> None:
    out = StringIO()
    call_command("makemigrations", check=True, dry_run=True, stdout=out)
    assert "No changes detected" in out.getvalue()


def test_a_previous_release_database_with_its_demo_data_upgrades_without_losing_rows(
    django_db_setup: Any, django_db_blocker: Any, tmp_path: Path
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the upgrade runs on a copy of the SQLite test database")
    assert set(PREVIOUS_RELEASE) <= set(TADAFUR_APPS_WITH_MIGRATIONS)
    database = tmp_path / "previous.sqlite3"
    with django_db_blocker.unblock():  # outside any transaction: a copy of the migrated, empty database
        backup_create(output=database)
    code = f"PREVIOUS = {PREVIOUS_RELEASE!r}\nAPPS = {TADAFUR_APPS_WITH_MIGRATIONS!r}\n" + UPGRADE
    # Loading the demo and migrating twice takes ~40 s on an idle 2-core machine: the timeout only
    # catches a hung child, with room for a busy one.
    result = run_with_settings(code, timeout=900, DATABASE_URL=f"sqlite:///{database}")

    previous, upgraded = result["previous"], result["upgraded"]
    new_apps = set(TADAFUR_APPS_WITH_MIGRATIONS) - set(PREVIOUS_RELEASE)
    assert not any(table.split("_")[0] in new_apps for table in previous), "new apps were not unapplied"
    assert previous["petitions_petition"] > 0 and previous["budgets_ballot"] > 0 and previous["core_auditentry"] > 0
    lost = {t: (n, upgraded.get(t)) for t, n in previous.items() if t not in BOOKKEEPING and upgraded.get(t) != n}
    assert not lost, f"rows changed by the upgrade (before, after): {lost}"
    assert "audit chain intact" in result["audit"]
