"""Counselling documentation in real Chromium without JavaScript, in German and Arabic:
a caseworker records the responsible actor, two interventions and the outcome, cannot
close the case before the outcome is there, closes it, and the dashboard counts it all.

Elements are found by name attributes and values; labels come from the same gettext
calls as the page's.
"""

import pytest
from django.utils import translation

from reporting.models import Case, CaseStatus, Intervention
from reporting.services.reports import report_submit
from reporting.vocabulary.documentation import Actor, CounsellingOutcome, InterventionKind
from tests.browser.helpers import NARRATIVES, path_of, staff_log_in, submit
from tests.factories import submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def row_of(page, table_id: str, label: str) -> list[str]:
    """The cells of the row headed `label` in a statistics table of the page."""
    row = page.locator(f"#table-{table_id} tbody tr", has=page.locator("th", has_text=label))
    assert row.count() == 1, (table_id, label)
    return [cell.strip() for cell in row.locator("td").all_inner_texts()]


def open_classification(page) -> None:
    """The side panel's classification is folded (a <details>, no script needed)."""
    if page.locator("details.classification[open]").count() == 0:
        page.locator("details.classification summary").click()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_a_caseworker_documents_counselling_and_closes_the_case(
    new_context, live_server, caseworker, language
):
    base = live_server.url
    case = report_submit(
        submission=submission(language=language, narrative=NARRATIVES[language])
    ).report.case
    office = new_context(javascript=False).new_page()
    staff_log_in(office, base, caseworker)
    case_path = f"/{language}/office/cases/{case.pk}/"
    assert office.goto(f"{base}{case_path}").status == 200
    assert office.locator("html").get_attribute("lang") == language

    for status in (CaseStatus.IN_REVIEW, CaseStatus.IN_COUNSELLING):
        office.select_option("select[name=to_status]", status)
        assert submit(office, f"{case_path}update/").status == 200
        assert office.locator(".error-summary").count() == 0

    # The assessment in the side panel: a shop refused the person; yes, discrimination.
    open_classification(office)
    office.select_option("select[name=actor]", Actor.SHOP_SERVICE)
    office.select_option("select[name=is_discrimination]", "true")
    assert submit(office, f"{case_path}update/").status == 200
    assert office.locator(".error-summary").count() == 0
    assert office.input_value("select[name=actor]") == Actor.SHOP_SERVICE

    # Two interventions, the second with a note for the team.
    office.locator(
        "details.more-forms", has=office.locator("select[name=intervention-kind]")
    ).locator("summary").click()
    office.select_option("select[name=intervention-kind]", InterventionKind.COUNSELLING)
    assert submit(office, f"{case_path}intervention/").status == 200
    office.locator(
        "details.more-forms", has=office.locator("select[name=intervention-kind]")
    ).locator("summary").click()
    office.select_option("select[name=intervention-kind]", InterventionKind.COMPLAINT_LETTER)
    office.fill("textarea[name=intervention-notes]", "Brief an die Filiale, Frist zwei Wochen.")
    assert submit(office, f"{case_path}intervention/").status == 200
    assert office.locator(".error-summary").count() == 0
    listed = office.locator(".timeline li.intervention")
    assert listed.count() == 2
    with translation.override(language):
        kinds = [
            str(InterventionKind.COUNSELLING.label),
            str(InterventionKind.COMPLAINT_LETTER.label),
        ]
    for item, kind in zip(listed.all_inner_texts(), kinds, strict=True):
        assert kind in item
    assert "Frist zwei Wochen" in listed.nth(1).inner_text()

    # Closing before the outcome is recorded is refused, and says why.
    office.select_option("select[name=to_status]", CaseStatus.CLOSED)
    response = submit(office, f"{case_path}update/")
    assert response.status == 400
    assert office.locator(".error-summary").is_visible()
    assert Case.objects.get(pk=case.pk).status == CaseStatus.IN_COUNSELLING

    # Record the outcome and close, in one save.
    assert office.goto(f"{base}{case_path}").status == 200
    open_classification(office)
    office.select_option("select[name=outcome]", CounsellingOutcome.APOLOGY)
    office.select_option("select[name=to_status]", CaseStatus.CLOSED)
    assert submit(office, f"{case_path}update/").status == 200
    assert office.locator(".error-summary").count() == 0
    assert path_of(office) == case_path
    closed = Case.objects.get(pk=case.pk)
    assert (closed.status, closed.actor, closed.outcome) == ("CLOSED", "SHOP_SERVICE", "APOLOGY")
    assert Intervention.objects.filter(case=case).count() == 2

    # The dashboard counts the incident under its actor, interventions and outcome.
    assert office.goto(f"{base}/{language}/office/statistics/").status == 200
    with translation.override(language):
        actor = str(Actor.SHOP_SERVICE.label)
        outcome = str(CounsellingOutcome.APOLOGY.label)
    assert row_of(office, "actors", actor)[0] == "1"
    for kind in kinds:
        assert row_of(office, "interventions", kind)[0] == "1"
    assert row_of(office, "outcomes", outcome)[0] == "1"
