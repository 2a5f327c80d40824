"""Envelope format v1: fixed vectors, an independent decoder, and properties."""

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from hypothesis import given, settings
from hypothesis import strategies as st

from reporting.crypto import (
    Context,
    DecryptionError,
    PrivateKey,
    add_recipients,
    envelope_key_ids,
    open_sealed,
    seal,
)
from reporting.crypto.envelope import _seal

RECIPIENT = PrivateKey(bytes(range(1, 33)))
EPHEMERAL = PrivateKey(bytes(range(101, 133)))
DATA_KEY = bytes([0x42] * 32)
CONTENT_NONCE = bytes(range(12))
CONTEXT = Context("reporting.report", "00000000-0000-4000-8000-000000000001", "content")
PLAINTEXT = "Vector plaintext ✓".encode()

RECIPIENT_PUBLIC_HEX = "07a37cbc142093c8b755dc1b10e86cb426374ad16aa853ed0bdfc0b2b86d1c7c"
RECIPIENT_KEY_ID_HEX = "2955d5ff61aa3daca4b4134b7b88cd46"
ENVELOPE_HEX = (
    "4d534501000102030405060708090a0b012955d5ff61aa3daca4b4134b7b88cd465714769d116bf764"
    "36ae74bc793d2c30ad1903c59ac5273805c7e2698b410c3650b5ac66db0be65da4b467004c1e507c66"
    "8b26627f2d8dbce129688c91994264a78376c0fbfc002fa16b96e33165de2053bbf2a9de5ed27bf167"
    "2d7da5b8234f127f52f9f0ea86236de4b2d8f3ae61b72f4206dd"
)

KEYS = [PrivateKey(bytes([i]) * 32) for i in range(1, 4)]


def test_key_id_vector():
    public = RECIPIENT.public_key()
    assert public.raw.hex() == RECIPIENT_PUBLIC_HEX
    assert public.key_id.hex() == RECIPIENT_KEY_ID_HEX


def test_sealing_fixed_inputs_gives_the_vector():
    envelope = _seal(
        PLAINTEXT,
        recipients=[RECIPIENT.public_key()],
        context=CONTEXT,
        data_key=DATA_KEY,
        content_nonce=CONTENT_NONCE,
        ephemerals={RECIPIENT.public_key().key_id: EPHEMERAL},
    )
    assert envelope.hex() == ENVELOPE_HEX


def test_the_vector_opens():
    envelope = bytes.fromhex(ENVELOPE_HEX)
    assert open_sealed(envelope, keys=RECIPIENT, context=CONTEXT) == PLAINTEXT


def test_independent_decoder_follows_the_documented_format():
    """Decode the vector with raw primitives, following docs/security.md only."""
    envelope = bytes.fromhex(ENVELOPE_HEX)
    assert envelope[:4] == b"MSE\x01"
    content_nonce, count = envelope[4:16], envelope[16]
    assert count == 1
    stanza, ciphertext = envelope[17 : 17 + 96], envelope[17 + 96 :]
    key_id, ephemeral, wrapped = stanza[:16], stanza[16:48], stanza[48:]
    context = b"\x1f".join(
        [b"reporting.report", b"00000000-0000-4000-8000-000000000001", b"content"]
    )
    recipient = X25519PrivateKey.from_private_bytes(RECIPIENT.raw)
    recipient_public = bytes.fromhex(RECIPIENT_PUBLIC_HEX)
    shared = recipient.exchange(X25519PublicKey.from_public_bytes(ephemeral))
    okm = HKDF(
        algorithm=hashes.SHA256(),
        length=44,
        salt=ephemeral + recipient_public,
        info=b"meldestelle envelope v1 wrap",
    ).derive(shared)
    data_key = AESGCM(okm[:32]).decrypt(okm[32:], wrapped, b"MSE\x01wrap" + key_id + context)
    assert data_key == DATA_KEY
    assert AESGCM(data_key).decrypt(content_nonce, ciphertext, b"MSE\x01" + context) == PLAINTEXT


def test_every_recipient_opens_and_others_do_not():
    envelope = seal(PLAINTEXT, recipients=[k.public_key() for k in KEYS[:2]], context=CONTEXT)
    assert open_sealed(envelope, keys=KEYS[0], context=CONTEXT) == PLAINTEXT
    assert open_sealed(envelope, keys=KEYS[1], context=CONTEXT) == PLAINTEXT
    with pytest.raises(DecryptionError):
        open_sealed(envelope, keys=KEYS[2], context=CONTEXT)


