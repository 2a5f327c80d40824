import functools

from django.db import connections, router

from reporting.crypto import PublicKey
from reporting.models import Organisation, OrganisationKey


class NoAssociationKey(Exception):
    """The association has no active key: nothing can be sealed."""


def _active_association_keys():
    return OrganisationKey.objects.filter(
        organisation__kind=Organisation.Kind.ASSOCIATION, is_active=True
    ).values_list("public_key", flat=True)


@functools.cache
def _active_association_keys_sql(alias: str, vendor: str) -> tuple[str, tuple]:
    # The queryset never changes, but compiling it costs about as much as the rest
    # of a submission's queries together; every submission runs it, so each process
    # compiles it once. `vendor` is part of the key because the SQL depends on it.
    return _active_association_keys().query.get_compiler(using=alias).as_sql()


def association_public_keys() -> list[PublicKey]:
    """Every active key of the association; new content is sealed to all of them.

    Read from the database on every call (never cached): after `keys rotate`, new
    content must be sealed to the new key at once.
    """
    alias = router.db_for_read(OrganisationKey)
    connection = connections[alias]
    sql, params = _active_association_keys_sql(alias, connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        keys = [PublicKey(bytes(raw)) for (raw,) in cursor.fetchall()]
    if not keys:
        raise NoAssociationKey
    return keys
