"""Split-key storage of secrets for a logged-in browser (DESIGN §5).

The secret is sealed under a random per-session key. The sealed bytes live in
the server-side session; the key lives only in its own HttpOnly, SameSite=Strict
cookie. Neither the session store nor the cookie alone opens anything, and
ending the session destroys both.
"""

import base64

from django.conf import settings

from reporting.crypto import DecryptionError, open_symmetric, random_key, seal_symmetric

KEY_COOKIE = "ms_key"
_SESSION_FIELD = "sealed_secrets"


def _aad(session_key: str, name: str) -> bytes:
    return f"meldestelle keysession v1|{session_key}|{name}".encode()


def begin(request, response) -> None:
    """At every login: a fresh cookie key, so nothing from an earlier login carries over."""
    key = random_key()
    request._keysession_new_key = key
    request.session.pop(_SESSION_FIELD, None)
    response.set_cookie(
        KEY_COOKIE,
        base64.urlsafe_b64encode(key).decode(),
        max_age=None,
        secure=settings.SECURE_COOKIES,
        httponly=True,
        samesite="Strict",
    )


def store(request, response, name: str, secret: bytes) -> None:
    """Seal `secret` under this browser's cookie key (a new one if there is none)."""
    if not request.session.session_key:
        request.session.save()
    key = _cookie_key(request)
    if key is None:
        begin(request, response)
        key = request._keysession_new_key
    sealed = request.session.get(_SESSION_FIELD, {})
    sealed[name] = base64.b64encode(
        seal_symmetric(key, secret, aad=_aad(request.session.session_key, name))
    ).decode()
    request.session[_SESSION_FIELD] = sealed


def load(request, name: str) -> bytes | None:
    key = _cookie_key(request)
    sealed = request.session.get(_SESSION_FIELD, {}).get(name)
    if key is None or sealed is None or not request.session.session_key:
        return None
    try:
        return open_symmetric(
            key, base64.b64decode(sealed), aad=_aad(request.session.session_key, name)
        )
    except (DecryptionError, ValueError):
        return None


def destroy(request, response) -> None:
    request.session.flush()
    response.delete_cookie(KEY_COOKIE, samesite="Strict")


class OrphanKeyCookieMiddleware:
    """Deletes a key cookie whose session holds nothing any more (expired, flushed, or
    ended elsewhere), so that the browser does not keep a key for the rest of its life."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            KEY_COOKIE in request.COOKIES
            and KEY_COOKIE not in response.cookies
            and not request.session.get(_SESSION_FIELD)
        ):
            response.delete_cookie(KEY_COOKIE, samesite="Strict")
        return response


def _cookie_key(request) -> bytes | None:
    new_key = getattr(request, "_keysession_new_key", None)
    if new_key:
        return new_key
    raw = request.COOKIES.get(KEY_COOKIE)
    if not raw:
        return None
    try:
        key = base64.urlsafe_b64decode(raw.encode())
    except ValueError:
        return None
    return key if len(key) == 32 else None
