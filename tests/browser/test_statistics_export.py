"""The export form for funders in real Chromium: fits a phone and a laptop, says what
is wrong with bad input, and downloads a workbook (German office)."""

import datetime
import io
import os

import pytest
from openpyxl import load_workbook

from tests.statistics_fixtures import *  # noqa: F403 - make_report, published, ...

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

SIZES = [{"width": 360, "height": 740}, {"width": 1366, "height": 768}]
SCREENSHOTS = os.environ.get("MELDESTELLE_SCREENSHOTS")  # a directory, to look at the pages


def _signed_in(new_context, live_server, make_staff, role=None, **options):
    from django_otp.oath import totp

    from reporting.vocabulary.roles import Role
    from tests.logins import STAFF_PASSWORD

    user = make_staff(role or Role.STATISTICS, grant=False, **options)
    page = new_context(
        javascript=True, viewport=SIZES[0], accept_downloads=True, locale="de-DE"
    ).new_page()
    page.goto(f"{live_server.url}/de/office/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", STAFF_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.fill("input[name=code]", f"{totp(user.totpdevice_set.get().bin_key):06d}")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    return page


def test_the_export_form_fits_and_downloads(
    new_context, live_server, axe_check, make_staff, published
):
    page = _signed_in(new_context, live_server, make_staff)
    page.goto(f"{live_server.url}/de/office/statistics/")
    with page.expect_navigation():
        page.get_by_role("link", name="Export für Förderer und Forschung (XLSX, CSV)").click()
    last_year = str(datetime.date.today().year - 1)
    assert page.input_value("input[name=start]") == f"{last_year}-01-01"
    assert page.input_value("input[name=end]") == f"{last_year}-12-31"
    for size in SIZES:
        page.set_viewport_size(size)
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        if SCREENSHOTS:
            page.screenshot(path=f"{SCREENSHOTS}/export-de-{size['width']}.png", full_page=True)
    axe_check(page)

    page.fill("input[name=start]", "2025-12-31")
    page.fill("input[name=end]", "2025-01-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Herunterladen").click()
    assert page.get_by_text("Der letzte Tag darf nicht vor dem ersten Tag liegen.").count() == 2
    for size in SIZES:
        page.set_viewport_size(size)
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        if SCREENSHOTS:
            page.screenshot(
                path=f"{SCREENSHOTS}/export-de-error-{size['width']}.png", full_page=True
            )

    page.fill("input[name=start]", "2025-01-01")
    page.fill("input[name=end]", "2025-12-31")
    page.select_option("select[name=organisation]", "network")
    with page.expect_download() as download:
        page.get_by_role("button", name="Herunterladen").click()
    with open(download.value.path(), "rb") as file:  # no .xlsx suffix: openpyxl wants one
        workbook = load_workbook(io.BytesIO(file.read()))
    assert workbook.sheetnames == ["Zahlen", "Methode"]


def test_a_member_caseworker_sees_their_own_organisation(
    new_context, live_server, make_staff, published
):
    from reporting.models import Organisation
    from reporting.vocabulary.roles import Role

    east = Organisation.objects.create(name="Beratung Ost (fiktiv)", kind="MEMBER")
    Organisation.objects.create(name="Beratung West (fiktiv)", kind="MEMBER")
    page = _signed_in(
        new_context, live_server, make_staff, Role.MEMBER_CASEWORKER, organisation=east
    )
    page.goto(f"{live_server.url}/de/office/statistics/export/")
    options = page.locator("select[name=organisation] option").all_inner_texts()
    assert options == ["Beratung Ost (fiktiv)"]
    for size in SIZES:
        page.set_viewport_size(size)
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        if SCREENSHOTS:
            page.screenshot(
                path=f"{SCREENSHOTS}/export-member-de-{size['width']}.png", full_page=True
            )
    with page.expect_download() as download:
        page.get_by_role("button", name="Herunterladen").click()
    assert download.value.suggested_filename.endswith("-nach-eingang-beratung-ost-fiktiv.xlsx")
