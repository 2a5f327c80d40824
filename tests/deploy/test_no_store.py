"""Every page that shows case content tells browsers and proxies not to keep it."""

import pytest

from reporting.services.referrals import referral_send
from reporting.services.reports import report_submit
from reporting.vocabulary.roles import Role
from tests.factories import submission
from tests.logins import staff_login

pytestmark = pytest.mark.django_db
NARRATIVE = "Kein-Cache-Test: der Hausmeister verweigerte den Schlüssel."


@pytest.fixture
def setup(association_keyring, make_staff, make_member):
    submitted = report_submit(
        submission=submission(narrative=NARRATIVE, consent_referral=True, district="14612")
    )
    caseworker = make_staff(Role.CASEWORKER)
    member = make_member("Beratung Kein-Cache (fiktiv)", districts=["14612"])
    referral = referral_send(
        case=submitted.report.case,
        organisation=member,
        summary="Bitte Beratung anbieten.",
        actor=caseworker,
    )
    return {"submitted": submitted, "caseworker": caseworker, "referral": referral}


def assert_no_store(response):
    assert response.status_code == 200, response.content[:300]
    assert "no-store" in response["Cache-Control"], response["Cache-Control"]


def test_case_page_referral_page_and_api(client, setup):
    staff_login(client, setup["caseworker"])
    case = setup["submitted"].report.case

    page = client.get(f"/de/office/cases/{case.pk}/")
    assert_no_store(page)
    assert NARRATIVE in page.content.decode()

    assert_no_store(client.get(f"/de/office/referrals/{setup['referral'].pk}/"))

    api = client.get(f"/api/v1/cases/{case.pk}/")
    assert_no_store(api)
    assert NARRATIVE in api.content.decode()


def test_receipt_status_page(client, setup):
    code = setup["submitted"].receipt_code
    assert client.post("/de/receipt/", {"code": code}).status_code == 302
    page = client.get("/de/receipt/status/")
    assert_no_store(page)
    assert NARRATIVE in page.content.decode()
