"""The case page's deadlines and follow-up (frontend/office/views/deadlines.py) and the
inbox filter: without JavaScript, translated errors, input kept, every role checked."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.models import AuditEvent, Deadline, FollowUp
from reporting.services import deadlines as services
from reporting.services.reports import report_submit
from reporting.vocabulary.roles import Role
from tests.api.conftest import (  # noqa: F401 - fixtures
    client_for,
    login,
    member_organisation,
    reporter_client,
    submitted,
    user_kinds,
)
from tests.factories import submission
from tests.logins import staff_login

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def case(submitted):  # noqa: F811 - the fixture imported above
    return submitted.report.case


@pytest.fixture
def caseworker(make_staff):
    return make_staff(Role.CASEWORKER)


@pytest.fixture
def deadline(case, caseworker):
    return services.deadline_record(
        case=case, actor=caseworker, kind="OBJECTION", starts_on=D(2026, 6, 1)
    )


def url(case, action):
    return f"/de/office/cases/{case.pk}/deadlines/{action}/"


# action: the form, {deadline} filled in
POSTS = {
    "record": {"kind": "AGG_CLAIM", "starts_on": "2026-06-10"},
    "pause": {"deadline": "{deadline}", "on": "2026-06-10"},
    "resume": {"deadline": "{deadline}", "on": "2026-06-12"},
    "close": {"deadline": "{deadline}"},
    "follow-up": {"due_on": "2026-06-20", "note": "Rückruf"},
    "follow-up-clear": {},
}
# kind: what every action answers
MATRIX = {
    "anonymous": 302,  # to the login
    "reporter": 302,
    "caseworker_without_second_factor": 302,
    "caseworker": 302,  # back to the case
    "administrator": 302,
    "caseworker_without_keys": 302,  # writes no content it would need to read
    "partner": 404,
    "statistics": 404,
    "member_caseworker": 404,
}
ALLOWED = {"caseworker", "administrator", "caseworker_without_keys"}


def _prepared(action, case, deadline, caseworker):
    """The state each action starts from: a resume needs a pause, a clear a follow-up."""
    if action == "resume":
        services.deadline_pause(deadline=deadline, actor=caseworker, on=D(2026, 6, 10))
    if action == "follow-up-clear":
        services.follow_up_set(case=case, actor=caseworker, due_on=D(2026, 6, 20))
    return {k: v.format(deadline=deadline.pk) for k, v in POSTS[action].items()}


@pytest.mark.parametrize("kind", list(MATRIX))
@pytest.mark.parametrize("action", list(POSTS))
def test_permission_matrix(client_for, case, deadline, caseworker, kind, action):  # noqa: F811
    data = _prepared(action, case, deadline, caseworker)
    client = client_for(kind)
    events = AuditEvent.objects.exclude(verb=AuditEvent.Verb.VIEWED).count()
    response = client.post(url(case, action), data)
    assert response.status_code == MATRIX[kind], response.content[:300]
    changed = AuditEvent.objects.exclude(verb=AuditEvent.Verb.VIEWED).count() - events
    if kind in ALLOWED:
        assert response["Location"] == f"/de/office/cases/{case.pk}/#deadlines"
        assert changed == 1
    else:
        assert changed == 0
        if MATRIX[kind] == 302:
            assert response["Location"].startswith("/de/office/login/")


def test_another_case_and_unknown_action_are_404(client, case, deadline, caseworker):
    other = report_submit(submission=submission()).report.case
    staff_login(client, caseworker)
    response = client.post(url(other, "close"), {"deadline": deadline.pk})
    assert response.status_code == 404
    assert Deadline.objects.get(pk=deadline.pk).closed_at is None
    assert client.post(url(case, "delete"), {}).status_code == 404
    assert (
        client.post("/de/office/cases/999999/deadlines/record/", POSTS["record"]).status_code == 404
    )
    assert client.get(url(case, "record")).status_code == 405


def test_record_pause_resume_close_without_javascript(client, case, caseworker):
    staff_login(client, caseworker)
    response = client.post(url(case, "record"), {"kind": "OBJECTION", "starts_on": "2026-05-31"})
    assert response.status_code == 302
    deadline = Deadline.objects.get(case=case)
    assert deadline.ends_on == D(2026, 6, 30)
    page = client.get(f"/de/office/cases/{case.pk}/").content.decode()
    assert "Widerspruch" in page and "2026-06-30" in page
    assert (
        client.post(url(case, "pause"), {"deadline": deadline.pk, "on": "2026-06-10"}).status_code
        == 302
    )
    page = client.get(f"/de/office/cases/{case.pk}/").content.decode()
    assert f'action="/de/office/cases/{case.pk}/deadlines/resume/"' in page
    assert (
        client.post(url(case, "resume"), {"deadline": deadline.pk, "on": "2026-06-17"}).status_code
        == 302
    )
    deadline.refresh_from_db()
    assert (deadline.paused_days, deadline.ends_on) == (7, D(2026, 7, 7))
    assert client.post(url(case, "close"), {"deadline": deadline.pk}).status_code == 302
    deadline.refresh_from_db()
    assert deadline.closed_at is not None


def test_overdue_deadlines_are_marked_on_the_case_page(client, case, caseworker):
    services.deadline_record(case=case, actor=caseworker, kind="OBJECTION", starts_on=D(2026, 5, 1))
    staff_login(client, caseworker)
    page = client.get(f"/de/office/cases/{case.pk}/").content.decode()
    assert 'class="deadline overdue"' in page
    assert "Überfällig" in page


def test_a_mistake_shows_a_translated_error_and_keeps_the_input(client, case, caseworker):
    staff_login(client, caseworker)
    response = client.post(url(case, "record"), {"kind": "COURT_ACTION", "starts_on": "2026-06-30"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dieses Datum liegt in der Zukunft." in page
    assert 'value="COURT_ACTION" selected' in page and 'value="2026-06-30"' in page
    assert not Deadline.objects.exists()
    garbled = client.post(url(case, "record"), {"kind": "NOPE", "starts_on": "31.13.2026"})
    assert garbled.status_code == 400
    errors = garbled.context["deadline_forms"]["record"].errors
    assert set(errors) == {"kind", "starts_on"}
    assert 'value="31.13.2026"' in garbled.content.decode()


def test_a_pause_error_is_shown_beside_its_deadline(client, case, deadline, caseworker):
    staff_login(client, caseworker)
    response = client.post(url(case, "pause"), {"deadline": deadline.pk, "on": "2026-05-01"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Eine Frist kann nicht gehemmt werden, bevor sie zu laufen begann." in page
    assert f'id="id_deadline{deadline.pk}_on"' in page
    assert 'value="2026-05-01"' in page


def test_follow_up_set_shown_and_cleared(client, case, caseworker, association_private_key):
    staff_login(client, caseworker)
    response = client.post(
        url(case, "follow-up"), {"due_on": "2026-06-17", "note": "Anwältin anrufen"}
    )
    assert response.status_code == 302
    page = client.get(f"/de/office/cases/{case.pk}/").content.decode()
    assert "Anwältin anrufen" in page and "2026-06-17" in page
    assert client.post(url(case, "follow-up-clear"), {}).status_code == 302
    assert not FollowUp.objects.exists()
    too_long = client.post(url(case, "follow-up"), {"due_on": "2026-06-17", "note": "x" * 501})
    assert too_long.status_code == 400
    assert "x" * 501 in too_long.content.decode()  # nothing typed is lost


def test_inbox_filters_by_dates(client, case, caseworker):
    other = report_submit(submission=submission()).report.case
    services.deadline_record(case=case, actor=caseworker, kind="OBJECTION", starts_on=D(2026, 5, 1))
    services.deadline_record(
        case=other, actor=caseworker, kind="OBJECTION", starts_on=D(2026, 6, 1)
    )
    services.follow_up_set(case=other, actor=caseworker, due_on=D(2026, 6, 17))
    staff_login(client, caseworker)

    def listed(due):
        return [c.pk for c in client.get("/de/office/", {"due": due}).context["page"]]

    assert listed("OVERDUE") == [case.pk]
    assert listed("DEADLINE_SOON") == [other.pk]
    assert listed("FOLLOW_UP_DUE") == [other.pk]
    page = client.get("/de/office/").content.decode()
    assert "Frist überfällig" in page and "Wiedervorlage fällig" in page
    assert "Frist \u20662026-07-01\u2069" in page  # isolated: left to right in Arabic
    wrong = client.get("/de/office/", {"due": "SOON", "status": "NEW"})
    assert wrong.status_code == 200
    assert "due" in wrong.context["filter_form"].errors
    assert wrong.context["page"].paginator.count == 2


def test_inbox_query_count_with_the_date_filter(client, caseworker, association_keyring):
    from reporting.demo.synthetic import create_synthetic_reports
    from reporting.models import Case
    from reporting.selectors.keys import association_public_keys
    from tests.frontend.office.test_office import PINNED_INBOX_QUERIES

    create_synthetic_reports(count=60, year=2025, recipients=association_public_keys(), seed=3)
    for case in Case.objects.all()[:55]:
        services.deadline_record(
            case=case, actor=caseworker, kind="OBJECTION", starts_on=D(2026, 6, 1)
        )
        services.follow_up_set(case=case, actor=caseworker, due_on=D(2026, 6, 17))
    staff_login(client, caseworker)
    client.get("/de/office/")
    for due in ("", "DEADLINE_SOON", "FOLLOW_UP_DUE"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/de/office/", {"due": due})
        assert len(response.context["page"]) == 50
        assert len(queries) == PINNED_INBOX_QUERIES, due


def test_a_step_on_a_closed_deadline_says_why(client, case, deadline, caseworker):
    services.deadline_close(deadline=deadline, actor=caseworker)
    staff_login(client, caseworker)
    response = client.post(url(case, "pause"), {"deadline": deadline.pk, "on": "2026-06-10"})
    assert response.status_code == 400
    assert "<li>Diese Frist ist abgeschlossen.</li>" in response.content.decode()


def test_a_session_without_keys_gets_the_locked_page_not_an_error(
    client, case, caseworker, make_staff
):
    services.follow_up_set(case=case, actor=caseworker, due_on=D(2026, 6, 20), note="Notiz")
    staff_login(client, make_staff(Role.CASEWORKER, grant=False))
    response = client.post(url(case, "follow-up"), {"due_on": "2026-06-01"})
    assert response.status_code == 403
    assert "Notiz" not in response.content.decode()
    assert FollowUp.objects.get(case=case).due_on == D(2026, 6, 20)


def test_closed_deadlines_are_listed_after_open_ones(client, case, caseworker):
    first = services.deadline_record(
        case=case, actor=caseworker, kind="OBJECTION", starts_on=D(2026, 5, 1)
    )
    services.deadline_record(case=case, actor=caseworker, kind="AGG_CLAIM", starts_on=D(2026, 6, 1))
    services.deadline_close(deadline=first, actor=caseworker)
    staff_login(client, caseworker)
    page = client.get(f"/de/office/cases/{case.pk}/").content.decode()
    assert page.index("AGG-Anspruch (§") < page.index('class="deadline closed"')
