"""Database sessions, read with one precompiled SELECT instead of a QuerySet (decision 0112).

Every authenticated request reads its session. Django's `db` engine builds that SELECT through
the ORM on each request (~0.3 ms of CPU on this project's 2-core machine); this store sends the
same statement as plain SQL and otherwise *is* the `db` engine: same table, same writes, same
expiry rule, and logging out or changing the password invalidates the session at once for every
worker (unlike `cached_db` with one LocMemCache per app-server worker, which could keep serving a
flushed session from another worker's memory until it expired).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.db import connections, router
from django.utils import timezone


class SessionStore(DbSessionStore):
    def _get_session_from_db(self) -> Any:
        key = self.session_key
        if not key:
            self._session_key = None
            return None
        model = self.model
        connection = connections[router.db_for_read(model)]
        quote = connection.ops.quote_name
        sql = (
            f"SELECT {quote('session_data')} FROM {quote(model._meta.db_table)}"
            f" WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [key, connection.ops.adapt_datetimefield_value(timezone.now())])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return SimpleNamespace(session_data=row[0])
