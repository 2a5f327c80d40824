"""Receipt confirmation, receipt login, status page, follow-up messages, logout."""

import html
import re

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from frontend.public import receipt_token
from frontend.public.views import (
    ERROR_CONFIRM_MISMATCH,
    ERROR_RECEIPT_THROTTLED,
    ERROR_RECEIPT_WRONG,
)
from reporting.models import Case, CaseStatus, Message, Report
from reporting.models.cases import REPORTER_STATUS_EXPLANATIONS
from reporting.vocabulary.taxonomy import ReporterRole
from tests.factories import form_data
from web.keysession import KEY_COOKIE

pytestmark = pytest.mark.django_db
NARRATIVE = "Der Busfahrer hat mich nicht einsteigen lassen, Nummer 8812."


@pytest.fixture
def receipt(client, association_keyring):
    response = client.post("/de/report/", form_data(narrative=NARRATIVE))
    code = "".join(response.context["code_groups"])
    token = response.context["confirm_form"].initial["token"]
    return code, token


def login(client, code, language="de"):
    return client.post(f"/{language}/receipt/", {"code": code})


def test_confirming_the_last_four_digits(client, receipt):
    code, token = receipt
    response = client.post("/de/report/saved/", {"token": token, "last_four": code[-4:]})
    assert response.status_code == 200
    assert response.templates[0].name == "frontend/receipt_saved.html"
    assert code.encode() not in response.content
    assert not response.cookies


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_receipt_page_has_no_link_that_would_lose_the_code(
    client, association_keyring, language
):
    response = client.post(f"/{language}/report/", form_data(narrative=NARRATIVE))
    assert response.context["code_groups"]
    page = response.content.decode()
    # No language, start page or footer link that would replace the page. What remains:
    # the skip link, the quick exit (leaving at once is its purpose), e-mail addresses
    # and phone numbers, and pages that open in a new tab (legal pages, help).
    links = re.findall(r'<a ([^>]*)href="([^"]*)"([^>]*)>', page)
    staying = [
        href
        for before, href, after in links
        if href != "#main"
        and 'class="quick-exit"' not in before + after
        and not href.startswith(("mailto:", "tel:"))
        and 'target="_blank"' not in after
    ]
    assert staying == []
    assert {href for _before, href, _after in links} >= {
        "#main",
        settings.QUICK_EXIT_URL,
        f"/{language}/impressum/",
        f"/{language}/privacy/",
    }
    landing = client.get(f"/{language}/").content.decode()
    assert len(re.findall(r"<a [^>]*href=", landing)) > 10  # elsewhere they are all there


def test_wrong_digits_show_the_code_again_with_an_error(client, receipt):
    code, token = receipt
    wrong = f"{(int(code[-4:]) + 1) % 10000:04d}"
    response = client.post("/de/report/saved/", {"token": token, "last_four": wrong})
    assert response.status_code == 400
    assert str(ERROR_CONFIRM_MISMATCH) in response.content.decode()
    assert "".join(response.context["code_groups"]) == code


def test_last_four_digits_in_arabic_indic_script_are_accepted(client, receipt):
    code, token = receipt
    arabic = "".join(chr(0x0660 + int(d)) for d in code[-4:])
    response = client.post("/de/report/saved/", {"token": token, "last_four": arabic})
    assert response.templates[0].name == "frontend/receipt_saved.html"


def test_a_second_login_gets_a_new_key_cookie(client, receipt):
    code, _token = receipt
    first = login(client, code).cookies[KEY_COOKIE].value
    second = login(client, code).cookies[KEY_COOKIE].value
    assert first != second


def test_a_tampered_or_expired_token_does_not_reveal_a_code(client, receipt, monkeypatch):
    code, token = receipt
    response = client.post("/de/report/saved/", {"token": token[:-4] + "AAAA", "last_four": "1"})
    assert response.status_code == 400
    assert code.encode() not in response.content
    monkeypatch.setattr(receipt_token, "MAX_AGE_SECONDS", -1)
    assert receipt_token.open_receipt(token) is None


def test_login_with_formatted_code_shows_the_report(client, receipt):
    code, _token = receipt
    typed = "-".join(code[i : i + 4] for i in range(0, 16, 4))
    response = login(client, typed)
    assert response.status_code == 302
    session_cookie = response.cookies["sessionid"]
    key_cookie = response.cookies[KEY_COOKIE]
    for cookie in (session_cookie, key_cookie):
        assert cookie["httponly"]
        assert cookie["samesite"] == "Strict"
    status = client.get(response["Location"])
    assert status.status_code == 200
    assert NARRATIVE in status.content.decode()
    assert status["Cache-Control"].startswith("no-store")


