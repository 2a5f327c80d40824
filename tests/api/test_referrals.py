"""Referral API: permission matrix incl. partner of A vs referral to B, consent, steps."""

import json

import pytest

from reporting.models import Referral
from reporting.services.referrals import referral_send
from reporting.services.reports import report_submit
from reporting.vocabulary.roles import Role
from tests.factories import submission
from tests.logins import staff_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(association_keyring, make_staff, make_member):
    submitted = report_submit(submission=submission(consent_referral=True, district="14612"))
    caseworker = make_staff(Role.CASEWORKER)
    a = make_member("Beratung A (fiktiv)", districts=["14612"])
    b = make_member("Beratung B (fiktiv)", districts=["14713"])
    referral = referral_send(
        case=submitted.report.case, organisation=a, summary="Für A.", actor=caseworker
    )
    return {"case": submitted.report.case, "caseworker": caseworker, "a": a, "b": b, "referral": referral,
            "receipt": submitted.receipt_code, "statistics": make_staff(Role.STATISTICS)}  # fmt: skip


def api(client, method, url, data=None):
    token = client.get("/api/v1/me/").json().get("csrf_token", "")
    return getattr(client, method)(url, json.dumps(data) if data is not None else None,
                                   content_type="application/json", HTTP_X_CSRFTOKEN=token)  # fmt: skip


@pytest.mark.parametrize(
    ("who", "organisations", "suggestions", "referral_list", "referral_detail"),
    [
        ("anonymous", 403, 403, 403, 403),
        ("reporter", 403, 403, 403, 403),
        ("caseworker", 200, 200, 200, 200),
        ("partner_a", 200, 404, 200, 200),
        ("partner_b", 200, 404, 200, 404),
        ("statistics", 200, 404, 200, 404),
    ],
)
def test_permission_matrix(
    client, world, who, organisations, suggestions, referral_list, referral_detail
):
    if who == "reporter":
        client.post("/de/receipt/", {"code": world["receipt"]})
    elif who != "anonymous":
        user = {"caseworker": world["caseworker"], "partner_a": world["a"].partner,
                "partner_b": world["b"].partner, "statistics": world["statistics"]}[who]  # fmt: skip
        staff_login(client, user)
    case, referral = world["case"], world["referral"]
    assert client.get("/api/v1/organisations/").status_code == organisations
    assert client.get(f"/api/v1/cases/{case.pk}/suggestions/").status_code == suggestions
    listing = client.get("/api/v1/referrals/")
    assert listing.status_code == referral_list
    assert client.get(f"/api/v1/referrals/{referral.pk}/").status_code == referral_detail
    if who == "partner_b":
        assert listing.json()["results"] == []
        assert [o["name"] for o in client.get("/api/v1/organisations/").json()["results"]] == [
            "Beratung B (fiktiv)"
        ]


def test_caseworker_refers_and_partner_steps(client, world):
    staff_login(client, world["caseworker"])
    suggestions = client.get(f"/api/v1/cases/{world['case'].pk}/suggestions/").json()
    assert suggestions[0]["organisation"]["name"] == "Beratung A (fiktiv)"
    assert suggestions[0]["reasons"]
    created = api(
        client,
        "post",
        f"/api/v1/cases/{world['case'].pk}/referrals/",
        {"organisation": world["a"].pk, "summary": "Zweite."},
    )
    assert created.status_code == 201
    client.post("/de/office/logout/")
    staff_login(client, world["a"].partner)
    detail = client.get(f"/api/v1/referrals/{world['referral'].pk}/").json()
    assert detail["summary"] == "Für A."
    step = api(
        client, "post", f"/api/v1/referrals/{world['referral'].pk}/steps/", {"status": "ACCEPTED"}
    )
    assert step.status_code == 201 and step.json()["status"] == "ACCEPTED"
    bad = api(
        client, "post", f"/api/v1/referrals/{world['referral'].pk}/steps/", {"status": "CLOSED"}
    )
    assert bad.status_code == 400 and "outcome" in bad.json()["error"]["fields"]


def test_api_and_office_offer_the_same_organisations(client, world):
    """An inactive organisation is in neither directory and cannot be referred to."""
    world["b"].is_active = False
    world["b"].save(update_fields=["is_active"])
    staff_login(client, world["caseworker"])
    listed = [o["name"] for o in client.get("/api/v1/organisations/").json()["results"]]
    page = client.get(f"/de/office/cases/{world['case'].pk}/").content.decode()
    assert listed == ["Beratung A (fiktiv)"]
    assert "Beratung A (fiktiv)" in page and "Beratung B (fiktiv)" not in page
    refused = api(
        client,
        "post",
        f"/api/v1/cases/{world['case'].pk}/referrals/",
        {"organisation": world["b"].pk, "summary": "An eine ruhende Stelle."},
    )
    assert refused.status_code == 404


def test_partner_b_cannot_step_on_a(client, world):
    staff_login(client, world["b"].partner)
    response = api(
        client, "post", f"/api/v1/referrals/{world['referral'].pk}/steps/", {"status": "ACCEPTED"}
    )
    assert response.status_code == 404
    assert Referral.objects.get(pk=world["referral"].pk).status == "SENT"


def test_caseworker_cannot_step(client, world):
    staff_login(client, world["caseworker"])
    response = api(
        client, "post", f"/api/v1/referrals/{world['referral'].pk}/steps/", {"status": "ACCEPTED"}
    )
    assert response.status_code == 404


def test_refer_without_consent_is_409(client, world):
    no_consent = report_submit(submission=submission(consent_referral=False))
    staff_login(client, world["caseworker"])
    response = api(
        client,
        "post",
        f"/api/v1/cases/{no_consent.report.case.pk}/referrals/",
        {"organisation": world["a"].pk, "summary": "x"},
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "consent_missing"


def test_refer_to_a_paused_organisation_is_409(client, world):
    world["b"].is_paused = True
    world["b"].save()
    staff_login(client, world["caseworker"])
    response = api(
        client,
        "post",
        f"/api/v1/cases/{world['case'].pk}/referrals/",
        {"organisation": world["b"].pk, "summary": "x"},
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "organisation_paused"
    assert not Referral.objects.filter(organisation=world["b"]).exists()


def test_the_directory_shows_pause_hours_and_contacts(client, world):
    b = world["b"]
    b.is_paused, b.opening_hours, b.contact_persons = True, "Mo 9–12", "Frau B., Beratung"
    b.save()
    staff_login(client, world["caseworker"])
    listed = {o["name"]: o for o in client.get("/api/v1/organisations/").json()["results"]}
    entry = listed["Beratung B (fiktiv)"]
    assert (entry["is_paused"], entry["opening_hours"], entry["contact_persons"]) == (
        True,
        "Mo 9–12",
        "Frau B., Beratung",
    )
    assert listed["Beratung A (fiktiv)"]["is_paused"] is False
