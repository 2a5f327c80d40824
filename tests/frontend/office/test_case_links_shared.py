"""Linking across organisations in the back office (issue 19): the association's
caseworkers link a case a member organisation shared with them, from the list of shared
cases or from their own case's panel by number; the member organisation's caseworkers
see on their case that it is linked to a case of the association, nothing of it."""

import pytest

from reporting.models import AuditEvent, Case
from reporting.services.reports import report_intake, report_submit
from reporting.services.shares import case_share
from reporting.vocabulary.roles import Role
from tests.factories import submission
from tests.logins import staff_login

pytestmark = pytest.mark.django_db

THEIRS = "Eigener Fall der Beratung A, fiktiv: Qwert-314159."
OURS = "Fall des Vereins, fiktiv: Asdfg-271828."


@pytest.fixture
def world(make_member, make_member_caseworker, make_staff, association_keyring):
    org_a = make_member("Beratung A (Demo)", partner=False)
    worker_a = make_member_caseworker(org_a)
    report_intake(
        submission=submission(narrative=THEIRS, consent_referral=True),
        channel="PHONE",
        actor=worker_a,
        receipt=False,
        attachments=[],
        member_organisation=org_a,
    )
    theirs = Case.objects.get(member_organisation=org_a)
    ours = report_submit(submission=submission(narrative=OURS, consent_referral=True)).report.case
    return {
        "org_a": org_a,
        "worker_a": worker_a,
        "worker_b": make_member_caseworker(make_member("Beratung B (Demo)", partner=False)),
        "caseworker": make_staff(Role.CASEWORKER),
        "theirs": theirs,
        "ours": ours,
    }


def signed_in(client_class, user):
    client = client_class()
    staff_login(client, user)
    return client


def share(world):
    case_share(case=world["theirs"], actor=world["worker_a"], summary="Kurzfassung (fiktiv)")


