"""Passing a case on outside the network (frontend/office/views/external_referrals.py)
and a partner's own directory entry: without JavaScript, every role checked."""

import pytest

from reporting.models import AuditEvent, ExternalReferral, Organisation
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
SUMMARY = "Zyxwv-Übergabe-27182"
POST = {
    "external-body_name": "Landesweite Beratung (fiktiv)",
    "external-referred_on": "2026-06-16",
    "external-summary": SUMMARY,
}


@pytest.fixture
def consented(association_keyring):
    return report_submit(submission=submission(consent_referral=True)).report.case


@pytest.fixture
def caseworker(make_staff):
    return make_staff(Role.CASEWORKER)


def url(case):
    return f"/de/office/cases/{case.pk}/external-referral/"


MATRIX = {
    "anonymous": 302,  # to the login
    "reporter": 302,
    "caseworker_without_second_factor": 302,
    "caseworker": 200,  # the summary to hand over, shown once
    "administrator": 200,
    "caseworker_without_keys": 200,  # seals to the association's public keys only
    "partner": 404,
    "statistics": 404,
    "member_caseworker": 404,
}


@pytest.mark.parametrize("kind", list(MATRIX))
def test_external_referral_permission_matrix(client_for, consented, kind):  # noqa: F811
    response = client_for(kind).post(url(consented), POST)
    assert response.status_code == MATRIX[kind], response.content[:300]
    recorded = ExternalReferral.objects.filter(case=consented).exists()
    assert recorded == (MATRIX[kind] == 200)
    if MATRIX[kind] == 302:
        assert response["Location"].startswith("/de/office/login/")


def test_the_summary_is_shown_once_to_hand_over(client, consented, caseworker):
    staff_login(client, caseworker)
    page = client.get(f"/de/office/cases/{consented.pk}/").content.decode()
    assert f'action="{url(consented)}"' in page
    response = client.post(url(consented), POST)
    html = response.content.decode()
    assert SUMMARY in html and "Landesweite Beratung (fiktiv)" in html and "2026-06-16" in html
    # On the case page afterwards: the intervention and the body, never the summary.
    page = client.get(f"/de/office/cases/{consented.pk}/").content.decode()
    assert SUMMARY not in page
    assert "Weitergabe (Mitgliedsorganisation oder externe Stelle) · Landesweite" in page
    assert AuditEvent.objects.filter(
        case=consented, verb=AuditEvent.Verb.EXTERNAL_REFERRAL
    ).exists()


def test_without_consent_a_translated_error_and_the_input_kept(client, caseworker):
    case = report_submit(submission=submission(consent_referral=False)).report.case
    staff_login(client, caseworker)
    response = client.post(url(case), POST)
    assert response.status_code == 409
    html = response.content.decode()
    assert "nicht in die Weitergabe der Meldung eingewilligt" in html
    assert SUMMARY in html and "Landesweite Beratung (fiktiv)" in html
    assert not ExternalReferral.objects.exists()


def test_missing_fields_keep_the_input(client, consented, caseworker):
    staff_login(client, caseworker)
    response = client.post(url(consented), {**POST, "external-body_name": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert SUMMARY in html and 'href="#id_external-body_name"' in html
    assert not ExternalReferral.objects.exists()


def test_another_case_is_404_and_get_is_405(client, caseworker, association_keyring):
    staff_login(client, caseworker)
    assert client.post("/de/office/cases/999999/external-referral/", POST).status_code == 404
    case = report_submit(submission=submission(consent_referral=True)).report.case
    assert client.get(url(case)).status_code == 405


ENTRY = {"is_paused": "on", "opening_hours": "Mo–Do 9–16 Uhr", "contact_persons": "Frau B."}
ENTRY_MATRIX = {
    "anonymous": 302,
    "reporter": 302,
    "caseworker_without_second_factor": 302,
    "caseworker": 404,  # the association keeps the directory in the admin
    "administrator": 404,
    "partner": 404,  # a partner of the association itself has no member entry
    "statistics": 404,
    "member_caseworker": 404,
}


@pytest.mark.parametrize("kind", list(ENTRY_MATRIX))
def test_organisation_page_permission_matrix(client_for, member_organisation, kind):  # noqa: F811
    client = client_for(kind)
    assert client.get("/de/office/organisation/").status_code == ENTRY_MATRIX[kind]
    assert client.post("/de/office/organisation/", ENTRY).status_code == ENTRY_MATRIX[kind]
    member_organisation.refresh_from_db()
    assert not member_organisation.is_paused
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.ORGANISATION_UPDATED).exists()


def test_a_partner_keeps_their_own_entry_only(client, make_member):
    own = make_member("Beratung A (fiktiv)")
    other = make_member("Beratung B (fiktiv)")
    staff_login(client, own.partner)
    page = client.get("/de/office/organisation/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Beratung A (fiktiv)" in html and "Beratung B (fiktiv)" not in html
    assert 'href="/de/office/organisation/"' in html  # in the menu
    response = client.post("/de/office/organisation/", ENTRY)
    assert response.status_code == 302
    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.is_paused, own.opening_hours, own.contact_persons) == (
        True,
        "Mo–Do 9–16 Uhr",
        "Frau B.",
    )
    assert not other.is_paused and other.opening_hours == ""
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.ORGANISATION_UPDATED)
    assert event.actor == own.partner


def test_a_partner_of_another_organisation_cannot_touch_this_one(client, make_member):
    own = make_member("Beratung A (fiktiv)")
    other = make_member("Beratung B (fiktiv)")
    staff_login(client, other.partner)
    assert client.post("/de/office/organisation/", ENTRY).status_code == 302
    own.refresh_from_db()
    assert not own.is_paused
    assert Organisation.objects.get(pk=other.pk).is_paused


def test_an_overlong_entry_keeps_the_input_and_says_why(client, make_member):
    own = make_member("Beratung A (fiktiv)")
    staff_login(client, own.partner)
    response = client.post("/de/office/organisation/", {**ENTRY, "opening_hours": "x" * 501})
    assert response.status_code == 400
    assert "x" * 501 in response.content.decode()
    own.refresh_from_db()
    assert not own.is_paused


def test_office_referral_to_a_paused_organisation_is_refused(
    client, consented, caseworker, make_member
):
    paused = make_member("Pausiert (fiktiv)")
    paused.is_paused = True
    paused.save()
    staff_login(client, caseworker)
    response = client.post(
        f"/de/office/cases/{consented.pk}/refer/",
        {"organisation": paused.pk, "summary": "Kurz."},
    )
    assert response.status_code == 409
    assert "pausiert" in response.content.decode()
    assert not paused.referrals.exists()


def test_the_case_page_lists_a_paused_organisation_last_without_a_button(
    client, caseworker, make_member, association_keyring
):
    case = report_submit(submission=submission(consent_referral=True, district="14612")).report.case
    paused = make_member("A Pausiert (fiktiv)", districts=["14612"])
    open_ = make_member("B Offen (fiktiv)", districts=["14612"])
    paused.is_paused = True
    paused.save()
    staff_login(client, caseworker)
    html = client.get(f"/de/office/cases/{case.pk}/").content.decode()
    suggestions = html.split('<ol class="suggestions">', 1)[1].split("</ol>", 1)[0]
    assert suggestions.index(open_.name) < suggestions.index(paused.name)
    assert "pausiert, nimmt keine neuen Fälle an" in suggestions
    assert f'name="suggested" value="{paused.pk}"' not in suggestions
    assert f'name="suggested" value="{open_.pk}"' in suggestions