@pytest.mark.parametrize("typed", ["0000 0000 0000 0000", "12", "abcdabcdabcdabcd"])
def test_wrong_codes_all_get_the_same_answer(client, receipt, typed):
    response = login(client, typed)
    assert response.status_code == 400
    assert response.context["form"].errors["code"] == [str(ERROR_RECEIPT_WRONG)]
    assert "sessionid" not in response.cookies


def test_wrong_codes_are_throttled_even_before_a_right_one(client, receipt, settings):
    code, _token = receipt
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "receipt_login_failure": (3, 900)}
    for _ in range(3):
        assert login(client, "1111 2222 3333 4444").status_code == 400
    response = login(client, code)
    assert response.status_code == 429
    assert str(ERROR_RECEIPT_THROTTLED) in response.content.decode()


def test_status_needs_a_login(client, db):
    response = client.get("/de/receipt/status/")
    assert response.status_code == 302
    assert response["Location"].endswith("/de/receipt/")


def test_session_store_alone_opens_nothing(client, receipt):
    code, _token = receipt
    login(client, code)
    client.cookies.pop(KEY_COOKIE)
    response = client.get("/de/receipt/status/")
    assert response.status_code == 302


def test_key_cookie_alone_opens_nothing(client, receipt):
    code, _token = receipt
    login(client, code)
    client.cookies.pop("sessionid")
    assert client.get("/de/receipt/status/").status_code == 302


def test_follow_up_message_is_stored_sealed_and_shown(client, receipt, association_private_key):
    from reporting.crypto import open_sealed

    code, _token = receipt
    login(client, code)
    response = client.post("/de/receipt/status/", {"body": "Nachtrag: es war um 9 Uhr."})
    assert response.status_code == 302
    message = Message.objects.get()
    assert b"Nachtrag" not in bytes(message.body)
    assert open_sealed(
        bytes(message.body), keys=association_private_key, context=message.context()
    ) == (b"Nachtrag: es war um 9 Uhr.")
    assert Case.objects.get().unread_for_staff
    page = client.get("/de/receipt/status/").content.decode()
    assert "Nachtrag: es war um 9 Uhr." in page


