"""/api/v1/cases/{id}/institutions/: the permission matrix, the match, the audit."""

import json

import pytest

from reporting.crypto import derive_matching_key
from reporting.models import AuditEvent, InstitutionMention
from reporting.services.institutions import institution_mention_record
from reporting.services.reports import report_intake, report_submit
from reporting.services.staff_keys import key_grant
from reporting.vocabulary.roles import Role
from reporting.vocabulary.taxonomy import Channel
from tests.api.conftest import assert_envelope
from tests.factories import submission

pytestmark = pytest.mark.django_db
RECORD = {"name": "Muster-Wohnbau GmbH (fiktiv)", "district": "14713"}


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def urls(case, mention):
    base = f"/api/v1/cases/{case.pk}/institutions/"
    return {
        "list": ("get", base, None),
        "record": ("post", base, RECORD),
        "remove": ("post", f"{base}{mention.pk}/remove/", None),
    }


OK = {"list": 200, "record": 201, "remove": 204}
NOT_LOGGED_IN = dict.fromkeys(OK, (403, "not_authenticated"))
MATRIX = {
    "anonymous": NOT_LOGGED_IN,
    "reporter": NOT_LOGGED_IN,
    "caseworker_without_second_factor": dict.fromkeys(OK, (403, "second_factor_required")),
    "caseworker": {name: (code, None) for name, code in OK.items()},
    "administrator": {name: (code, None) for name, code in OK.items()},
    # Recording seals to public keys; reading the names needs a key.
    "caseworker_without_keys": {name: (code, None) for name, code in OK.items()}
    | {"list": (403, "keys_locked")},
    "partner": dict.fromkeys(OK, (404, "not_found")),
    "statistics": dict.fromkeys(OK, (404, "not_found")),
    "member_caseworker": dict.fromkeys(OK, (404, "not_found")),
}


@pytest.mark.parametrize("kind", list(MATRIX))
@pytest.mark.parametrize("endpoint", list(OK))
def test_permission_matrix(client_for, case, kind, endpoint):
    mention = institution_mention_record(
        case=case, actor=None, name="Schule (fiktiv)", district="14713", matching_key=None
    )
    method, url, body = urls(case, mention)[endpoint]
    client = client_for(kind, enforce_csrf_checks=False)
    response = getattr(client, method)(
        url, json.dumps(body) if body else None, content_type="application/json"
    )
    status, code = MATRIX[kind][endpoint]
    if status >= 400:
        assert_envelope(response, status, code)
    else:
        assert response.status_code == status, response.content[:300]
    changed = InstitutionMention.objects.count() - 1
    assert changed == {"record": 1, "remove": -1}.get(endpoint, 0) * (status < 400)


@pytest.fixture
def member(make_member, association_private_key):
    return make_member("Beratung Nord (fiktiv)", partner=False)


@pytest.fixture
def member_worker(make_staff, member, association_private_key):
    """A member organisation's own caseworker, holding its key (granted the matching key
    by an administrator's session)."""
    from reporting.services.institutions import matching_key_grants_write

    worker = make_staff(Role.MEMBER_CASEWORKER, organisation=member, grant=False)
    key_grant(organisation_key=member.keys.get(), private_key=member.private_key, user=worker)
    matching_key_grants_write(keys=[association_private_key])
    return worker


def test_a_member_caseworker_sees_the_association_named_not_its_case(
    login, member, member_worker, association_private_key, association_keyring
):
    theirs = report_submit(submission=submission(narrative="Zyxwv-Inhalt-1234")).report.case
    institution_mention_record(
        case=theirs,
        actor=None,
        name="Muster Wohnbau (fiktiv)",
        district="14713",
        matching_key=derive_matching_key(association_private_key),
    )
    mine = report_intake(
        submission=submission(),
        channel=Channel.IN_PERSON,
        actor=member_worker,
        receipt=False,
        member_organisation=member,
    ).report.case
    client = login(member_worker)
    response = post(client, f"/api/v1/cases/{mine.pk}/institutions/", RECORD)
    assert response.status_code == 201, response.content[:500]
    row = response.json()
    assert row["name"] == RECORD["name"] and row["matchable"] is True
    assert row["match"] == {
        "disclosed": True,
        "other_cases": 1,
        "organisations": [association_keyring.key.organisation.name],
        "own_cases": [],
    }
    assert "Zyxwv-Inhalt-1234" not in response.content.decode()
    assert "Muster Wohnbau (fiktiv)" not in response.content.decode()
    assert (
        AuditEvent.objects.filter(
            case=mine, actor=member_worker, verb=AuditEvent.Verb.INSTITUTION_MATCHED
        ).count()
        == 1
    )
    # The association's case stays a 404 for the member organisation's caseworker.
    assert client.get(f"/api/v1/cases/{theirs.pk}/institutions/").status_code == 404


def test_bad_input_is_a_field_error(caseworker_client, case):
    url = f"/api/v1/cases/{case.pk}/institutions/"
    error = assert_envelope(
        post(caseworker_client, url, {"name": "e.V.", "district": "14713"}), 400
    )
    assert set(error["fields"]) == {"name"}
    error = assert_envelope(post(caseworker_client, url, {"name": "x", "district": "X"}), 400)
    assert set(error["fields"]) == {"district"}
    remove = f"/api/v1/cases/{case.pk}/institutions/{'-' * 36}/remove/"
    assert_envelope(post(caseworker_client, remove, {}), 404)
    assert not InstitutionMention.objects.exists()
