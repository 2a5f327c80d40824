"""Migration 0020 on a database with reports of every old form code: the forms of § 3
AGG keep their codes, the incident-monitor codes become incident types, and reports,
assessments and the tallies equal a fresh count afterwards."""

import datetime
from collections import Counter

import pytest

from reporting.models import Assessment, Case, Report, StatisticsTally
from reporting.selectors.statistics import year_counts
from reporting.services.tallies import counting_refresh_if_stale
from tests.migrations import migrate, old_report
from tests.reporting.services.test_tallies import assert_tallies_match_the_cases

BEFORE = [("reporting", "0019_receipt_verifier_hmac")]
# The forms before the split, in their bit order, and where each code went.
OLD_FORMS = [
    "DIRECT", "INDIRECT", "HARASSMENT", "SEXUAL_HARASSMENT", "INSTRUCTION", "INSTITUTIONAL",
    "VERBAL_ABUSE", "THREAT", "ASSAULT", "EXTREME_VIOLENCE", "PROPERTY_DAMAGE",
    "DENIAL_OF_SERVICE", "OTHER",
]  # fmt: skip
MOVED = {
    "VERBAL_ABUSE": ("incident_types", "VERBAL_ABUSE"),
    "THREAT": ("incident_types", "THREAT"),
    "ASSAULT": ("incident_types", "ASSAULT"),
    "EXTREME_VIOLENCE": ("incident_types", "EXTREME_VIOLENCE"),
    "PROPERTY_DAMAGE": ("incident_types", "PROPERTY_DAMAGE"),
    "DENIAL_OF_SERVICE": ("incident_types", "DISCRIMINATION"),
}


def _where(code: str) -> tuple[str, str]:
    return MOVED.get(code, ("forms", code))


def _mask(codes: list[str]) -> int:
    return sum(1 << OLD_FORMS.index(code) for code in codes)


# Every old code alone, pairs across the split, all at once, none; some assessed, one
# of them differently from the reporter, some excluded.
FORM_SETS = [
    *([code] for code in OLD_FORMS),
    ["DIRECT", "THREAT"],
    ["OTHER", "DENIAL_OF_SERVICE", "HARASSMENT"],
    OLD_FORMS,
    [],
]


def _mentions(rows) -> Counter:
    return Counter((name, code) for name, codes in rows for code in codes)


@pytest.mark.django_db(transaction=True)
def test_every_old_form_code_lands_in_forms_or_incident_types_and_counts_stay_equal():
    executor = migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OldReport, OldCase = old.get_model("reporting", "Report"), old.get_model("reporting", "Case")
    OldAssessment = old.get_model("reporting", "Assessment")
    expected_reports, expected_assessments = Counter(), Counter()
    for index, forms in enumerate(FORM_SETS):
        received = datetime.date(2025, 1, 1) + datetime.timedelta(days=index)
        status = ["DOCUMENTED", "SPAM", "IN_COUNSELLING"][index % 3]
        # Raw masks: the historical field decodes with today's codes, which lack the old ones.
        report = old_report(OldReport, received, grounds=1, areas=1, forms=_mask(forms))
        assessed = list(reversed(forms))[:2] if index % 2 else None
        case = OldCase.objects.create(
            report=report,
            status=status,
            received_on=received,
            language="de",
            reporter_role="AFFECTED",
            reported_to_police="NO",
            district="14612",
            grounds=1,
            areas=1,
            forms=_mask(assessed if assessed is not None else forms),
            assessed=assessed is not None,
            is_discrimination=True if assessed is not None else None,
            agg_scope="PROTECTED",
        )
        expected_reports.update(_where(code) for code in forms)
        if assessed is not None:
            OldAssessment.objects.create(
                case=case,
                grounds=1,
                areas=1,
                forms=_mask(assessed),
                district="14612",
                is_discrimination=True,
                assessed_at=datetime.datetime(2025, 3, 7, tzinfo=datetime.UTC),
            )
            expected_assessments.update(_where(code) for code in assessed)

    migrate(executor.loader.graph.leaf_nodes("reporting"))
    StatisticsTally.objects.filter(year=0).delete()  # counted with an earlier format
    assert counting_refresh_if_stale()  # what `migrate` runs after the last migration

    assert Report.objects.count() == len(FORM_SETS)
    reports = Report.objects.values_list("forms", "incident_types")
    assert (
        _mentions(
            row for forms, types in reports for row in (("forms", forms), ("incident_types", types))
        )
        == expected_reports
    )
    assessments = Assessment.objects.values_list("forms", "incident_types")
    assert (
        _mentions(
            row
            for forms, types in assessments
            for row in (("forms", forms), ("incident_types", types))
        )
        == expected_assessments
    )
    # Each case still carries its source's classification.
    for case in Case.objects.select_related("report", "assessment"):
        source = getattr(case, "assessment", None) or case.report
        assert (case.forms, case.incident_types) == (source.forms, source.incident_types)
    assert_tallies_match_the_cases(2025)
    tallied = year_counts(2025)
    assert tallied.included + sum(tallied.excluded.values()) == len(FORM_SETS)
