"""The institution matching key and the keyed hashes made with it (issue 19).

The key is derived with HKDF-SHA256 from the association's private key, so nothing
that lies in the database, the settings or a dump can recompute it; staff of member
organisations receive it sealed to their organisation's key (MatchingKeyGrant). A
keyed hash (HMAC-SHA256) of a normalised institution name lets two cases be matched
without anybody opening the other's case.
"""

import hmac
from hashlib import sha256

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from reporting.crypto.keys import PrivateKey

MATCHING_KEY_LENGTH = 32
_HKDF_INFO = b"meldestelle institution matching key v1"


def derive_matching_key(association_key: PrivateKey) -> bytes:
    """The matching key of the network, from the association's private key."""
    return HKDF(
        algorithm=hashes.SHA256(), length=MATCHING_KEY_LENGTH, salt=None, info=_HKDF_INFO
    ).derive(association_key.raw)


def keyed_hash(key: bytes, text: str) -> str:
    """HMAC-SHA256 of `text` (already normalised) under `key`, as 64 hex digits."""
    if len(key) != MATCHING_KEY_LENGTH:
        raise ValueError("A matching key has 32 bytes.")
    return hmac.new(key, text.encode(), sha256).hexdigest()
