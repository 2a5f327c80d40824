"""SQL injection through every inbox filter (HTML and staff API) and through ids in paths.

Filters are validated against choices, dates and integers before they reach the ORM;
nothing is concatenated into SQL. The attack must never cause a 500, never return a
row the user may not see or that does not match, and the tables must still be there.
"""

import json

import pytest
from django.db import connection

from reporting.models import Case, Report
from tests.security.conftest import body_of

pytestmark = pytest.mark.django_db

PAYLOADS = {
    "or_true": "' OR 1=1 --",
    "stacked_drop": "1; DROP TABLE reporting_report",
    "union": "%' UNION SELECT id, receipt_lookup, NULL FROM reporting_report --",
    "huge_integer": "99999999999999999999999999",
    "nul_byte": "NEW\x00' OR '1'='1",
}
INBOX_FILTERS = ("status", "district", "ground", "area", "form", "language", "assignee",
                 "received_from", "received_to", "page")  # fmt: skip
API_FILTERS = (*INBOX_FILTERS, "unassigned", "page_size", "format")
TABLES = ("reporting_report", "reporting_case", "reporting_message", "auth_user")


def assert_database_intact(world):
    tables = set(connection.introspection.table_names())
    assert set(TABLES) <= tables
    assert Report.objects.count() == 2
    assert set(Case.objects.values_list("pk", flat=True)) == {world.case_x.pk, world.case_y.pk}


@pytest.mark.parametrize("payload", list(PAYLOADS))
@pytest.mark.parametrize("param", INBOX_FILTERS)
def test_inbox_filter(world, param, payload):
    client = world.client("caseworker")
    response = client.get("/de/office/", {param: PAYLOADS[payload], "status": "CLOSED"}
                          if param != "status" else {param: PAYLOADS[payload]})  # fmt: skip
    assert response.status_code == 200
    shown = {case.pk for case in response.context["page"]}
    assert shown <= {world.case_x.pk, world.case_y.pk}
    if response.context["filter_form"].is_valid():
        # the attack string was accepted as a value (page): the CLOSED filter still holds
        assert shown == set()
    assert "OperationalError" not in body_of(response)
    assert_database_intact(world)


@pytest.mark.parametrize("payload", list(PAYLOADS))
@pytest.mark.parametrize("param", API_FILTERS)
def test_staff_api_case_list_filter(world, param, payload):
    client = world.client("caseworker")
    query = {param: PAYLOADS[payload]}
    if param != "status":
        query["status"] = "CLOSED"  # no case is closed: any row would be an extra row
    response = client.get("/api/v1/cases/", query)
    assert response.status_code in (200, 400, 404), body_of(response)[:300]
    if response.status_code == 200:
        assert response.json()["results"] == []
    else:
        assert set(response.json()["error"]) == {"code", "message", "fields"}
    assert_database_intact(world)


@pytest.mark.parametrize("payload", list(PAYLOADS))
@pytest.mark.parametrize(
    "path",
    ["/api/v1/cases/{}/", "/api/v1/cases/{}/events/", "/api/v1/referrals/{}/",
     "/de/office/cases/{}/", "/de/office/referrals/{}/", "/de/office/attachments/{}/"],
)  # fmt: skip
def test_ids_in_paths(world, path, payload):
    from urllib.parse import quote

    response = world.client("caseworker").get(path.format(quote(PAYLOADS[payload], safe="")))
    assert response.status_code == 404
    assert_database_intact(world)


@pytest.mark.parametrize("payload", list(PAYLOADS))
def test_ids_in_staff_api_bodies(world, payload):
    client = world.client("caseworker")
    case = world.case_x
    value = PAYLOADS[payload]
    for path, body in (
        (f"/api/v1/cases/{case.pk}/assign/", {"version": 1, "assignee": value}),
        (f"/api/v1/cases/{case.pk}/transition/", {"version": value, "to_status": value}),
        (f"/api/v1/cases/{case.pk}/referrals/", {"organisation": value, "summary": "S"}),
    ):
        response = client.post(path, json.dumps(body), content_type="application/json")
        assert response.status_code in (400, 404), (path, body_of(response)[:300])
    assert Case.objects.get(pk=case.pk).version == case.version
    assert_database_intact(world)
