"""Translations in the back office: who may do what (an interpreter gets 404 for
everything not sent to them), the case page shows translations beside the report, the
inbox filters cases that need one, and staff record the languages they read."""

import pytest

from reporting.models import AuditEvent, StaffProfile
from reporting.models.translations import Translation, TranslationRequest
from reporting.selectors.receipts import ReporterAccess
from reporting.selectors.times import to_the_minute
from reporting.services.messages import reporter_message_send
from reporting.services.reports import report_submit
from reporting.vocabulary.roles import Role
from tests.factories import submission
from tests.logins import staff_login

pytestmark = pytest.mark.django_db
ORIGINAL = "قال المؤجر إن الشقة قد أُجّرت."
TRANSLATED = "Der Vermieter sagte, die Wohnung sei schon vermietet."


@pytest.fixture
def setup(association_keyring, make_staff, make_member):
    case = report_submit(submission=submission(language="ar", narrative=ORIGINAL)).report.case
    other = report_submit(submission=submission(language="ar", narrative="أخرى")).report.case
    return {
        "case": case,
        "other": other,
        "caseworker": make_staff(Role.CASEWORKER),
        "interpreter": make_staff(Role.INTERPRETER, grant=False),
        "second_interpreter": make_staff(Role.INTERPRETER, grant=False),
        "partner": make_member("Beratung (fiktiv)").partner,
        "statistics": make_staff(Role.STATISTICS, grant=False),
    }


def send(client, setup, case_key="case", interpreter_key="interpreter"):
    staff_login(client, setup["caseworker"])
    response = client.post(
        f"/de/office/cases/{setup[case_key].pk}/interpreter/",
        {"interpreter-interpreter": setup[interpreter_key].pk},
    )
    client.post("/de/office/logout/")
    return response


def test_an_interpreter_sees_the_text_sent_to_them_until_they_translate_it(client, setup):
    assert send(client, setup).status_code == 302
    job = TranslationRequest.objects.get()

    staff_login(client, setup["interpreter"])
    listing = client.get("/de/office/translations/")
    assert list(listing.context["requests"]) == [job]
    page = client.get(f"/de/office/translations/{job.pk}/")
    assert page.status_code == 200 and ORIGINAL in page.content.decode()
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.TRANSLATION_READ).count() == 1

    done = client.post(
        f"/de/office/translations/{job.pk}/",
        {"translation-body": TRANSLATED, "translation-language": "de"},
    )
    assert done.status_code == 302
    assert client.get(f"/de/office/translations/{job.pk}/").status_code == 404
    client.post("/de/office/logout/")

    staff_login(client, setup["caseworker"])
    case_page = client.get(f"/de/office/cases/{setup['case'].pk}/").content.decode()
    assert ORIGINAL in case_page and TRANSLATED in case_page


def test_an_interpreter_gets_404_for_anything_not_sent_to_them(client, setup):
    send(client, setup, interpreter_key="second_interpreter")
    job = TranslationRequest.objects.get()
    staff_login(client, setup["interpreter"])
    case = setup["case"]
    for url in (
        f"/de/office/translations/{job.pk}/",
        f"/de/office/cases/{case.pk}/",
        f"/de/office/cases/{case.pk}/history/",
        "/de/office/",
        "/de/office/intake/",
        "/de/office/referrals/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get("/api/v1/cases/").status_code in (403, 404)
    assert client.get(f"/api/v1/cases/{case.pk}/").status_code in (403, 404)
    assert client.get("/de/office/translations/").context["requests"].count() == 0


@pytest.mark.parametrize("role_key", ["interpreter", "partner", "statistics"])
def test_only_caseworkers_translate_or_send_texts(client, setup, role_key):
    staff_login(client, setup[role_key])
    case = setup["case"]
    assert (
        client.post(
            f"/de/office/cases/{case.pk}/translation/",
            {"translation-body": TRANSLATED, "translation-language": "de"},
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/de/office/cases/{case.pk}/interpreter/",
            {"interpreter-interpreter": setup["interpreter"].pk},
        ).status_code
        == 404
    )
    assert not TranslationRequest.objects.exists()


@pytest.mark.parametrize("role_key", ["caseworker", "partner", "statistics"])
def test_the_interpreters_pages_are_theirs_alone(client, setup, role_key):
    staff_login(client, setup[role_key])
    assert client.get("/de/office/translations/").status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, setup):
    response = client.get("/de/office/translations/")
    assert response.status_code == 302 and "/office/login/" in response["Location"]


def test_a_caseworker_translation_keeps_the_text_on_an_error(client, setup):
    staff_login(client, setup["caseworker"])
    url = f"/de/office/cases/{setup['case'].pk}/translation/"
    response = client.post(url, {"translation-body": TRANSLATED, "translation-language": "xx"})
    assert response.status_code == 400 and TRANSLATED in response.content.decode()
    ok = client.post(url, {"translation-body": TRANSLATED, "translation-language": "de"})
    assert ok.status_code == 302


