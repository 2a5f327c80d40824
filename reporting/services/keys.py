"""Organisation key pairs and the offline recovery code."""

import os
import secrets
from dataclasses import dataclass

from django.db import transaction

from reporting.crypto import (
    Argon2Params,
    PrivateKey,
    argon2id,
    open_symmetric,
    seal_symmetric,
)
from reporting.models import Organisation, OrganisationKey

# Recovery codes are typed rarely and by administrators: make them expensive to guess.
RECOVERY_KDF = Argon2Params(iterations=3, memory_cost_kib=256 * 1024, lanes=1)
_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_RECOVERY_LENGTH = 32  # 160 bits


class KeyringExists(Exception):
    pass


@dataclass(frozen=True, repr=False)
class NewKeyring:
    key: OrganisationKey
    recovery_code: str  # shown once, never stored


def organisation_key_create(
    *, organisation: Organisation, kdf: Argon2Params | None = None
) -> NewKeyring:
    """A new key pair for `organisation`, wrapped under a fresh recovery code."""
    kdf = kdf or RECOVERY_KDF
    private = PrivateKey.generate()
    public = private.public_key()
    code = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
    salt = os.urandom(16)
    wrapping_key = argon2id(code.encode(), salt=salt, params=kdf)
    with transaction.atomic():
        key = OrganisationKey.objects.create(
            organisation=organisation,
            key_id=public.key_id.hex(),
            public_key=public.raw,
            recovery_wrapped_private_key=seal_symmetric(
                wrapping_key, private.raw, aad=_recovery_aad(public.key_id)
            ),
            recovery_kdf={**kdf.as_dict(), "salt": salt.hex()},
        )
    return NewKeyring(key=key, recovery_code=format_recovery_code(code))


def association_keyring_create(*, name: str, kdf: Argon2Params | None = None) -> NewKeyring:
    """Set-up: the association and its first key pair. Refuses if a key exists."""
    with transaction.atomic():
        association, _created = Organisation.objects.get_or_create(
            kind=Organisation.Kind.ASSOCIATION, defaults={"name": name}
        )
        if association.keys.exists():
            raise KeyringExists
        return organisation_key_create(organisation=association, kdf=kdf)


def organisation_key_recover(*, key: OrganisationKey, recovery_code: str) -> PrivateKey:
    """The private key of `key`, unwrapped with its recovery code."""
    params = dict(key.recovery_kdf)
    salt = bytes.fromhex(params.pop("salt"))
    code = "".join(c for c in recovery_code.upper() if c in _RECOVERY_ALPHABET)
    wrapping_key = argon2id(code.encode(), salt=salt, params=Argon2Params(**params))
    raw = open_symmetric(
        wrapping_key,
        bytes(key.recovery_wrapped_private_key),
        aad=_recovery_aad(bytes.fromhex(key.key_id)),
    )
    return PrivateKey(raw)


def format_recovery_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def _recovery_aad(key_id: bytes) -> bytes:
    return b"meldestelle organisation key recovery v1" + key_id
