"""Production refuses to start with a receipt salt or Argon2id cost it did not start with."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from reporting.models import ReceiptVerifier
from reporting.readiness import refuse_to_serve_with_changed_receipt_settings
from reporting.selectors.receipts import reporter_access_for_code
from reporting.services.reports import report_submit
from tests.factories import submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    return settings


def test_the_first_start_records_the_settings_and_later_starts_pass(production):
    refuse_to_serve_with_changed_receipt_settings()
    verifier = ReceiptVerifier.objects.get()
    assert verifier.kdf == dict(production.RECEIPT_KDF)
    assert production.RECEIPT_SALT not in verifier.lookup_token  # a derived token only
    refuse_to_serve_with_changed_receipt_settings()
    assert ReceiptVerifier.objects.count() == 1


def test_a_changed_salt_stops_the_start_before_codes_break(production, association_keyring):
    refuse_to_serve_with_changed_receipt_settings()
    code = report_submit(submission=submission()).receipt_code
    production.RECEIPT_SALT = "a-new-salt-after-a-lost-env-file"
    assert reporter_access_for_code(code) is None  # what every reporter would meet
    with pytest.raises(ImproperlyConfigured, match="MELDESTELLE_RECEIPT_SALT differs"):
        refuse_to_serve_with_changed_receipt_settings()


def test_changed_argon2id_parameters_are_named(production):
    refuse_to_serve_with_changed_receipt_settings()
    production.RECEIPT_KDF = {**production.RECEIPT_KDF, "iterations": 3}
    with pytest.raises(
        ImproperlyConfigured, match=r"MELDESTELLE_RECEIPT_KDF_.*now .*'iterations': 3"
    ):
        refuse_to_serve_with_changed_receipt_settings()


def test_make_run_is_not_held_up(settings):
    settings.DEBUG = True
    refuse_to_serve_with_changed_receipt_settings()
    assert not ReceiptVerifier.objects.exists()
