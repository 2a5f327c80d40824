"""The case page (issue 21): one timeline, one side-panel save, a confirmation after every
action, suggestions in words with their own button."""

import pytest
from django.contrib.messages import get_messages

from reporting.models import AuditEvent, Case, CaseStatus, Referral
from reporting.services.cases import intervention_add, note_add, staff_message_send
from reporting.services.reports import report_submit
from reporting.vocabulary.roles import Role
from tests.case_panel import panel_data
from tests.factories import submission
from tests.logins import staff_login

pytestmark = pytest.mark.django_db

NARRATIVE = "Der Vermieter sagte am Telefon, an Leute wie uns vermiete er nicht."
SECRET = "Geheimnummer 0341-555"


@pytest.fixture
def caseworker(make_staff):
    return make_staff(Role.CASEWORKER)


@pytest.fixture
def case(association_keyring):
    return report_submit(
        submission=submission(
            narrative=NARRATIVE, consent_referral=True, language="ar", district="14713",
            grounds=["RACISM"], areas=["HOUSING"],
        )
    ).report.case  # fmt: skip


def _confirmations(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_one_timeline_oldest_first_with_the_language_by_name(client, caseworker, case):
    note_add(case=case, actor=caseworker, body="Zuerst: intern.")
    staff_message_send(case=case, actor=caseworker, body="Dann: an die Person.")
    staff_login(client, caseworker)
    html = client.get(f"/de/office/cases/{case.pk}/").content.decode()
    main = html[html.index('class="thread timeline"') : html.index('class="case-side"')]
    assert main.index(NARRATIVE) < main.index("Zuerst: intern.") < main.index("Dann: an die")
    assert "· Arabisch ·" in main and "· ar ·" not in main


@pytest.mark.parametrize(
    ("action", "data", "confirmation"),
    [
        ("message", {"message-body": SECRET}, "Ihre Nachricht wurde an die meldende Person gesendet."),
        ("note", {"note-body": SECRET}, "Die Notiz wurde hinzugefügt."),
        ("intervention", {"intervention-version": 1, "intervention-kind": "COUNSELLING",
                          "intervention-occurred_on": "2026-06-16", "intervention-notes": SECRET},
         "Die Intervention wurde erfasst."),
    ],
)  # fmt: skip
def test_every_action_is_confirmed_without_its_content(
    client, caseworker, case, action, data, confirmation
):
    staff_login(client, caseworker)
    response = client.post(f"/de/office/cases/{case.pk}/{action}/", data, follow=True)
    assert response.redirect_chain == [(f"/de/office/cases/{case.pk}/", 302)]
    page = response.content.decode()
    assert f'<div class="messages" role="status"><p>{confirmation}</p></div>' in page
    assert page.count(SECRET) == 1  # in the timeline, never in the confirmation


def test_the_side_panel_saves_once_and_says_so(client, caseworker, case):
    staff_login(client, caseworker)
    url = f"/de/office/cases/{case.pk}/update/"
    response = client.post(
        url, panel_data(case, to_status="IN_REVIEW", assignee=caseworker.pk), follow=True
    )
    assert "<p>Der Fall wurde gespeichert.</p>" in response.content.decode()
    case.refresh_from_db()
    assert (case.status, case.assignee) == (CaseStatus.IN_REVIEW, caseworker)
    response = client.post(url, panel_data(case), follow=True)
    assert "<p>Es wurde nichts geändert.</p>" in response.content.decode()
    assert "Der Fall wurde gespeichert." not in response.content.decode()  # shown once
    # A refused save says why, keeps the input and confirms nothing.
    response = client.post(url, panel_data(case, to_status="NEW", grounds=["AGE"]))
    assert response.status_code == 400
    assert response.context["panel_form"].data.getlist("grounds") == ["AGE"]
    assert _confirmations(response) == []
    assert Case.objects.get().status == CaseStatus.IN_REVIEW


def test_a_bad_panel_post_is_a_form_error_not_a_500(client, caseworker, case):
    staff_login(client, caseworker)
    bad = panel_data(case, to_status="NOPE", district="nowhere", grounds=["X"])
    response = client.post(f"/de/office/cases/{case.pk}/update/", bad)
    assert response.status_code == 400
    assert {"to_status", "district", "grounds"} <= set(response.context["panel_form"].errors)


def test_suggestions_explain_themselves_and_refer_with_one_button(
    client, caseworker, case, make_member
):
    fits = make_member(
        "Leipzig hilft (fiktiv)", districts=["14713"], languages=["ar"], areas=["HOUSING"]
    )
    make_member("Kein Schlüssel (fiktiv)", districts=["14713"], languages=["ar"], grounds=["RACISM"],
                areas=["HOUSING"], partner=False)  # fmt: skip
    staff_login(client, caseworker)
    page = client.get(f"/de/office/cases/{case.pk}/")
    html = page.content.decode()
    listed = html[html.index('<ol class="suggestions">') :]
    # The better match that cannot receive comes last, with its reason and no button.
    assert listed.index("Leipzig hilft") < listed.index("Kein Schlüssel")
    assert "zuständig für Leipzig (Stadt) · spricht Arabisch · arbeitet zu Wohnen" in listed
    unavailable = listed[
        listed.index('class="unavailable"') : listed.index(
            "</li>", listed.index('class="unavailable"')
        )
    ]
    assert "Schlüssel" in unavailable  # cannot receive referrals yet: no key holder
    assert "<button" not in unavailable
    assert f'name="suggested" value="{fits.pk}"' in listed

    response = client.post(
        f"/de/office/cases/{case.pk}/refer/",
        {"suggested": fits.pk, "organisation": "", "summary": "Wohnungssuche, Leipzig."},
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.organisation == fits
    assert _confirmations(response) == ["Der Fall wurde an Leipzig hilft (fiktiv) weitergegeben."]
    assert Case.objects.get().status == CaseStatus.REFERRED


def test_the_refer_button_still_needs_a_summary_and_the_consent(
    client, caseworker, case, make_member
):
    fits = make_member("Leipzig hilft (fiktiv)", districts=["14713"])
    staff_login(client, caseworker)
    response = client.post(
        f"/de/office/cases/{case.pk}/refer/", {"suggested": fits.pk, "summary": ""}
    )
    assert response.status_code == 400
    assert "summary" in response.context["referral_form"].errors
    without_consent = report_submit(submission=submission(consent_referral=False)).report.case
    page = client.get(f"/de/office/cases/{without_consent.pk}/").content.decode()
    assert 'name="suggested"' not in page
    response = client.post(
        f"/de/office/cases/{without_consent.pk}/refer/", {"suggested": fits.pk, "summary": "S"}
    )
    assert response.status_code >= 400 and not Referral.objects.exists()


def test_interventions_appear_in_the_timeline(client, caseworker, case):
    intervention_add(case=case, actor=caseworker, kind="COUNSELLING",
                     occurred_on=case.received_on, notes="Erstgespräch", expected_version=1)  # fmt: skip
    staff_login(client, caseworker)
    html = client.get(f"/de/office/cases/{case.pk}/").content.decode()
    assert '<li class="message intervention">' in html and "Erstgespräch" in html
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.INTERVENTION_ADDED).count() == 1
