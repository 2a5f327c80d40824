"""PostgreSQL plans a repeated query once per connection; the switch turns that off."""

import json
import subprocess
import sys

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from tests.deploy.test_check_deploy import ROOT, production_env

PRINT_DATABASE = (
    "import django; django.setup(); import json; from django.conf import settings; "
    "print(json.dumps(settings.DATABASES['default']))"
)


def database_settings(**env) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", PRINT_DATABASE],
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
    on = database_settings(DATABASE_URL=url)
    assert on["ENGINE"] == "config.postgresql"
    assert (on["OPTIONS"]["server_side_binding"], on["OPTIONS"]["prepare_threshold"]) == (True, 2)
    off = database_settings(DATABASE_URL=url, DATABASE_PREPARED_STATEMENTS="0")
    assert off["ENGINE"] == "config.postgresql"
    assert "server_side_binding" not in off["OPTIONS"]
    assert "prepare_threshold" not in off["OPTIONS"]


def test_sqlite_is_left_alone(tmp_path):
    database = database_settings(DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert "server_side_binding" not in database["OPTIONS"]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_a_repeated_query_is_prepared_on_the_server():
    for _ in range(3):
        list(Group.objects.filter(name="nobody"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    assert any('FROM "auth_group"' in s and '"auth_group"."name" = $1' in s for s in statements)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_bulk_writes_beyond_the_parameter_limit_are_split(association_keyring):
    """5,000 reports and cases in one bulk_create: more parameters than one statement binds
    (Django's UNNEST path, one array per column, does not apply to cases)."""
    from reporting.demo.synthetic import create_synthetic_reports
    from reporting.models import Case, Report
    from reporting.selectors.keys import association_public_keys

    recipients = association_public_keys()
    create_synthetic_reports(count=5000, year=2025, recipients=recipients, seed=1, batch_size=5000)
    assert Report.objects.count() == Case.objects.count() == 5000
