"""The receipt page shows help for the district the reporter chose, on a 360 x 740 phone
without JavaScript; the help page narrows to a district by a plain form."""

import pytest

from reporting.demo.counselling import create_demo_counselling_services
from tests.browser.helpers import submit_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DRESDEN_SERVICE = "Antidiskriminierungsberatung Elbtal (fiktiv)"  # serves Dresden
LEIPZIG_SERVICE = "Beratungsnetz Messestadt (fiktiv)"  # does not
STATEWIDE_SERVICE = "Landesweite Telefonberatung gegen Diskriminierung (fiktiv)"


@pytest.fixture
def directory(db):
    create_demo_counselling_services()


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_the_receipt_page_shows_the_chosen_districts_help(
    new_context, live_server, association_keyring, directory, axe_check, lang
):
    page = new_context(javascript=False, viewport=PHONE).new_page()
    submit_report(page, live_server.url, lang)  # Dresden, housing
    services = page.locator(".services .service h3").all_inner_texts()
    assert DRESDEN_SERVICE in services and STATEWIDE_SERVICE in services
    assert LEIPZIG_SERVICE not in services
    assert page.locator("#agg-title").is_visible()  # housing: the AGG's deadline
    assert page.locator("a[href='tel:110']").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    checked = new_context(javascript=True, viewport=PHONE).new_page()
    submit_report(checked, live_server.url, lang)
    axe_check(checked)


def test_the_help_page_narrows_to_a_district(new_context, live_server, directory):
    page = new_context(javascript=False, viewport=PHONE).new_page()
    page.goto(f"{live_server.url}/de/help/")
    assert LEIPZIG_SERVICE in page.locator(".services").inner_text()
    page.select_option("select[name=district]", "14612")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    listed = page.locator(".services").inner_text()
    assert DRESDEN_SERVICE in listed and LEIPZIG_SERVICE not in listed
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
