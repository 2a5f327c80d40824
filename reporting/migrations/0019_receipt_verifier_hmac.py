"""The receipt verifier stops being an oracle for guesses of the receipt salt.

0016 stored the Argon2id lookup token of a fixed code under the salt: with a copy of the
database, every guess of MELDESTELLE_RECEIPT_SALT could be tested offline. Now the row
holds an HMAC keyed with DJANGO_SECRET_KEY (reporting.crypto.receipt_settings_check).
The old value is replaced only when it matches the settings this migration runs with:
otherwise the site would not have started anyway, and silently accepting the new
settings would break every receipt code issued before.
"""

import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import migrations

from reporting.crypto import Argon2Params, derive_receipt_keys, receipt_settings_check

# The fixed code of 0016: any code would do, only what it derives to mattered.
LEGACY_CODE = "0" * 16


def _values() -> tuple[str, str]:
    """(0016's value, this migration's value) under the settings it runs with."""
    params = Argon2Params(**settings.RECEIPT_KDF)
    legacy = derive_receipt_keys(LEGACY_CODE, site_salt=settings.RECEIPT_SALT, params=params)
    keyed = receipt_settings_check(
        site_salt=settings.RECEIPT_SALT, params=params, secret_key=settings.SECRET_KEY
    )
    return legacy.lookup_token, keyed


def _replace(apps, *, forwards: bool) -> None:
    verifiers = list(apps.get_model("reporting", "ReceiptVerifier").objects.all())
    if not verifiers:  # a site that never started in production (and every test database)
        return
    legacy, keyed = _values()
    old, new = (legacy, keyed) if forwards else (keyed, legacy)
    for verifier in verifiers:
        if not hmac.compare_digest(verifier.check_value, old):
            raise ImproperlyConfigured(
                "The recorded receipt settings do not match MELDESTELLE_RECEIPT_SALT, "
                "MELDESTELLE_RECEIPT_KDF_* (and DJANGO_SECRET_KEY) as set now; the site would "
                "not start with them. Migrate with the values it served with."
            )
        verifier.check_value = new
        verifier.save(update_fields=["check_value"])


def legacy_token_to_keyed_check(apps, schema_editor) -> None:
    _replace(apps, forwards=True)


def keyed_check_to_legacy_token(apps, schema_editor) -> None:
    _replace(apps, forwards=False)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0018_agg_scope_by_ground_and_area"),
    ]

    operations = [
        migrations.RenameField(
            model_name="receiptverifier", old_name="lookup_token", new_name="check_value"
        ),
        migrations.RunPython(legacy_token_to_keyed_check, keyed_check_to_legacy_token),
    ]
