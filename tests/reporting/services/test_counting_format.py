"""`migrate` brings derived columns and tallies in line with the release's counting."""

import pytest
from django.core.management import call_command

from reporting.models import Case, StatisticsTally
from reporting.selectors.statistics import year_counts, year_counts_scanned
from reporting.services.reports import report_submit
from reporting.services.tallies import COUNTING_FORMAT
from tests.factories import submission

pytestmark = pytest.mark.django_db


def test_migrate_recounts_a_database_counted_with_another_format(association_keyring):
    case = report_submit(submission=submission()).report.case
    Case.objects.filter(pk=case.pk).update(agg_scope="OUTSIDE")  # as an older rule left it
    StatisticsTally.objects.filter(year=0).update(count=COUNTING_FORMAT - 1)
    call_command("migrate", verbosity=0)
    assert Case.objects.get(pk=case.pk).agg_scope == "PROTECTED"  # racism in housing
    year = case.received_on.year
    assert year_counts(year) == year_counts_scanned(year)
    assert StatisticsTally.objects.get(year=0).count == COUNTING_FORMAT
