"""/api/v1/cases/ shows each case's next deadline and follow-up day and filters by them."""

import datetime
import json

import pytest
from drf_spectacular.generators import SchemaGenerator

from reporting.services import deadlines as services
from reporting.services.reports import report_submit
from reporting.vocabulary.roles import Role
from tests.api.conftest import assert_envelope
from tests.factories import submission

pytestmark = pytest.mark.django_db
CASES = "/api/v1/cases/"
D = datetime.date
RECORD = {"kind": "OBJECTION", "starts_on": "2026-05-31"}


def post(client, url, body, method="post"):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def cases(case, caseworker):
    """An overdue case; one whose deadline ends in 14 days and whose follow-up is today."""
    other = report_submit(submission=submission()).report.case
    services.deadline_record(case=case, actor=caseworker, kind="OBJECTION", starts_on=D(2026, 5, 1))
    services.deadline_record(
        case=other, actor=caseworker, kind="OBJECTION", starts_on=D(2026, 6, 1)
    )
    services.follow_up_set(case=other, actor=caseworker, due_on=D(2026, 6, 17))
    return case, other


def test_rows_show_the_dates(caseworker_client, cases):
    overdue, soon = cases
    rows = {r["id"]: r for r in caseworker_client.get(CASES).json()["results"]}
    assert rows[overdue.pk]["next_deadline_on"] == "2026-06-01"
    assert rows[overdue.pk]["follow_up_on"] is None
    assert rows[soon.pk]["next_deadline_on"] == "2026-07-01"
    assert rows[soon.pk]["follow_up_on"] == "2026-06-17"


@pytest.mark.parametrize(
    ("due", "expected"),
    [("OVERDUE", 0), ("DEADLINE_SOON", 1), ("FOLLOW_UP_DUE", 1)],
)
def test_filter(caseworker_client, cases, due, expected):
    response = caseworker_client.get(CASES, {"due": due})
    assert [r["id"] for r in response.json()["results"]] == [cases[expected].pk]


def test_a_wrong_filter_is_a_field_error(caseworker_client, cases):
    error = assert_envelope(caseworker_client.get(CASES, {"due": "SOON"}), 400)
    assert set(error["fields"]) == {"due"}


def test_query_count_is_pinned_with_the_filter(
    caseworker_client, caseworker, association_keyring, django_assert_num_queries
):
    from reporting.demo.synthetic import create_synthetic_reports
    from reporting.models import Case
    from reporting.selectors.keys import association_public_keys

    create_synthetic_reports(count=40, year=2025, recipients=association_public_keys(), seed=3)
    for case in Case.objects.all()[:30]:
        services.deadline_record(
            case=case, actor=caseworker, kind="OBJECTION", starts_on=D(2026, 6, 1)
        )
    caseworker_client.get(CASES)  # the status counts are cached
    # session, user with staff profile and organisation, OTP device, roles, count, page,
    # newest case (the key of the cached status counts)
    with django_assert_num_queries(7):
        response = caseworker_client.get(CASES, {"due": "DEADLINE_SOON", "page_size": 50})
    assert len(response.json()["results"]) == 30


def test_the_schema_documents_the_filter_and_the_fields():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    parameters = schema["paths"][CASES]["get"]["parameters"]
    (due,) = [p for p in parameters if p["name"] == "due"]
    assert due["schema"]["enum"] == ["DEADLINE_SOON", "OVERDUE", "FOLLOW_UP_DUE"]
    assert "Paused and closed deadlines" in due["description"]
    row = schema["components"]["schemas"]["CaseListOutput"]["properties"]
    assert row["next_deadline_on"]["format"] == "date" and row["next_deadline_on"]["nullable"]
    assert row["follow_up_on"]["format"] == "date" and row["follow_up_on"]["nullable"]


# --- writes -----------------------------------------------------------------------


