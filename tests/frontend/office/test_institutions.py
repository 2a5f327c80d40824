"""The case page's institution panel (frontend/office/views/institutions.py): record,
see the match, remove; without JavaScript, translated errors, every role checked."""

import pytest

from reporting.crypto import derive_matching_key
from reporting.models import AuditEvent, Case, InstitutionMention
from reporting.services.institutions import institution_mention_record
from reporting.services.reports import report_submit
from reporting.vocabulary.roles import Role
from tests.api.conftest import (  # noqa: F401 - fixtures
    client_for,
    login,
    member_organisation,
    reporter_client,
    submitted,
    user_kinds,
)
from tests.factories import submission
from tests.logins import staff_login

pytestmark = pytest.mark.django_db
NAME = "Muster-Wohnbau GmbH (fiktiv)"
MEMBER_NARRATIVE = "Qwertz-Inhalt-der-Mitgliedsorganisation-4711"


@pytest.fixture
def case(submitted):  # noqa: F811 - the fixture imported above
    return submitted.report.case


@pytest.fixture
def caseworker(make_staff):
    return make_staff(Role.CASEWORKER)


@pytest.fixture
def member_case(make_member, association_private_key):
    """A member organisation's own case naming the institution (recorded through the
    services: the member office pages are not part of this change)."""
    member = make_member("Beratung Nord (fiktiv)", partner=False)
    case = report_submit(submission=submission(narrative=MEMBER_NARRATIVE)).report.case
    Case.objects.filter(pk=case.pk).update(member_organisation=member)
    case.refresh_from_db()
    institution_mention_record(
        case=case,
        actor=None,
        name="muster wohnbau (FIKTIV)",
        district="14713",
        matching_key=derive_matching_key(association_private_key),
    )
    return case


def url(case, action):
    return f"/de/office/cases/{case.pk}/institutions/{action}/"


RECORD = {"name": NAME, "district": "14713"}
MATRIX = {
    "anonymous": 302,  # to the login
    "reporter": 302,
    "caseworker_without_second_factor": 302,
    "caseworker": 302,  # back to the case
    "administrator": 302,
    "caseworker_without_keys": 302,  # seals to public keys; needs no key to record
    "partner": 404,
    "statistics": 404,
    "member_caseworker": 404,
}
ALLOWED = {"caseworker", "administrator", "caseworker_without_keys"}


@pytest.mark.parametrize("kind", list(MATRIX))
@pytest.mark.parametrize("action", ["record", "remove"])
def test_permission_matrix(client_for, case, caseworker, kind, action):  # noqa: F811
    mention = institution_mention_record(
        case=case, actor=caseworker, name="Schule (fiktiv)", district="14713", matching_key=None
    )
    data = RECORD if action == "record" else {"mention": mention.pk}
    client = client_for(kind)
    before = InstitutionMention.objects.count()
    response = client.post(url(case, action), data)
    assert response.status_code == MATRIX[kind], response.content[:300]
    if kind in ALLOWED:
        assert response["Location"] == f"/de/office/cases/{case.pk}/#institutions"
        assert InstitutionMention.objects.count() == before + (1 if action == "record" else -1)
    else:
        assert InstitutionMention.objects.count() == before
        if MATRIX[kind] == 302:
            assert response["Location"].startswith("/de/office/login/")


def test_the_case_page_shows_the_match_and_the_organisation_not_its_content(
    client, case, caseworker, member_case
):
    staff_login(client, caseworker)
    response = client.post(url(case, "record"), RECORD)
    assert response.status_code == 302
    page = client.get(f"/de/office/cases/{case.pk}/").content.decode()
    assert NAME in page
    assert "1 anderer Fall im Netzwerk nennt diese Institution." in page
    assert "Beratung Nord (fiktiv)" in page
    assert MEMBER_NARRATIVE not in page and "muster wohnbau (FIKTIV)" not in page
    assert f"/de/office/cases/{member_case.pk}/" not in page
    assert AuditEvent.objects.filter(
        case=case, actor=caseworker, verb=AuditEvent.Verb.INSTITUTION_MATCHED
    ).exists()
    # The member organisation's case stays invisible to the association's caseworker.
    assert client.get(f"/de/office/cases/{member_case.pk}/").status_code == 404


