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


NARRATIVE = (
    "Beim Amt sagte man mir, ohne Deutschkenntnisse bekäme ich keinen Termin, und schickte "
    "mich weg. Die Mitarbeiterin lachte dabei."
)


def _everything_stored(client) -> str:
    """Every row of every table (the cache is a table in tests) and the session, as text."""
    from django.db import connection

    stored = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the schema
            for row in cursor.fetchall():
                stored += [bytes(v).decode("utf-8", "replace") if isinstance(v, bytes | memoryview)
                           else str(v) for v in row]  # fmt: skip
    stored.append(str(dict(client.session.items())))
    return "\n".join(stored)


def test_the_excerpt_is_shown_but_never_kept(client, caseworker, association_keyring):
    from performance import page_cache
    from reporting.selectors.cases import excerpt_of

    case = report_submit(submission=submission(narrative=NARRATIVE)).report.case
    staff_login(client, caseworker)
    response = client.get("/de/office/")
    excerpt = excerpt_of(NARRATIVE)
    assert excerpt.endswith("…") and len(excerpt) <= 91
    assert f'<td class="excerpt">{excerpt}</td>' in _row(response.content.decode(), case)
    # Not cached by the browser or a proxy, not in the page cache, the cache or the database.
    assert response["Cache-Control"].startswith("no-store")
    assert not any(excerpt in html for html in page_cache._pages.values())
    stored = _everything_stored(client)
    assert "Deutschkenntnisse" not in stored and "Termin" not in stored


def test_without_keys_the_rows_have_no_excerpt(client, make_staff, association_keyring):
    report_submit(submission=submission(narrative=NARRATIVE))
    staff_login(client, make_staff(Role.CASEWORKER, grant=False))
    response = client.get("/de/office/")
    assert response.status_code == 200
    assert [row.excerpt for row in response.context["rows"]] == [""]
    assert "Deutschkenntnisse" not in response.content.decode()


@pytest.mark.parametrize("role", [Role.PARTNER, Role.STATISTICS])
def test_other_roles_see_no_inbox_and_no_excerpt(client, make_staff, association_keyring, role):
    report_submit(submission=submission(narrative=NARRATIVE))
    staff_login(client, make_staff(role))
    response = client.get("/de/office/")
    assert response.status_code == 404
    assert "Deutschkenntnisse" not in response.content.decode()


def _order(client, **params) -> list[int]:
    response = client.get("/de/office/", params)
    assert response.status_code == 200
    return [row.pk for row in response.context["rows"]]


def test_sorting_by_received_and_by_last_activity(client, caseworker, association_keyring):
    cases, codes = {}, {}
    for days, name in ((5, "old"), (3, "middle"), (1, "young")):
        with time_machine.travel(FIXED_START - datetime.timedelta(days=days), tick=False):
            submitted = report_submit(submission=submission())
            cases[name] = submitted.report.case.pk
            codes[name] = submitted.receipt_code
    with time_machine.travel(FIXED_START - datetime.timedelta(hours=2), tick=False):
        case_transition(case=Case.objects.get(pk=cases["middle"]), actor=caseworker,
                        to_status="IN_REVIEW", expected_version=1)  # fmt: skip
    with time_machine.travel(FIXED_START - datetime.timedelta(hours=1), tick=False):
        client.post("/de/receipt/", {"code": codes["old"]})  # the oldest case's reporter writes
        client.post("/de/receipt/status/", {"body": "Es ist wieder passiert."})
        client.post("/de/receipt/logout/")
    staff_login(client, caseworker)
    newest_first = [cases["young"], cases["middle"], cases["old"]]
    assert _order(client) == newest_first
    assert _order(client, sort="newest") == newest_first
    assert _order(client, sort="oldest") == newest_first[::-1]
    # The reporter's message, then the status change; the untouched case last.
    assert _order(client, sort="activity") == [cases["old"], cases["middle"], cases["young"]]
    # The control keeps the other parameters and shows the order chosen.
    page = client.get("/de/office/", {"sort": "oldest", "district": "14612"}).content.decode()
    assert '<option value="oldest" selected>' in page
    assert '<input type="hidden" name="district" value="14612">' in page


@pytest.mark.parametrize("bad", ["random", "received_on); DROP TABLE x", "-id", ""])
def test_a_bad_sort_falls_back_to_newest_first(client, caseworker, association_keyring, bad):
    first = report_submit(submission=submission()).report.case.pk
    with time_machine.travel(FIXED_START + datetime.timedelta(hours=1), tick=False):
        second = report_submit(submission=submission()).report.case.pk
        staff_login(client, caseworker)
        assert _order(client, sort=bad) == [second, first]
