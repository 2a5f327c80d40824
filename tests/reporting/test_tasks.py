"""The scheduled jobs of reporting/tasks.py (reminders: tests/reporting/test_reminders.py)."""

import datetime

import pytest
import time_machine

from reporting import tasks
from reporting.models import CaseStatus
from reporting.services.reports import report_submit
from tests.factories import submission

pytestmark = pytest.mark.django_db


def test_the_daily_retention_closes_abandoned_cases(association_keyring, settings):
    settings.RETENTION_INACTIVE_CASE_DAYS = 100
    received = datetime.datetime(2025, 1, 6, 11, 0, tzinfo=datetime.UTC)
    with time_machine.travel(received, tick=False):
        case = report_submit(submission=submission()).report.case
    with time_machine.travel(received + datetime.timedelta(days=70), tick=False):
        assert tasks.retention_daily.func() == 0  # announced
    with time_machine.travel(received + datetime.timedelta(days=100), tick=False):
        assert tasks.retention_daily.func() == 1
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
