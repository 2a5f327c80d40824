"""IDOR: every object type, every organisation, every role that must not see it.

A partner of organisation A, a caseworker of a member organisation and the statistics
role guess ids of cases, attachments, referrals, events, notes and messages. They get a
404 that looks exactly like the 404 for an id that does not exist (never a 403 that
confirms the object), never any content, and nothing changes. A reporter's session only
ever shows its own report.
"""

import json

import pytest

from reporting.models import Case, Message, Referral, Report
from tests.case_panel import panel_data
from tests.security.conftest import (
    NARRATIVE_X,
    NARRATIVE_Y,
    ORG_A,
    ORG_B,
    SECRETS_OF_Y,
    STEP_B,
    SUMMARY_A,
    SUMMARY_B,
    body_of,
    missing_uuid,
    normalised,
    snapshot,
)

pytestmark = pytest.mark.django_db

MISSING_CASE = 987654
ASSESSMENT = {"version": 1, "grounds": ["AGE"], "areas": ["WORK"], "forms": [], "district": "14612",
              "incident_month": "", "is_discrimination": True}  # fmt: skip
# name: (method, path, body); {case}, {attachment}, {referral}, {intervention}, {org} are
# filled in (the intervention is the one the referral recorded).
HTML = {
    "case_page": ("get", "/de/office/cases/{case}/", None),
    "attachment": ("get", "/de/office/attachments/{attachment}/", None),
    "referral_page": ("get", "/de/office/referrals/{referral}/", None),
    "update": ("post", "/de/office/cases/{case}/update/", ASSESSMENT | {"is_discrimination": "true", "to_status": "IN_REVIEW", "assignee": ""}),
    "message": ("post", "/de/office/cases/{case}/message/", {"message-body": "Hallo"}),
    "note": ("post", "/de/office/cases/{case}/note/", {"note-body": "Notiz"}),
    "refer": ("post", "/de/office/cases/{case}/refer/", {"organisation": "{org}", "summary": "S"}),
    "intervention": ("post", "/de/office/cases/{case}/intervention/", {"intervention-version": 1, "intervention-kind": "COUNSELLING", "intervention-occurred_on": "2026-06-16"}),
    "intervention_remove": ("post", "/de/office/cases/{case}/intervention-remove/", {"version": 1, "intervention": "{intervention}"}),
    "referral_step": ("post", "/de/office/referrals/{referral}/step/", {"status": "ACCEPTED", "text": "t"}),
    "deadline_record": ("post", "/de/office/cases/{case}/deadlines/record/", {"kind": "AGG_CLAIM", "starts_on": "2026-06-10"}),
    "follow_up": ("post", "/de/office/cases/{case}/deadlines/follow-up/", {"due_on": "2026-06-20", "note": "N"}),
}  # fmt: skip
API = {
    "api_case": ("get", "/api/v1/cases/{case}/", None),
    "api_case_events": ("get", "/api/v1/cases/{case}/events/", None),
    "api_suggestions": ("get", "/api/v1/cases/{case}/suggestions/", None),
    "api_referral": ("get", "/api/v1/referrals/{referral}/", None),
    "api_transition": ("post", "/api/v1/cases/{case}/transition/", {"version": 1, "to_status": "IN_REVIEW"}),
    "api_assign": ("post", "/api/v1/cases/{case}/assign/", {"version": 1, "assignee": None}),
    "api_assessment": ("put", "/api/v1/cases/{case}/assessment/", ASSESSMENT),
    "api_note": ("post", "/api/v1/cases/{case}/notes/", {"body": "Notiz"}),
    "api_message": ("post", "/api/v1/cases/{case}/messages/", {"body": "Hallo"}),
    "api_refer": ("post", "/api/v1/cases/{case}/referrals/", {"organisation": "{org}", "summary": "S"}),
    "api_intervention": ("post", "/api/v1/cases/{case}/interventions/", {"version": 1, "kind": "COUNSELLING", "occurred_on": "2026-06-16"}),
    "api_intervention_remove": ("post", "/api/v1/cases/{case}/interventions/{intervention}/remove/", {"version": 1}),
    "api_referral_step": ("post", "/api/v1/referrals/{referral}/steps/", {"status": "ACCEPTED"}),
}  # fmt: skip
ENDPOINTS = HTML | API
ATTACKERS = ("partner_a", "member_caseworker", "statistics")


def ids_of(world, target: str) -> dict:
    report = world.x if target == "x" else world.y
    return {
        "case": report.report.case.pk,
        "attachment": (world.attachment_x if target == "x" else world.attachment_y).pk,
        "referral": (world.referral_a if target == "x" else world.referral_b).pk,
        "intervention": (world.referral_a if target == "x" else world.referral_b).intervention.pk,
        "org": world.org_a.pk,
    }


