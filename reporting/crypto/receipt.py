"""Receipt codes: 16 random digits that are never stored.

Argon2id(code, site salt) gives one master secret; HKDF-Expand splits it into
the indexed lookup token and the key that wraps the reporter's private key, so
knowing the token (it is in the database) reveals nothing about the wrapping key.
"""

import hashlib
import hmac
import json
import secrets
import unicodedata
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand

from reporting.crypto.kdf import Argon2Params, argon2id
from reporting.crypto.symmetric import derive_key

RECEIPT_DIGITS = 16
_SEPARATORS = {" ", "-", "\u00a0", "\u2009", "\u202f", "\u2010", "\u2011", "\u2013", "\u2212"}


@dataclass(frozen=True, repr=False)
class ReceiptKeys:
    lookup_token: str  # hex, stored and indexed
    wrapping_key: bytes  # never stored

    def __repr__(self) -> str:
        return "ReceiptKeys(…)"


def generate_receipt_code() -> str:
    return f"{secrets.randbelow(10**RECEIPT_DIGITS):0{RECEIPT_DIGITS}d}"


def format_receipt_code(code: str) -> str:
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def digits_only(raw: str) -> str:
    """The decimal digits of `raw` as ASCII, whatever script they were typed in."""
    values = (unicodedata.decimal(char, None) for char in raw)
    return "".join(str(v) for v in values if v is not None)


def normalise_receipt_code(raw: str) -> str | None:
    """The 16 ASCII digits in `raw`, or None if it is not a receipt code.

    Tolerates spaces and dashes and digits of any script (Arabic-Indic,
    Persian), because reporters type the code on their own keyboards.
    """
    digits = []
    for char in raw.strip():
        if char in _SEPARATORS:
            continue
        value = unicodedata.decimal(char, None)
        if value is None:
            return None
        digits.append(str(value))
    code = "".join(digits)
    return code if len(code) == RECEIPT_DIGITS else None


def derive_receipt_keys(code: str, *, site_salt: str, params: Argon2Params) -> ReceiptKeys:
    master = argon2id(code.encode("ascii"), salt=_salt(site_salt), params=params)
    return ReceiptKeys(
        lookup_token=_expand(master, b"lookup token").hex(),
        wrapping_key=_expand(master, b"reporter key wrap"),
    )


def receipt_settings_check(*, site_salt: str, params: Argon2Params, secret_key: str) -> str:
    """Equal values, equal receipt salt and Argon2id parameters: what the server records
    to notice a changed salt. Keyed with the secret key, so a copy of the database gives
    nobody without that key a way to test guesses of the salt."""
    key = derive_key(secret_key, purpose="receipt settings check")
    parameters = json.dumps(params.as_dict(), sort_keys=True).encode()
    return hmac.new(key, _salt(site_salt) + parameters, hashlib.sha256).hexdigest()


def _salt(site_salt: str) -> bytes:
    return hashlib.sha256(b"meldestelle receipt salt v1" + site_salt.encode()).digest()


def _expand(master: bytes, purpose: bytes) -> bytes:
    return HKDFExpand(
        algorithm=hashes.SHA256(), length=32, info=b"meldestelle receipt v1 " + purpose
    ).derive(master)
