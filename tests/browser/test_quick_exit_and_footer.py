"""Quick exit and the footer's legal links on a 360 x 740 phone without JavaScript."""

import pytest

from frontend.public import views
from tests.browser.helpers import submit_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
NEUTRAL = "https://neutral.example/"
PAGES = ["/de/", "/ar/report/", "/uk/receipt/", "/de/privacy/", "/ar/impressum/", "/de/statistics/"]


@pytest.fixture
def neutral_site(settings, monkeypatch):
    """The quick exit leads to a stand-in for the neutral site (no request leaves)."""
    settings.QUICK_EXIT_URL = NEUTRAL
    monkeypatch.setattr(views, "_EMPTY_FORM_PAGES", {})

    def serve(context):
        context.route(f"{NEUTRAL}**", lambda route: route.fulfill(body="neutral page"))
        return context

    return serve


def in_viewport(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return (
        box is not None
        and box["y"] >= 0
        and box["y"] + box["height"] <= PHONE["height"]
        and box["x"] >= 0
        and box["x"] + box["width"] <= PHONE["width"]
    )


@pytest.mark.parametrize("path", PAGES)
def test_quick_exit_is_always_in_view_and_leaves(new_context, live_server, neutral_site, path):
    page = neutral_site(new_context(javascript=False, viewport=PHONE)).new_page()
    page.goto(f"{live_server.url}{path}")
    assert in_viewport(page, "a.quick-exit")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # runs with JS off too
    assert in_viewport(page, "a.quick-exit"), "the quick exit scrolled away"
    page.locator("a.quick-exit").click()
    page.wait_for_url(NEUTRAL)
    assert page.content().count("neutral page") == 1


def test_quick_exit_on_the_receipt_page(
    new_context, live_server, association_keyring, neutral_site
):
    page = neutral_site(new_context(javascript=False, viewport=PHONE)).new_page()
    submit_report(page, live_server.url, "de")
    assert in_viewport(page, "a.quick-exit")
    page.locator("a.quick-exit").click()
    page.wait_for_url(NEUTRAL)


def test_with_javascript_the_page_leaves_the_history(new_context, live_server, neutral_site):
    """Back after a quick exit does not show the page that was left."""
    page = neutral_site(new_context(javascript=True, viewport=PHONE)).new_page()
    page.goto(f"{live_server.url}/de/")
    page.goto(f"{live_server.url}/de/report/")
    page.locator("a.quick-exit").click()
    page.wait_for_url(NEUTRAL)
    page.go_back()
    assert page.url == f"{live_server.url}/de/"


def test_without_javascript_back_returns_like_any_link(new_context, live_server, neutral_site):
    page = neutral_site(new_context(javascript=False, viewport=PHONE)).new_page()
    page.goto(f"{live_server.url}/de/")
    page.goto(f"{live_server.url}/de/report/")
    page.locator("a.quick-exit").click()
    page.wait_for_url(NEUTRAL)
    page.go_back()
    assert page.url == f"{live_server.url}/de/report/"


@pytest.mark.parametrize("path", PAGES)
def test_footer_links_reach_the_legal_pages(page, live_server, path):
    page.set_viewport_size(PHONE)
    language = path.split("/")[1]
    for link, heading in (("impressum", "Impressum"), ("privacy", None)):
        page.goto(f"{live_server.url}{path}")
        with page.expect_navigation() as navigation:
            page.locator(f'footer a[href="/{language}/{link}/"]').click()
        assert navigation.value.status == 200
        assert page.url == f"{live_server.url}/{language}/{link}/"
        if heading:
            assert heading in page.locator("h1").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