def test_the_inbox_filters_cases_that_need_translation(client, setup):
    german = report_submit(submission=submission(language="de")).report.case
    staff_login(client, setup["caseworker"])
    needing = client.get("/de/office/", {"needs_translation": "on"})
    shown = {row.pk for row in needing.context["rows"]}
    assert shown == {setup["case"].pk, setup["other"].pk}
    assert german.pk not in shown

    client.post("/de/office/languages/", {"reads_languages": ["ar"]})
    assert StaffProfile.objects.get(user=setup["caseworker"]).reads_languages == ["ar"]
    assert not client.get("/de/office/", {"needs_translation": "on"}).context["rows"]


def test_the_api_filters_cases_that_need_translation(client, setup):
    staff_login(client, setup["caseworker"])
    listed = client.get("/api/v1/cases/", {"needs_translation": "true"}).json()
    ids = {row["id"] for row in listed["results"]}
    assert ids == {setup["case"].pk, setup["other"].pk}


def test_a_message_in_the_reporters_language_keeps_its_translation_for_the_file(client, setup):
    staff_login(client, setup["caseworker"])
    case = setup["case"]
    response = client.post(
        f"/de/office/cases/{case.pk}/message/",
        {"message-body": "شكراً لبلاغك.", "message-translation": "Danke für Ihre Meldung."},
    )
    assert response.status_code == 302
    translation = Translation.objects.get()
    assert translation.message.body != b"" and translation.language == "de"
    page = client.get(f"/de/office/cases/{case.pk}/").content.decode()
    assert "شكراً لبلاغك." in page and "Danke für Ihre Meldung." in page
    # The reporter reads the message, never the translation kept for the file.
    assert b"Danke" not in bytes(translation.body)


def test_a_reporters_message_is_translated_and_sent_to_an_interpreter(client, setup):
    message = reporter_message_send(
        access=ReporterAccess(report_id=setup["case"].report_id, private_key=None),
        body="لدي سؤال آخر.",
    )
    staff_login(client, setup["caseworker"])
    case = setup["case"]
    page = client.get(f"/de/office/cases/{case.pk}/")
    assert (
        str(message.pk),
        f"Nachricht der meldenden Person vom {to_the_minute(message.created_at)}",
    ) in (page.context["translation_form"].fields["message"].choices)
    client.post(
        f"/de/office/cases/{case.pk}/translation/",
        {
            "translation-message": str(message.pk),
            "translation-body": "Ich habe noch eine Frage.",
            "translation-language": "de",
        },
    )
    assert Translation.objects.get().message_id == message.pk
    assert (
        "Ich habe noch eine Frage." in client.get(f"/de/office/cases/{case.pk}/").content.decode()
    )

    client.post(
        f"/de/office/cases/{case.pk}/interpreter/",
        {
            "interpreter-message": str(message.pk),
            "interpreter-interpreter": setup["interpreter"].pk,
        },
    )
    client.post("/de/office/logout/")
    job = TranslationRequest.objects.get()
    assert job.message_id == message.pk
    staff_login(client, setup["interpreter"])
    text = client.get(f"/de/office/translations/{job.pk}/").content.decode()
    assert "لدي سؤال آخر." in text and ORIGINAL not in text


def test_a_message_of_another_case_is_a_404(client, setup):
    other_message = reporter_message_send(
        access=ReporterAccess(report_id=setup["other"].report_id, private_key=None),
        body="رسالة أخرى.",
    )
    staff_login(client, setup["caseworker"])
    response = client.post(
        f"/de/office/cases/{setup['case'].pk}/translation/",
        {
            "translation-message": str(other_message.pk),
            "translation-body": "Text",
            "translation-language": "de",
        },
    )
    assert response.status_code == 400  # not one of this case's texts
    assert not Translation.objects.exists()


def test_the_interpreter_form_has_a_page_of_its_own_linked_from_the_case(client, setup):
    """The case page links to it rather than reading the interpreters on every view."""
    staff_login(client, setup["caseworker"])
    url = f"/de/office/cases/{setup['case'].pk}/interpreter/"
    case_page = client.get(f"/de/office/cases/{setup['case'].pk}/").content.decode()
    assert f'href="{url}"' in case_page
    assert "interpreter-interpreter" not in case_page
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="interpreter-interpreter"' in html
    assert setup["interpreter"].username in html
    assert 'name="interpreter-message"' not in html  # only the report to send so far
    assert not TranslationRequest.objects.exists()


def test_the_interpreter_page_says_when_there_is_nobody_to_send_to(
    client, association_keyring, make_staff
):
    case = report_submit(submission=submission(language="ar", narrative=ORIGINAL)).report.case
    staff_login(client, make_staff(Role.CASEWORKER))
    page = client.get(f"/de/office/cases/{case.pk}/interpreter/").content.decode()
    assert "Noch hat niemand ein Konto für die Sprachmittlung" in page
    assert "<select" not in page


@pytest.mark.parametrize("role_key", ["interpreter", "partner", "statistics"])
def test_only_caseworkers_open_the_interpreter_page(client, setup, role_key):
    staff_login(client, setup[role_key])
    assert client.get(f"/de/office/cases/{setup['case'].pk}/interpreter/").status_code == 404


def test_a_mistake_on_the_interpreter_page_keeps_it(client, setup):
    staff_login(client, setup["caseworker"])
    url = f"/de/office/cases/{setup['case'].pk}/interpreter/"
    response = client.post(url, {"interpreter-interpreter": "999999"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html and 'name="interpreter-interpreter"' in html
