"""Staff key pairs, organisation-key grants, password changes and rotation (DESIGN §5).

A staff user's private key is wrapped under Argon2id(password). An organisation's
private key reaches a user only as a grant: sealed to that user's public key by
someone who holds it (a logged-in administrator, or the recovery code).
"""

import os

from django.conf import settings
from django.db import transaction

from reporting.crypto import (
    Argon2Params,
    Context,
    DecryptionError,
    PrivateKey,
    add_recipients,
    argon2id,
    open_sealed,
    open_symmetric,
    seal,
    seal_symmetric,
)
from reporting.models import (
    Attachment,
    AuditEvent,
    CaseShare,
    ExternalReferral,
    FollowUp,
    InstitutionMention,
    Intervention,
    KeyGrant,
    Message,
    Note,
    Organisation,
    OrganisationKey,
    Referral,
    ReferralUpdate,
    Report,
    SealedBlob,
    Translation,
    UserKey,
)
from reporting.selectors.institutions import session_matching_key
from reporting.services.institutions import matching_key_grants_write
from reporting.services.keys import NewKeyring, organisation_key_create


def _kdf() -> Argon2Params:
    return Argon2Params(**settings.STAFF_KEY_KDF)


def _wrap_aad(user_id: int, key_id: str) -> bytes:
    return f"meldestelle user key v1|{user_id}|{key_id}".encode()


def _password_key(password: str, salt: bytes, params: Argon2Params) -> bytes:
    return argon2id(password.encode(), salt=salt, params=params)


def user_key_set(*, user, password: str) -> UserKey:
    """A new key pair for `user`, wrapped under `password`. Existing grants are dropped:
    they were sealed to the old key and can no longer be opened."""
    private = PrivateKey.generate()
    public = private.public_key()
    salt = os.urandom(16)
    params = _kdf()
    wrapping_key = _password_key(password, salt, params)
    with transaction.atomic():
        KeyGrant.objects.filter(user=user).delete()
        UserKey.objects.filter(user=user).delete()
        return UserKey.objects.create(
            user=user,
            key_id=public.key_id.hex(),
            public_key=public.raw,
            wrapped_private_key=seal_symmetric(
                wrapping_key, private.raw, aad=_wrap_aad(user.pk, public.key_id.hex())
            ),
            kdf={**params.as_dict(), "salt": salt.hex()},
        )


def user_private_key(*, user, password: str) -> PrivateKey | None:
    key = UserKey.objects.filter(user=user).first()
    if key is None:
        return None
    params = dict(key.kdf)
    salt = bytes.fromhex(params.pop("salt"))
    try:
        raw = open_symmetric(
            _password_key(password, salt, Argon2Params(**params)),
            bytes(key.wrapped_private_key),
            aad=_wrap_aad(user.pk, key.key_id),
        )
    except DecryptionError:
        return None
    return PrivateKey(raw)


def user_password_change(*, user, old_password: str, new_password: str) -> None:
    """The user changes their own password: the same key pair, re-wrapped; grants stay."""
    private = user_private_key(user=user, password=old_password)
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        if private is None:
            user_key_set(user=user, password=new_password)
            return
        key = UserKey.objects.select_for_update().get(user=user)
        salt = os.urandom(16)
        params = _kdf()
        key.wrapped_private_key = seal_symmetric(
            _password_key(new_password, salt, params),
            private.raw,
            aad=_wrap_aad(user.pk, key.key_id),
        )
        key.kdf = {**params.as_dict(), "salt": salt.hex()}
        key.save(update_fields=["wrapped_private_key", "kdf"])


def user_password_reset(*, user, new_password: str, actor) -> int:
    """An administrator sets a new password: a new key pair, and every grant is lost
    until a key holder grants again. Returns the number of grants dropped."""
    with transaction.atomic():
        dropped = KeyGrant.objects.filter(user=user).count()
        user.set_password(new_password)
        user.save(update_fields=["password"])
        user_key_set(user=user, password=new_password)
        AuditEvent.objects.create(actor=actor, subject=user, verb=AuditEvent.Verb.KEYS_DROPPED)
    return dropped


