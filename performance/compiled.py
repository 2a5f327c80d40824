"""Hot queries compiled to SQL once per process.

Django compiles a queryset to SQL on every evaluation, and builds a model instance
per row. For the queries that run on every submission and every opening of a case,
that costs several times what the database needs to answer them (README.md beside this
file), so their SQL is kept per
database alias and vendor and their rows come back as tuples, converted to Python
values by the same converters Django would apply.

- `compiled_query(model)`: the SQL depends only on the arguments, which come from
  a small set; each distinct argument tuple is compiled once.
- `compiled_query_by_key(model)`: one argument (an integer id or a string key) varies
  per call; the SQL is compiled once with a marker value and the key is bound per call.
- `compiled_instances_by_key(model)`: the same, returning model instances with their
  `select_related` relations, built as Django's own iterator builds them.
- `compiled_insert(obj)`: a new row; Django's insert compiler took as long as the
  database needs for the statement.
- `compiled_inserts(objs, then=…)`: several new rows and one more statement, all or
  nothing, in one round trip on PostgreSQL (the submission's report, case and tallies).
"""

import contextlib
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.apps import apps
from django.db import connections, router, transaction
from django.db.models import Model, QuerySet
from django.db.models.fields import AutoFieldMixin
from django.db.models.query import get_related_populators
from django.db.models.sql.subqueries import InsertQuery

# Stand for the key while compiling, one per type of key: the integer is inside every
# integer column's range but never a real primary key (those are positive); neither is
# likely to be a constant of the query itself.
_KEY_MARKERS = {int: -2_107_483_517, str: "\x1fcompiled query key\x1f"}
_BIGINT = (-(2**63), 2**63 - 1)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    converters: dict  # column position -> (converter functions, expression)
    instance: Callable[[tuple], Model] | None = None  # row -> instance, for model querysets


def _compile(queryset: QuerySet, alias: str, *, instances: bool = False) -> _Compiled:
    compiler = queryset.query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    converters = compiler.get_converters([column for column, _sql, _alias in compiler.select])
    instance = _instance_builder(compiler, alias) if instances else None
    return _Compiled(sql=sql, params=tuple(params), converters=converters, instance=instance)


def _instance_builder(compiler, alias: str) -> Callable[[tuple], Model]:
    """What django.db.models.query.ModelIterable does per row, prepared once."""
    if compiler.klass_info is None or compiler.annotation_col_map:
        raise ValueError("Compiled instances need a queryset of model instances, unannotated.")
    select, klass_info = compiler.select, compiler.klass_info
    model = klass_info["model"]
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    attnames = [column[0].target.attname for column in select[start:end]]
    populators = get_related_populators(klass_info, select, alias)

    def instance(row: tuple) -> Model:
        obj = model.from_db(alias, attnames, row[start:end])
        for populator in populators:
            populator.populate(row, obj)
        return obj

    return instance


def _run(alias: str, compiled: _Compiled, params: tuple) -> list[tuple]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, params)
        rows = cursor.fetchall()
    if not compiled.converters:
        return rows
    converted = []
    for row in rows:
        values = list(row)
        for position, (functions, expression) in compiled.converters.items():
            for convert in functions:
                values[position] = convert(values[position], expression, connection)
        converted.append(tuple(values))
    return converted


def _database(model: type[Model] | str) -> str:
    """The alias to read `model` from; "app_label.ModelName" is resolved when called,
    for modules that load before the apps do."""
    return router.db_for_read(apps.get_model(model) if isinstance(model, str) else model)


def compiled_query(model: type[Model] | str) -> Callable:
    """Decorate `build(*args) -> QuerySet`; the result runs it and returns its rows."""

    def decorate(build: Callable[..., QuerySet]) -> Callable[..., list[tuple]]:
        @functools.cache
        def compiled(alias: str, vendor: str, *args) -> _Compiled:
            return _compile(build(*args), alias)

        @functools.wraps(build)
        def rows(*args) -> list[tuple]:
            alias = _database(model)
            query = compiled(alias, connections[alias].vendor, *args)
            return _run(alias, query, query.params)

        return rows

    return decorate


def _by_key(model: type[Model] | str, build: Callable[..., QuerySet], *, instances: bool):
    @functools.cache
    def compiled(alias: str, vendor: str, key_type: type) -> _Compiled:
        marker = _KEY_MARKERS[key_type]
        query = _compile(build(marker), alias, instances=instances)
        if marker not in query.params:
            raise ValueError(f"{build.__qualname__}: the key is not a parameter of its SQL")
        return query

    @functools.wraps(build)
    def run(key: int | str) -> list:
        if type(key) not in _KEY_MARKERS:
            raise TypeError(f"{build.__qualname__}: a key is an int or a str, not {key!r}")
        if type(key) is int and not _BIGINT[0] <= key <= _BIGINT[1]:
            return []  # no row has it; the database driver would refuse to bind it
        alias = _database(model)
        query = compiled(alias, connections[alias].vendor, type(key))
        marker = _KEY_MARKERS[type(key)]
        rows = _run(alias, query, tuple(key if v == marker else v for v in query.params))
        return [query.instance(row) for row in rows] if instances else rows

    return run


def compiled_query_by_key(model: type[Model] | str) -> Callable:
    """Decorate `build(key) -> QuerySet`; the result runs it for a key, returns rows."""
    return functools.partial(_by_key, model, instances=False)


