"""Issue 19's permission matrix in the staff API: organisation A's caseworker works on A's
own cases and gets a 404 for B's (cases, notes, messages, attachments, events,
deadlines); the association's caseworkers get a 404 for both; A's caseworker gets a 404
for the association's cases."""

import pytest

from reporting.models import Attachment, AuditEvent, Case, CaseShare, Organisation, Report
from reporting.services.attachments import PreparedAttachment
from reporting.services.reports import report_intake, report_submit
from tests.api.conftest import assert_envelope
from tests.api.test_permissions import CASE_ENDPOINTS, ENDPOINTS, call
from tests.factories import submission

pytestmark = pytest.mark.django_db

OWN_NARRATIVE = "Am Telefon: der Hausmeister (eigener Fall, fiktiv)."


def _own_case(actor, organisation: Organisation) -> Case:
    report_intake(
        submission=submission(narrative=OWN_NARRATIVE),
        channel="PHONE",
        actor=actor,
        receipt=False,
        attachments=[PreparedAttachment("beleg.pdf", "application/pdf", "PDF", b"%PDF-1.4\n")],
        member_organisation=organisation,
    )
    return Case.objects.filter(member_organisation=organisation).latest("id")


@pytest.fixture
def world(make_member, make_member_caseworker, make_staff, association_keyring):
    from reporting.vocabulary.roles import Role

    org_a = make_member("Beratung A (Demo)", partner=False)
    org_b = make_member("Beratung B (Demo)", partner=False)
    worker_a = make_member_caseworker(org_a)
    worker_b = make_member_caseworker(org_b)
    return {
        "worker_a": worker_a,
        "worker_b": worker_b,
        "caseworker": make_staff(Role.CASEWORKER),
        "case_a": _own_case(worker_a, org_a),
        "case_b": _own_case(worker_b, org_b),
    }


@pytest.mark.parametrize("endpoint", CASE_ENDPOINTS)
def test_a_member_caseworker_works_on_their_own_case(login, world, endpoint):
    response = call(login(world["worker_a"]), endpoint, world["case_a"])
    assert response.status_code == ENDPOINTS[endpoint][3], response.content[:400]


@pytest.mark.parametrize("endpoint", [e for e in CASE_ENDPOINTS if not e.startswith("case_list")])
@pytest.mark.parametrize("who", ["worker_a", "caseworker"])
def test_another_organisations_case_is_a_404(login, world, endpoint, who):
    response = call(login(world[who]), endpoint, world["case_b"])
    assert_envelope(response, 404, "not_found")
    assert OWN_NARRATIVE.encode() not in response.content


def test_the_inbox_lists_ones_own_cases_only(login, world):
    listed = {
        who: {row["id"] for row in login(world[who]).get("/api/v1/cases/").json()["results"]}
        for who in ("worker_a", "worker_b", "caseworker")
    }
    assert listed == {
        "worker_a": {world["case_a"].pk},
        "worker_b": {world["case_b"].pk},
        "caseworker": set(),
    }


def test_own_case_detail_opens_with_the_organisations_key(login, world):
    response = login(world["worker_a"]).get(f"/api/v1/cases/{world['case_a'].pk}/")
    assert response.status_code == 200 and OWN_NARRATIVE in response.content.decode()


@pytest.mark.parametrize("who", ["worker_b", "caseworker"])
def test_attachments_of_another_organisations_case_are_a_404(login, world, who):
    attachment = Attachment.objects.get(case=world["case_a"])
    response = login(world[who]).get(f"/api/v1/attachments/{attachment.pk}/")
    assert response.status_code == 404
    own = login(world["worker_a"]).get(f"/api/v1/attachments/{attachment.pk}/")
    assert own.status_code == 200