def test_duplicate_recipients_get_one_stanza():
    envelope = seal(PLAINTEXT, recipients=[KEYS[0].public_key()] * 3, context=CONTEXT)
    assert envelope_key_ids(envelope) == [KEYS[0].public_key().key_id]


def test_no_recipient_is_refused():
    with pytest.raises(ValueError):
        seal(PLAINTEXT, recipients=[], context=CONTEXT)


def test_adding_a_recipient_keeps_the_content_bytes():
    envelope = seal(PLAINTEXT, recipients=[KEYS[0].public_key()], context=CONTEXT)
    widened = add_recipients(
        envelope, keys=KEYS[0], new_recipients=[KEYS[1].public_key()], context=CONTEXT
    )
    assert widened.endswith(envelope[17 + 96 :])
    assert open_sealed(widened, keys=KEYS[1], context=CONTEXT) == PLAINTEXT
    assert open_sealed(widened, keys=KEYS[0], context=CONTEXT) == PLAINTEXT


def test_adding_a_recipient_needs_a_key_that_opens_it():
    envelope = seal(PLAINTEXT, recipients=[KEYS[0].public_key()], context=CONTEXT)
    with pytest.raises(DecryptionError):
        add_recipients(
            envelope, keys=KEYS[2], new_recipients=[KEYS[1].public_key()], context=CONTEXT
        )


def test_private_keys_never_print_their_material():
    assert RECIPIENT.raw.hex() not in repr(RECIPIENT)


@st.composite
def contexts(draw):
    text = st.text(min_size=0, max_size=20).filter(lambda s: "\x1f" not in s)
    return Context(draw(text), draw(text), draw(text))


@settings(max_examples=60, deadline=None)
@given(plaintext=st.binary(max_size=2048), context=contexts())
def test_round_trip(plaintext, context):
    envelope = seal(plaintext, recipients=[KEYS[0].public_key()], context=context)
    assert open_sealed(envelope, keys=KEYS[0], context=context) == plaintext


@settings(max_examples=150, deadline=None)
@given(plaintext=st.binary(max_size=256), data=st.data())
def test_any_flipped_byte_fails(plaintext, data):
    envelope = bytearray(seal(plaintext, recipients=[KEYS[0].public_key()], context=CONTEXT))
    position = data.draw(st.integers(0, len(envelope) - 1))
    envelope[position] ^= data.draw(st.integers(1, 255))
    with pytest.raises(DecryptionError):
        open_sealed(bytes(envelope), keys=KEYS[0], context=CONTEXT)


@settings(max_examples=60, deadline=None)
@given(plaintext=st.binary(max_size=256), other=contexts())
def test_wrong_associated_data_fails(plaintext, other):
    envelope = seal(plaintext, recipients=[KEYS[0].public_key()], context=CONTEXT)
    if other == CONTEXT:
        return
    with pytest.raises(DecryptionError):
        open_sealed(envelope, keys=KEYS[0], context=other)


@settings(max_examples=40, deadline=None)
@given(plaintext=st.binary(max_size=256), index=st.integers(1, 2))
def test_wrong_key_fails(plaintext, index):
    envelope = seal(plaintext, recipients=[KEYS[0].public_key()], context=CONTEXT)
    with pytest.raises(DecryptionError):
        open_sealed(envelope, keys=KEYS[index], context=CONTEXT)


@settings(max_examples=60, deadline=None)
@given(garbage=st.binary(max_size=300))
def test_garbage_fails_with_the_one_error(garbage):
    with pytest.raises(DecryptionError):
        open_sealed(garbage, keys=KEYS[0], context=CONTEXT)


def test_moving_a_ciphertext_to_another_row_fails():
    envelope = seal(PLAINTEXT, recipients=[KEYS[0].public_key()], context=CONTEXT)
    other_row = Context(CONTEXT.label, "00000000-0000-4000-8000-000000000002", CONTEXT.field)
    other_field = Context(CONTEXT.label, CONTEXT.pk, "contact")
    for context in (other_row, other_field):
        with pytest.raises(DecryptionError):
            open_sealed(envelope, keys=KEYS[0], context=context)
