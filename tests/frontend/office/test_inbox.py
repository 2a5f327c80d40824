"""The inbox's columns: age, last activity and what is unread (issue 21)."""

import datetime

import pytest
import time_machine

from reporting.models import Case
from reporting.services.cases import case_transition
from reporting.services.reports import report_submit
from reporting.vocabulary.roles import Role
from tests.conftest import FIXED_START
from tests.factories import submission
from tests.logins import staff_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def caseworker(make_staff):
    return make_staff(Role.CASEWORKER)


def _row(page: str, case: Case) -> str:
    start = page.index(f'<a href="/de/office/cases/{case.pk}/">')
    return page[page.rindex("<tr", 0, start) : page.index("</tr>", start)]


def test_age_last_activity_and_what_is_unread(client, caseworker, association_keyring):
    with time_machine.travel(FIXED_START - datetime.timedelta(days=3), tick=False):
        older = report_submit(submission=submission())
    fresh = report_submit(submission=submission())
    with time_machine.travel(datetime.datetime(2026, 6, 17, 10, 30, tzinfo=datetime.UTC)):
        case_transition(
            case=older.report.case, actor=caseworker, to_status="IN_REVIEW", expected_version=1
        )
    with time_machine.travel(datetime.datetime(2026, 6, 17, 11, 45, tzinfo=datetime.UTC)):
        client.post("/de/receipt/", {"code": older.receipt_code})
        client.post("/de/receipt/status/", {"body": "Es ist wieder passiert."})
        client.post("/de/receipt/logout/")
    staff_login(client, caseworker)
    page = client.get("/de/office/").content.decode()

    row = _row(page, older.report.case)
    assert "<strong>neue Nachricht</strong>" in row and "<td>3 Tage</td>" in row
    assert "<td>2026-06-17 13:45</td>" in row  # the reporter's message, local time
    row = _row(page, fresh.report.case)
    assert "<strong>neu</strong>" in row and "<td>heute</td>" in row and "<td>—</td>" in row


def test_the_last_activity_is_the_newest_staff_action_without_a_message(
    client, caseworker, association_keyring
):
    case = report_submit(submission=submission()).report.case
    with time_machine.travel(datetime.datetime(2026, 6, 17, 12, 5, tzinfo=datetime.UTC)):
        case_transition(case=case, actor=caseworker, to_status="IN_REVIEW", expected_version=1)
    staff_login(client, caseworker)
    row = _row(client.get("/de/office/").content.decode(), case)
    assert "<td>2026-06-17 14:05</td>" in row
    assert "<strong>neu</strong>" in row  # changed, but never opened, and no message


@pytest.mark.parametrize("typed", ["17", " #17 "])
def test_go_to_a_case_number(client, caseworker, typed):
    staff_login(client, caseworker)
    response = client.get("/de/office/", {"case": typed})
    assert (response.status_code, response["Location"]) == (302, "/de/office/cases/17/")
    assert client.get("/de/office/", {"case": "siebzehn"}).status_code == 200
