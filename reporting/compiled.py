"""Queries that run on every submission, compiled to SQL once per process.

Django compiles a queryset to SQL on every evaluation. For the few queries on the
submission path whose SQL depends only on their arguments, compiling costs several
times what PostgreSQL needs to answer them (JSON lookups most of all), so their SQL
is kept per database alias, vendor and arguments. The arguments must come from a
small set: each distinct tuple stays cached for the life of the process.
"""

import functools
from collections.abc import Callable

from django.db import connections, router
from django.db.models import Model, QuerySet


def compiled_query(model: type[Model]) -> Callable:
    """Decorate `build(*args) -> QuerySet`; the result runs it and returns its rows."""

    def decorate(build: Callable[..., QuerySet]) -> Callable[..., list[tuple]]:
        @functools.cache
        def sql(alias: str, vendor: str, *args) -> tuple[str, tuple]:
            return build(*args).query.get_compiler(using=alias).as_sql()

        @functools.wraps(build)
        def rows(*args) -> list[tuple]:
            alias = router.db_for_read(model)
            connection = connections[alias]
            query, params = sql(alias, connection.vendor, *args)
            with connection.cursor() as cursor:
                cursor.execute(query, params)
                return cursor.fetchall()

        return rows

    return decorate
