"""GET /healthz: 200 with a working database, 503 without, never a detail."""

from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper

pytestmark = pytest.mark.django_db

SECRET_DETAIL = 'connection to server at "10.0.0.7", port 5432 failed: PostgreSQL 15.4'


def test_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]


def test_head_is_allowed_and_post_is_not(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_no_cookie_and_no_session(client):
    response = client.get("/healthz")
    assert response.cookies == {}
    assert "Cookie" not in response.get("Vary", "")
    assert not Session.objects.exists()


def test_database_failure_is_503_without_details(client, caplog):
    with mock.patch.object(CursorWrapper, "execute", side_effect=OperationalError(SECRET_DETAIL)):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    body = response.content.decode()
    for detail in ("10.0.0.7", "5432", "PostgreSQL", "OperationalError", "Traceback"):
        assert detail not in body
    assert response.cookies == {}
    # The operator learns the kind of failure from the log, not the message.
    assert "OperationalError" in caplog.text
    assert "10.0.0.7" not in caplog.text


def test_outside_the_language_prefix(client):
    assert client.get("/de/healthz").status_code == 404
