"""A read by primary key compiled once per database connection (decisions 0114 and 0116).

`Row(lambda: Model.objects....filter(pk=0))` describes the query; `row.get(pk)` runs it for one
key and returns what `queryset.filter(pk=pk).first()` would (the same columns, the same deferred
fields, the values converted by the same converters), without building and compiling the query
on every call. The compiled statement is kept on the connection object (one per thread), so it
follows the connection's database vendor. Used on the hottest paths only: the user read of every
authenticated request and the petition row locked for a signature.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connections
from django.db.models import QuerySet


class Row:
    def __init__(self, build: Callable[[], QuerySet[Any]]) -> None:
        self._build = build
        self._attr = f"_tadafur_precompiled_{id(self)}"

    def _plan(self, alias: str) -> tuple[str, list[str], Any, Any, type]:
        connection = connections[alias]
        plan = getattr(connection, self._attr, None)
        if plan is None:
            queryset = self._build()
            compiler = queryset.query.get_compiler(using=alias)
            sql, params = compiler.as_sql()
            if list(params) != [0]:  # pragma: no cover - the description filters on pk=0 only
                raise RuntimeError("a precompiled row takes one parameter: the primary key")
            columns = [col for col, _sql, _alias in compiler.select]
            names = [col.target.attname for col in columns]
            plan = (sql, names, compiler, compiler.get_converters(columns), queryset.model)
            setattr(connection, self._attr, plan)
        return plan

    def get(self, pk: Any, *, using: str) -> Any | None:
        sql, names, compiler, converters, model = self._plan(using)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, [pk])
            row = cursor.fetchone()
        if row is None:
            return None
        if converters:
            row = next(iter(compiler.apply_converters([row], converters)))
        return model.from_db(using, names, row)


__all__ = ["Row"]
