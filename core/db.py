"""Write a small graph of new rows in one round trip to the database.

A complaint, its members, its audit row and its outbox event with groups, notifications and SMS are a
dozen inserts. Each costs a round trip: a context switch on both sides and about a third of a
millisecond of PostgreSQL CPU whatever the row, which made those round trips (not the rows) the main
cost of filing a complaint (bench/intake.py). ``InsertBatch`` collects model instances, each of which
may point at a row added before it, and writes them:

* on PostgreSQL, as **one statement** of data-modifying CTEs
  (``WITH r0 AS (INSERT … RETURNING id), r1 AS (INSERT … (SELECT id FROM r0) …) SELECT …``), which is
  atomic on its own and sets each instance's primary key from ``RETURNING``. The rows of each model
  travel as one JSON parameter, expanded by PostgreSQL's ``json_populate_recordset`` into the table's
  row type (https://www.postgresql.org/docs/current/functions-json.html): a handful of parameters
  instead of one per value, so the statement's text is the same for any number of rows and psycopg
  reuses its parsed form (it re-parses a statement with more than 50 parameters on every execution);
* elsewhere (SQLite, the embedded default), with the ORM, row by row, in a transaction.

Values are prepared by each field exactly as the ORM's INSERT does (``pre_save`` then
``get_db_prep_save``: defaults, ``auto_now_add``, JSON), but ``save()`` is not called and no
``pre_save``/``post_save`` signal is sent: use it only for models that rely on neither (the models
written this way are listed at the call sites).

Call ``after(fn)`` for work that must follow the write (enqueueing delivery): it runs on commit of the
transaction the batch ran in, or at once in autocommit.
"""

from __future__ import annotations

import datetime
import decimal
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import connections, models, transaction


@dataclass(frozen=True)
class CompiledSelect:
    """The distinct primary keys of a queryset, compiled to SQL once, for ``InsertBatch.add_select``.

    Building and compiling a queryset costs a few hundred microseconds of Python; a hot path that
    selects the same rows by the same criteria (e.g. a district's staff) keeps one of these instead.
    It holds only the statement, no rows: what it selects is read when the batch runs.
    """

    sql: str
    params: tuple

    @classmethod
    def of(cls, queryset: models.QuerySet) -> CompiledSelect:
        sql, params = queryset.order_by().values_list("pk", flat=True).distinct().query.sql_with_params()
        return cls(sql, tuple(params))

    def pks(self, using: str = "default") -> list:
        with connections[using].cursor() as cursor:
            cursor.execute(self.sql, self.params)
            return [row[0] for row in cursor.fetchall()]


@dataclass
class _Step:
    model: type[models.Model]
    objs: list[models.Model]
    refs: dict[str, models.Model]  # FK field name -> an instance written earlier in the batch
    select: CompiledSelect | None = None  # INSERT … SELECT: one row per primary key it selects
    select_field: str = ""  # the FK field that takes the selected value
    fixed: dict = field(default_factory=dict)  # other values of the selected rows


def _column(model: type[models.Model], name: str) -> str:
    """Return the database column of the model's concrete field ``name``."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.column:
        raise ValueError(f"{model._meta.label}.{name} is not a column")
    return field.column


def _json_default(value):
    """Encode what ``get_db_prep_save`` gives on PostgreSQL as PostgreSQL reads it back from JSON text."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.timedelta):
        return f"{value.total_seconds()} seconds"
    obj = getattr(value, "obj", None)  # psycopg's Json/Jsonb wrapper of a JSONField's value
    if obj is not None or type(value).__name__ in {"Json", "Jsonb"}:
        return obj
    raise TypeError(f"{type(value).__name__} cannot go in a JSON row")


def _json_rows(connection, fields, objs, ref_params: dict) -> str:
    """The rows as a JSON array of objects keyed by column, for ``json_populate_recordset``."""
    rows = []
    for obj in objs:
        row = dict(ref_params)
        for f in fields:
            if f.column not in row:
                row[f.column] = f.get_db_prep_save(f.pre_save(obj, add=True), connection)
        rows.append(row)
    return json.dumps(rows, default=_json_default, ensure_ascii=False, separators=(",", ":"))


def _row(
    connection, fields, obj, ref_columns: dict, ref_params: dict, params: list, selected: str = ""
) -> str:
    """One row's value list for the SQL text; its parameters are appended to ``params`` in text order."""
    values = []
    for f in fields:
        if f.column == selected:
            values.append("s.pk")
        elif f.column in ref_columns:
            values.append(ref_columns[f.column])
            if f.column in ref_params:
                params.append(ref_params[f.column])
        else:
            values.append("%s")
            params.append(f.get_db_prep_save(f.pre_save(obj, add=True), connection))
    return ", ".join(values)


