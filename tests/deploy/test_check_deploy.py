"""`manage.py check --deploy` is clean with the production environment."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from frontend.checks import REQUIRED_OPERATOR_SETTINGS

ROOT = Path(__file__).resolve().parents[2]


def production_env(**overrides) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "MELDESTELLE_", "EMAIL_", "ANYMAIL_", "GUNICORN_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        MELDESTELLE_RECEIPT_SALT=secrets.token_urlsafe(32),
        DJANGO_ALLOWED_HOSTS="meldestelle.example",
        MELDESTELLE_SSL_REDIRECT="1",
        MELDESTELLE_HSTS_SECONDS="31536000",
        **{variable: "Beispiel (fiktiv)" for variable in REQUIRED_OPERATOR_SETTINGS.values()},
    )
    env.update(overrides)
    return env


def check_deploy(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production():
    result = check_deploy(production_env())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output and "ERROR" not in output


@pytest.mark.parametrize(
    ("overrides", "check_id"),
    [
        ({"MELDESTELLE_HSTS_SECONDS": "0"}, "security.W004"),
        ({"MELDESTELLE_SSL_REDIRECT": "0"}, "security.W008"),
        ({"MELDESTELLE_SECURE_COOKIES": "0"}, "security.W012"),
        ({"MELDESTELLE_OPERATOR_NAME": ""}, "frontend.W001"),
        ({"MELDESTELLE_SUPERVISORY_AUTHORITY": ""}, "frontend.W001"),
    ],
)
def test_the_check_really_runs(overrides, check_id):
    """Not vacuous: weakening one setting makes it fail."""
    result = check_deploy(production_env(**overrides))
    assert result.returncode != 0
    assert check_id in result.stdout + result.stderr


def test_production_refuses_to_start_without_secrets():
    env = production_env()
    del env["MELDESTELLE_RECEIPT_SALT"]
    result = check_deploy(env)
    assert result.returncode != 0
    assert "MELDESTELLE_RECEIPT_SALT must be set" in result.stderr
