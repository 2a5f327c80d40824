"""PostgreSQL plans a repeated query once per connection; the switch turns that off."""

import json
import subprocess
import sys

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from tests.deploy.test_check_deploy import ROOT, production_env

PRINT_OPTIONS = (
    "import django; django.setup(); import json; from django.conf import settings; "
    "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"
)


def database_options(**env) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", PRINT_OPTIONS],
        cwd=ROOT,
        env=production_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_on_by_default_for_postgresql_and_off_with_the_switch():
    url = "postgres://meldestelle@db.example:5432/meldestelle"
    on = database_options(DATABASE_URL=url)
    assert (on["server_side_binding"], on["prepare_threshold"]) == (True, 2)
    off = database_options(DATABASE_URL=url, DATABASE_PREPARED_STATEMENTS="0")
    assert "server_side_binding" not in off and "prepare_threshold" not in off


def test_sqlite_is_left_alone(tmp_path):
    options = database_options(DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    assert "server_side_binding" not in options


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_a_repeated_query_is_prepared_on_the_server():
    for _ in range(3):
        list(Group.objects.filter(name="nobody"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    assert any('FROM "auth_group"' in s and '"auth_group"."name" = $1' in s for s in statements)
