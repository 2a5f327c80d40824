"""Linked reports in the annual statistics: a new edition says how many incidents the
counted reports are about, and an edition already published does not change."""

import pytest

from reporting.models import AnnualReport, Case, CaseLink
from reporting.selectors.statistics import annual_report_body, year_counts, year_counts_scanned
from reporting.services.links import case_link
from reporting.statistics.annual import table
from reporting.vocabulary.roles import Role
from tests.statistics_fixtures import *  # noqa: F403 - make_report, published, ...

pytestmark = pytest.mark.django_db
METHOD_NOTE = "three witnesses of one attack are 3 reports about 1 incident"


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    from performance import page_cache

    page_cache._pages.clear()


def _overview(body) -> dict:
    return {row["code"]: row["value"].get("value") for row in table(body, "overview")["rows"]}


def _link(cases, actor):
    """The first case is the lead; the others about its incident, the last a duplicate."""
    lead, *others = cases
    for number, case in enumerate(others, start=1):
        case = Case.objects.get(pk=case.pk)
        kind = CaseLink.DUPLICATE if number == len(others) else CaseLink.SAME_INCIDENT
        case_link(case=case, lead=lead, kind=kind, actor=actor, expected_version=case.version)


def test_a_published_edition_stays_as_it_was_and_a_new_one_counts_the_links(
    client, published, make_staff
):
    stored = AnnualReport.objects.get(pk=published.pk).snapshot
    page = client.get("/en/statistics/2025/1/").content.decode()
    assert METHOD_NOTE in page
    # Seven reports of racism in housing in Leipzig: six about one incident, one duplicate.
    cases = list(Case.objects.filter(district="14713", grounds=["RACISM"]).order_by("pk")[:8])
    _link(cases, make_staff(Role.CASEWORKER))
    assert AnnualReport.objects.get(pk=published.pk).snapshot == stored
    from performance import page_cache

    page_cache._pages.clear()
    assert client.get("/en/statistics/2025/1/").content.decode() == page
    counts = year_counts(2025)
    assert counts == year_counts_scanned(2025)
    assert (counts.included, counts.incidents_reported) == (29, 23)
    overview = _overview(annual_report_body(year=2025, k=None))
    assert (overview["INCLUDED"], overview["INCIDENTS"], overview["LINKED_REPORTS"]) == (29, 23, 6)
    assert (_overview(stored)["INCLUDED"], _overview(stored)["INCIDENTS"]) == (30, 30)


def test_an_edition_of_an_older_format_has_no_incidents_headline_or_note(
    client, published_before_the_agg_rule
):
    page = client.get("/en/statistics/2025/1/").content.decode()
    assert METHOD_NOTE not in page


def test_few_linked_reports_are_withheld_with_the_incidents(
    make_report, statistics_user, make_staff
):
    """INCIDENTS + LINKED_REPORTS = INCLUDED: a small number of linked reports cannot be
    worked out from the two published totals."""
    cases = [make_report().case for _ in range(20)]
    _link(cases[:3], make_staff(Role.CASEWORKER))
    overview = table(annual_report_body(year=2025, k=5), "overview")["rows"]
    value = {row["code"]: row["value"] for row in overview}
    assert value["LINKED_REPORTS"]["status"] != "published"  # 1 further report
    assert value["INCIDENTS"]["status"] != "published" or value["INCLUDED"]["status"] != "published"
