"""Referral pages: caseworker refers, partners see only their own, reporter sees and withdraws."""

import pytest

from reporting.models import Referral
from reporting.services.reports import report_submit
from reporting.vocabulary.roles import Role
from tests.factories import submission
from tests.logins import staff_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(association_keyring, make_staff, make_member):
    submitted = report_submit(
        submission=submission(
            narrative="Vermieter lehnte ab, Wohnung 17b.", consent_referral=True, district="14612"
        )
    )
    return {
        "submitted": submitted,
        "case": submitted.report.case,
        "caseworker": make_staff(Role.CASEWORKER),
        "a": make_member("Beratung Dresden (fiktiv)", districts=["14612"]),
        "b": make_member("Beratung Leipzig (fiktiv)", districts=["14713"]),
    }


def refer(client, setup, org_key="a", summary="Bitte Beratung anbieten."):
    staff_login(client, setup["caseworker"])
    response = client.post(
        f"/de/office/cases/{setup['case'].pk}/refer/",
        {"organisation": setup[org_key].pk, "summary": summary},
    )
    client.post("/de/office/logout/")
    return response


def test_case_page_suggests_and_prefills(client, setup):
    staff_login(client, setup["caseworker"])
    page = client.get(f"/de/office/cases/{setup['case'].pk}/", {"prefill": ["narrative", "where"]})
    assert [s.organisation.name for s in page.context["suggestions"]] == [
        "Beratung Dresden (fiktiv)"
    ]
    assert "Vermieter lehnte ab, Wohnung 17b." in page.context["referral_form"].initial["summary"]


def test_refer_then_partner_accepts_and_closes(client, setup):
    assert refer(client, setup).status_code == 302
    referral = Referral.objects.get()
    staff_login(client, setup["a"].partner)
    listing = client.get("/de/office/referrals/")
    assert referral in list(listing.context["referrals"])
    detail = client.get(f"/de/office/referrals/{referral.pk}/")
    assert "Bitte Beratung anbieten." in detail.content.decode()
    assert "Wohnung 17b" not in detail.content.decode()  # never the whole report
    step = f"/de/office/referrals/{referral.pk}/step/"
    assert client.post(step, {"status": "ACCEPTED"}).status_code == 302
    response = client.post(step, {"status": "CLOSED"})
    assert response.status_code == 400  # outcome required
    assert (
        client.post(
            step, {"status": "CLOSED", "outcome": "MEDIATION", "text": "Einigung."}
        ).status_code
        == 302
    )
    referral.refresh_from_db()
    assert (referral.status, referral.outcome) == ("CLOSED", "MEDIATION")


def test_partner_of_another_organisation_sees_nothing(client, setup):
    refer(client, setup)
    referral = Referral.objects.get()
    staff_login(client, setup["b"].partner)
    assert list(client.get("/de/office/referrals/").context["referrals"]) == []
    assert client.get(f"/de/office/referrals/{referral.pk}/").status_code == 404
    assert (
        client.post(f"/de/office/referrals/{referral.pk}/step/", {"status": "ACCEPTED"}).status_code
        == 404
    )
    assert client.get(f"/de/office/cases/{setup['case'].pk}/").status_code == 404
    assert client.get("/de/office/").status_code == 404


def test_caseworkers_cannot_take_partner_steps(client, setup):
    refer(client, setup)
    referral = Referral.objects.get()
    staff_login(client, setup["caseworker"])
    assert client.get(f"/de/office/referrals/{referral.pk}/").status_code == 200
    client.post(f"/de/office/referrals/{referral.pk}/step/", {"status": "ACCEPTED"})
    assert Referral.objects.get().status == "SENT"


def test_refused_without_key_holder_with_a_clear_message(client, setup, make_member):
    lonely = make_member("Ohne Partner (fiktiv)", districts=["14612"], partner=False)
    setup["lonely"] = lonely
    staff_login(client, setup["caseworker"])
    response = client.post(
        f"/de/office/cases/{setup['case'].pk}/refer/", {"organisation": lonely.pk, "summary": "x"}
    )
    assert response.status_code == 409
    from django.utils import translation

    from reporting.services.referrals import NoKeyHolder

    with translation.override("de"):
        assert str(NoKeyHolder.message) in response.content.decode()
    assert response.context["referral_form"].data["summary"] == "x"


def test_reporter_sees_passed_on_and_withdraws(client, setup):
    refer(client, setup)
    client.post("/de/receipt/", {"code": setup["submitted"].receipt_code})
    page = client.get("/de/receipt/status/")
    assert page.context["view"].passed_on
    assert "Beratung Dresden" not in page.content.decode()  # no naming consent
    client.post("/de/receipt/withdraw/", {"confirm": "on"})
    referral = Referral.objects.get()
    assert referral.status == "WITHDRAWN" and referral.summary is None
    client.post("/de/receipt/logout/")
    staff_login(client, setup["caseworker"])
    case_page = client.get(f"/de/office/cases/{setup['case'].pk}/")
    assert [r.referral for r in case_page.context["referrals"]] == [referral]  # still listed
    client.post("/de/office/logout/")
    staff_login(client, setup["a"].partner)
    detail = client.get(f"/de/office/referrals/{referral.pk}/")
    assert "Bitte Beratung anbieten." not in detail.content.decode()
    assert detail.context["detail"].summary is None


