"""/api/v1/me/ and the audit trail /api/v1/events/ (administrators only)."""

import pytest

from reporting.models import AuditEvent
from reporting.vocabulary.roles import Role
from tests.api.conftest import assert_envelope

pytestmark = pytest.mark.django_db
ME = "/api/v1/me/"
EVENTS = "/api/v1/events/"


def test_me_describes_the_session(caseworker_client, caseworker, association_keyring):
    body = caseworker_client.get(ME).json()
    assert body["id"] == caseworker.pk
    assert body["username"] == caseworker.username
    assert body["organisation"]["name"] == association_keyring.key.organisation.name
    assert body["organisation"]["kind"] == "ASSOCIATION"
    assert body["roles"] == ["caseworker"]
    assert body["keys_unlocked"] is True
    assert body["csrf_token"]


def test_me_without_grant_says_keys_are_locked(login, make_staff):
    assert login(make_staff(Role.CASEWORKER, grant=False)).get(ME).json()["keys_unlocked"] is False


def test_me_for_a_member_organisation(login, make_staff, member_organisation):
    body = login(make_staff(Role.PARTNER, organisation=member_organisation)).get(ME).json()
    assert body["organisation"] == {
        "id": member_organisation.pk,
        "name": member_organisation.name,
        "kind": "MEMBER",
    }
    assert body["roles"] == ["partner"] and body["keys_unlocked"] is False


def test_me_refuses_password_only_sessions(login, caseworker):
    assert_envelope(login(caseworker, second_factor=False).get(ME), 403, "second_factor_required")


def test_administrators_see_every_event(login, make_staff, caseworker_client, case):
    admin = make_staff(Role.ADMINISTRATOR)
    caseworker_client.get(f"/api/v1/cases/{case.pk}/")
    AuditEvent.objects.create(verb=AuditEvent.Verb.LOGIN_LOCKED, subject=admin)
    body = login(admin).get(EVENTS).json()
    assert {"count", "next", "previous", "results"} == set(body)
    verbs = [(e["verb"], e["case"]) for e in body["results"]]
    assert ("VIEWED", case.pk) in verbs and ("LOGIN_LOCKED", None) in verbs
    locked = next(e for e in body["results"] if e["verb"] == "LOGIN_LOCKED")
    assert locked["subject"] == {"id": admin.pk, "username": admin.username}
    assert locked["actor"] is None
    assert (locked["organisation"], locked["other_case"], locked["detail"]) == (None, None, "")


def test_events_name_the_other_case_and_what_an_export_covered(login, make_staff, case):
    admin = make_staff(Role.ADMINISTRATOR)
    AuditEvent.objects.create(verb=AuditEvent.Verb.LINK_RECEIVED, case=case, other_case=case)
    AuditEvent.objects.create(
        verb=AuditEvent.Verb.STATISTICS_EXPORTED, detail="received 2025-01-01 2025-12-31 network"
    )
    results = login(admin).get(EVENTS).json()["results"]
    by_verb = {e["verb"]: e for e in results}
    assert by_verb["LINK_RECEIVED"]["other_case"] == case.pk
    assert by_verb["STATISTICS_EXPORTED"]["detail"] == "received 2025-01-01 2025-12-31 network"


def test_events_are_paginated(login, make_staff, case):
    AuditEvent.objects.bulk_create(
        [AuditEvent(case=case, verb=AuditEvent.Verb.VIEWED) for _ in range(60)]
    )
    client = login(make_staff(Role.ADMINISTRATOR))
    total = AuditEvent.objects.count()  # 60 and the key grant of the administrator
    first = client.get(EVENTS).json()
    assert first["count"] == total and len(first["results"]) == 50
    assert len(client.get(EVENTS, {"page": 2}).json()["results"]) == total - 50


def test_events_query_count_is_pinned(login, make_staff, case, django_assert_num_queries):
    AuditEvent.objects.bulk_create(
        [AuditEvent(case=case, verb=AuditEvent.Verb.VIEWED) for _ in range(60)]
    )
    client = login(make_staff(Role.ADMINISTRATOR))
    # session, user with staff profile and organisation, OTP device, roles, count, page
    with django_assert_num_queries(6):
        assert len(client.get(EVENTS, {"page_size": 60}).json()["results"]) == 60


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.PARTNER, Role.STATISTICS])
def test_events_are_404_for_everyone_else(login, make_staff, case, role):
    assert_envelope(login(make_staff(role)).get(EVENTS), 404, "not_found")


def test_administrator_of_a_member_organisation_gets_404(login, make_staff, member_organisation):
    client = login(make_staff(Role.ADMINISTRATOR, organisation=member_organisation))
    assert_envelope(client.get(EVENTS), 404, "not_found")
    assert_envelope(client.get("/api/v1/cases/"), 404, "not_found")
