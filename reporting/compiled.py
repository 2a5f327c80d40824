"""Hot queries compiled to SQL once per process.

Django compiles a queryset to SQL on every evaluation, and builds a model instance
per row. For the queries that run on every submission and every opening of a case,
that costs several times what the database needs to answer them (0.3–1.2 ms of CPU
per query against 0.2–0.3 ms for the query itself), so their SQL is kept per
database alias and vendor and their rows come back as tuples, converted to Python
values by the same converters Django would apply.

- `compiled_query(model)`: the SQL depends only on the arguments, which come from
  a small set; each distinct argument tuple is compiled once.
- `compiled_query_by_id(model)`: one integer argument (a primary key) varies per
  call; the SQL is compiled once with a marker value and the id is bound per call.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import connections, router
from django.db.models import Model, QuerySet

# Stands for the id while compiling: inside every integer column's range, never a real
# primary key (those are positive), and unlikely to be a constant of the query itself.
_ID_MARKER = -2_107_483_517


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    converters: dict  # column position -> (converter functions, expression)


def _compile(queryset: QuerySet, alias: str) -> _Compiled:
    compiler = queryset.query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    converters = compiler.get_converters([column for column, _sql, _alias in compiler.select])
    return _Compiled(sql=sql, params=tuple(params), converters=converters)


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


def compiled_query_by_id(model: type[Model] | str) -> Callable:
    """Decorate `build(id: int) -> QuerySet`; the result runs it for an id, returns rows."""

    def decorate(build: Callable[[int], QuerySet]) -> Callable[[int], list[tuple]]:
        @functools.cache
        def compiled(alias: str, vendor: str) -> _Compiled:
            query = _compile(build(_ID_MARKER), alias)
            if _ID_MARKER not in query.params:
                raise ValueError(f"{build.__qualname__}: the id is not a parameter of its SQL")
            return query

        @functools.wraps(build)
        def rows(pk: int) -> list[tuple]:
            alias = _database(model)
            query = compiled(alias, connections[alias].vendor)
            pk = int(pk)
            params = tuple(pk if value == _ID_MARKER else value for value in query.params)
            return _run(alias, query, params)

        return rows

    return decorate
