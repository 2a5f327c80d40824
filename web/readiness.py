"""Start-up checks for production servers (config/wsgi.py runs them in every worker)."""

import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError


def refuse_to_serve_without_keys() -> None:
    """Production never accepts reports it could not seal."""
    if settings.DEBUG:
        return
    from reporting.selectors.keys import NoAssociationKey, association_public_keys

    try:
        association_public_keys()
    except (NoAssociationKey, DatabaseError) as exc:
        raise ImproperlyConfigured(
            "No active association key: run `manage.py migrate` and `manage.py keys init` first."
        ) from exc


def refuse_to_serve_with_changed_receipt_settings() -> None:
    """Production never starts with a receipt salt or Argon2id parameters other than
    those it first served with: every receipt code issued before would stop working.
    The first start records them as a check value keyed with the secret key (never the
    salt, nothing a thief without the key can test guesses against)."""
    if settings.DEBUG:
        return
    from reporting.models import ReceiptVerifier
    from reporting.receipts import receipt_settings_check

    check = receipt_settings_check(settings.SECRET_KEY)
    kdf = dict(settings.RECEIPT_KDF)
    verifier, _created = ReceiptVerifier.objects.get_or_create(
        pk=1, defaults={"check_value": check, "kdf": kdf}
    )
    if hmac.compare_digest(verifier.check_value, check):
        return
    if any(
        hmac.compare_digest(verifier.check_value, receipt_settings_check(old_key))
        for old_key in settings.SECRET_KEY_FALLBACKS
    ):
        # The secret key was rotated, the receipt settings are the same: key the check anew.
        verifier.check_value = check
        verifier.save(update_fields=["check_value"])
        return
    changed = (
        f"MELDESTELLE_RECEIPT_KDF_* (first {verifier.kdf}, now {kdf})"
        if verifier.kdf != kdf
        else "MELDESTELLE_RECEIPT_SALT (or DJANGO_SECRET_KEY, changed without keeping the "
        "old key in DJANGO_SECRET_KEY_FALLBACKS for one start)"
    )
    raise ImproperlyConfigured(
        f"{changed} differs from the value this site first served with: every receipt "
        "code issued since would stop working. Restore the old value (docs/operations.md)."
    )
