"""Carry the receipt code from the receipt page to its confirmation.

The code is never stored, so the confirmation form carries it back to the
server sealed under a key derived from the secret key, valid for two hours.
"""

import base64
import json
import time

from django.conf import settings

from reporting.crypto import DecryptionError, derive_key, open_symmetric, seal_symmetric

MAX_AGE_SECONDS = 2 * 3600
_AAD = b"receipt confirmation"


def _key() -> bytes:
    return derive_key(settings.SECRET_KEY, purpose="receipt confirmation")


def seal_code(code: str) -> str:
    payload = json.dumps({"code": code, "at": int(time.time())}).encode()
    return base64.urlsafe_b64encode(seal_symmetric(_key(), payload, aad=_AAD)).decode()


def open_code(token: str) -> str | None:
    try:
        payload = json.loads(open_symmetric(_key(), base64.urlsafe_b64decode(token), aad=_AAD))
    except (DecryptionError, ValueError):
        return None
    if time.time() - payload["at"] > MAX_AGE_SECONDS:
        return None
    return payload["code"]
