"""Carry the receipt code from the receipt page to its confirmation.

The code is never stored, so the confirmation form carries it back to the
server sealed under a key derived from the secret key, valid for two hours.
With it travel the district and whether the AGG's deadline applies, so that a
second try shows the same help next to the code.
"""

import base64
import json
import time
from dataclasses import asdict, dataclass

from django.conf import settings

from reporting.crypto import DecryptionError, derive_key, open_symmetric, seal_symmetric

MAX_AGE_SECONDS = 2 * 3600
_AAD = b"receipt confirmation"


@dataclass(frozen=True, repr=False)
class Receipt:
    code: str
    district: str = ""  # the help shown is for this district
    agg_deadline: bool = False  # tell the reporter about the AGG's deadline


def _key() -> bytes:
    return derive_key(settings.SECRET_KEY, purpose="receipt confirmation")


def seal_receipt(receipt: Receipt) -> str:
    payload = json.dumps({**asdict(receipt), "at": int(time.time())}).encode()
    return base64.urlsafe_b64encode(seal_symmetric(_key(), payload, aad=_AAD)).decode()


def open_receipt(token: str) -> Receipt | None:
    try:
        payload = json.loads(open_symmetric(_key(), base64.urlsafe_b64decode(token), aad=_AAD))
    except (DecryptionError, ValueError):
        return None
    if time.time() - payload.pop("at") > MAX_AGE_SECONDS:
        return None
    return Receipt(**payload)