def test_an_association_caseworker_cannot_be_assigned_an_own_case(login, world):
    case = world["case_a"]
    response = login(world["worker_a"]).post(
        f"/api/v1/cases/{case.pk}/assign/",
        {"assignee": world["caseworker"].pk, "version": case.version},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert Case.objects.get(pk=case.pk).assignee is None


# --- sharing with the association (api/staff/shares.py) -----------------------------

SHARE_SUMMARY = "Kurzfassung: Wohnungssuche (fiktiv)"


def _share(client, case, summary=SHARE_SUMMARY):
    return client.post(
        f"/api/v1/cases/{case.pk}/share/", {"summary": summary}, content_type="application/json"
    )


def test_a_member_caseworker_shares_their_own_case(login, world):
    Report.objects.filter(case=world["case_a"]).update(consent_referral=True)
    client = login(world["worker_a"])
    assert_envelope(_share(client, world["case_a"], summary="  "), 400, "validation_failed")
    response = _share(client, world["case_a"])
    assert response.status_code == 201, response.content[:400]
    assert response.json()["case"] == world["case_a"].pk
    assert AuditEvent.objects.filter(case=world["case_a"], verb=AuditEvent.Verb.CASE_SHARED)
    assert_envelope(_share(client, world["case_a"]), 409, "already_shared")


def test_sharing_needs_the_reporters_consent(login, world):
    Report.objects.filter(case=world["case_a"]).update(consent_referral=False)
    assert_envelope(_share(login(world["worker_a"]), world["case_a"]), 409, "consent_missing")
    assert not CaseShare.objects.exists()


@pytest.mark.parametrize("who", ["worker_b", "caseworker"])
def test_sharing_another_organisations_case_is_a_404(login, world, who):
    Report.objects.filter(case=world["case_a"]).update(consent_referral=True)
    assert_envelope(_share(login(world[who]), world["case_a"]), 404, "not_found")
    assert not CaseShare.objects.exists()


def test_the_associations_own_case_is_not_shared(login, world):
    case = report_submit(submission=submission(consent_referral=True)).report.case
    assert_envelope(_share(login(world["caseworker"]), case), 404, "not_for_own_cases")


def test_the_association_lists_shared_cases_as_codes_and_summary(login, world):
    Report.objects.filter(case=world["case_a"]).update(consent_referral=True)
    assert _share(login(world["worker_a"]), world["case_a"]).status_code == 201
    response = login(world["caseworker"]).get("/api/v1/shared-cases/")
    assert response.status_code == 200, response.content[:400]
    (row,) = response.json()["results"]
    assert row["id"] == world["case_a"].pk and row["summary"] == SHARE_SUMMARY
    assert row["member_organisation"] == "Beratung A (Demo)"
    assert {"grounds", "areas", "district", "status", "linked_to"} <= set(row)
    assert OWN_NARRATIVE.encode() not in response.content
    # Not the member organisations' caseworkers: a 404 as for a collection they may not see.
    for who in ("worker_a", "worker_b"):
        assert_envelope(login(world[who]).get("/api/v1/shared-cases/"), 404, "not_found")


SHARED_LIST = {
    "anonymous": (403, "not_authenticated"),
    "reporter": (403, "not_authenticated"),
    "caseworker_without_second_factor": (403, "second_factor_required"),
    "caseworker": (200, None),
    "administrator": (200, None),
    "caseworker_without_keys": (200, None),
    "partner": (404, "not_found"),
    "statistics": (404, "not_found"),
    "member_caseworker": (404, "not_found"),
    "own_caseworker": (404, "not_found"),
}


@pytest.mark.parametrize("kind", list(SHARED_LIST))
def test_shared_case_list_permission_matrix(client_for, kind):
    status, code = SHARED_LIST[kind]
    response = client_for(kind).get("/api/v1/shared-cases/")
    if code:
        assert_envelope(response, status, code)
    else:
        assert response.status_code == status and response.json()["results"] == []


def test_the_association_links_its_case_to_a_shared_case_through_the_api(login, world):
    Report.objects.filter(case=world["case_a"]).update(consent_referral=True)
    assert _share(login(world["worker_a"]), world["case_a"]).status_code == 201
    ours = report_submit(submission=submission(consent_referral=True)).report.case
    client = login(world["caseworker"])
    response = client.post(
        f"/api/v1/cases/{ours.pk}/link/",
        {"lead": world["case_a"].pk, "kind": "SAME_INCIDENT", "version": ours.version},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content[:400]
    listed = client.get("/api/v1/shared-cases/").json()["results"]
    assert listed[0]["linked_to"] is None  # the shared case leads the incident
    links = client.get(f"/api/v1/cases/{ours.pk}/link/").json()
    assert links["linked_to"] == world["case_a"].pk
    # The case not shared by B stays a 404 for the link too.
    assert_envelope(
        client.post(
            f"/api/v1/cases/{ours.pk}/link/",
            {"lead": world["case_b"].pk, "kind": "SAME_INCIDENT", "version": ours.version + 1},
            content_type="application/json",
        ),
        400,
        "lead_not_found",
    )
