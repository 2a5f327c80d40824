"""Organisation keys of a logged-in staff user, and their own key, in the split-key
session. The own key opens what was sealed to the person alone (the texts sent to an
interpreter); it is kept apart so that "which organisation keys are unlocked" stays a
question about organisation keys."""

from reporting.crypto import PrivateKey
from web import keysession

_KEY_NAME = "organisation_keys"
_OWN_KEY_NAME = "own_key"


def store_keys(request, response, keys: list[PrivateKey], own_key: PrivateKey | None) -> None:
    """Call right after `login()`: the sealed keys are bound to the new session id."""
    keysession.begin(request, response)
    keysession.store(request, response, _KEY_NAME, b"".join(k.raw for k in keys))
    if own_key is not None:
        keysession.store(request, response, _OWN_KEY_NAME, own_key.raw)


def session_keys(request) -> list[PrivateKey]:
    raw = keysession.load(request, _KEY_NAME) or b""
    # A case page opens its case, its translations and its deadlines: the same key objects
    # each time keep what they derived (the public key is a scalar multiplication).
    opened = getattr(request, "_session_keys", None)
    if opened is None or opened[0] != raw:
        opened = (raw, [PrivateKey(raw[i : i + 32]) for i in range(0, len(raw), 32)])
        request._session_keys = opened
    return list(opened[1])


def session_own_key(request) -> PrivateKey | None:
    raw = keysession.load(request, _OWN_KEY_NAME)
    return PrivateKey(raw) if raw else None
