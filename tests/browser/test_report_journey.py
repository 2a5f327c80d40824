"""A reporter's whole way without JavaScript, left-to-right (de) and right-to-left (ar)."""

from urllib.parse import urlsplit

import pytest

from tests.browser.helpers import (
    MESSAGES,
    NARRATIVES,
    fill_report_form,
    messy,
    open_optional_parts,
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
    fill_report_form(page, NARRATIVES[lang])
    page.fill("input[name=contact_email]", "antwort@example.org")  # but no tick to contact
    page.select_option("select[name=incident_year]", "")  # a month without its year

    response = submit(page, f"/{lang}/report/")

    assert response.status == 400
    assert_page(page, lang, f"/{lang}/report/")
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    # Each link lands on the control, with its question in view below the sticky bar.
    for name in ("incident_year", "consent_contact"):
        summary.locator(f"a[href='#id_{name}']").click()
        assert active(page)["name"] == name  # the browser focuses the control it lands on
        assert page.locator(f"[name={name}]").get_attribute("aria-invalid") == "true"
        assert_in_view(page, f"label[for=id_{name}]")
        assert_in_view(page, f"[name={name}]")
    # What was typed is all there, its parts unfolded.
    assert page.locator("details.more[open]").count() == 2  # the files part stays folded
    assert page.input_value("textarea[name=narrative]") == NARRATIVES[lang]
    assert page.input_value("input[name=place_detail]") == "Linie 7"
    assert page.input_value("input[name=contact_email]") == "antwort@example.org"
    assert page.is_checked("input[name=grounds][value=RACISM]")
    assert page.is_checked("input[name=reporter_role][value=AFFECTED]")
    assert page.locator(".receipt-code").count() == 0
    assert page.context.cookies() == []


def assert_in_view(page, selector: str) -> None:
    """The element is on screen, below the sticky top bar."""
    top = page.locator(selector).evaluate("element => element.getBoundingClientRect().top")
    bar = page.locator(".top-bar").evaluate("element => element.getBoundingClientRect().bottom")
    height = page.viewport_size["height"]
    assert bar <= top < height, (selector, bar, top, height)


PHONE = {"width": 360, "height": 740}
# The Send button of the shortest path within three phone screens, reached in few steps.
SEND_WITHIN_PX = 2_220
MAX_TABS = 15
PAGE_WEIGHT = 40 * 1024  # the page and everything it loads, uncompressed
SHORT_NARRATIVES = {
    **NARRATIVES,
    "uk": "Орендодавець сказав по телефону, що квартира вже здана.",
}


def active(page) -> dict:
    return page.evaluate(
        "() => ({name: document.activeElement.name || '', tag: document.activeElement.tagName,"
        " type: document.activeElement.type || ''})"
    )


@pytest.mark.parametrize("lang", ["de", "uk", "ar"])
def test_the_shortest_path_is_short(new_context, live_server, association_keyring, lang):
    """Narrative, consent, Send, on a 360 px phone without JavaScript: Send within three
    screens of the top and at most 15 Tab presses from the first field."""
    page = new_context(javascript=False, viewport=PHONE).new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(f"{live_server.url}/{lang}/report/")
    weight = sum(len(response.body()) for response in responses)
    assert weight <= PAGE_WEIGHT, f"{lang}: the form page with its CSS is {weight} bytes"
    assert any(response.url.endswith("/site.css") for response in responses)
    send = page.locator("main button[type=submit]")
    bottom = send.evaluate("b => b.getBoundingClientRect().bottom + window.scrollY")
    assert bottom <= SEND_WITHIN_PX, f"{lang}: Send ends {bottom:.0f}px from the top"

    page.focus("textarea[name=narrative]")
    page.keyboard.type(SHORT_NARRATIVES[lang])
    tabs = 0
    while active(page)["name"] != "consent_processing":
        page.keyboard.press("Tab")
        tabs += 1
        assert tabs <= MAX_TABS, f"{lang}: the consent box is not reached in {MAX_TABS} Tabs"
    page.keyboard.press("Space")
    while active(page)["type"] != "submit" or active(page)["name"]:
        page.keyboard.press("Tab")
        tabs += 1
        assert tabs <= MAX_TABS, f"{lang}: Send is not reached in {MAX_TABS} Tabs"
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value.status == 200
    assert read_receipt_code(page)
    assert page.context.cookies() == []


def test_switching_the_language_keeps_what_was_typed(page, live_server):
    page.goto(f"{live_server.url}/de/report/")
    page.fill("textarea[name=narrative]", NARRATIVES["de"])
    open_optional_parts(page)
    page.check("input[name=grounds][value=AGE]")
    for lang, direction in (("uk", "ltr"), ("ar", "rtl")):
        with page.expect_navigation() as navigation:
            page.click(f"button[name=switch_language][value={lang}]")
        assert navigation.value.status == 200
        assert urlsplit(page.url).path == f"/{lang}/report/"
        assert page.locator(f"html[lang={lang}][dir={direction}]").count() == 1
        assert page.input_value("textarea[name=narrative]") == NARRATIVES["de"]
        assert page.is_checked("input[name=grounds][value=AGE]")
        assert page.locator(".error-summary, .errorlist").count() == 0
    assert page.context.cookies() == []
    # And it still sends from there.
    page.check("input[name=consent_processing]")
    assert submit(page, "/ar/report/").status == 200
    assert read_receipt_code(page)
