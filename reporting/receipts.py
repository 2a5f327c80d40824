"""The site's receipt settings, beside the receipt crypto (reporting/crypto/receipt.py):
the Argon2id cost a code is derived with, where a reporter's wrapped key is bound, and
the values that tell whether the salt and cost are still those the site began with."""

from django.conf import settings

from reporting.crypto import Argon2Params, derive_receipt_keys
from reporting.crypto import receipt_settings_check as keyed_check


def receipt_kdf() -> Argon2Params:
    return Argon2Params(**settings.RECEIPT_KDF)


def reporter_key_aad(report) -> bytes:
    return bytes(report.context("reporter_private_key"))


VERIFIER_CODE = "0" * 16  # any fixed code: only what it derives to matters


def receipt_settings_token() -> str:
    """What a fixed code derives to under this site's receipt salt and Argon2id cost:
    equal tokens, equal settings. For the hand-over manifest, which must match on a
    site with another secret key; a holder of an export can test salt guesses with it
    (docs/security.md §2.1), the server's own check cannot (`receipt_settings_check`)."""
    return derive_receipt_keys(
        VERIFIER_CODE, site_salt=settings.RECEIPT_SALT, params=receipt_kdf()
    ).lookup_token


def receipt_settings_check(secret_key: str) -> str:
    """The server's own record of its receipt settings, keyed with `secret_key`
    (web/readiness.py compares it at every start)."""
    return keyed_check(site_salt=settings.RECEIPT_SALT, params=receipt_kdf(), secret_key=secret_key)
