"""Organisation keys of a logged-in staff user, in the split-key session."""

from reporting.crypto import PrivateKey
from web import keysession

_KEY_NAME = "organisation_keys"


def store_keys(request, response, keys: list[PrivateKey]) -> None:
    """Call right after `login()`: the sealed keys are bound to the new session id."""
    keysession.begin(request, response)
    keysession.store(request, response, _KEY_NAME, b"".join(k.raw for k in keys))


def session_keys(request) -> list[PrivateKey]:
    raw = keysession.load(request, _KEY_NAME) or b""
    return [PrivateKey(raw[i : i + 32]) for i in range(0, len(raw), 32)]
