"""Statements compiled once per database connection (decisions 0114, 0116, 0117 and 0215).

Reads: `Row(lambda: Model.objects....filter(pk=0))` describes a read by primary key; `row.get(pk)`
returns what `queryset.filter(pk=pk).first()` would (the same columns, the same deferred fields,
the values converted by the same converters). `Query(lambda a, b: ...filter(x_id=a, y_id=b),
arity=2)` does the same for a read whose varying values are a few integer keys, with many rows
and `select_related` instances: `query.all(a, b, using=...)`.

Writes: `Insert(Model).save(instance, using=...)` is `instance.save(force_insert=True)` for a new
instance (the statement Django's insert compiler writes); `insert_many`, `update` and
`delete_where` are the statements of `bulk_create`, `save(update_fields=...)` and a fast
`delete()`. Every value is prepared as the ORM prepares it (each field's `pre_save`, then
`get_db_prep_save`); a failed constraint is raised as Django's `IntegrityError` with the
transaction marked as `save()` marks it. While a model signal receiver listens, `Insert` and
`update` call `save()` itself and `delete_where` refuses, so no receiver is ever skipped.

The compiled statements are kept on the connection object (one per thread), so they follow the
connection's database vendor, and nothing is built again per request. Used on the hottest paths
only: the user read of every authenticated request, a signature (the petition row locked, the
signature's INSERT), a ballot (the cycle, the costs, the voter's ballot, its writes) and the
audit entry that both append.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, transaction
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.db.models.sql import InsertQuery


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


class Insert:
    """`instance.save(force_insert=True)` for a new instance of `model`, without building the query.

    Same statement (Django's insert compiler writes it once per connection), same values (each
    field's `pre_save(instance, add=True)` then `get_db_prep_save`), the primary key and any other
    returned column set on the instance, `_state` updated, and a failed constraint raised as
    Django's `IntegrityError` with the transaction marked as `save()` marks it. For a model whose
    `save()` is overridden, one with parents or without an auto primary key, it is refused; for an
    instance whose primary key is already set, or while a `pre_save`/`post_save` receiver listens
    to the model, `save(force_insert=True)` itself runs, so nothing is skipped.
    """

    def __init__(self, model: type[Model]) -> None:
        meta = model._meta
        if model.save is not Model.save or meta.parents or meta.order_with_respect_to or meta.auto_field is None:
            raise TypeError(f"{meta.label} cannot use a precompiled INSERT: save() does more than insert")
        self._model = model
        self._attr = f"_tadafur_precompiled_insert_{id(self)}"

    def _plan(self, alias: str) -> tuple[str, tuple[Any, ...], list[Any], list[Any], Any, Any]:
        connection = connections[alias]
        plan = getattr(connection, self._attr, None)
        if plan is None:
            meta = self._model._meta
            # The fields of `_save_table` for an instance without a primary key, in its order.
            fields = [f for f in meta.local_concrete_fields if not f.generated and f is not meta.auto_field]
            returning = list(meta.db_returning_fields)
            query = InsertQuery(self._model)
            query.insert_values(fields, [self._model()], raw=False)
            compiler = query.get_compiler(using=alias)
            compiler.returning_fields = returning
            if any(getattr(f, "get_placeholder", None) for f in fields):  # pragma: no cover - geo fields
                raise TypeError(f"{meta.label} cannot use a precompiled INSERT: a field has its own placeholder")
            [(sql, _params)] = compiler.as_sql()
            converters = compiler.get_converters([f.get_col(meta.db_table) for f in returning])
            plan = (sql, tuple(compiler.returning_params), fields, returning, compiler, converters)
            setattr(connection, self._attr, plan)
        return plan

    def save(self, instance: Model, *, using: str) -> None:
        """Insert `instance` (a new row: its primary key is not set) into the database `using`."""
        model = self._model
        if instance.pk is not None or pre_save.has_listeners(model) or post_save.has_listeners(model):
            instance.save(force_insert=True, using=using)
            return
        instance._prepare_related_fields_for_save(operation_name="save")
        sql, returning_params, fields, returning, compiler, converters = self._plan(using)
        connection = connections[using]
        params = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
        params.extend(returning_params)
        with transaction.mark_for_rollback_on_error(using), connection.cursor() as cursor:
            cursor.execute(sql, params)
            if not returning:  # pragma: no cover - every model here has an auto primary key
                row = None
            elif connection.features.can_return_columns_from_insert:
                row = connection.ops.fetch_returned_insert_columns(cursor, returning_params)
            else:  # pragma: no cover - SQLite before 3.35
                row = (connection.ops.last_insert_id(cursor, model._meta.db_table, returning[0].column),)
        if row is not None:
            if converters:
                row = next(iter(compiler.apply_converters([row], converters)))
            for value, field in zip(row, returning, strict=True):
                setattr(instance, field.attname, value)
        instance._state.db = using
        instance._state.adding = False


# Stand-ins for the keys while the statement is compiled: found again among its parameters.
_SENTINELS = (-7_301_947_001, -7_301_947_002, -7_301_947_003)


class Query:
    def __init__(self, build: Callable[..., QuerySet[Any]], arity: int = 1) -> None:
        if not 1 <= arity <= len(_SENTINELS):
            raise ValueError(f"a precompiled query takes 1 to {len(_SENTINELS)} keys")
        self._build = build
        self._arity = arity
        self._attr = f"_tadafur_precompiled_query_{id(self)}"

    def _plan(self, alias: str) -> tuple[Any, ...]:
        connection = connections[alias]
        plan = getattr(connection, self._attr, None)
        if plan is None:
            sentinels = _SENTINELS[: self._arity]
            queryset = self._build(*sentinels)
            compiler = queryset.query.get_compiler(using=alias)
            sql, params = compiler.as_sql()
            params = list(params)
            slots = [params.index(s) if params.count(s) == 1 else -1 for s in sentinels]
            if -1 in slots:  # pragma: no cover - a description that filters each key once only
                raise RuntimeError("each key must appear exactly once among the query's parameters")
            select, klass_info = compiler.select, compiler.klass_info
            if compiler.annotation_col_map or queryset._known_related_objects:  # pragma: no cover
                raise RuntimeError("a precompiled query reads model rows only")
            first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
            names = [col[0].target.attname for col in select[first:last]]
            converters = compiler.get_converters([s[0] for s in select[: compiler.col_count]])
            populators = get_related_populators(klass_info, select, alias)
            plan = (sql, params, slots, compiler, converters, klass_info["model"], names, first, last, populators)
            setattr(connection, self._attr, plan)
        return plan

    def all(self, *keys: int, using: str) -> list[Any]:
        if len(keys) != self._arity:
            raise TypeError(f"this query takes {self._arity} key(s)")
        sql, template, slots, compiler, converters, model, names, first, last, populators = self._plan(using)
        params = list(template)
        for slot, key in zip(slots, keys, strict=True):
            params[slot] = int(key)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            rows = list(compiler.apply_converters(rows, converters))
        found = []
        for row in rows:
            obj = model.from_db(using, names, row[first:last])
            for populator in populators:
                populator.populate(row, obj)
            found.append(obj)
        return found

    def first(self, *keys: int, using: str) -> Any | None:
        """The first row; the description orders it or reads by a unique key."""
        rows = self.all(*keys, using=using)
        return rows[0] if rows else None


def _listened(model: type[Model], *signals: Any) -> bool:
    return any(signal.has_listeners(model) for signal in signals)


def _statement(connection: Any, key: tuple[Any, ...], make: Callable[[Any], str]) -> str:
    cache = connection.__dict__.setdefault("_tadafur_precompiled_sql", {})
    sql = cache.get(key)
    if sql is None:
        sql = cache[key] = make(connection.ops.quote_name)
    return sql


def insert_many(objs: Sequence[Model], fields: Sequence[str], *, using: str) -> None:
    """INSERT the rows in one statement, as `bulk_create(objs)` would; their keys are not read back."""
    if not objs:
        return
    meta = objs[0]._meta
    connection = connections[using]

    def make(qn: Callable[[str], str]) -> str:
        columns = ", ".join(qn(meta.get_field(name).column) for name in fields)
        row = f"({', '.join(['%s'] * len(fields))})"
        return f"INSERT INTO {qn(meta.db_table)} ({columns}) VALUES {', '.join([row] * len(objs))}"

    sql = _statement(connection, ("insert_many", meta.label, tuple(fields), len(objs)), make)
    prepared = [meta.get_field(name) for name in fields]
    for obj in objs:
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
    values = [field.get_db_prep_save(field.pre_save(obj, True), connection) for obj in objs for field in prepared]
    with transaction.mark_for_rollback_on_error(using), connection.cursor() as cursor:
        cursor.execute(sql, values)


def update(obj: Model, fields: Sequence[str], *, using: str) -> int:
    """UPDATE the row's `fields` by primary key, as `save(update_fields=fields)` would; rows changed."""
    meta = obj._meta
    if _listened(type(obj), pre_save, post_save):
        obj.save(update_fields=fields, using=using)  # raises DatabaseError when no row changed
        return 1
    connection = connections[using]

    def make(qn: Callable[[str], str]) -> str:
        sets = ", ".join(f"{qn(meta.get_field(name).column)} = %s" for name in fields)
        return f"UPDATE {qn(meta.db_table)} SET {sets} WHERE {qn(meta.pk.column)} = %s"

    sql = _statement(connection, ("update", meta.label, tuple(fields)), make)
    values = []
    for name in fields:
        field = meta.get_field(name)
        values.append(field.get_db_prep_save(field.pre_save(obj, False), connection))
    with transaction.mark_for_rollback_on_error(using), connection.cursor() as cursor:
        cursor.execute(sql, [*values, obj.pk])
        return cursor.rowcount


def delete_where(model: type[Model], field: str, key: int, *, using: str) -> int:
    """DELETE the rows whose `field` (a foreign key) is `key`: a fast delete, no cascade. Rows deleted."""
    meta = model._meta
    if _listened(model, pre_delete, post_delete) or meta.related_objects:
        raise TypeError(f"{meta.label}: a delete with receivers or related rows must go through the ORM")
    connection = connections[using]

    def make(qn: Callable[[str], str]) -> str:
        return f"DELETE FROM {qn(meta.db_table)} WHERE {qn(meta.get_field(field).column)} = %s"

    sql = _statement(connection, ("delete", meta.label, field), make)
    with transaction.mark_for_rollback_on_error(using), connection.cursor() as cursor:
        cursor.execute(sql, [int(key)])
        return cursor.rowcount


__all__ = ["Insert", "Query", "Row", "delete_where", "insert_many", "update"]
