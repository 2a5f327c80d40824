"""Issue 19's permission matrix in the staff API: organisation A's caseworker works on A's
own cases and gets a 404 for B's (cases, notes, messages, attachments, events,
deadlines); the association's caseworkers get a 404 for both; A's caseworker gets a 404
for the association's cases."""

import pytest

from reporting.models import Attachment, Case, Organisation
from reporting.services.attachments import PreparedAttachment
from reporting.services.reports import report_intake
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
