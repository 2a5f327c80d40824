"""Back after sending: the browser must not put what was typed back into the form.

On a shared or borrowed phone, whoever presses Back next would otherwise read the
report and the reporter's contact details (Chromium restores form fields on history
navigation unless the form says autocomplete="off").
"""

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.helpers import fill_report_form, log_in, read_receipt_code, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARRATIVE = "Niemand mit dem Telefon in der Hand darf diesen Satz lesen 8159."
EMAIL = "zurueck-8159@example.org"
PHONE = "+49 351 8159"
MESSAGE = "Eine Nachricht, die nach dem Senden verschwinden muss 8159."


def send_report(page, base_url: str) -> str:
    page.goto(f"{base_url}/de/report/")
    fill_report_form(page, NARRATIVE)
    page.fill("input[name=contact_email]", EMAIL)
    page.fill("input[name=contact_phone]", PHONE)
    page.check("input[name=consent_contact]")
    response = submit(page, "/de/report/")
    assert response.status == 200
    return read_receipt_code(page)


def assert_report_form_is_empty(page) -> None:
    page.wait_for_selector("textarea[name=narrative]")
    assert page.input_value("textarea[name=narrative]") == ""
    assert page.input_value("input[name=contact_email]") == ""
    assert page.input_value("input[name=contact_phone]") == ""
    assert page.input_value("input[name=place_detail]") == ""
    assert not page.is_checked("input[name=consent_contact]")


def test_back_after_sending_shows_an_empty_form(page, live_server):
    code = send_report(page, live_server.url)
    page.go_back()
    assert_report_form_is_empty(page)

    # The follow-up message on the status page: gone after sending, too.
    response = log_in(page, live_server.url, "de", code)
    assert response.ok
    page.fill("textarea[name=body]", MESSAGE)
    response = submit(page, "/de/receipt/status/")
    assert response.status == 200
    assert page.locator(".messages, main").inner_text().count(MESSAGE) == 1
    page.go_back()
    page.wait_for_selector("textarea[name=body]")
    assert page.input_value("textarea[name=body]") == ""


def test_back_after_sending_with_the_back_forward_cache_on(
    browser, live_server, association_keyring
):
    """Playwright turns Chromium's back/forward cache off; phones have it on. A page
    restored from it would show the filled form whatever autocomplete says."""
    with_cache = browser.browser_type.launch(
        executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS,
        headless=True,
        ignore_default_args=["--disable-back-forward-cache"],
    )
    try:
        page = with_cache.new_context(java_script_enabled=False).new_page()
        send_report(page, live_server.url)
        # A page restored from the cache fires no load event: wait for the commit only.
        page.go_back(wait_until="commit")
        assert_report_form_is_empty(page)
    finally:
        with_cache.close()
