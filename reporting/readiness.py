"""Start-up checks for production servers (config/wsgi.py runs them in every worker)."""

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


VERIFIER_CODE = "0" * 16  # any fixed code: only what it derives to matters


def receipt_settings_token() -> str:
    """What a fixed code derives to under this site's receipt salt and Argon2id cost:
    equal tokens, equal settings. The salt itself is never stored."""
    from reporting.crypto import derive_receipt_keys
    from reporting.receipts import receipt_kdf

    return derive_receipt_keys(
        VERIFIER_CODE, site_salt=settings.RECEIPT_SALT, params=receipt_kdf()
    ).lookup_token


def refuse_to_serve_with_changed_receipt_settings() -> None:
    """Production never starts with a receipt salt or Argon2id parameters other than
    those it first served with: every receipt code issued before would stop working.
    The first start records them (as a derived token, not the salt itself)."""
    if settings.DEBUG:
        return
    from reporting.models import ReceiptVerifier

    token = receipt_settings_token()
    kdf = dict(settings.RECEIPT_KDF)
    verifier, _created = ReceiptVerifier.objects.get_or_create(
        pk=1, defaults={"lookup_token": token, "kdf": kdf}
    )
    if verifier.lookup_token == token:
        return
    changed = (
        f"MELDESTELLE_RECEIPT_KDF_* (first {verifier.kdf}, now {kdf})"
        if verifier.kdf != kdf
        else "MELDESTELLE_RECEIPT_SALT"
    )
    raise ImproperlyConfigured(
        f"{changed} differs from the value this site first served with: every receipt "
        "code issued since would stop working. Restore the old value (docs/operations.md)."
    )