def compiled_instances_by_key(model: type[Model] | str) -> Callable:
    """Decorate `build(key) -> QuerySet` of model instances; the result runs it for a key
    and returns the instances, their select_related relations loaded."""
    return functools.partial(_by_key, model, instances=True)


@functools.cache
def _insert_fields(model: type[Model]) -> tuple:
    meta = model._meta
    return tuple(
        f for f in meta.local_concrete_fields if not f.generated and f is not meta.auto_field
    )


@functools.cache
def _insert_sql(model: type[Model], alias: str, vendor: str) -> str:
    meta = model._meta
    if any(not isinstance(field, AutoFieldMixin) for field in meta.db_returning_fields):
        raise ValueError(f"{model.__name__}: only an auto id can come back from a compiled insert")
    if meta.db_returning_fields and not connections[alias].features.can_return_columns_from_insert:
        raise ValueError(f"{model.__name__}: this database cannot return the new id")
    query = InsertQuery(model)
    fields = _insert_fields(model)
    query.insert_values(fields, [model()], raw=False)
    compiler = query.get_compiler(using=alias)
    compiler.returning_fields = meta.db_returning_fields
    [(sql, params)] = compiler.as_sql()
    if len(params) != len(fields):  # a field compiled to SQL of its own (DEFAULT, …)
        raise ValueError(f"{model.__name__}: not every field is a parameter of its INSERT")
    return sql


def _insert_statement(obj: Model, alias: str) -> tuple[str, list]:
    model = type(obj)
    meta = model._meta
    if meta.auto_field is not None and getattr(obj, meta.auto_field.attname) is not None:
        raise ValueError(f"{model.__name__}: a compiled insert draws the id itself")
    connection = connections[alias]
    fields = _insert_fields(model)
    values = [field.pre_save(obj, True) for field in fields]
    if any(hasattr(value, "resolve_expression") for value in values):
        raise ValueError(f"{model.__name__}: a compiled insert takes no expressions")
    params = [
        field.get_db_prep_save(value, connection)
        for field, value in zip(fields, values, strict=True)
    ]
    return _insert_sql(model, alias, connection.vendor), params


def _inserted(obj: Model, alias: str, returned: tuple) -> None:
    for field, value in zip(type(obj)._meta.db_returning_fields, returned, strict=True):
        setattr(obj, field.attname, value)
    obj._state.adding = False
    obj._state.db = alias


def compiled_insert(obj: Model) -> None:
    """`obj.save(force_insert=True)` for a new row, its INSERT compiled once per model and
    database. Values are prepared per field as Django's insert prepares them; no signals
    are sent. For plain values only (no expressions) and an unset auto id."""
    alias = router.db_for_write(type(obj))
    sql, params = _insert_statement(obj, alias)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        returned = cursor.fetchone() if type(obj)._meta.db_returning_fields else ()
    _inserted(obj, alias, returned)


def compiled_inserts(objs: Sequence[Model], *, then: tuple[str, list] | None = None) -> None:
    """`compiled_insert` for each of `objs` in order, then the statement `then` (SQL and
    parameters of one INSERT, UPDATE or DELETE), all or nothing; a failure leaves an
    enclosing transaction usable, as `atomic()` would.

    On PostgreSQL they are one statement, each a data-modifying WITH clause of it, and a
    statement is atomic by itself: outside a transaction that is one round trip instead
    of five (BEGIN, three INSERTs, COMMIT for a submission), with less CPU spent between
    the worker and the database. The clauses cannot see each other's rows, so each
    value must be known before the statement (a UUID key, not an id drawn by another
    clause); constraints are checked after all of them. Elsewhere, the statements run
    one by one in a transaction.
    """
    alias = router.db_for_write(type(objs[0]))
    connection = connections[alias]
    one_statement = connection.vendor == "postgresql"
    # Inside a transaction, a savepoint keeps a failure from breaking the enclosing one.
    atomic = not one_statement or connection.in_atomic_block
    with transaction.atomic(using=alias) if atomic else contextlib.nullcontext():
        if one_statement:
            _insert_in_one_statement(objs, then, alias)
        else:
            for obj in objs:
                compiled_insert(obj)
            if then is not None:
                with connection.cursor() as cursor:
                    cursor.execute(*then)


def _insert_in_one_statement(objs: Sequence[Model], then: tuple | None, alias: str) -> None:
    statements = [_insert_statement(obj, alias) for obj in objs]
    if then is not None:
        statements.append(then)
    clauses = ", ".join(f"i{n} AS ({sql})" for n, (sql, _params) in enumerate(statements))
    returning = [f"i{n}" for n, obj in enumerate(objs) if type(obj)._meta.db_returning_fields]
    # Each clause inserts one row, so the cross join of their RETURNING rows is one row.
    primary = f"SELECT * FROM {', '.join(returning)}" if returning else "SELECT 1"  # noqa: S608
    with connections[alias].cursor() as cursor:
        cursor.execute(
            f"WITH {clauses} {primary}", [value for _sql, params in statements for value in params]
        )
        row = list(cursor.fetchone() if returning else ())
    for obj in objs:
        width = len(type(obj)._meta.db_returning_fields)
        _inserted(obj, alias, tuple(row[:width]))
        del row[:width]