def test_the_session_runs_from_the_last_page_not_from_the_login(client, receipt, settings):
    code, _token = receipt
    with time_machine.travel(timezone.now(), tick=False) as clock:
        login(client, code)
        clock.shift(settings.SESSION_COOKIE_AGE * 2 // 3)
        assert client.get("/de/receipt/status/").status_code == 200
        clock.shift(settings.SESSION_COOKIE_AGE * 2 // 3)  # past the login's expiry
        response = client.post("/de/receipt/status/", {"body": "Noch ein Nachtrag."})
        assert response.status_code == 302
        assert Message.objects.count() == 1


def test_a_message_sent_after_the_session_ended_is_shown_again(client, receipt, settings):
    code, _token = receipt
    text = "Nachtrag <nach> langer Pause, Linie 8812."
    with time_machine.travel(timezone.now(), tick=False) as clock:
        login(client, code)
        clock.shift(settings.SESSION_COOKIE_AGE + 1)
        response = client.post("/de/receipt/status/", {"body": text})
    assert response.status_code == 200
    assert response.templates[0].name == "frontend/receipt_login.html"
    page = response.content.decode()
    assert "Nachtrag &lt;nach&gt; langer Pause, Linie 8812." in page
    assert "readonly" in page and response["Cache-Control"].startswith("no-store")
    assert not Message.objects.exists()
    # Nothing typed, nothing to show: the plain way back to the login.
    assert client.post("/de/receipt/status/", {"body": " "}).status_code == 302


def test_withdrawing_without_the_box_ticked_says_so(client, association_keyring):
    response = client.post("/de/report/", form_data(narrative=NARRATIVE, consent_referral="on"))
    login(client, "".join(response.context["code_groups"]))
    refused = client.post("/de/receipt/withdraw/", {})
    assert refused.status_code == 400
    assert refused.context["withdraw_form"].errors["confirm"]
    assert 'class="errorlist"' in refused.content.decode()
    assert Case.objects.get().report.consent_referral
    assert client.post("/de/receipt/withdraw/", {"confirm": "on"}).status_code == 302
    assert not Case.objects.get().report.consent_referral


def test_withdrawing_contact_consent_deletes_the_contact(client, association_keyring):
    data = form_data(narrative=NARRATIVE, contact_email="melder@example.org", consent_contact="on")
    login(client, "".join(client.post("/de/report/", data).context["code_groups"]))
    page = client.get("/de/receipt/status/").content.decode()
    assert 'action="/de/receipt/withdraw-contact/"' in page and "melder@example.org" in page
    refused = client.post("/de/receipt/withdraw-contact/", {})
    assert refused.status_code == 400
    assert refused.context["withdraw_contact_form"].errors["confirm"]
    assert Report.objects.get().contact is not None

    response = client.post("/de/receipt/withdraw-contact/", {"contact-confirm": "on"})
    assert response.status_code == 302 and response["Location"] == "/de/receipt/status/"
    report = Report.objects.get()
    assert report.contact is None and not report.consent_contact
    page = client.get("/de/receipt/status/").content.decode()
    assert "melder@example.org" not in page
    assert 'action="/de/receipt/withdraw-contact/"' not in page
    assert "Ihre Kontaktdaten sind gelöscht" in page


def test_without_contact_details_nothing_to_withdraw_is_offered(client, receipt):
    code, _token = receipt
    login(client, code)
    page = client.get("/de/receipt/status/").content.decode()
    assert "withdraw-contact" not in page and "Kontaktdaten sind gelöscht" not in page


def test_withdrawing_contact_needs_a_receipt_login(client, association_keyring):
    response = client.post("/de/receipt/withdraw-contact/", {"contact-confirm": "on"})
    assert response.status_code == 302 and response["Location"] == "/de/receipt/"


def test_both_withdrawals_on_one_page_keep_their_ids_apart(client, association_keyring):
    data = form_data(
        narrative=NARRATIVE,
        contact_phone="0351 000000",
        consent_contact="on",
        consent_referral="on",
    )
    login(client, "".join(client.post("/de/report/", data).context["code_groups"]))
    page = client.get("/de/receipt/status/").content.decode()
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert 'id="id_contact-confirm"' in page and 'id="id_confirm"' in page


def test_empty_message_is_refused(client, receipt):
    code, _token = receipt
    login(client, code)
    response = client.post("/de/receipt/status/", {"body": "   "})
    assert response.status_code == 400
    assert not Message.objects.exists()
    assert response.context["form"].errors["body"]


def test_too_long_message_keeps_the_text(client, receipt):
    code, _token = receipt
    login(client, code)
    response = client.post("/de/receipt/status/", {"body": "y" * 6000})
    assert response.status_code == 400
    assert "y" * 6000 in response.content.decode()


def test_logout_destroys_the_session(client, receipt):
    code, _token = receipt
    login(client, code)
    old_session = client.cookies["sessionid"].value
    old_key = client.cookies[KEY_COOKIE].value
    response = client.post("/de/receipt/logout/")
    assert response.status_code == 302
    client.cookies["sessionid"] = old_session
    client.cookies[KEY_COOKIE] = old_key
    assert client.get("/de/receipt/status/").status_code == 302


def test_login_gives_a_fresh_session_id(client, receipt):
    code, _token = receipt
    client.cookies["sessionid"] = "attacker-chosen-session-id"
    response = login(client, code)
    assert response.cookies["sessionid"].value != "attacker-chosen-session-id"


def test_the_status_page_says_the_month_in_words_and_explains_the_status(client, receipt):
    """form_data gives last month (May 2026, time is frozen in June)."""
    code, _token = receipt
    login(client, code)
    page = html.unescape(client.get("/de/receipt/status/").content.decode())
    assert "Mai 2026" in page and "2026-05" not in page
    with translation.override("de"):
        assert str(REPORTER_STATUS_EXPLANATIONS[CaseStatus.NEW]) in page


def test_what_was_not_said_reads_not_said(client, association_keyring):
    response = client.post("/uk/report/", {"narrative": NARRATIVE, "consent_processing": "on"})
    login(client, "".join(response.context["code_groups"]), "uk")
    page = client.get("/uk/receipt/status/").content.decode()
    with translation.override("uk"):
        assert page.count(str(ReporterRole.NOT_SAID.label)) >= 3  # when, grounds, areas, role


def test_every_status_has_its_explanation():
    assert set(REPORTER_STATUS_EXPLANATIONS) == set(CaseStatus)


def test_the_receipt_page_says_what_happens_next(client, association_keyring, settings):
    response = client.post("/de/report/", form_data(narrative=NARRATIVE))
    page = html.unescape(response.content.decode())
    assert settings.OPERATOR["counselling_team"] in page
    with translation.override("de"):
        assert gettext("What happens next") in page
