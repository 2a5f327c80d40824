"""/api/v1/cases/ shows each case's next deadline and follow-up day and filters by them."""

import datetime

import pytest
from drf_spectacular.generators import SchemaGenerator

from reporting.services import deadlines as services
from reporting.services.reports import report_submit
from tests.api.conftest import assert_envelope
from tests.factories import submission

pytestmark = pytest.mark.django_db
CASES = "/api/v1/cases/"
D = datetime.date


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
