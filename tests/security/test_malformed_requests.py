"""Malformed, oversized and mistyped bodies: always a 4xx, never a 500, nothing stored.

Every public POST endpoint, the reporter's status page and staff API write endpoints get
bodies no browser would send: over the size limits, broken multipart, invalid UTF-8,
JSON nested or repeated until the parser gives up, and the wrong content type.
"""

import json

import pytest

from tests.factories import api_payload, form_data
from tests.security.conftest import body_of, snapshot

pytestmark = pytest.mark.django_db

LIMIT = 256 * 1024  # DATA_UPLOAD_MAX_MEMORY_SIZE


def multipart(*parts: bytes, boundary: bytes = b"B0UNDARY", close: bool = True) -> bytes:
    body = b"".join(b"--" + boundary + b"\r\n" + part + b"\r\n" for part in parts)
    return body + (b"--" + boundary + b"--\r\n" if close else b"")


def field(name: str, value: bytes) -> bytes:
    return f'Content-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + value


MULTIPART = "multipart/form-data; boundary=B0UNDARY"
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"

# name: (content type, body). To every endpoint:
BODIES = {
    "oversized_urlencoded": (FORM, b"narrative=" + b"x" * (LIMIT + 1024)),
    "oversized_multipart_field": (MULTIPART, multipart(field("body", b"x" * (LIMIT + 1024)))),
    "oversized_json": (JSON, json.dumps({"body": "x" * (LIMIT + 1024)}).encode()),
    "too_many_fields": (FORM, "&".join(f"f{i}=1" for i in range(1000)).encode()),
    "multipart_without_boundary": ("multipart/form-data", multipart(field("body", b"x"))),
    "invalid_utf8_urlencoded": (FORM, b"narrative=%ff%fe%fd\xff\xfe&body=\xc3\x28&code=\xe2\x82"),
    "invalid_utf8_json": (JSON, b'{"body": "\xff\xfe\xfd", "narrative": "\xc3\x28"}'),
    "deeply_nested_json_array": (JSON, b"[" * 100_000),
    "text_plain": ("text/plain", json.dumps(api_payload()).encode()),
    "xml_with_entity": ("application/xml", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'),
    "no_content_type": ("", b"body=x"),
}  # fmt: skip
# Only to the HTML form endpoints:
FORM_BODIES = {
    "multipart_empty_boundary": ("multipart/form-data; boundary=", multipart(field("body", b"x"))),
    "multipart_overlong_boundary": ("multipart/form-data; boundary=" + "b" * 200, b"--" + b"b" * 200),
    "multipart_truncated": (MULTIPART, multipart(field("body", b"x" * 100), close=False)[:-10]),
    "multipart_other_boundary": (MULTIPART, multipart(field("body", b"x"), boundary=b"OTHER")),
    "multipart_part_without_headers": (MULTIPART, multipart(b"\r\njust data")),
    "multipart_bad_file_part": (MULTIPART, multipart(
        b'Content-Disposition: form-data; name="attachments"; filename="\xff\xfe.png"\r\n'
        b"Content-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\ntruncated")),
    "invalid_utf8_multipart": (MULTIPART, multipart(field("body", b"\xff\xfe\xfd"), field("code", b"\xc3\x28"))),
    "json_to_form_endpoint": (JSON, json.dumps(form_data() | {"body": "x", "code": "1234"}).encode()),
}  # fmt: skip
# Only to the JSON endpoints:
JSON_BODIES = {
    "lone_surrogate_json": (JSON, b'{"body": "\\ud800", "text": "\\udfff", "narrative": "\\ud800xxxxxxxxxx"}'),
    "nested_json_5000": (JSON, b"[" * 5000 + b"]" * 5000),
    "long_json_array": (JSON, json.dumps({"body": ["x"] * 40_000}).encode()),
    "long_top_level_array": (JSON, json.dumps([0] * 80_000).encode()),
    "huge_json_integer": (JSON, b'{"version": ' + b"9" * 5000 + b', "organisation": 1}'),
    "json_nan_and_infinity": (JSON, b'{"version": NaN, "body": Infinity}'),
    "json_wrong_types": (JSON, json.dumps({"body": {"$gt": ""}, "narrative": 12, "text": [1], "status": {}}).encode()),
    "empty_json": (JSON, b""),
    "json_with_unknown_charset": (JSON + "; charset=x-does-not-exist", b'{"unknown": "\xff"}'),
    "json_declared_utf16": (JSON + "; charset=utf-16", b'{"body": "x"}'),
    "multipart_to_json_endpoint": (MULTIPART, multipart(field("body", b"x"), field("text", b"y"))),
}  # fmt: skip
# Django's multipart and form parsers are lenient: a missing closing boundary is tolerated
# and undecodable bytes become U+FFFD. On the status page that can make a valid message.
LENIENT = ("multipart_truncated", "multipart_other_boundary", "invalid_utf8_urlencoded",
           "invalid_utf8_multipart")  # fmt: skip

# name: (actor, path); {case} and {referral} are filled in.
ENDPOINTS = {
    "report_form": ("anonymous", "/de/report/"),
    "receipt_login": ("anonymous", "/de/receipt/"),
    "receipt_status": ("reporter_x", "/de/receipt/status/"),
    "public_api": ("anonymous", "/api/v1/public/reports/"),
    "staff_api_note": ("caseworker", "/api/v1/cases/{case}/notes/"),
    "staff_api_referral_step": ("partner_a", "/api/v1/referrals/{referral}/steps/"),
}


def cases():
    for endpoint in ENDPOINTS:
        extra = JSON_BODIES if "api" in endpoint else FORM_BODIES
        for body in {**BODIES, **extra}:
            if not (endpoint == "receipt_status" and body in LENIENT):
                yield pytest.param(endpoint, body, id=f"{endpoint}-{body}")


def send(world, endpoint, body):
    actor, path = ENDPOINTS[endpoint]
    content_type, data = {**BODIES, **FORM_BODIES, **JSON_BODIES}[body]
    client = world.client(actor, raise_request_exception=False)
    path = path.format(case=world.case_x.pk, referral=world.referral_a.pk)
    # generic(): the test client's post() would re-encode the bytes to the declared charset
    return client, client.generic("POST", path, data, content_type=content_type)


@pytest.mark.parametrize(("endpoint", "body"), list(cases()))
def test_bad_body_is_a_4xx_and_changes_nothing(world, endpoint, body):
    before = snapshot()
    client, response = send(world, endpoint, body)
    assert 400 <= response.status_code < 500, (response.status_code, body_of(response)[:200])
    assert snapshot() == before
    if ENDPOINTS[endpoint][0] == "reporter_x":
        assert client.get("/de/receipt/status/").status_code == 200


@pytest.mark.parametrize("body", LENIENT)
def test_leniently_parsed_message_is_stored_as_valid_text(world, body):
    """No 500 and no raw bytes: what Django's parser recovers is stored as clean text."""
    client, response = send(world, "receipt_status", body)
    assert response.status_code in (302, 400)
    page = client.get("/de/receipt/status/")
    assert page.status_code == 200
    for message in page.context["view"].messages:
        message.body.encode("utf-8")  # valid Unicode, no lone surrogates


@pytest.mark.parametrize("endpoint", ["public_api", "staff_api_note"])
def test_api_errors_keep_the_envelope(world, endpoint):
    """Parse errors of the API answer in JSON, not with an HTML page."""
    actor, path = ENDPOINTS[endpoint]
    client = world.client(actor)
    response = client.post(path.format(case=world.case_x.pk), b"{broken", content_type=JSON)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "parse_error"


@pytest.mark.parametrize("action", ["delete", "TRANSITION", "transition.x", "__class__", "%00"])
def test_unknown_case_action_is_a_404(world, action):
    """POST /de/office/cases/<pk>/<action>/ with an action the office does not know."""
    client = world.client("caseworker", raise_request_exception=False)
    before = snapshot()
    response = client.post(f"/de/office/cases/{world.case_x.pk}/{action}/", {"version": 1})
    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize(
    "path",
    [
        "/de/office/cases/{id}/",
        "/de/office/cases/{id}/history/",
        "/api/v1/cases/{id}/",
        "/api/v1/cases/{id}/notes/",
    ],
)
@pytest.mark.parametrize("case_id", ["9" * 19, "9" * 40, "0", "٣", "1e3"])
def test_case_ids_no_row_can_have_are_a_404(world, path, case_id):
    """Beyond a 64-bit integer, zero, other scripts' digits: a 404, never a driver error."""
    client = world.client("caseworker", raise_request_exception=False)
    method = client.post if path.endswith("notes/") else client.get
    assert method(path.format(id=case_id)).status_code == 404


METHOD_PROBES = {
    "/de/report/": ("anonymous", ["put", "delete", "patch"]),
    "/de/receipt/status/": ("reporter_x", ["put", "delete"]),
    "/de/receipt/logout/": ("reporter_x", ["get"]),
    "/de/receipt/withdraw/": ("reporter_x", ["get"]),
    "/de/office/logout/": ("caseworker", ["get"]),
    "/de/office/cases/{case}/note/": ("caseworker", ["get", "put"]),
    "/de/office/referrals/{referral}/step/": ("partner_a", ["get"]),
    "/api/v1/public/reports/": ("anonymous", ["get", "put", "delete"]),
    "/api/v1/cases/{case}/": ("caseworker", ["put", "delete", "options"]),
    "/api/v1/cases/{case}/notes/": ("caseworker", ["get", "put"]),
}


@pytest.mark.parametrize("path", list(METHOD_PROBES))
def test_unexpected_methods_are_refused_without_error(world, path):
    actor, methods = METHOD_PROBES[path]
    client = world.client(actor, raise_request_exception=False)
    url = path.format(case=world.case_x.pk, referral=world.referral_a.pk)
    before = snapshot()
    for method in methods:
        response = getattr(client, method)(url)
        assert 400 <= response.status_code < 500, (method, response.status_code)
    assert snapshot() == before
