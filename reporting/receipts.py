"""The site's receipt settings, beside the receipt crypto (reporting/crypto/receipt.py):
the Argon2id cost a code is derived with, and where a reporter's wrapped key is bound."""

from django.conf import settings

from reporting.crypto import Argon2Params


def receipt_kdf() -> Argon2Params:
    return Argon2Params(**settings.RECEIPT_KDF)


def reporter_key_aad(report) -> bytes:
    return bytes(report.context("reporter_private_key"))
