"""AES-256-GCM for secrets under a key the caller derived or generated.

Format: version byte 0x01 | 12-byte random nonce | ciphertext with tag.
"""

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from reporting.crypto.errors import DecryptionError

_VERSION = b"\x01"
_NONCE = 12


def random_key() -> bytes:
    return os.urandom(32)


def seal_symmetric(key: bytes, plaintext: bytes, *, aad: bytes) -> bytes:
    nonce = os.urandom(_NONCE)
    return _VERSION + nonce + AESGCM(key).encrypt(nonce, plaintext, _VERSION + aad)


def open_symmetric(key: bytes, sealed: bytes, *, aad: bytes) -> bytes:
    if len(key) != 32 or len(sealed) < 1 + _NONCE + 16 or sealed[:1] != _VERSION:
        raise DecryptionError
    nonce, body = sealed[1 : 1 + _NONCE], sealed[1 + _NONCE :]
    try:
        return AESGCM(key).decrypt(nonce, body, _VERSION + aad)
    except InvalidTag:
        raise DecryptionError from None


def derive_key(secret: str, *, purpose: str) -> bytes:
    """A 256-bit key for one purpose from a configured secret (HKDF-SHA256)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"meldestelle " + purpose.encode()
    ).derive(secret.encode())