def unlocked_keys(*, user, password: str) -> tuple[PrivateKey | None, list[PrivateKey]]:
    """The user's own private key, and every organisation private key granted to them,
    opened with their password."""
    private = user_private_key(user=user, password=password)
    if private is None:
        return None, []
    keys = []
    for grant in KeyGrant.objects.filter(user=user).select_related("organisation_key"):
        try:
            keys.append(
                PrivateKey(
                    open_sealed(
                        bytes(grant.sealed_private_key), keys=private, context=grant.context()
                    )
                )
            )
        except DecryptionError:
            continue
    return private, keys


def key_grant(
    *, organisation_key: OrganisationKey, private_key: PrivateKey, user, granted_by=None
) -> KeyGrant:
    """Seal `private_key` (which must belong to `organisation_key`) to `user`."""
    if private_key.public_key().key_id.hex() != organisation_key.key_id:
        raise ValueError("The private key does not belong to this organisation key.")
    user_key = UserKey.objects.get(user=user)
    with transaction.atomic():
        KeyGrant.objects.filter(organisation_key=organisation_key, user=user).delete()
        grant = KeyGrant(organisation_key=organisation_key, user=user, granted_by=granted_by)
        grant.sealed_private_key = seal(
            private_key.raw, recipients=[user_key.public], context=grant.context()
        )
        grant.save(force_insert=True)
        AuditEvent.objects.create(actor=granted_by, subject=user, verb=AuditEvent.Verb.KEY_GRANTED)
    return grant


# Every database field that holds an envelope under its own row's context (the sealed
# bytes of attachments are under their attachment's, SealedBlob.context).
# Every envelope sealed to organisation keys (tests/reporting/services/test_staff_keys.py
# checks that no sealed column of the models is missing). Attachments' bytes and the
# matching key's grants are rotated on their own, below.
SEALED_FIELDS = (
    (Report, ("content", "contact")),
    (Message, ("body",)),
    (Note, ("body",)),
    (Attachment, ("meta",)),
    (Referral, ("summary",)),
    (ReferralUpdate, ("body",)),
    (CaseShare, ("summary",)),
    (ExternalReferral, ("summary",)),
    (Intervention, ("notes",)),
    (FollowUp, ("note",)),
    (Translation, ("body",)),
    (InstitutionMention, ("name",)),
)
# What a row's context names besides its id: a follow-up's names its case.
_CONTEXT_READS = {FollowUp: ("case",)}


def _widen(row, field: str, context: Context, old_keys: list[PrivateKey], new_public) -> bool:
    """Add the new key to one envelope if the old keys open it."""
    envelope = getattr(row, field)
    if not envelope:
        return False
    try:
        widened = add_recipients(
            bytes(envelope), keys=old_keys, new_recipients=[new_public], context=context
        )
    except DecryptionError:
        return False  # not sealed to this organisation
    setattr(row, field, widened)
    return True


def organisation_key_rotate(
    *, organisation: Organisation, old_keys: list[PrivateKey], actor=None
) -> NewKeyring:
    """A new key for `organisation`; every envelope readable with `old_keys` gets a
    stanza for the new key (content is not re-encrypted), and the new key the matching
    key if the old ones opened it. Old keys stay able to open but no longer seal. Grants
    of the new key to staff must be given again."""
    with transaction.atomic():
        created = organisation_key_create(organisation=organisation)
        new_public = created.key.public
        for model, fields in SEALED_FIELDS:
            rows = model.objects.only("pk", *fields, *_CONTEXT_READS.get(model, ()))
            for row in rows.iterator():
                changed = [
                    field
                    for field in fields
                    if _widen(row, field, row.context(field), old_keys, new_public)
                ]
                if changed:
                    row.save(update_fields=changed)
        # A few attachments' bytes at a time (up to 10 MB each), not the server's default.
        for blob in SealedBlob.objects.iterator(chunk_size=8):
            if _widen(blob, "data", blob.context(), old_keys, new_public):
                blob.save(update_fields=["data"])
        OrganisationKey.objects.filter(organisation=organisation).exclude(pk=created.key.pk).update(
            is_active=False
        )
        if session_matching_key(old_keys) is not None:
            matching_key_grants_write(keys=old_keys, actor=actor, organisation_keys=[created.key])
        AuditEvent.objects.create(actor=actor, verb=AuditEvent.Verb.KEY_ROTATED)
    return created
