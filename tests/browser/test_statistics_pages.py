"""Public statistics pages in real Chromium: axe-clean in German and Arabic, no cookie,
no JavaScript needed, and a print stylesheet that makes a clean A4 document."""

import os
import re

import pytest

from tests.statistics_fixtures import *  # noqa: F403 - make_report, published, ...

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

LANGUAGES = ["de", "ar"]
SCREENSHOTS = os.environ.get("MELDESTELLE_SCREENSHOTS")  # a directory, to look at the pages


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    from performance import page_cache

    page_cache._pages.clear()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", ["statistics/", "statistics/2025/1/"], ids=["list", "report"])
def test_statistics_pages_are_accessible(axe_check, published, lang, path):
    axe_check(f"/{lang}/{path}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_report_without_javascript_sets_no_cookie(page, live_server, published, lang):
    response = page.goto(f"{live_server.url}/{lang}/statistics/2025/1/")
    assert response.status == 200
    assert page.context.cookies() == []
    assert page.locator("svg.chart-svg").count() == 7  # no chart of a table counting none
    for svg in page.locator("svg.chart-svg").all():
        assert svg.is_visible()
        box = svg.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 100
    # Withheld figures are marked in the tables, not drawn as numbers.
    assert page.locator("td.withheld").count() > 0
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/statistics-{lang}.png", full_page=True)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_report_fits_a_phone(new_context, live_server, published, lang):
    """Issue 21: the report was 510 px wide on a 360 px phone; wide tables now scroll in
    their own box, which a keyboard can reach."""
    page = new_context(javascript=False, viewport={"width": 360, "height": 740}).new_page()
    page.goto(f"{live_server.url}/{lang}/statistics/2025/1/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for wrap in page.locator(".table-wrap").all():
        assert wrap.get_attribute("tabindex") == "0" and wrap.get_attribute("role") == "region"


def test_print_stylesheet_gives_a_clean_a4_document(page, live_server, published):
    page.goto(f"{live_server.url}/de/statistics/2025/1/")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert not page.locator(".downloads").first.is_visible()
    assert page.locator("svg.chart-svg").first.is_visible()
    assert page.locator(".publisher").is_visible()  # the footer is not printed
    pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=False)
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 3 <= pages <= 30, pages
    if SCREENSHOTS:
        with open(f"{SCREENSHOTS}/statistics-de.pdf", "wb") as out:
            out.write(pdf)


SIZES = [{"width": 360, "height": 740}, {"width": 1366, "height": 768}]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_headlines_and_map_key_fit_a_phone_and_a_laptop(
    new_context, live_server, published_two_years, lang
):
    """Issue 21: headline figures and the map's district names, at 360 and 1366 px; the
    charts shrink with the page and their text stays at least 9 px high."""
    page = new_context(javascript=False, viewport=SIZES[0]).new_page()
    page.goto(f"{live_server.url}/{lang}/statistics/2025/1/")
    for size in SIZES:
        page.set_viewport_size(size)
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        assert page.locator(".headline").count() == 5
        assert page.locator(".district-key dt").count() == 13
        for svg in page.locator("svg.chart-svg").all():
            box = svg.bounding_box()
            assert box["width"] <= size["width"]
            assert box["width"] / 360 * 13 >= 10  # the charts' 13-unit text, in pixels
        if SCREENSHOTS:
            page.screenshot(
                path=f"{SCREENSHOTS}/statistics-{lang}-{size['width']}.png", full_page=True
            )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_dashboard_fits_a_phone_and_a_laptop(
    new_context, live_server, axe_check, make_staff, year_of_reports, lang
):
    from django_otp.oath import totp

    from reporting.vocabulary.roles import Role
    from tests.logins import STAFF_PASSWORD

    user = make_staff(Role.STATISTICS, grant=False)
    page = new_context(javascript=True, viewport=SIZES[0]).new_page()
    page.goto(f"{live_server.url}/{lang}/office/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", STAFF_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.fill("input[name=code]", f"{totp(user.totpdevice_set.get().bin_key):06d}")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.goto(f"{live_server.url}/{lang}/office/statistics/?year=2025")
    for size in SIZES:
        page.set_viewport_size(size)
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        assert page.locator(".headline").count() >= 3
        if SCREENSHOTS:
            page.screenshot(
                path=f"{SCREENSHOTS}/dashboard-{lang}-{size['width']}.png", full_page=True
            )
    axe_check(page)
