"""Linking cases in the staff API: the permission matrix of the link and unlink actions,
and their answers in the one error envelope."""

import json

import pytest

from reporting.models import AuditEvent, Case, CaseLink
from reporting.services.reports import report_submit
from tests.api.conftest import assert_envelope
from tests.api.test_permissions import MATRIX
from tests.factories import submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def other(association_keyring):
    return report_submit(submission=submission()).report.case


def post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


def link_body(lead, version=1, kind=CaseLink.SAME_INCIDENT):
    return {"lead": lead.pk, "kind": kind, "version": version}


# Who may link: those who may change a case (the caseworker's column of the matrix).
EXPECTED = {
    kind: (200, None) if MATRIX[kind]["transition"][0] == 200 else MATRIX[kind]["transition"]
    for kind in MATRIX
}


@pytest.mark.parametrize("kind", list(MATRIX))
@pytest.mark.parametrize("action", ["link", "unlink", "links"])
def test_permission_matrix(client_for, case, other, kind, action):
    """Another organisation's staff, partners and statistics get a 404 for the case."""
    Case.objects.filter(pk=other.pk).update(linked_to=case, link_kind=CaseLink.SAME_INCIDENT)
    client = client_for(kind)
    events_before = AuditEvent.objects.count()
    if action == "link":
        response = post(client, f"/api/v1/cases/{other.pk}/link/", link_body(case))
    elif action == "unlink":
        response = post(client, f"/api/v1/cases/{other.pk}/unlink/", {"version": 1})
    else:
        response = client.get(f"/api/v1/cases/{case.pk}/link/")
    status, code = EXPECTED[kind]
    if status >= 400:
        assert_envelope(response, status, code)
        assert AuditEvent.objects.count() == events_before, "a refused request changed something"
        assert Case.objects.get(pk=other.pk).linked_to_id == case.pk
    else:
        assert response.status_code == 200, response.content[:500]
    assert response["Cache-Control"] == "no-store"


def test_link_unlink_and_read_the_links(caseworker_client, case, other):
    response = post(caseworker_client, f"/api/v1/cases/{other.pk}/link/", link_body(case))
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    read = caseworker_client.get(f"/api/v1/cases/{case.pk}/link/").json()
    assert read == {
        "id": case.pk,
        "version": 1,
        "linked_to": None,
        "link_kind": "",
        "linked_cases": [{"id": other.pk, "link_kind": "SAME_INCIDENT"}],
    }
    read = caseworker_client.get(f"/api/v1/cases/{other.pk}/link/").json()
    assert (read["linked_to"], read["linked_cases"]) == (case.pk, [])
    response = post(caseworker_client, f"/api/v1/cases/{other.pk}/unlink/", {"version": 2})
    assert response.status_code == 200, response.content
    assert Case.objects.get(pk=other.pk).linked_to_id is None


def test_refusals_are_envelopes(caseworker_client, case, other, make_member):
    path = f"/api/v1/cases/{other.pk}/link/"
    error = assert_envelope(post(caseworker_client, path, link_body(other)), 400, "link_to_itself")
    assert list(error["fields"]) == ["lead"]
    # A case nobody may see here and one that does not exist: the same answer.
    member = make_member("Beratung West (fiktiv)", partner=False)
    hidden = report_submit(submission=submission()).report.case
    Case.objects.filter(pk=hidden.pk).update(member_organisation=member)
    unseen = assert_envelope(post(caseworker_client, path, link_body(hidden)), 400)
    missing = assert_envelope(
        post(caseworker_client, path, {"lead": hidden.pk + 99, "kind": "DUPLICATE", "version": 1}),
        400,
    )
    assert unseen == missing and unseen["code"] == "lead_not_found"
    assert_envelope(post(caseworker_client, path, link_body(case, version=7)), 409, "conflict")
    error = assert_envelope(
        post(caseworker_client, path, {"lead": case.pk, "kind": "MERGE", "version": 1}), 400
    )
    assert list(error["fields"]) == ["kind"]
    assert_envelope(post(caseworker_client, path, {"lead": "x", "version": 1}), 400)
    assert_envelope(
        post(caseworker_client, f"/api/v1/cases/{other.pk}/unlink/", {"version": 1}),
        400,
        "not_linked",
    )
    post(caseworker_client, path, link_body(case))
    cycle = f"/api/v1/cases/{case.pk}/link/"
    assert_envelope(post(caseworker_client, cycle, link_body(other)), 400, "link_cycle")


def test_link_and_unlink_need_the_csrf_token(login, caseworker, case, other):
    client = login(caseworker)
    client.handler.enforce_csrf_checks = True
    assert_envelope(
        post(client, f"/api/v1/cases/{other.pk}/link/", link_body(case)), 403, "csrf_failed"
    )
    assert_envelope(
        post(client, f"/api/v1/cases/{other.pk}/unlink/", {"version": 1}), 403, "csrf_failed"
    )
    assert Case.objects.get(pk=other.pk).linked_to is None
    token = client.get("/api/v1/me/").json()["csrf_token"]
    response = client.post(
        f"/api/v1/cases/{other.pk}/link/",
        json.dumps(link_body(case)),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200