class InsertBatch:
    def __init__(self, using: str = "default"):
        self.using = using
        self._steps: list[_Step] = []
        self._after: list[Callable[[], None]] = []

    def add(self, objs: models.Model | Sequence[models.Model], **refs: models.Model) -> None:
        """Insert an instance (or several of one model); ``refs`` name FKs to instances added before."""
        objs = [objs] if isinstance(objs, models.Model) else list(objs)
        if objs:
            self._steps.append(_Step(type(objs[0]), objs, refs))

    def add_select(
        self,
        model: type[models.Model],
        select_field: str,
        queryset: models.QuerySet | CompiledSelect,
        **values,
    ) -> None:
        """Insert one ``model`` row per row of ``queryset`` (its pk goes to ``select_field``).

        ``values`` are the other fields: a value, or an instance added before (for an FK).
        """
        refs = {k: v for k, v in values.items() if isinstance(v, models.Model)}
        fixed = {k: v for k, v in values.items() if k not in refs}
        selected = queryset if isinstance(queryset, CompiledSelect) else CompiledSelect.of(queryset)
        self._steps.append(_Step(model, [], refs, selected, select_field, fixed))

    def after(self, fn: Callable[[], None]) -> None:
        self._after.append(fn)

    def execute(self) -> None:
        connection = connections[self.using]
        if connection.vendor == "postgresql" and self._steps:
            self._execute_cte(connection)
        else:
            with transaction.atomic(using=self.using, savepoint=False):
                self._execute_orm()
        for fn in self._after:
            transaction.on_commit(fn, using=self.using)

    # --- PostgreSQL: one statement -------------------------------------------------------------------

    def _execute_cte(self, connection) -> None:
        qn = connection.ops.quote_name
        index = {id(obj): i for i, step in enumerate(self._steps) for obj in step.objs}
        ctes: list[str] = []
        params: list = []
        for i, step in enumerate(self._steps):
            meta = step.model._meta
            # The primary key is written when the rows carry one (drawn in advance), else RETURNed.
            with_pk = bool(step.objs) and all(obj.pk is not None for obj in step.objs)
            fields = [
                f
                for f in meta.concrete_fields
                if not f.generated and (with_pk or not isinstance(f, models.AutoField))
            ]
            ref_columns, ref_params = {}, {}
            for name, target in step.refs.items():
                column = _column(step.model, name)
                if target.pk is not None:  # saved already, or its id was drawn in advance
                    ref_columns[column], ref_params[column] = "%s", target.pk
                elif (
                    id(target) in index
                    and index[id(target)] < i
                    and len(self._steps[index[id(target)]].objs) == 1
                ):
                    pk_column = qn(target._meta.pk.column)
                    ref_columns[column] = f"(SELECT {pk_column} FROM r{index[id(target)]})"
                else:
                    raise ValueError(f"{meta.label}.{name} must point at a saved row or one added before")
            columns = ", ".join(qn(f.column) for f in fields)

            if step.select is None:
                # A reference to a row of this statement is a sub-select; every other value is in the JSON.
                selected_columns = ", ".join(
                    ref_columns[f.column]
                    if f.column in ref_columns and f.column not in ref_params
                    else f"j.{qn(f.column)}"
                    for f in fields
                )
                body = f"SELECT {selected_columns} FROM json_populate_recordset(NULL::{qn(meta.db_table)}, %s::json) AS j"
                params.append(_json_rows(connection, fields, step.objs, ref_params))
            else:
                sub_sql, sub_params = step.select.sql, step.select.params
                template, selected = step.model(**step.fixed), _column(step.model, step.select_field)
                values = _row(connection, fields, template, ref_columns, ref_params, params, selected)
                body = f"SELECT {values} FROM ({sub_sql}) AS s(pk)"
                params.extend(sub_params)  # the sub-select comes after the values in the text
            ctes.append(
                f"r{i} AS (INSERT INTO {qn(meta.db_table)} ({columns}) {body} RETURNING {qn(meta.pk.column)})"
            )
        returned = ", ".join(
            f"ARRAY(SELECT {qn(step.model._meta.pk.column)} FROM r{i} ORDER BY 1)"
            for i, step in enumerate(self._steps)
        )
        with connection.cursor() as cursor:
            cursor.execute(f"WITH {', '.join(ctes)} SELECT {returned}", params)
            ids = cursor.fetchone()
        for step, step_ids in zip(self._steps, ids, strict=True):
            for obj, pk in zip(step.objs, step_ids, strict=False):
                obj.pk = pk
                obj._state.adding, obj._state.db = False, self.using
            for name, target in step.refs.items():
                for obj in step.objs:
                    setattr(obj, name, target)

    # --- elsewhere: the ORM ------------------------------------------------------------------------

    def _execute_orm(self) -> None:
        for step in self._steps:
            if step.select is not None:
                pks = step.select.pks(self.using)
                rows = [
                    step.model(**step.fixed, **step.refs, **{step.select_field + "_id": pk}) for pk in pks
                ]
                step.model._default_manager.using(self.using).bulk_create(rows)
                continue
            for obj in step.objs:
                for name, target in step.refs.items():
                    setattr(obj, name, target)
            if len(step.objs) == 1:
                step.objs[0].save(force_insert=True, using=self.using)
            else:
                step.model._default_manager.using(self.using).bulk_create(step.objs)
