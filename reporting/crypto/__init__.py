"""The only package that touches cryptographic primitives.

Everything else calls `seal` / `open_sealed` (public-key envelopes),
`seal_symmetric` / `open_symmetric` (secrets under a derived key) and the KDF
helpers. Every failure to open anything raises `DecryptionError`.
"""

from reporting.crypto.envelope import (
    Context,
    add_recipients,
    envelope_key_ids,
    open_sealed,
    seal,
)
from reporting.crypto.errors import DecryptionError
from reporting.crypto.kdf import Argon2Params, argon2id
from reporting.crypto.keys import PrivateKey, PublicKey
from reporting.crypto.matching import derive_matching_key, keyed_hash
from reporting.crypto.receipt import (
    ReceiptKeys,
    derive_receipt_keys,
    digits_only,
    format_receipt_code,
    generate_receipt_code,
    normalise_receipt_code,
    receipt_settings_check,
)
from reporting.crypto.symmetric import derive_key, open_symmetric, random_key, seal_symmetric

__all__ = [
    "Argon2Params",
    "Context",
    "DecryptionError",
    "PrivateKey",
    "PublicKey",
    "ReceiptKeys",
    "add_recipients",
    "argon2id",
    "derive_key",
    "derive_matching_key",
    "derive_receipt_keys",
    "digits_only",
    "envelope_key_ids",
    "format_receipt_code",
    "generate_receipt_code",
    "keyed_hash",
    "normalise_receipt_code",
    "open_sealed",
    "open_symmetric",
    "random_key",
    "receipt_settings_check",
    "seal",
    "seal_symmetric",
]
