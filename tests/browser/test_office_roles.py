"""Every role's back office in real Chromium (issue 21): at 1366×768 and 360×740 every page
the role's menu offers opens, none scrolls sideways, and axe finds nothing serious."""

import pytest
from django_otp.oath import totp

from reporting.services.reports import report_intake, report_submit
from reporting.vocabulary.roles import Role
from tests.factories import submission
from tests.logins import STAFF_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = [{"width": 1366, "height": 768}, {"width": 360, "height": 740}]
ROLES = ["caseworker", "partner", "statistics", "administrator", "interpreter", "member_caseworker"]


@pytest.fixture
def user_of(make_staff, make_member, association_keyring):
    report_submit(submission=submission(consent_referral=True))  # something to list

    def make(name):
        if name == "partner":
            return make_member("Treffpunkt Test (Demo)", districts=["14713"]).partner
        if name == "member_caseworker":
            organisation = make_member("Beratung Test (Demo)", partner=False)
            user = make_staff(Role.MEMBER_CASEWORKER, organisation=organisation)
            report_intake(
                submission=submission(consent_referral=True),
                channel="PHONE",
                actor=user,
                receipt=False,
                member_organisation=organisation,
            )
            return user
        return make_staff(Role(name))

    return make


def _sign_in(page, base: str, user) -> None:
    page.goto(f"{base}/de/office/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", STAFF_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.fill("input[name=code]", f"{totp(user.totpdevice_set.get().bin_key):06d}")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_page_of_a_role_opens_fits_and_is_accessible(
    new_context, live_server, axe_check, user_of, role
):
    user = user_of(role)
    context = new_context(javascript=True, viewport=SIZES[0])
    page = context.new_page()
    _sign_in(page, live_server.url, user)
    landing = page.url
    links = page.locator(".office-menu a").evaluate_all("links => links.map(a => a.href)")
    assert links, f"{role} has no menu"
    for size in SIZES:
        page.set_viewport_size(size)
        for url in [landing, *links]:
            for language in ("de", "ar"):
                localised = url.replace("/de/", f"/{language}/", 1)
                response = page.goto(localised)
                assert response.status == 200, (role, localised, response.status)
                wide = page.evaluate("document.documentElement.scrollWidth")
                assert wide <= size["width"], f"{localised} is {wide}px wide at {size['width']}px"
                if size is SIZES[0]:
                    axe_check(page)
