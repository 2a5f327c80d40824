"""Hybrid public-key envelopes (format version 1).

    envelope  = MAGIC(3) VERSION(1) CONTENT_NONCE(12) COUNT(1) stanza*COUNT CIPHERTEXT
    stanza    = KEY_ID(16) EPHEMERAL_PUBLIC(32) WRAPPED_DATA_KEY(48)

The content is AES-256-GCM under a fresh 256-bit data key, with associated
data MAGIC|VERSION|context. For each recipient, a fresh ephemeral X25519 key
agrees a secret with the recipient's key; HKDF-SHA256 (salt = ephemeral
public | recipient public) turns it into a 256-bit wrapping key and a 96-bit
nonce, which seal the data key with AES-256-GCM, associated data
MAGIC|VERSION|"wrap"|KEY_ID|context. Because each wrapping key is used once,
the derived nonce is never reused.

The context (model label, primary key, field) binds a ciphertext to its
place: moved to another row or field it no longer opens. The recipient
stanzas are not part of the content's associated data, so a recipient can be
added (key rotation) without re-encrypting the content.
"""

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from reporting.crypto.errors import DecryptionError
from reporting.crypto.keys import KEY_ID_LENGTH, PrivateKey, PublicKey

MAGIC = b"MSE"
VERSION = 1
_HEADER = MAGIC + bytes([VERSION])
_NONCE = 12
_TAG = 16
_DATA_KEY = 32
_STANZA = KEY_ID_LENGTH + 32 + _DATA_KEY + _TAG
_MAX_RECIPIENTS = 255
_HKDF_INFO = b"meldestelle envelope v1 wrap"


@dataclass(frozen=True)
class Context:
    """Where a ciphertext lives: model label, primary key and field name."""

    label: str
    pk: str
    field: str

    @classmethod
    def of_row(cls, model, pk, field: str) -> "Context":
        """The context of `field` in the row `pk` of `model` (a model class or instance)."""
        return cls(label=model._meta.label_lower, pk=str(pk), field=field)

    def __bytes__(self) -> bytes:
        parts = (self.label, str(self.pk), self.field)
        return b"\x1f".join(p.encode() for p in parts)


@dataclass(frozen=True)
class _Stanza:
    key_id: bytes
    ephemeral: bytes
    wrapped: bytes

    def __bytes__(self) -> bytes:
        return self.key_id + self.ephemeral + self.wrapped


def seal(plaintext: bytes, *, recipients: Iterable[PublicKey], context: Context) -> bytes:
    return _seal(
        plaintext,
        recipients=list(recipients),
        context=context,
        data_key=AESGCM.generate_key(bit_length=256),
        content_nonce=os.urandom(_NONCE),
        ephemerals=None,
    )


def open_sealed(
    envelope: bytes, *, keys: PrivateKey | Sequence[PrivateKey], context: Context
) -> bytes:
    """Open with whichever of `keys` the envelope was sealed to."""
    candidates = [keys] if isinstance(keys, PrivateKey) else list(keys)
    content_nonce, stanzas, ciphertext = _parse(envelope)
    data_key = _unwrap_data_key(stanzas, candidates, context)
    try:
        return AESGCM(data_key).decrypt(content_nonce, ciphertext, _HEADER + bytes(context))
    except InvalidTag:
        raise DecryptionError from None


def add_recipients(
    envelope: bytes,
    *,
    keys: PrivateKey | Sequence[PrivateKey],
    new_recipients: Iterable[PublicKey],
    context: Context,
) -> bytes:
    """Wrap the envelope's data key to more recipients; the content is untouched."""
    candidates = [keys] if isinstance(keys, PrivateKey) else list(keys)
    content_nonce, stanzas, ciphertext = _parse(envelope)
    data_key = _unwrap_data_key(stanzas, candidates, context)
    try:
        AESGCM(data_key).decrypt(content_nonce, ciphertext, _HEADER + bytes(context))
    except InvalidTag:
        raise DecryptionError from None
    known = {s.key_id for s in stanzas}
    added = [
        _wrap(data_key, recipient, context, None)
        for recipient in _unique(new_recipients)
        if recipient.key_id not in known
    ]
    return _assemble(content_nonce, stanzas + added, ciphertext)


def envelope_key_ids(envelope: bytes) -> list[bytes]:
    _nonce, stanzas, _ciphertext = _parse(envelope)
    return [s.key_id for s in stanzas]


