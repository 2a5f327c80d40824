"""Stored and reflected XSS: every free-text field renders inert on every page that shows it.

A hostile reporter controls the report, its follow-ups and the attachment names; a
hostile (or compromised) staff account controls messages, notes, summaries and steps.
Each payload goes into every field; each page must show it escaped and contain no
active markup at all (our templates have none: CSP allows no inline code).
"""

import re
import urllib.parse
from html import escape

import pytest
from django.core.validators import EmailValidator, ValidationError
from django.test import Client

from reporting.models import Attachment, Case, Referral
from reporting.vocabulary.roles import Role
from tests.factories import form_data
from tests.security.conftest import (
    assert_inert,
    body_of,
    clone,
    receipt_login,
    rolled_back,
    staff_login,
    upload,
)

pytestmark = pytest.mark.django_db

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "img_onerror": '"><img src=x onerror=alert(1)>',
    "attribute_breakout": "' autofocus onfocus='alert(1)",
    "javascript_url": "javascript:alert(1)//",
    "textarea_breakout": "</textarea><script>alert(1)</script>",
    "svg_onload": "<svg onload=alert(1)>",
    "title_breakout": "</title><iframe src=javascript:alert(1)>",
    "rtl_override": "\u202eexe.gnp\u2066 <b>x</b>\u2069",
}
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")

REPORT_FIELDS = ("narrative", "place_detail", "ground_other", "area_other", "form_other")
# Which stored values each page shows (everything else must not be there at all).
CASE_PAGE = (*REPORT_FIELDS, "reporter_message", "staff_message", "note", "step_text")
REFERRAL_PAGE = ("summary", "step_text")
RECEIPT_PAGE = (*REPORT_FIELDS, "reporter_message", "staff_message")


def email_for(payload: str) -> str | None:
    """The payload as the quoted local part of an address, if the validator accepts it."""
    address = f'"mail{payload}"@example.org'
    try:
        EmailValidator()(address)
    except ValidationError:
        return None
    return address


def values_for(payload: str) -> dict[str, str]:
    values = {field: f"{field}:{payload}" for field in REPORT_FIELDS}
    values |= {f: f"{f}:{payload}" for f in ("reporter_message", "staff_message", "note")}
    values |= {"summary": f"summary:{payload}", "step_text": f"step:{payload}"}
    return values


@pytest.fixture(scope="module", params=list(PAYLOADS), ids=list(PAYLOADS))
def shared_stored(request, shared_world, django_db_blocker):
    """One payload in every field, through the real forms of reporter, caseworker, partner."""
    with rolled_back(django_db_blocker):
        yield _store(shared_world.build, request.param)


@pytest.fixture
def stored(shared_stored, db):
    return shared_stored | {k: clone(shared_stored[k]) for k in CLIENTS}


CLIENTS = ("reporter", "caseworker", "partner")


def _store(build, name: str) -> dict:
    payload = PAYLOADS[name]
    values = values_for(payload)
    reporter = Client()
    data = form_data(
        **{f: values[f] for f in REPORT_FIELDS},
        district="14612",
        grounds=["RACISM", "OTHER"],
        areas=["HOUSING", "OTHER"],
        incident_forms=["DIRECT", "OTHER"],
        consent_referral="on",
    )
    email = email_for(payload)
    if email:
        data |= {"contact_email": email, "consent_contact": "on"}
        values["contact_email"] = email
    data["attachments"] = [upload(f"datei{payload}.png")]
    response = reporter.post("/de/report/", data)
    assert response.status_code == 200, response.context["form"].errors
    code = "".join(response.context["code_groups"])
    receipt_login(reporter, code)
    assert (
        reporter.post("/de/receipt/status/", {"body": values["reporter_message"]}).status_code
        == 302
    )

    organisation = build.member(f"Beratung XSS {name} (fiktiv)", districts=["14612"])
    caseworker = staff_login(Client(), build.staff(Role.CASEWORKER))
    case = Case.objects.order_by("-pk").first()
    base = f"/de/office/cases/{case.pk}/"
    for action, body in (
        ("message", {"message-body": values["staff_message"]}),
        ("note", {"note-body": values["note"]}),
        ("refer", {"organisation": organisation.pk, "summary": values["summary"]}),
    ):
        assert caseworker.post(base + action + "/", body).status_code == 302, action
    referral = Referral.objects.get(organisation=organisation)
    partner = staff_login(Client(), organisation.partner)
    step = {"status": "ACCEPTED", "text": values["step_text"]}
    assert partner.post(f"/de/office/referrals/{referral.pk}/step/", step).status_code == 302
    return {
        "payload": payload,
        "values": values,
        "reporter": reporter,
        "caseworker": caseworker,
        "partner": partner,
        "case": case,
        "referral": referral,
    }


def pick(values: dict, fields) -> dict:
    return {f: values[f] for f in fields} | (
        {"contact_email": values["contact_email"]} if "contact_email" in values else {}
    )


def test_case_page(stored):
    response = stored["caseworker"].get(
        f"/de/office/cases/{stored['case'].pk}/",
        {"prefill": ["narrative", "when", "where", "contact"]},
    )
    assert response.status_code == 200
    html = body_of(response)
    assert_inert(html, pick(stored["values"], CASE_PAGE))
    # the prefilled summary is a <textarea>: the payload stays inside it, escaped
    textarea = re.search(r'<textarea name="summary"[^>]*>(.*?)</textarea>', html, re.S)
    assert textarea and escape(stored["values"]["narrative"]) in textarea.group(1)
    (attachment,) = response.context["detail"].attachments
    name = attachment.name
    assert name and escape(name) in html
    assert not BIDI_CONTROLS.search(name), "bidi controls must not survive in file names"


@pytest.mark.parametrize("viewer", ["partner", "caseworker"])
def test_referral_page(stored, viewer):
    response = stored[viewer].get(f"/de/office/referrals/{stored['referral'].pk}/")
    assert response.status_code == 200
    html = body_of(response)
    assert_inert(html, {f: stored["values"][f] for f in REFERRAL_PAGE})
    # the partner sees the summary only, never the report itself
    assert escape(stored["values"]["narrative"]) not in html


def test_receipt_status_page(stored):
    response = stored["reporter"].get("/de/receipt/status/")
    assert response.status_code == 200
    html = body_of(response)
    assert_inert(html, pick(stored["values"], RECEIPT_PAGE))
    for internal in ("note", "summary", "step_text"):
        assert escape(stored["values"][internal]) not in html, internal


def test_attachment_download_headers(stored):
    attachment = Attachment.objects.get(case=stored["case"], message__isnull=True)
    response = stored["caseworker"].get(f"/de/office/attachments/{attachment.pk}/")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert not re.search(r"[\r\n<>]", disposition)
    assert not BIDI_CONTROLS.search(urllib.parse.unquote(disposition))
    ascii_name = re.search(r'filename="([^"]*)"', disposition).group(1)
    assert re.fullmatch(r"[A-Za-z0-9._-]+", ascii_name)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_staff_api_returns_json_never_html(stored):
    response = stored["caseworker"].get(f"/api/v1/cases/{stored['case'].pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.json()["content"]["narrative"] == stored["values"]["narrative"]
