import contextlib
import datetime

import pytest
import time_machine
from django.core.cache import cache

from reporting.services.keys import association_keyring_create, organisation_key_recover
from tests.factories import FAST_KDF
from tests.logins import STAFF_PASSWORD

# Every test starts on this instant and the clock ticks on from there: far from a
# month, year or retention boundary, so no test depends on the day CI runs. Tests of a
# boundary travel there themselves. Other processes (gunicorn, PostgreSQL's now()) keep
# the real clock: tests compare their times only with each other, never with this one.
FIXED_START = datetime.datetime(2026, 6, 17, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _fixed_clock():
    with time_machine.travel(FIXED_START, tick=True):
        yield


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def association_keyring(db):
    """The association with one key; `.recovery_code` opens its private key."""
    return association_keyring_create(name="Test-Betreiber (fiktiv)", kdf=FAST_KDF)


@pytest.fixture
def association_private_key(association_keyring):
    return organisation_key_recover(
        key=association_keyring.key, recovery_code=association_keyring.recovery_code
    )


@pytest.fixture
def make_staff(association_keyring, association_private_key):
    """make_staff(role, ..., organisation=None, grant=True) -> (user, backup_codes)."""
    from reporting.models import Organisation
    from reporting.services.staff_accounts import staff_create
    from reporting.services.staff_keys import key_grant

    counter = iter(range(1000))

    def make(*roles, organisation=None, grant=True, password=STAFF_PASSWORD):
        organisation = organisation or association_keyring.key.organisation
        user, _totp, codes = staff_create(
            username=f"staff{next(counter)}",
            password=password,
            organisation=organisation,
            roles=list(roles),
        )
        if grant and organisation.kind == Organisation.Kind.ASSOCIATION:
            key_grant(
                organisation_key=association_keyring.key,
                private_key=association_private_key,
                user=user,
            )
        user.backup_codes = codes
        return user

    return make


@pytest.fixture
def make_member(make_staff):
    """make_member(name, districts=[...], languages=[...], grounds=[...], areas=[...],
    partner=True) -> organisation with `.private_key` and `.partner` (or None)."""
    from reporting.models import Organisation
    from reporting.services.keys import organisation_key_create, organisation_key_recover
    from reporting.services.staff_keys import key_grant
    from reporting.vocabulary.roles import Role

    def make(name, *, districts=(), languages=(), grounds=(), areas=(), partner=True):
        organisation = Organisation.objects.create(
            name=name,
            kind=Organisation.Kind.MEMBER,
            districts=list(districts),
            languages=list(languages),
            expertise_grounds=list(grounds),
            expertise_areas=list(areas),
        )
        created = organisation_key_create(organisation=organisation, kdf=FAST_KDF)
        organisation.private_key = organisation_key_recover(
            key=created.key, recovery_code=created.recovery_code
        )
        organisation.partner = None
        if partner:
            organisation.partner = make_staff(Role.PARTNER, organisation=organisation, grant=False)
            key_grant(
                organisation_key=created.key,
                private_key=organisation.private_key,
                user=organisation.partner,
            )
        return organisation

    return make


@pytest.fixture
def make_member_caseworker(make_staff):
    """make_member_caseworker(organisation) -> a member caseworker of `organisation` (made
    with make_member) holding a grant of its key (issue 19)."""
    from reporting.models import OrganisationKey
    from reporting.services.staff_keys import key_grant
    from reporting.vocabulary.roles import Role

    def make(organisation):
        user = make_staff(Role.MEMBER_CASEWORKER, organisation=organisation, grant=False)
        key_grant(
            organisation_key=OrganisationKey.objects.get(organisation=organisation),
            private_key=organisation.private_key,
            user=user,
        )
        return user

    return make


# The database itself refuses the row, so the failure falls in the middle of the
# submission's statement (PostgreSQL) or transaction (SQLite), after the report row.
_REFUSE_CASE_ROWS = {
    "postgresql": [
        "CREATE FUNCTION test_refuse_case_row() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'case table unavailable' USING ERRCODE = 'connection_failure'; "
        "END $$",
        "CREATE TRIGGER test_refuse_case_row BEFORE INSERT ON reporting_case "
        "FOR EACH ROW EXECUTE FUNCTION test_refuse_case_row()",
    ],
    # SQLite has no error of its own choosing in a trigger; reading a missing table
    # gives the OperationalError a lost database gives.
    "sqlite": [
        "CREATE TRIGGER test_refuse_case_row BEFORE INSERT ON reporting_case "
        "BEGIN SELECT * FROM test_case_table_unavailable; END",
    ],
}
_ALLOW_CASE_ROWS = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS test_refuse_case_row ON reporting_case",
        "DROP FUNCTION IF EXISTS test_refuse_case_row()",
    ],
    "sqlite": ["DROP TRIGGER IF EXISTS test_refuse_case_row"],
}


@pytest.fixture
def fail_case_insert(db):
    """`fail_case_insert()`: from now on the database refuses a case row with an
    OperationalError, after the submission's report row went in."""
    from django.db import connection

    def _run(statements):
        with connection.cursor() as cursor:
            for sql in statements[connection.vendor]:
                cursor.execute(sql)

    yield lambda: _run(_REFUSE_CASE_ROWS)
    _run(_ALLOW_CASE_ROWS)


@contextlib.contextmanager
def kept_test_connection():
    """Code that calls the WSGI handler directly (not Django's test client) closes the
    database connection at request end, which ends the test's transaction on PostgreSQL.
    The test client avoids that by disconnecting these handlers around each request;
    so does this, around the block it wraps."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