def _seal(
    plaintext: bytes,
    *,
    recipients: list[PublicKey],
    context: Context,
    data_key: bytes,
    content_nonce: bytes,
    ephemerals: Mapping[bytes, PrivateKey] | None,
) -> bytes:
    """`ephemerals` (key id -> ephemeral key) exists only for fixed test vectors."""
    unique = _unique(recipients)
    if not unique:
        raise ValueError("An envelope needs at least one recipient.")
    stanzas = [
        _wrap(data_key, r, context, ephemerals[r.key_id] if ephemerals else None) for r in unique
    ]
    ciphertext = AESGCM(data_key).encrypt(content_nonce, plaintext, _HEADER + bytes(context))
    return _assemble(content_nonce, stanzas, ciphertext)


def _unique(recipients: Iterable[PublicKey]) -> list[PublicKey]:
    seen: dict[bytes, PublicKey] = {}
    for recipient in recipients:
        seen.setdefault(recipient.key_id, recipient)
    return list(seen.values())


def _assemble(
    content_nonce: bytes, stanzas: list[_Stanza], ciphertext: bytes | memoryview
) -> bytes:
    if len(stanzas) > _MAX_RECIPIENTS:
        raise ValueError("Too many recipients for one envelope.")
    return (
        _HEADER
        + content_nonce
        + bytes([len(stanzas)])
        + b"".join(bytes(s) for s in stanzas)
        + ciphertext
    )


def _parse(envelope: bytes) -> tuple[bytes, list[_Stanza], memoryview]:
    envelope = bytes(envelope)
    fixed = len(_HEADER) + _NONCE + 1
    if len(envelope) < fixed or envelope[: len(_HEADER)] != _HEADER:
        raise DecryptionError
    content_nonce = envelope[len(_HEADER) : len(_HEADER) + _NONCE]
    count = envelope[fixed - 1]
    body_start = fixed + count * _STANZA
    if count == 0 or len(envelope) < body_start + _TAG:
        raise DecryptionError
    stanzas = []
    for offset in range(fixed, body_start, _STANZA):
        raw = envelope[offset : offset + _STANZA]
        stanzas.append(
            _Stanza(
                key_id=raw[:KEY_ID_LENGTH],
                ephemeral=raw[KEY_ID_LENGTH : KEY_ID_LENGTH + 32],
                wrapped=raw[KEY_ID_LENGTH + 32 :],
            )
        )
    # A view, not a copy: an attachment's ciphertext is up to 10 MB.
    return content_nonce, stanzas, memoryview(envelope)[body_start:]


def _wrapping_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> tuple[bytes, bytes]:
    okm = HKDF(
        algorithm=hashes.SHA256(),
        length=_DATA_KEY + _NONCE,
        salt=ephemeral + recipient,
        info=_HKDF_INFO,
    ).derive(shared)
    return okm[:_DATA_KEY], okm[_DATA_KEY:]


def _wrap_aad(key_id: bytes, context: Context) -> bytes:
    return _HEADER + b"wrap" + key_id + bytes(context)


def _wrap(
    data_key: bytes, recipient: PublicKey, context: Context, ephemeral: PrivateKey | None
) -> _Stanza:
    # A fresh ephemeral key stays a library object: no round trip through raw bytes.
    secret = ephemeral.as_x25519() if ephemeral else X25519PrivateKey.generate()
    ephemeral_public = secret.public_key().public_bytes_raw()
    shared = secret.exchange(recipient.as_x25519())
    key, nonce = _wrapping_key(shared, ephemeral_public, recipient.raw)
    wrapped = AESGCM(key).encrypt(nonce, data_key, _wrap_aad(recipient.key_id, context))
    return _Stanza(key_id=recipient.key_id, ephemeral=ephemeral_public, wrapped=wrapped)


def _unwrap_data_key(
    stanzas: list[_Stanza], candidates: list[PrivateKey], context: Context
) -> bytes:
    by_id = {k.public_key().key_id: k for k in candidates}
    for stanza in stanzas:
        key = by_id.get(stanza.key_id)
        if key is None:
            continue
        try:
            shared = key.as_x25519().exchange(PublicKey(stanza.ephemeral).as_x25519())
            wrap_key, nonce = _wrapping_key(shared, stanza.ephemeral, key.public_key().raw)
            return AESGCM(wrap_key).decrypt(
                nonce, stanza.wrapped, _wrap_aad(stanza.key_id, context)
            )
        except (InvalidTag, ValueError):
            raise DecryptionError from None
    raise DecryptionError