def test_a_name_recorded_without_the_matching_key_is_matched_once_a_holder_opens_it(
    client, case, caseworker, member_case
):
    """Recorded by someone whose session held no matching key: the first reader holding
    it hashes the name, and from then on it is matched like any other."""
    mention = institution_mention_record(
        case=case, actor=None, name=NAME, district="14713", matching_key=None
    )
    assert mention.name_hash == ""
    staff_login(client, caseworker)
    page = client.get(f"/de/office/cases/{case.pk}/").content.decode()
    assert "1 anderer Fall im Netzwerk nennt diese Institution." in page
    hashed = InstitutionMention.objects.get(pk=mention.pk).name_hash
    assert hashed == InstitutionMention.objects.get(case=member_case).name_hash


def test_a_mistake_shows_a_translated_error_and_keeps_the_input(client, case, caseworker):
    staff_login(client, caseworker)
    response = client.post(url(case, "record"), {"name": "GmbH", "district": "14713"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Geben Sie den Namen der Institution ein." in page
    assert 'value="GmbH"' in page
    response = client.post(url(case, "record"), {"name": NAME, "district": "nowhere"})
    assert response.status_code == 400
    assert not InstitutionMention.objects.exists()


def test_another_case_unknown_action_and_get_are_refused(client, case, caseworker, member_case):
    staff_login(client, caseworker)
    theirs = InstitutionMention.objects.get(case=member_case)
    assert client.post(url(member_case, "record"), RECORD).status_code == 404
    assert client.post(url(case, "remove"), {"mention": theirs.pk}).status_code == 404
    assert client.post(url(case, "remove"), {"mention": "x"}).status_code == 404
    assert client.post(url(case, "rename"), RECORD).status_code == 404
    assert client.get(url(case, "record")).status_code == 405
    assert InstitutionMention.objects.filter(pk=theirs.pk).exists()


def test_without_the_matching_key_the_page_says_so(client, make_staff, association_keyring):
    """A caseworker holding only a newer association key, before an administrator gave
    it the matching key: recording works, matching says plainly that it is unavailable."""
    from reporting.services.keys import organisation_key_create, organisation_key_recover
    from reporting.services.staff_keys import key_grant
    from tests.factories import FAST_KDF

    newer = organisation_key_create(organisation=association_keyring.key.organisation, kdf=FAST_KDF)
    worker = make_staff(Role.CASEWORKER, grant=False)
    key_grant(
        organisation_key=newer.key,
        private_key=organisation_key_recover(key=newer.key, recovery_code=newer.recovery_code),
        user=worker,
    )
    case = report_submit(submission=submission()).report.case
    staff_login(client, worker)
    assert client.post(url(case, "record"), RECORD).status_code == 302
    assert InstitutionMention.objects.get(case=case).name_hash == ""
    page = client.get(f"/de/office/cases/{case.pk}/").content.decode()
    assert NAME in page
    assert "nicht verfügbar" in page


def test_an_administrator_gives_member_organisations_the_matching_key(
    client, make_staff, make_member, association_private_key
):
    from reporting.models import MatchingKeyGrant

    member = make_member("Beratung Nord (fiktiv)", partner=False)
    staff_login(client, make_staff(Role.ADMINISTRATOR))
    page = client.get("/de/office/keys/").content.decode()
    assert "Beratung Nord (fiktiv)" in page and 'name="matching"' in page
    assert client.post("/de/office/keys/", {"matching": "1"}).status_code == 302
    grant = MatchingKeyGrant.objects.get()
    assert grant.organisation_key.organisation == member
    assert 'name="matching"' not in client.get("/de/office/keys/").content.decode()
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.MATCHING_KEY_GRANTED).count() == 1


def test_an_administrator_without_the_association_key_cannot(client, make_staff, make_member):
    make_member("Beratung Nord (fiktiv)", partner=False)
    staff_login(client, make_staff(Role.ADMINISTRATOR, grant=False))
    assert 'name="matching"' not in client.get("/de/office/keys/").content.decode()
    assert client.post("/de/office/keys/", {"matching": "1"}).status_code == 404
