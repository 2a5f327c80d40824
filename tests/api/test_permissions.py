"""The permission matrix of every staff endpoint (CONVENTIONS: tests).

Who is not a verified staff user gets a 403 envelope and never data; staff who
may not work on cases get a 404 for every case, never a 403 that confirms it.
"""

import base64
import json

import pytest
from django.test import Client
from django.utils import timezone

from reporting.models import AuditEvent, Deadline, Intervention
from tests.api.conftest import NARRATIVE, assert_envelope
from tests.logins import STAFF_PASSWORD as PASSWORD

pytestmark = pytest.mark.django_db

ASSESSMENT = {
    "version": 1,
    "grounds": ["RACISM"],
    "areas": ["HOUSING"],
    "forms": [],
    "district": "14713",
    "incident_month": "",
    "is_discrimination": None,
}
# name: (method, path with {case}, body, status for a caseworker with keys)
ENDPOINTS = {
    "me": ("get", "/api/v1/me/", None, 200),
    "case_list": ("get", "/api/v1/cases/", None, 200),
    "case_list_due": ("get", "/api/v1/cases/?due=OVERDUE", None, 200),
    "case_detail": ("get", "/api/v1/cases/{case}/", None, 200),
    "transition": (
        "post",
        "/api/v1/cases/{case}/transition/",
        {"to_status": "IN_REVIEW", "version": 1},
        200,
    ),
    "assign": ("post", "/api/v1/cases/{case}/assign/", {"assignee": None, "version": 1}, 200),
    "assessment": ("put", "/api/v1/cases/{case}/assessment/", ASSESSMENT, 200),
    "note": ("post", "/api/v1/cases/{case}/notes/", {"body": "Intern: Rückruf."}, 201),
    "message": ("post", "/api/v1/cases/{case}/messages/", {"body": "Danke für Ihre Meldung."}, 201),
    "intervention": (
        "post",
        "/api/v1/cases/{case}/interventions/",
        {"version": 1, "kind": "COUNSELLING", "occurred_on": "2026-06-16", "notes": "Gespräch."},
        201,
    ),
    "intervention_remove": (
        "post",
        "/api/v1/cases/{case}/interventions/{intervention}/remove/",
        {"version": 1},
        200,
    ),
    "case_events": ("get", "/api/v1/cases/{case}/events/", None, 200),
    "deadline_list": ("get", "/api/v1/cases/{case}/deadlines/", None, 200),
    "deadline_record": (
        "post",
        "/api/v1/cases/{case}/deadlines/",
        {"kind": "AGG_CLAIM", "starts_on": "2026-06-10"},
        201,
    ),
    "deadline_step": ("post", "/api/v1/cases/{case}/deadlines/{deadline}/close/", {}, 200),
    "follow_up_set": (
        "put",
        "/api/v1/cases/{case}/follow-up/",
        {"due_on": "2026-06-20", "note": "Rückruf"},
        200,
    ),
    "follow_up_clear": ("delete", "/api/v1/cases/{case}/follow-up/", None, 204),
    "events": ("get", "/api/v1/events/", None, 404),
}
CASE_ENDPOINTS = [name for name in ENDPOINTS if name not in ("me", "events")]

# kind: {endpoint: (status, code)}, defaults in `expected`
NOT_LOGGED_IN = {name: (403, "not_authenticated") for name in ENDPOINTS}
UNVERIFIED = {name: (403, "second_factor_required") for name in ENDPOINTS}
NO_CASES = {
    "me": (200, None),
    **{name: (404, "not_found") for name in CASE_ENDPOINTS},
    "events": (404, "not_found"),
}
MATRIX = {
    "anonymous": NOT_LOGGED_IN,
    "reporter": NOT_LOGGED_IN,
    "caseworker_without_second_factor": UNVERIFIED,
    "caseworker": {name: (spec[3], None) for name, spec in ENDPOINTS.items()}
    | {"events": (404, "not_found")},
    "administrator": {name: (spec[3], None) for name, spec in ENDPOINTS.items()}
    | {"events": (200, None)},
    "caseworker_without_keys": {name: (spec[3], None) for name, spec in ENDPOINTS.items()}
    | {"case_detail": (403, "keys_locked"), "events": (404, "not_found")},
    "partner": NO_CASES,
    "statistics": NO_CASES,
    "member_caseworker": NO_CASES,
    # Their own organisation's inbox (empty here), and a 404 for the association's case.
    "own_caseworker": NO_CASES | {"case_list": (200, None), "case_list_due": (200, None)},
}


def _intervention_of(case) -> Intervention:
    """A row to remove, written without the service so that it leaves no audit row."""
    return Intervention.objects.get_or_create(
        case=case,
        defaults={
            "kind": "COUNSELLING",
            "occurred_on": case.received_on,
            "created_at": timezone.now(),
        },
    )[0]


