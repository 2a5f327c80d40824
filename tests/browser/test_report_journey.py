"""A reporter's whole way without JavaScript, left-to-right (de) and right-to-left (ar)."""

from urllib.parse import urlsplit

import pytest

from tests.browser.helpers import (
    MESSAGES,
    NARRATIVES,
    fill_report_form,
    messy,
    read_receipt_code,
    submit,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DIRECTION = {"de": "ltr", "ar": "rtl"}


def assert_page(page, lang: str, path: str) -> None:
    assert urlsplit(page.url).path == path
    html = page.locator("html")
    assert html.get_attribute("lang") == lang
    assert html.get_attribute("dir") == DIRECTION[lang]
    assert page.locator(f"html[dir={DIRECTION[lang]}]").count() == 1


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_report_receipt_and_follow_up_without_javascript(page, live_server, lang):
    # The page really runs no script.
    page.set_content(
        "<p id=js>off</p><script>document.getElementById('js').textContent='on'</script>"
    )
    assert page.inner_text("#js") == "off"

    requests = []
    page.on("request", lambda request: requests.append(request.url))
    context = page.context

    # Landing page, then its link to the form.
    response = page.goto(f"{live_server.url}/{lang}/")
    assert response.status == 200
    assert_page(page, lang, f"/{lang}/")
    with page.expect_navigation():
        page.click(f'main a[href="/{lang}/report/"]')
    assert_page(page, lang, f"/{lang}/report/")

    # The form, sent without JavaScript.
    fill_report_form(page, NARRATIVES[lang])
    response = submit(page, f"/{lang}/report/")
    assert response.status == 200
    assert response.headers["cache-control"].startswith("no-store")
    assert_page(page, lang, f"/{lang}/report/")
    code = read_receipt_code(page)
    assert page.locator(".error-summary").count() == 0

    # Wrong last four digits: an error, and the code is still there to write down.
    right = code[-4:]
    wrong = f"{(int(right) + 1) % 10_000:04d}"
    page.fill("input[name=last_four]", wrong)
    response = submit(page, f"/{lang}/report/saved/")
    assert response.status == 400
    assert page.locator(".error-summary").is_visible()
    assert page.locator("input[name=last_four][aria-invalid=true]").count() == 1
    assert page.locator(".error-summary a[href='#id_last_four']").count() == 1
    assert read_receipt_code(page) == code
    assert_page(page, lang, f"/{lang}/report/saved/")

    # The right ones: the saved page.
    page.fill("input[name=last_four]", right)
    response = submit(page, f"/{lang}/report/saved/")
    assert response.status == 200
    assert_page(page, lang, f"/{lang}/report/saved/")
    assert page.locator(".error-summary").count() == 0
    assert page.locator("input[name=last_four]").count() == 0
    assert page.locator(".receipt-code").count() == 0
    assert context.cookies() == []

    # Log in with the code, typed with spaces and dashes.
    with page.expect_navigation():
        page.click(f'main a[href="/{lang}/receipt/"]')
    assert_page(page, lang, f"/{lang}/receipt/")
    assert context.cookies() == []
    page.fill("input[name=code]", messy(code))
    response = submit(page, f"/{lang}/receipt/")
    assert response.status == 200
    assert_page(page, lang, f"/{lang}/receipt/status/")
    cookies = context.cookies()
    assert cookies, "a receipt login must start a session"
    for cookie in cookies:
        assert cookie["httpOnly"], cookie["name"]
        assert cookie["sameSite"] == "Strict", cookie["name"]

    # The report as sent, and a follow-up message in the thread.
    narrative = page.locator("dd.narrative").inner_text()
    for line in NARRATIVES[lang].splitlines():
        assert line in narrative
    assert page.locator(".thread .message").count() == 0
    page.fill("textarea[name=body]", MESSAGES[lang])
    response = submit(page, f"/{lang}/receipt/status/")
    assert response.status == 200
    assert_page(page, lang, f"/{lang}/receipt/status/")
    mine = page.locator(".thread .message.mine .body")
    assert mine.count() == 1
    assert mine.inner_text().strip() == MESSAGES[lang]

    # Logging out ends the session: no cookie left, the status page is closed.
    response = submit(page, f"/{lang}/receipt/logout/")
    assert response.status == 200
    assert_page(page, lang, f"/{lang}/")
    assert context.cookies() == []
    page.goto(f"{live_server.url}/{lang}/receipt/status/")
    assert_page(page, lang, f"/{lang}/receipt/")

    # Nothing was loaded from anywhere but this website.
    host = urlsplit(live_server.url).netloc
    assert any(urlsplit(url).path.endswith("/site.css") for url in requests), requests
    foreign = [url for url in requests if urlsplit(url).netloc != host]
    assert not foreign, f"requests to other hosts: {foreign}"


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_validation_error_keeps_what_was_typed(page, live_server, lang):
    page.goto(f"{live_server.url}/{lang}/report/")
    fill_report_form(page, NARRATIVES[lang], district=None)
    page.fill("input[name=contact_email]", "antwort@example.org")

    response = submit(page, f"/{lang}/report/")

    assert response.status == 400
    assert_page(page, lang, f"/{lang}/report/")
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert summary.locator("a[href='#id_district']").count() == 1
    assert page.locator("select[name=district][aria-invalid=true]").count() == 1
    assert page.input_value("textarea[name=narrative]") == NARRATIVES[lang]
    assert page.input_value("input[name=place_detail]") == "Linie 7"
    assert page.input_value("input[name=contact_email]") == "antwort@example.org"
    assert page.is_checked("input[name=grounds][value=RACISM]")
    assert page.is_checked("input[name=reporter_role][value=AFFECTED]")
    assert page.locator(".receipt-code").count() == 0
    assert page.context.cookies() == []
