"""Reflected XSS: invalid input shown again with its errors, and paths in error pages.

Uses the payloads of test_xss_stored; every page must show them escaped and contain no
active markup.
"""

import urllib.parse

import pytest

from tests.factories import form_data
from tests.security.conftest import (
    assert_inert,
    body_of,
    markup_problems,
    upload,
)
from tests.security.test_xss_stored import PAYLOADS, REPORT_FIELDS

pytestmark = pytest.mark.django_db


@pytest.fixture(params=list(PAYLOADS), ids=list(PAYLOADS))
def payload(request):
    return PAYLOADS[request.param]


def test_report_form_errors_reflect_input_inert(client, world, payload):
    values = {f: f"{f}:{payload}" for f in REPORT_FIELDS}
    data = form_data(**values, district=None, grounds=["OTHER"], areas=["OTHER"])
    data |= {"incident_forms": ["OTHER"], "contact_email": payload, "contact_phone": payload}
    data["attachments"] = [upload(f"datei{payload}.png", b"not an image", "text/plain")]
    response = client.post("/de/report/", data)
    assert response.status_code == 400
    assert_inert(body_of(response), values | {"contact_email": payload})


def test_contact_phone_refuses_markup(client, world, payload):
    data = form_data(contact_phone=f"+49 {payload}", consent_contact="on")
    response = client.post("/de/report/", data)
    assert response.status_code == 400
    assert "contact_phone" in response.context["form"].errors


def test_receipt_login_reflects_code_inert(client, world, payload):
    response = client.post("/de/receipt/", {"code": payload[:64]})
    assert response.status_code == 400
    assert markup_problems(body_of(response)) == []


def test_receipt_message_errors_reflect_input_inert(world, payload):
    reporter = world.client("reporter_x")
    body = f"body:{payload}"
    response = reporter.post(
        "/de/receipt/status/",
        {"body": body, "attachments": [upload(f"f{payload}.png", b"MZ", "text/plain")]},
    )
    assert response.status_code == 400
    html = body_of(response)
    assert_inert(html, {"body": body})


def test_office_form_errors_reflect_input_inert(world, payload):
    case = world.case_x
    caseworker = world.client("caseworker")
    too_long = f"note:{payload}" + "x" * 5001
    response = caseworker.post(f"/de/office/cases/{case.pk}/note/", {"note-body": too_long})
    assert response.status_code == 400
    assert_inert(body_of(response), {"note": too_long})
    response = caseworker.get("/de/office/", {"received_from": payload, "district": payload})
    assert response.status_code == 200
    assert_inert(body_of(response), {"received_from": payload})


def test_office_login_reflects_username_inert(client, world, payload):
    response = client.post("/de/office/login/", {"username": payload, "password": "x"})
    assert response.status_code == 200
    assert_inert(body_of(response), {"username": payload})


def test_not_found_page_reflects_path_inert(client, world, payload):
    response = client.get("/de/" + urllib.parse.quote(payload, safe="") + "/")
    assert response.status_code == 404
    assert markup_problems(body_of(response)) == []
