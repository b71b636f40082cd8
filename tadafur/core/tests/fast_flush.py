"""A faster end to transactional tests (browser tests, backups): empty only what the test wrote.

Django ends each TransactionTestCase by flushing every table and re-creating content types and
permissions (post_migrate); the browser tests then reload the 1,631 territories and the seeded
rulebooks. On PostgreSQL that was about 2.6 s per test, most of it truncating 107 tables.

Here the state left by `django_db_setup` (territories, content types, permissions, the rows data
migrations seed) is the baseline, kept in memory. At the end of a transactional test the tables
that hold rows and are not baseline tables are emptied; the baseline tables are compared row for
row with the baseline and, if any differs (a test edited the rulebook, a restore replaced
everything), every table is flushed and the baseline rows are put back. Either way the next
test starts from exactly the baseline.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.color import no_style
from django.db import IntegrityError, connections, transaction
from django.test import TransactionTestCase

_BASELINE: dict[str, dict[str, list[tuple[Any, ...]]]] = {}
_COLUMNS: dict[str, dict[str, list[str]]] = {}


def _tables(connection: Any) -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _rows(connection: Any, table: str, columns: list[str] | None = None) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
        if columns is not None:
            columns.extend(column[0] for column in cursor.description)
        return cursor.fetchall()


def _non_empty(connection: Any, tables: list[str]) -> list[str]:
    """The tables holding at least one row, found with one query."""
    qn = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT {index} FROM {qn(table)} WHERE EXISTS (SELECT 1 FROM {qn(table)})"
        if connection.vendor == "postgresql"
        else f"SELECT {index} WHERE EXISTS (SELECT 1 FROM {qn(table)})"
        for index, table in enumerate(tables)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return sorted({tables[row[0]] for row in cursor.fetchall()})


def capture_baseline(alias: str = "default") -> None:
    """Remember every non-empty table's rows: the state each transactional test must leave."""
    connection = connections[alias]
    _BASELINE[alias], _COLUMNS[alias] = {}, {}
    for table in _non_empty(connection, _tables(connection)):
        _COLUMNS[alias][table] = []
        _BASELINE[alias][table] = _rows(connection, table, _COLUMNS[alias][table])


def restore_baseline(alias: str = "default") -> None:
    """Flush every table and put the baseline rows back (foreign keys are checked at commit)."""
    call_command("flush", verbosity=0, interactive=False, database=alias, inhibit_post_migrate=True)
    connection = connections[alias]
    qn = connection.ops.quote_name
    with transaction.atomic(using=alias):
        for table, rows in _BASELINE[alias].items():
            columns = _COLUMNS[alias][table]
            sql = f"INSERT INTO {qn(table)} ({', '.join(map(qn, columns))}) VALUES ({', '.join(['%s'] * len(columns))})"
            with connection.cursor() as cursor:
                cursor.executemany(sql, rows)
        models = [model for model in _models() if model._meta.db_table in _BASELINE[alias]]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)


def _models() -> list[Any]:
    from django.apps import apps

    return list(apps.get_models(include_auto_created=True))


def baseline_intact(alias: str = "default") -> bool:
    connection = connections[alias]
    return all(_rows(connection, table) == rows for table, rows in _BASELINE[alias].items())


def empty_what_the_test_wrote(alias: str = "default") -> bool:
    """Empty the non-baseline tables that hold rows. False when the baseline is not intact
    (before or after) or the deletes could not commit: the caller then restores the baseline."""
    if alias not in _BASELINE or not baseline_intact(alias):
        return False
    connection = connections[alias]
    written = [table for table in _non_empty(connection, _tables(connection)) if table not in _BASELINE[alias]]
    if written:
        # DELETE, not TRUNCATE: on PostgreSQL truncating costs about 10 ms a table whatever it
        # holds. Django's foreign keys are checked at commit, so the order does not matter; a
        # baseline row that came to reference a written row makes the commit fail: flush then.
        qn = connection.ops.quote_name
        try:
            with transaction.atomic(using=alias), connection.cursor() as cursor:
                for table in written:
                    cursor.execute(f"DELETE FROM {qn(table)}")
        except IntegrityError:
            return False
    return baseline_intact(alias)


_django_fixture_teardown = TransactionTestCase._fixture_teardown


def _fixture_teardown(self: TransactionTestCase) -> None:
    names = self._databases_names(include_mirrors=False)
    if self.available_apps is not None or self.serialized_rollback or any(n not in _BASELINE for n in names):
        _django_fixture_teardown(self)
        return
    for name in names:
        if not empty_what_the_test_wrote(name):
            restore_baseline(name)


def install() -> None:
    TransactionTestCase._fixture_teardown = _fixture_teardown  # type: ignore[method-assign]
