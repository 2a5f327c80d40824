"""A kept PostgreSQL connection is checked before each request without a query, and a
connection the server dropped is still noticed and replaced."""

import time

import psycopg
import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]


def _checked_before_next_request() -> None:
    """What Django does when a request's first query finds a kept connection."""
    assert connection.health_check_enabled  # CONN_HEALTH_CHECKS
    connection.health_check_done = False
    connection.close_if_health_check_failed()


def test_a_live_connection_passes_without_a_round_trip(monkeypatch):
    connection.ensure_connection()
    kept = connection.connection

    def no_query(*args, **kwargs):
        raise AssertionError("the health check sent a query")

    monkeypatch.setattr(kept, "cursor", no_query)
    monkeypatch.setattr(kept, "execute", no_query)
    _checked_before_next_request()
    assert connection.connection is kept


def test_a_connection_the_server_ended_is_replaced_before_the_next_query():
    connection.ensure_connection()
    kept = connection.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        [(pid,)] = cursor.fetchall()
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as admin:
        [(ended,)] = admin.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchall()
    assert ended
    deadline = time.monotonic() + 5
    while connection.is_usable() and time.monotonic() < deadline:
        time.sleep(0.01)  # the server's goodbye takes a moment to arrive

    assert not connection.is_usable()
    _checked_before_next_request()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    assert connection.connection is not kept


def test_a_connection_in_a_failed_transaction_is_not_usable():
    connection.ensure_connection()
    raw = connection.connection
    raw.autocommit = False
    with pytest.raises(psycopg.errors.DivisionByZero):
        raw.execute("SELECT 1 / 0")
    assert not connection.is_usable()
    raw.rollback()
    raw.autocommit = True
    assert connection.is_usable()
