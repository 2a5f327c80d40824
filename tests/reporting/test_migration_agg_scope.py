"""Migration 0018, then the post-migrate refresh, on a database with cases from before
it: every case gets the rule's AGG outcome, and the tallies (the AGG figure included)
equal a fresh count."""

import datetime

import pytest

from reporting.models import Case, StatisticsTally
from reporting.selectors.statistics import year_counts
from reporting.services.tallies import counting_refresh_if_stale
from reporting.vocabulary.agg import agg_scope
from tests.migrations import migrate, old_report
from tests.reporting.services.test_tallies import assert_tallies_match_the_cases

BEFORE = [("reporting", "0017_audit_staff_created_unlocked")]
# (received on, status, reporter's grounds and areas, assessment's grounds and areas)
CASES = [
    ("2025-03-01", "DOCUMENTED", ["RACISM"], ["POLICE_JUSTICE"], None),
    ("2025-03-02", "NEW", ["RACISM"], ["HOUSING"], None),
    ("2025-03-03", "IN_REVIEW", ["RELIGION"], ["HOUSING"], None),
    ("2025-03-04", "CLOSED", [], [], None),
    ("2025-03-05", "SPAM", ["AGE"], ["WORK"], None),
    ("2025-03-06", "DOCUMENTED", ["NATIONALITY"], ["WORK"], (["RACISM"], ["WORK"])),
    ("2024-12-31", "DOCUMENTED", ["BELIEF"], ["GOODS_SERVICES"], None),
]


@pytest.mark.django_db(transaction=True)
def test_existing_cases_get_their_agg_scope_and_tallies_are_counted_again():
    executor = migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Report, OldCase = old.get_model("reporting", "Report"), old.get_model("reporting", "Case")
    Assessment = old.get_model("reporting", "Assessment")
    for day, status, grounds, areas, assessed in CASES:
        received = datetime.date.fromisoformat(day)
        report = old_report(Report, received, grounds=grounds, areas=areas)
        case = OldCase.objects.create(
            report=report,
            status=status,
            received_on=received,
            language="de",
            reporter_role="AFFECTED",
            reported_to_police="NO",
            district="14612",
            grounds=assessed[0] if assessed else grounds,
            areas=assessed[1] if assessed else areas,
            assessed=bool(assessed),
            is_discrimination=True if assessed else None,
        )
        if assessed:
            Assessment.objects.create(
                case=case,
                grounds=assessed[0],
                areas=assessed[1],
                district="14612",
                is_discrimination=True,
                assessed_at=datetime.datetime(2025, 3, 7, tzinfo=datetime.UTC),
            )

    latest = executor.loader.graph.leaf_nodes("reporting")
    migrate(latest)
    StatisticsTally.objects.filter(year=0).delete()  # as a database counted before formats
    assert counting_refresh_if_stale()  # what `migrate` runs after the last migration
    assert not counting_refresh_if_stale()  # once

    scopes = {case.report.created_on.isoformat(): case.agg_scope for case in Case.objects.all()}
    assert scopes == {
        day: agg_scope(*(assessed or (grounds, areas)))
        for day, _s, grounds, areas, assessed in CASES
    }
    assert scopes["2025-03-01"] == "OUTSIDE"  # a racist police check
    assert Case.objects.get(assessment__isnull=False).assessment.agg_scope == "AUTO"
    for year in (2024, 2025):
        assert_tallies_match_the_cases(year)
    assert dict(year_counts(2025).agg) == {"OUTSIDE": 1, "PROTECTED": 2, "UNDECIDED": 2}