def _deadline_of(case) -> Deadline:
    """A deadline to close, written without the service so that it leaves no audit row."""
    return Deadline.objects.get_or_create(
        case=case,
        defaults={
            "kind": "OBJECTION",
            "starts_on": case.received_on,
            "period_months": 1,
            "ends_on": case.received_on,
            "recorded_at": timezone.now(),
        },
    )[0]


def call(client, name, case, **extra):
    method, path, body, _status = ENDPOINTS[name]
    if "{intervention}" in path:
        path = path.format(case=case.pk, intervention=_intervention_of(case).pk)
    if "{deadline}" in path:
        path = path.format(case=case.pk, deadline=_deadline_of(case).pk)
    path = path.format(case=case.pk)
    if body is None:
        return getattr(client, method)(path, **extra)
    return getattr(client, method)(path, json.dumps(body), content_type="application/json", **extra)


@pytest.mark.parametrize("kind", list(MATRIX))
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_permission_matrix(client_for, case, kind, endpoint):
    client = client_for(kind)
    events_before = AuditEvent.objects.count()
    response = call(client, endpoint, case)
    status, code = MATRIX[kind][endpoint]
    if status >= 400:
        assert_envelope(response, status, code)
        assert set(response.json()) == {"error"}
        assert AuditEvent.objects.count() == events_before, "a refused request changed something"
    else:
        assert response.status_code == status, response.content[:500]
    assert NARRATIVE.encode() not in response.content or endpoint == "case_detail"
    assert response["Cache-Control"] == "no-store"


def test_unknown_case_is_404_for_everyone_who_works_on_cases(client_for, case):
    client = client_for("caseworker")
    for name in CASE_ENDPOINTS:
        if name.startswith("case_list"):
            continue
        method, path, body, _status = ENDPOINTS[name]
        url = path.format(
            case=case.pk + 1000,
            intervention=_intervention_of(case).pk,
            deadline=_deadline_of(case).pk,
        )
        response = (
            getattr(client, method)(url, json.dumps(body), content_type="application/json")
            if body
            else getattr(client, method)(url)
        )
        assert_envelope(response, 404, "not_found")


CSRF_CHECKED = (
    "transition", "assign", "assessment", "note", "message", "intervention",
    "deadline_record", "deadline_step", "follow_up_set", "follow_up_clear",
)  # fmt: skip


@pytest.mark.parametrize("name", CSRF_CHECKED)
def test_writes_without_csrf_token_are_refused(login, caseworker, case, name):
    client = login(caseworker)  # the login pages themselves are not under test here
    client.handler.enforce_csrf_checks = True
    events_before = AuditEvent.objects.count()
    assert_envelope(call(client, name, case), 403, "csrf_failed")
    assert AuditEvent.objects.count() == events_before
    token = client.get("/api/v1/me/").json()["csrf_token"]
    assert call(client, name, case, HTTP_X_CSRFTOKEN=token).status_code == ENDPOINTS[name][3]


def test_reads_need_no_csrf_token(login, caseworker, case):
    client = login(caseworker)
    client.handler.enforce_csrf_checks = True
    assert client.get(f"/api/v1/cases/{case.pk}/").status_code == 200


def test_session_without_key_cookie_cannot_decrypt(login, caseworker, case):
    client = login(caseworker)
    client.cookies.pop("ms_key")
    assert client.get("/api/v1/me/").json()["keys_unlocked"] is False
    response = client.get(f"/api/v1/cases/{case.pk}/")
    assert_envelope(response, 403, "keys_locked")
    assert NARRATIVE.encode() not in response.content


def test_logout_ends_api_access(login, caseworker, case):
    client = login(caseworker)
    assert client.get("/api/v1/cases/").status_code == 200
    client.post("/de/office/logout/")
    assert_envelope(client.get("/api/v1/cases/"), 403, "not_authenticated")


def test_password_in_a_header_is_not_accepted(caseworker, case):
    credentials = base64.b64encode(f"{caseworker.username}:{PASSWORD}".encode()).decode()
    response = Client().get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Basic {credentials}")
    assert_envelope(response, 403, "not_authenticated")


@pytest.mark.parametrize(
    "path", ["/api/", "/api/v1/nope/", "/api/v1/cases/abc/", "/api/v1/cases/0.5/transition/"]
)
def test_unknown_api_urls_are_404_envelopes(caseworker_client, path):
    response = caseworker_client.get(path)
    assert response["Content-Type"] == "application/json"
    assert_envelope(response, 404, "not_found")


def test_missing_slash_still_redirects(caseworker_client):
    response = caseworker_client.get("/api/v1/cases")
    assert response.status_code == 301 and response["Location"] == "/api/v1/cases/"