def missing_ids(world) -> dict:
    return {"case": MISSING_CASE, "attachment": missing_uuid(), "referral": missing_uuid(),
            "intervention": missing_uuid(), "org": world.org_a.pk}  # fmt: skip


def fill(value, ids):
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    if isinstance(value, str):
        filled = value.format(**ids)
        return int(filled) if value == "{org}" else filled
    return value


def call(client, name, ids):
    method, path, body = ENDPOINTS[name]
    path = path.format(**ids)
    if body is None:
        return getattr(client, method)(path)
    body = fill(body, ids)
    if name.startswith("api_"):
        return getattr(client, method)(path, json.dumps(body), content_type="application/json")
    return getattr(client, method)(path, body)


def visible_by_right(attacker: str, name: str, target: str) -> bool:
    """Partner A may read its own referral (of report X); everything else is foreign."""
    own = ("referral_page", "api_referral", "referral_step", "api_referral_step")
    return attacker == "partner_a" and target == "x" and name in own


def leaked(text: str, target: str) -> list[str]:
    secrets = SECRETS_OF_Y if target == "y" else (NARRATIVE_X, SUMMARY_A)
    return [s for s in secrets if s in text or json.dumps(s)[1:-1] in text]


def foreign_cases():
    """Partner A against both reports (X was referred to A); the others see no report."""
    for attacker in ATTACKERS:
        for name in ENDPOINTS:
            for target in ("x", "y") if attacker == "partner_a" else ("y",):
                if not visible_by_right(attacker, name, target):
                    yield pytest.param(attacker, name, target, id=f"{attacker}-{name}-{target}")


@pytest.mark.parametrize(("attacker", "name", "target"), list(foreign_cases()))
def test_foreign_object_is_a_404_like_a_missing_one(world, attacker, name, target):
    client = world.client(attacker)
    ids, missing = ids_of(world, target), missing_ids(world)
    before = snapshot()
    real = call(client, name, ids)
    absent = call(client, name, missing)
    assert real.status_code == 404, (real.status_code, body_of(real)[:300])
    assert absent.status_code == 404
    assert normalised(real, *ids.values()) == normalised(absent, *missing.values())
    assert leaked(body_of(real), target) == []
    assert snapshot() == before


@pytest.mark.parametrize("name", ["case_page", "attachment", "api_case", "api_case_events"])
def test_partner_never_sees_the_case_behind_its_own_referral(world, name):
    """Partners get the summary only; the report, its files and its audit stay closed."""
    client = world.client("partner_a")
    assert client.get(f"/de/office/referrals/{world.referral_a.pk}/").status_code == 200
    response = call(client, name, ids_of(world, "x"))
    assert response.status_code == 404
    assert NARRATIVE_X not in body_of(response)


# --- positive controls: the 404s above are not just broken URLs -------------------------

OWNERS = {
    "case_page": "caseworker",
    "attachment": "caseworker",
    "referral_page": "partner_b",
    "api_case": "caseworker",
    "api_case_events": "caseworker",
    "api_suggestions": "caseworker",
    "api_referral": "partner_b",
}


@pytest.mark.parametrize("name", list(OWNERS))
def test_the_rightful_reader_gets_the_object(world, name):
    response = call(world.client(OWNERS[name]), name, ids_of(world, "y"))
    assert response.status_code == 200, body_of(response)[:300]


# --- collections ------------------------------------------------------------------------

COLLECTIONS = {
    "inbox": "/de/office/",
    "referral_list": "/de/office/referrals/",
    "api_cases": "/api/v1/cases/",
    "api_events": "/api/v1/events/",
    "api_referrals": "/api/v1/referrals/",
    "api_organisations": "/api/v1/organisations/",
}


@pytest.mark.parametrize("name", list(COLLECTIONS))
@pytest.mark.parametrize("attacker", ATTACKERS)
def test_collections_hold_nothing_foreign(world, attacker, name):
    response = world.client(attacker).get(COLLECTIONS[name])
    assert response.status_code in (200, 404), response.status_code
    text = body_of(response)
    assert leaked(text, "y") == [] and leaked(text, "x") == []
    assert ORG_B not in text
    assert str(world.referral_b.pk) not in text
    assert f"/cases/{world.case_y.pk}/" not in text
    if response.status_code == 200 and name.startswith("api_"):
        results = response.json()["results"]
        if attacker == "partner_a" and name == "api_referrals":
            assert [r["id"] for r in results] == [str(world.referral_a.pk)]
        elif attacker == "partner_a" and name == "api_organisations":
            assert [o["name"] for o in results] == [ORG_A]
        else:
            assert results == []


@pytest.mark.parametrize("attacker", ATTACKERS)
def test_no_organisation_detail_to_guess(world, attacker):
    client = world.client(attacker)
    for org in (world.org_a, world.org_b):
        response = client.get(f"/api/v1/organisations/{org.pk}/")
        assert response.status_code == 404
        assert org.name not in body_of(response)


