"""The organisation keys of a request are turned into key objects once: a case page
opens its case, translations and deadlines with the same objects (they keep their
derived public keys), and a changed session gets new ones."""

from types import SimpleNamespace

from web import keysession
from web.staff_session import session_keys


def test_a_request_opens_its_keys_once(monkeypatch):
    stored = {"raw": bytes(range(32)) + bytes(range(32, 64))}
    monkeypatch.setattr(keysession, "load", lambda request, name: stored["raw"])
    request = SimpleNamespace()

    first, second = session_keys(request), session_keys(request)

    assert [k.raw for k in first] == [bytes(range(32)), bytes(range(32, 64))]
    assert all(a is b for a, b in zip(first, second, strict=True))
    assert first is not second  # each caller has a list of its own
    stored["raw"] = bytes(range(64, 96))
    assert [k.raw for k in session_keys(request)] == [bytes(range(64, 96))]
    stored["raw"] = None
    assert session_keys(request) == []