def test_record_pause_resume_close(caseworker_client, case):
    created = post(caseworker_client, f"{CASES}{case.pk}/deadlines/", RECORD)
    assert created.status_code == 201, created.content
    deadline = created.json()
    assert deadline | {"id": 0} == {
        "id": 0,
        "kind": "OBJECTION",
        "starts_on": "2026-05-31",
        "period_months": 1,
        "paused_days": 0,
        "paused_since": None,
        "ends_on": "2026-06-30",
        "closed": False,
        "overdue": False,
    }
    step = f"{CASES}{case.pk}/deadlines/{deadline['id']}"
    paused = post(caseworker_client, f"{step}/pause/", {"on": "2026-06-10"}).json()
    assert paused["paused_since"] == "2026-06-10"
    resumed = post(caseworker_client, f"{step}/resume/", {"on": "2026-06-17"}).json()
    assert (resumed["paused_days"], resumed["ends_on"]) == (7, "2026-07-07")
    closed = post(caseworker_client, f"{step}/close/", {}).json()
    assert closed["closed"] is True
    error = assert_envelope(post(caseworker_client, f"{step}/pause/", {"on": "2026-06-12"}), 400)
    assert error["fields"] == {"deadline": ["Diese Frist ist abgeschlossen."]}


def test_wrong_input_is_a_translated_field_error(caseworker_client, case):
    error = assert_envelope(
        post(caseworker_client, f"{CASES}{case.pk}/deadlines/", {"kind": "NOPE"}), 400
    )
    assert set(error["fields"]) == {"kind", "starts_on"}
    future = {"kind": "OBJECTION", "starts_on": "2026-07-01"}
    error = assert_envelope(post(caseworker_client, f"{CASES}{case.pk}/deadlines/", future), 400)
    assert error["fields"] == {"starts_on": ["Dieses Datum liegt in der Zukunft."]}


def test_a_deadline_of_another_case_is_404(caseworker_client, case, caseworker):
    other = report_submit(submission=submission()).report.case
    deadline = services.deadline_record(
        case=other, actor=caseworker, kind="OBJECTION", starts_on=D(2026, 6, 1)
    )
    response = post(caseworker_client, f"{CASES}{case.pk}/deadlines/{deadline.pk}/close/", {})
    assert_envelope(response, 404, "not_found")
    deadline.refresh_from_db()
    assert deadline.closed_at is None


def test_follow_up_set_and_clear(caseworker_client, case):
    url = f"{CASES}{case.pk}/follow-up/"
    response = post(caseworker_client, url, {"due_on": "2026-06-20", "note": " Rückruf "}, "put")
    assert response.json() == {"due_on": "2026-06-20", "note": "Rückruf"}
    rows = caseworker_client.get(CASES).json()["results"]
    assert rows[0]["follow_up_on"] == "2026-06-20"
    assert caseworker_client.delete(url).status_code == 204
    assert caseworker_client.get(CASES).json()["results"][0]["follow_up_on"] is None
    past = post(caseworker_client, url, {"due_on": "2026-06-01"}, "put")
    assert set(assert_envelope(past, 400)["fields"]) == {"due_on"}


def test_list_opens_the_follow_up_note(caseworker_client, case, caseworker, login, make_staff):
    first = services.deadline_record(
        case=case, actor=caseworker, kind="OBJECTION", starts_on=D(2026, 5, 1)
    )
    services.deadline_record(case=case, actor=caseworker, kind="AGG_CLAIM", starts_on=D(2026, 6, 1))
    services.deadline_close(deadline=first, actor=caseworker)
    services.follow_up_set(case=case, actor=caseworker, due_on=D(2026, 6, 20), note="Rückruf")
    listed = caseworker_client.get(f"{CASES}{case.pk}/deadlines/").json()
    assert [(d["kind"], d["closed"]) for d in listed["deadlines"]] == [
        ("AGG_CLAIM", False),
        ("OBJECTION", True),
    ]
    assert listed["follow_up"] == {"due_on": "2026-06-20", "note": "Rückruf"}
    without_keys = login(make_staff(Role.CASEWORKER, grant=False))
    assert_envelope(without_keys.get(f"{CASES}{case.pk}/deadlines/"), 403, "keys_locked")