def test_partner_list_shows_its_own_referral_only(world):
    response = world.client("partner_a").get("/de/office/referrals/")
    assert response.status_code == 200
    assert list(response.context["referrals"]) == [world.referral_a]


def test_events_are_for_administrators_only(world):
    assert world.client("caseworker").get("/api/v1/events/").status_code == 404
    assert world.client("administrator").get("/api/v1/events/").status_code == 200


def test_partner_cannot_address_another_organisations_referral_by_case(world):
    """Referring case Y to organisation A (as partner A) or reading its suggestions: 404."""
    client = world.client("partner_a")
    before = snapshot()
    response = client.post(
        f"/api/v1/cases/{world.case_y.pk}/referrals/",
        json.dumps({"organisation": world.org_a.pk, "summary": "gib her"}),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert snapshot() == before


# --- the reporter ---------------------------------------------------------------------------


def test_status_page_shows_only_the_sessions_own_report(world):
    y = world.y.report
    response = world.client("reporter_x").get(
        "/de/receipt/status/",
        {"report": str(y.pk), "report_id": str(y.pk), "case": y.case.pk, "id": str(y.pk)},
    )
    assert response.status_code == 200
    text = body_of(response)
    assert NARRATIVE_X in text
    assert leaked(text, "y") == []
    assert response.context["view"].report.pk == world.x.report.pk


def test_reporter_cannot_write_into_another_report(world):
    y = world.y.report
    before_y = Message.objects.filter(case__report=y).count()
    response = world.client("reporter_x").post(
        "/de/receipt/status/",
        {"body": "Nachtrag", "report": str(y.pk), "report_id": str(y.pk), "case": y.case.pk},
    )
    assert response.status_code == 302
    assert Message.objects.filter(case__report=y).count() == before_y
    assert Message.objects.filter(case__report=world.x.report, author_side="REPORTER").count() == 1


def test_reporter_cannot_withdraw_another_reports_consent(world):
    y = world.y.report
    response = world.client("reporter_x").post(
        "/de/receipt/withdraw/", {"confirm": "on", "report": str(y.pk), "report_id": str(y.pk)}
    )
    assert response.status_code == 302
    assert Report.objects.get(pk=y.pk).consent_referral
    assert Referral.objects.get(pk=world.referral_b.pk).status == "ACCEPTED"
    assert not Report.objects.get(pk=world.x.report.pk).consent_referral


@pytest.mark.parametrize("name", [n for n, spec in ENDPOINTS.items() if spec[0] == "get"])
@pytest.mark.parametrize("visitor", ["reporter_x", "anonymous"])
def test_reporter_session_opens_no_staff_object(world, visitor, name):
    """Even its own case: a receipt session is no staff session, and says nothing more."""
    client = world.client(visitor)
    ids, missing = ids_of(world, "x"), missing_ids(world)
    real, absent = call(client, name, ids), call(client, name, missing)
    if name.startswith("api_"):
        assert real.status_code == 403 and real.json()["error"]["code"] == "not_authenticated"
    else:
        assert real.status_code in (302, 404)
        if real.status_code == 302:
            assert real["Location"].startswith("/de/office/login/")
    assert (real.status_code, normalised(real, *ids.values())) == (
        absent.status_code,
        normalised(absent, *missing.values()),
    )
    assert NARRATIVE_X not in body_of(real) and SUMMARY_A not in body_of(real)


def test_steps_of_other_partner_stay_sealed_from_partner_a(world):
    response = world.client("partner_a").get(f"/api/v1/referrals/{world.referral_b.pk}/")
    assert response.status_code == 404
    assert STEP_B not in body_of(response) and SUMMARY_B not in body_of(response)
    assert NARRATIVE_Y not in body_of(response)


# --- people as objects: a case can only go to the association's own caseworkers ------------


@pytest.mark.parametrize("outsider", ["member_caseworker", "partner_b", "statistics"])
def test_case_cannot_be_assigned_outside_the_association(world, outsider):
    """An assignee outside the association could not even open the case; the assignee
    list must not offer (or accept) staff of member organisations or other roles."""
    user = getattr(world, outsider, None) or world.org_b.partner
    case = world.case_y
    client = world.client("caseworker")
    page = client.get(f"/de/office/cases/{case.pk}/")
    offered = {str(pk) for pk, _label in page.context["panel_form"].fields["assignee"].choices}
    assert str(user.pk) not in offered
    html = client.post(f"/de/office/cases/{case.pk}/update/", panel_data(case, assignee=user.pk))
    api = client.post(
        f"/api/v1/cases/{case.pk}/assign/",
        json.dumps({"version": case.version, "assignee": user.pk}),
        content_type="application/json",
    )
    assert (html.status_code, api.status_code) == (400, 400)
    assert Case.objects.get(pk=case.pk).assignee_id is None
    inbox = client.get("/de/office/")
    assert user.username not in body_of(inbox)
