"""Migration 0030 on cases that were closed or reopened after a spam or not-discrimination
verdict: each remembers its last verdict from its status trail, and the tallies equal a
fresh count afterwards, with those cases excluded again."""

import datetime

import pytest

from reporting.models import Case, StatisticsTally
from reporting.selectors.statistics import year_counts
from reporting.services.tallies import counting_refresh_if_stale
from reporting.statistics.counts import NOT_DISCRIMINATION, SPAM
from tests.migrations import migrate, old_report
from tests.reporting.services.test_tallies import assert_tallies_match_the_cases

BEFORE = [("reporting", "0029_audit_event")]
# (status trail from NEW, what the case is excluded as afterwards)
TRAILS = [
    (["SPAM"], "SPAM"),
    (["IN_REVIEW", "NOT_DISCRIMINATION"], "NOT_DISCRIMINATION"),
    (["SPAM", "CLOSED"], "SPAM"),
    (["IN_REVIEW", "NOT_DISCRIMINATION", "CLOSED"], "NOT_DISCRIMINATION"),
    (["IN_REVIEW", "NOT_DISCRIMINATION", "CLOSED", "IN_REVIEW"], "NOT_DISCRIMINATION"),
    (["IN_REVIEW", "SPAM", "CLOSED", "IN_REVIEW", "DOCUMENTED", "CLOSED"], ""),
    (["IN_REVIEW", "SPAM", "NOT_DISCRIMINATION", "CLOSED"], "NOT_DISCRIMINATION"),
    (["IN_REVIEW", "DOCUMENTED", "CLOSED"], ""),
    ([], ""),
]


@pytest.mark.django_db(transaction=True)
def test_closed_and_reopened_cases_keep_their_verdict_and_the_tallies_agree():
    executor = migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OldReport, OldCase = old.get_model("reporting", "Report"), old.get_model("reporting", "Case")
    OldEvent = old.get_model("reporting", "AuditEvent")
    received = datetime.date(2025, 4, 1)
    ids = []
    for trail, _verdict in TRAILS:
        report = old_report(OldReport, received, grounds=1, areas=1)
        case = OldCase.objects.create(
            report=report,
            status=trail[-1] if trail else "NEW",
            received_on=received,
            language="de",
            reporter_role="AFFECTED",
            reported_to_police="NO",
            district="14612",
            grounds=1,
            areas=1,
            agg_scope="PROTECTED",
        )
        ids.append(case.pk)
        # One instant for all (auto_now_add): the trail is read in the order of the rows.
        for before, after in zip(["NEW", *trail][: len(trail)], trail, strict=True):
            OldEvent.objects.create(
                case=case, verb="TRANSITION", from_status=before, to_status=after
            )
        # Another verb's statuses are not the case's (a referral's own steps).
        OldEvent.objects.create(case=case, verb="REFERRAL_STEP", to_status="CLOSED")

    migrate(executor.loader.graph.leaf_nodes("reporting"))
    StatisticsTally.objects.filter(year=0).delete()  # counted with an earlier format
    assert counting_refresh_if_stale()  # what `migrate` runs after the last migration

    remembered = dict(Case.objects.values_list("pk", "excluded_as"))
    assert [remembered[pk] for pk in ids] == [verdict for _trail, verdict in TRAILS]
    assert_tallies_match_the_cases(2025)
    tallied = year_counts(2025)
    assert tallied.excluded == {SPAM: 2, NOT_DISCRIMINATION: 4}
    assert tallied.included == 3
