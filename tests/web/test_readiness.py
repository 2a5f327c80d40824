"""Production refuses to start with a receipt salt or Argon2id cost it did not start with,
and what it records for that check lets no database thief test guesses of the salt."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from reporting.crypto import Argon2Params, derive_receipt_keys, receipt_settings_check
from reporting.models import ReceiptVerifier
from reporting.selectors.receipts import reporter_access_for_code
from reporting.services.reports import receipt_kdf, report_submit
from tests.factories import submission
from web.readiness import refuse_to_serve_with_changed_receipt_settings

pytestmark = pytest.mark.django_db

# What the first version stored: the lookup token of this fixed code under the salt.
LEGACY_CODE = "0" * 16


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    return settings


def _legacy_token(settings) -> str:
    return derive_receipt_keys(
        LEGACY_CODE, site_salt=settings.RECEIPT_SALT, params=receipt_kdf()
    ).lookup_token


def test_the_first_start_records_the_settings_and_later_starts_pass(production):
    refuse_to_serve_with_changed_receipt_settings()
    verifier = ReceiptVerifier.objects.get()
    assert verifier.kdf == dict(production.RECEIPT_KDF)
    refuse_to_serve_with_changed_receipt_settings()
    assert ReceiptVerifier.objects.count() == 1


def test_the_stored_check_proves_nothing_about_the_salt_without_the_secret_key(production):
    """A thief with the database who guesses the salt right cannot confirm the guess:
    the check is keyed with DJANGO_SECRET_KEY. (The first version stored the Argon2id of a
    fixed code under the salt alone, an offline oracle for salt guesses.)"""
    refuse_to_serve_with_changed_receipt_settings()
    stored = ReceiptVerifier.objects.get().check_value
    right_salt = {"site_salt": production.RECEIPT_SALT, "params": receipt_kdf()}
    assert stored == receipt_settings_check(**right_salt, secret_key=production.SECRET_KEY)
    assert stored != receipt_settings_check(**right_salt, secret_key="a guessed secret key")
    assert stored != _legacy_token(production)
    assert production.RECEIPT_SALT not in stored


def test_a_changed_salt_stops_the_start_before_codes_break(production, association_keyring):
    refuse_to_serve_with_changed_receipt_settings()
    code = report_submit(submission=submission()).receipt_code
    production.RECEIPT_SALT = "a-new-salt-after-a-lost-env-file"
    assert reporter_access_for_code(code) is None  # what every reporter would meet
    with pytest.raises(ImproperlyConfigured, match="MELDESTELLE_RECEIPT_SALT"):
        refuse_to_serve_with_changed_receipt_settings()


def test_changed_argon2id_parameters_are_named(production):
    refuse_to_serve_with_changed_receipt_settings()
    production.RECEIPT_KDF = {**production.RECEIPT_KDF, "iterations": 3}
    with pytest.raises(
        ImproperlyConfigured, match=r"MELDESTELLE_RECEIPT_KDF_.*now .*'iterations': 3"
    ):
        refuse_to_serve_with_changed_receipt_settings()


def test_a_secret_key_rotated_with_the_old_one_as_fallback_starts_and_is_recorded(production):
    refuse_to_serve_with_changed_receipt_settings()
    old = production.SECRET_KEY
    production.SECRET_KEY, production.SECRET_KEY_FALLBACKS = "the-rotated-secret-key", [old]
    refuse_to_serve_with_changed_receipt_settings()
    production.SECRET_KEY_FALLBACKS = []  # the next start no longer needs the old key
    refuse_to_serve_with_changed_receipt_settings()


def test_a_secret_key_changed_without_fallback_is_named_too(production):
    refuse_to_serve_with_changed_receipt_settings()
    production.SECRET_KEY = "a-secret-key-replaced-without-the-old-one"
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY_FALLBACKS"):
        refuse_to_serve_with_changed_receipt_settings()


def test_make_run_is_not_held_up(settings):
    settings.DEBUG = True
    refuse_to_serve_with_changed_receipt_settings()
    assert not ReceiptVerifier.objects.exists()


# --- the migration that replaces the first version's value ---------------------------------

MIGRATION = importlib.import_module("reporting.migrations.0019_receipt_verifier_hmac")


def test_the_migration_replaces_a_matching_legacy_token_with_the_keyed_check(production):
    ReceiptVerifier.objects.create(
        check_value=_legacy_token(production), kdf=production.RECEIPT_KDF
    )
    MIGRATION.legacy_token_to_keyed_check(apps, None)
    assert ReceiptVerifier.objects.get().check_value == receipt_settings_check(
        site_salt=production.RECEIPT_SALT,
        params=Argon2Params(**production.RECEIPT_KDF),
        secret_key=production.SECRET_KEY,
    )
    refuse_to_serve_with_changed_receipt_settings()  # and the server starts
    MIGRATION.keyed_check_to_legacy_token(apps, None)
    assert ReceiptVerifier.objects.get().check_value == _legacy_token(production)


def test_the_migration_refuses_settings_the_site_did_not_serve_with(production):
    ReceiptVerifier.objects.create(
        check_value=_legacy_token(production), kdf=production.RECEIPT_KDF
    )
    production.RECEIPT_SALT = "a-new-salt-after-a-lost-env-file"
    with pytest.raises(ImproperlyConfigured, match="MELDESTELLE_RECEIPT_SALT"):
        MIGRATION.legacy_token_to_keyed_check(apps, None)