def test_linking_from_the_list_of_shared_cases(client, world):
    share(world)
    theirs, ours = world["theirs"], world["ours"]
    staff_login(client, world["caseworker"])
    listed = client.get("/de/office/shared/").content.decode()
    assert (
        f'id="shared-{theirs.pk}"' in listed and "Mit einem Fall des Vereins verknüpfen" in listed
    )

    response = client.post(
        f"/de/office/shared/{theirs.pk}/links/link/",
        {"version": theirs.version, "kind": "SAME_INCIDENT", "lead": f"#{ours.pk}"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/de/office/shared/#shared-{theirs.pk}")
    assert Case.objects.get(pk=theirs.pk).linked_to_id == ours.pk
    listed = client.get("/de/office/shared/").content.decode()
    assert f'href="/de/office/cases/{ours.pk}/">#{ours.pk}</a>' in listed
    assert THEIRS not in listed
    # The association's case page shows the shared case by number, not its content.
    page = client.get(f"/de/office/cases/{ours.pk}/").content.decode()
    assert f"#{theirs.pk}</a> (von einer Mitgliedsorganisation geteilt)" in page
    assert THEIRS not in page
    assert AuditEvent.objects.filter(case=ours, verb=AuditEvent.Verb.LINK_RECEIVED).exists()

    # and removes it again from the list.
    theirs.refresh_from_db()
    response = client.post(
        f"/de/office/shared/{theirs.pk}/links/unlink/",
        {"case": theirs.pk, "version": theirs.version},
    )
    assert response.status_code == 302 and Case.objects.get(pk=theirs.pk).linked_to_id is None


def test_linking_by_number_from_the_associations_case(client, world):
    share(world)
    theirs, ours = world["theirs"], world["ours"]
    staff_login(client, world["caseworker"])
    response = client.post(
        f"/de/office/cases/{ours.pk}/links/link/",
        {"version": ours.version, "kind": "DUPLICATE", "lead": theirs.pk},
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=ours.pk).linked_to_id == theirs.pk

    # The member organisation's caseworker sees the link on their case, nothing more.
    member = signed_in(client.__class__, world["worker_a"])
    page = member.get(f"/de/office/cases/{theirs.pk}/").content.decode()
    assert "Meldungen des Vereins zu diesem Vorfall: 1" in page
    assert OURS not in page and f"/cases/{ours.pk}/" not in page


def test_the_member_caseworker_sees_their_case_is_linked_to_the_associations(client, world):
    share(world)
    theirs, ours = world["theirs"], world["ours"]
    staff_login(client, world["caseworker"])
    client.post(
        f"/de/office/shared/{theirs.pk}/links/link/",
        {"version": theirs.version, "kind": "SAME_INCIDENT", "lead": ours.pk},
    )
    member = signed_in(client.__class__, world["worker_a"])
    page = member.get(f"/de/office/cases/{theirs.pk}/").content.decode()
    assert "Gleicher Vorfall wie ein Fall, den der Verein erfasst hat." in page
    assert OURS not in page and f"#{ours.pk}" not in page
    # Neither does the audit trail in the API name the association's case.
    events = member.get(f"/api/v1/cases/{theirs.pk}/events/").json()["results"]
    linked = [e for e in events if e["verb"] == AuditEvent.Verb.CASE_LINKED]
    assert linked and all(e["other_case"] is None for e in linked)


def test_a_case_not_shared_cannot_be_linked(client, world):
    theirs, ours = world["theirs"], world["ours"]
    staff_login(client, world["caseworker"])
    response = client.post(
        f"/de/office/shared/{theirs.pk}/links/link/",
        {"version": theirs.version, "kind": "SAME_INCIDENT", "lead": ours.pk},
    )
    assert response.status_code == 404
    response = client.post(
        f"/de/office/cases/{ours.pk}/links/link/",
        {"version": ours.version, "kind": "SAME_INCIDENT", "lead": theirs.pk},
    )
    assert response.status_code == 400  # LeadNotVisible: a field error beside the number
    assert "Es gibt keinen Fall mit dieser Nummer" in response.content.decode()
    assert Case.objects.filter(linked_to__isnull=False).count() == 0


def test_a_mistake_on_the_list_is_shown_above_it(client, world):
    share(world)
    theirs = world["theirs"]
    staff_login(client, world["caseworker"])
    response = client.post(
        f"/de/office/shared/{theirs.pk}/links/link/",
        {"version": theirs.version, "kind": "SAME_INCIDENT", "lead": "abc"},
        follow=True,
    )
    assert "Geben Sie die Nummer eines Falls ein" in response.content.decode()
    assert Case.objects.get(pk=theirs.pk).linked_to_id is None


@pytest.mark.parametrize("who", ["worker_a", "worker_b"])
def test_member_caseworkers_cannot_use_the_shared_list(client, world, who):
    share(world)
    staff_login(client, world[who])
    theirs = world["theirs"]
    response = client.post(
        f"/de/office/shared/{theirs.pk}/links/link/",
        {"version": theirs.version, "kind": "SAME_INCIDENT", "lead": world["ours"].pk},
    )
    assert response.status_code == 404


def test_the_associations_case_linked_to_a_shared_case_is_unlinked_from_the_list(client, world):
    share(world)
    theirs, ours = world["theirs"], world["ours"]
    staff_login(client, world["caseworker"])
    client.post(
        f"/de/office/cases/{ours.pk}/links/link/",
        {"version": ours.version, "kind": "SAME_INCIDENT", "lead": theirs.pk},
    )
    ours.refresh_from_db()
    listed = client.get("/de/office/shared/").content.decode()
    assert f'href="/de/office/cases/{ours.pk}/">#{ours.pk}</a>' in listed
    stale = client.post(
        f"/de/office/shared/{theirs.pk}/links/unlink/",
        {"case": ours.pk, "version": ours.version - 1},
        follow=True,
    )
    assert Case.objects.get(pk=ours.pk).linked_to_id == theirs.pk
    assert stale.status_code == 200
    response = client.post(
        f"/de/office/shared/{theirs.pk}/links/unlink/", {"case": ours.pk, "version": ours.version}
    )
    assert response.status_code == 302 and Case.objects.get(pk=ours.pk).linked_to_id is None