def test_organisation_is_named_only_with_consent(
    client, association_keyring, make_staff, make_member
):
    submitted = report_submit(
        submission=submission(consent_referral=True, consent_referral_naming=True)
    )
    org = make_member("Beratung Görlitz (fiktiv)")
    staff_login(client, make_staff(Role.CASEWORKER))
    client.post(
        f"/de/office/cases/{submitted.report.case.pk}/refer/",
        {"organisation": org.pk, "summary": "S"},
    )
    client.post("/de/office/logout/")
    client.post("/de/receipt/", {"code": submitted.receipt_code})
    assert "Beratung Görlitz (fiktiv)" in client.get("/de/receipt/status/").content.decode()


def test_a_case_never_consented_to_passing_on_looks_for_no_referrals(
    client, association_keyring, make_staff
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case = report_submit(submission=submission(consent_referral=False)).report.case
    staff_login(client, make_staff(Role.CASEWORKER))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/de/office/cases/{case.pk}/")
    assert page.context["referrals"] == [] and page.context["suggestions"] == []
    assert not [q for q in queries.captured_queries if "reporting_referral" in q["sql"]]


def test_case_page_reads_the_member_organisations_once(client, setup):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reporting.models import Organisation

    Organisation.objects.create(name="Ruhend (fiktiv)", kind="MEMBER", is_active=False)
    staff_login(client, setup["caseworker"])
    with CaptureQueriesContext(connection) as queries:
        html = client.get(f"/de/office/cases/{setup['case'].pk}/").content.decode()
    reads = [q["sql"] for q in queries if 'FROM "reporting_organisation"' in q["sql"]]
    assert len(reads) == 1, reads
    select = html.split('name="organisation"', 1)[1].split("</select>", 1)[0]
    assert f'<option value="{setup["a"].pk}">Beratung Dresden (fiktiv)</option>' in select
    assert f'<option value="{setup["b"].pk}">Beratung Leipzig (fiktiv)</option>' in select
    assert "Ruhend" not in select  # inactive organisations are not offered


def test_partner_sees_month_district_and_area_and_answers_with_buttons(client, setup):
    """Issue 21: partners saw no month, district or area unless the summary named them,
    and answered through one select that defaulted to "progress note only"."""
    from django.utils import translation

    from reporting.models import Case
    from reporting.vocabulary.taxonomy import Area, District

    refer(client, setup, summary="Bitte melden.")
    referral = Referral.objects.get()
    staff_login(client, setup["a"].partner)
    page = client.get(f"/de/office/referrals/{referral.pk}/").content.decode()
    with translation.override("de"):
        district, area = str(District("14612").label), str(Area("HOUSING").label)
    assert "<dd>Mai 2026</dd>" in page  # tests/factories.py: last month
    assert f"<dd>{district}</dd>" in page and f"<dd>{area}</dd>" in page
    assert '<button type="submit" name="status" value="ACCEPTED">Annehmen</button>' in page
    assert 'name="status" value="DECLINED" class="secondary">Ablehnen</button>' in page
    assert "<select" not in page  # no step select, no outcome before accepting
    step = f"/de/office/referrals/{referral.pk}/step/"
    refused = client.post(step, {"status": "DECLINED", "text": ""})
    assert refused.status_code == 400
    assert "Bitte geben Sie eine Begründung an." in refused.content.decode()
    answered = client.post(step, {"status": "DECLINED", "text": "Keine Termine frei."}, follow=True)
    assert "Sie haben abgelehnt. Der Fall geht an den Verein zurück." in (answered.content.decode())
    assert Case.objects.get().status == "IN_REVIEW"
    listing = client.get("/de/office/referrals/").content.decode()
    assert f"<td>{district}</td>" in listing


def test_an_accepted_referral_offers_an_update_or_closing(client, setup):
    refer(client, setup)
    referral = Referral.objects.get()
    staff_login(client, setup["a"].partner)
    step = f"/de/office/referrals/{referral.pk}/step/"
    assert client.post(step, {"status": "ACCEPTED"}).status_code == 302
    page = client.get(f"/de/office/referrals/{referral.pk}/").content.decode()
    assert 'name="status" value="">Aktualisierung senden</button>' in page
    assert 'name="status" value="CLOSED" class="secondary">' in page
    assert 'name="outcome"' in page
    assert "Angenommen" in page  # the step in the history, translated
    assert client.post(step, {"status": "", "text": ""}).status_code == 400
    assert client.post(step, {"status": "", "text": "Termin am Montag."}).status_code == 302
