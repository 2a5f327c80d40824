"""X25519 key pairs with stable key ids."""

import hashlib
from dataclasses import dataclass
from functools import cached_property

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

KEY_ID_LENGTH = 16
_KEY_ID_PREFIX = b"meldestelle key id v1"


@dataclass(frozen=True, repr=False)
class PublicKey:
    raw: bytes

    def __post_init__(self) -> None:
        if len(self.raw) != 32:
            raise ValueError("An X25519 public key has 32 bytes.")

    def __repr__(self) -> str:
        return f"PublicKey({self.key_id.hex()})"

    @property
    def key_id(self) -> bytes:
        return hashlib.sha256(_KEY_ID_PREFIX + self.raw).digest()[:KEY_ID_LENGTH]

    def as_x25519(self) -> X25519PublicKey:
        return X25519PublicKey.from_public_bytes(self.raw)


@dataclass(frozen=True, repr=False)
class PrivateKey:
    raw: bytes

    def __post_init__(self) -> None:
        if len(self.raw) != 32:
            raise ValueError("An X25519 private key has 32 bytes.")

    def __repr__(self) -> str:
        # Never print key material, not even in a traceback.
        return f"PrivateKey(for {self.public_key().key_id.hex()})"

    @classmethod
    def generate(cls) -> "PrivateKey":
        return cls(X25519PrivateKey.generate().private_bytes_raw())

    def public_key(self) -> PublicKey:
        return self._public

    def as_x25519(self) -> X25519PrivateKey:
        return self._x25519

    # Deriving the public key is a scalar multiplication, as costly as a key exchange;
    # opening a case's 20 messages with one key would otherwise repeat it 40 times.
    @cached_property
    def _public(self) -> PublicKey:
        return PublicKey(self._x25519.public_key().public_bytes_raw())

    @cached_property
    def _x25519(self) -> X25519PrivateKey:
        return X25519PrivateKey.from_private_bytes(self.raw)
