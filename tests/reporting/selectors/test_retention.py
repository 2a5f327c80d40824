"""What counts as work on a case for the inactivity rule, and what does not."""

import datetime

import pytest
import time_machine

from reporting.models import AuditEvent
from reporting.selectors.receipts import reporter_access_for_code
from reporting.selectors.retention import cases_inactive_since, month_counts_of_district
from reporting.services.cases import (
    case_assess,
    case_assign,
    case_transition,
    case_view_record,
    note_add,
    staff_message_send,
)
from reporting.services.messages import reporter_message_send
from reporting.services.reports import report_submit
from reporting.vocabulary.roles import Role
from tests.factories import submission

pytestmark = pytest.mark.django_db
RECEIVED = datetime.datetime(2024, 2, 5, 11, 0, tzinfo=datetime.UTC)
LATER = RECEIVED + datetime.timedelta(days=100)
SINCE = RECEIVED + datetime.timedelta(days=50)


@pytest.fixture
def submitted(association_keyring):
    with time_machine.travel(RECEIVED, tick=False):
        return report_submit(submission=submission(district="14625"))


def _assess(case, actor, district="14625"):
    case_assess(
        case=case,
        actor=actor,
        expected_version=case.version,
        grounds=["AGE"],
        areas=["WORK"],
        forms=[],
        district=district,
        incident_month="",
        is_discrimination=True,
    )


WORK = {
    "status": lambda s, actor: case_transition(
        case=s.report.case, actor=actor, to_status="IN_REVIEW", expected_version=1
    ),
    "assignment": lambda s, actor: case_assign(
        case=s.report.case, actor=actor, assignee=actor, expected_version=1
    ),
    "assessment": lambda s, actor: _assess(s.report.case, actor),
    "note": lambda s, actor: note_add(case=s.report.case, actor=actor, body="Rückruf"),
    "message to the reporter": lambda s, actor: staff_message_send(
        case=s.report.case, actor=actor, body="Wir melden uns."
    ),
    "message from the reporter": lambda s, actor: reporter_message_send(
        access=reporter_access_for_code(s.receipt_code), body="Nachtrag"
    ),
}


@pytest.mark.parametrize("work", WORK)
def test_work_on_a_case_is_activity(submitted, make_staff, work):
    actor = make_staff(Role.CASEWORKER)
    assert list(cases_inactive_since(SINCE)) == [submitted.report.case]
    with time_machine.travel(LATER, tick=False):
        WORK[work](submitted, actor)
    assert list(cases_inactive_since(SINCE)) == []
    assert list(cases_inactive_since(LATER)) == [submitted.report.case]


def test_reading_and_downloading_are_not_activity(submitted, make_staff):
    case = submitted.report.case
    with time_machine.travel(LATER, tick=False):
        case_view_record(case=case, actor=make_staff(Role.CASEWORKER))
        AuditEvent.objects.create(case=case, verb=AuditEvent.Verb.ATTACHMENT_DOWNLOADED)
    assert list(cases_inactive_since(SINCE)) == [case]


def test_the_day_received_counts_as_activity(submitted):
    """Reports keep the day only: inactive since any time of that day, not before it."""
    assert list(cases_inactive_since(RECEIVED - datetime.timedelta(days=1))) == []
    early_that_day = datetime.datetime(2024, 2, 5, 0, 30, tzinfo=datetime.UTC)
    assert list(cases_inactive_since(early_that_day)) == [submitted.report.case]


def test_month_counts_count_reports_and_cases_apart(submitted, make_staff):
    """The reporter said Bautzen, the caseworker found Meißen."""
    _assess(submitted.report.case, make_staff(Role.CASEWORKER), district="14627")
    february, march = datetime.date(2024, 2, 1), datetime.date(2024, 3, 1)
    assert month_counts_of_district(february, "14625") == (1, 0)
    assert month_counts_of_district(february, "14627") == (0, 1)
    assert month_counts_of_district(march, "14625") == (0, 0)
