"""Statistics API: live for staff (/api/v1/statistics/), published for all (/public/)."""

import pytest
from django.core.management import call_command

from tests.api.conftest import assert_envelope
from tests.statistics_fixtures import *  # noqa: F403 - make_report, published, ...

pytestmark = pytest.mark.django_db

LIVE = "/api/v1/statistics/"
CASE_WORK = "/api/v1/statistics/case-work/"
PUBLIC = "/api/v1/public/statistics/"


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("anonymous", 403),
        ("reporter", 403),
        ("caseworker_without_second_factor", 403),
        ("caseworker", 200),
        ("statistics", 200),
        ("administrator", 404),
        ("partner", 404),
        ("member_caseworker", 404),
    ],
)
@pytest.mark.parametrize("path", [LIVE, CASE_WORK])
def test_staff_statistics_permissions(client_for, year_of_reports, kind, status, path):
    response = client_for(kind).get(path, {"year": 2025} if path == LIVE else {})
    if status == 200:
        assert response.status_code == 200, response.content[:300]
        assert response["Cache-Control"] == "no-store"
    else:
        assert_envelope(response, status)


def test_live_statistics_are_unsuppressed(client_for, year_of_reports):
    data = client_for("statistics").get(LIVE, {"year": 2025}).json()
    assert data["k"] is None and data["year"] == 2025
    grounds = next(t for t in data["tables"] if t["id"] == "grounds")
    row = next(r for r in grounds["rows"] if r["code"] == "ANTIZIGANISM")
    assert row["value"] == {"value": 1, "status": "published"}
    assert data["year_on_year"]["previous_edition"] is None


def test_live_statistics_preview_with_k(client_for, year_of_reports):
    data = client_for("caseworker").get(LIVE, {"year": 2025, "k": 5}).json()
    assert data["k"] == 5
    grounds = next(t for t in data["tables"] if t["id"] == "grounds")
    row = next(r for r in grounds["rows"] if r["code"] == "ANTIZIGANISM")
    assert row["value"] == {"value": None, "status": "primary"}


@pytest.mark.parametrize("params", [{"k": 2}, {"k": "x"}, {"year": 1200}])
def test_live_statistics_refuse_bad_parameters(client_for, params):
    assert_envelope(client_for("statistics").get(LIVE, params), 400, "validation_failed")


def test_case_work_figures(client_for, year_of_reports):
    data = client_for("statistics").get(CASE_WORK).json()
    assert {row["status"] for row in data["open_cases"]} == {
        "NEW",
        "IN_REVIEW",
        "IN_COUNSELLING",
        "REFERRED",
    }
    assert all(len(row["ages"]) == 4 for row in data["open_cases"])
    assert "median_days_to_triage" in data and "referrals" in data


def test_public_list_and_editions(client, published, statistics_user):
    from reporting.services.statistics import annual_report_create_draft

    annual_report_create_draft(actor=statistics_user, year=2024)  # drafts stay private
    response = client.get(PUBLIC)
    assert response.status_code == 200
    assert not response.cookies
    assert response.json() == [
        {
            "year": 2025,
            "edition": 1,
            "k": 5,
            "published_at": response.json()[0]["published_at"],
            "superseded": False,
            "url": "/api/v1/public/statistics/2025/1/",
        }
    ]
    detail = client.get("/api/v1/public/statistics/2025/1/").json()
    assert detail == client.get("/api/v1/public/statistics/2025/").json()
    assert detail["edition"] == 1 and detail["foreword"] == "Vorwort des Vorstands."
    grounds = next(t for t in detail["tables"] if t["id"] == "grounds")
    row = next(r for r in grounds["rows"] if r["code"] == "ANTIZIGANISM")
    assert row["value"] == {"value": None, "status": "primary"}


@pytest.mark.parametrize("path", [f"{PUBLIC}2024/", f"{PUBLIC}2025/1/", f"{PUBLIC}2025/"])
def test_public_unpublished_is_404(client, year_of_reports, statistics_user, path):
    from reporting.services.statistics import annual_report_create_draft

    annual_report_create_draft(actor=statistics_user, year=2025)
    assert_envelope(client.get(path), 404)


def test_public_api_serves_the_snapshot_not_live_data(client, published, make_report):
    before = client.get(f"{PUBLIC}2025/1/").json()
    for _ in range(10):
        make_report(grounds=["AGE"])
    assert client.get(f"{PUBLIC}2025/1/").json() == before


def test_public_api_shows_an_erratum_beside_an_edition_split_by_ground_alone(
    client, published_before_the_agg_rule
):
    old = client.get(f"{PUBLIC}2025/1/", HTTP_ACCEPT_LANGUAGE="en").json()
    (erratum,) = old["errata"]
    assert (erratum["code"], erratum["table"]) == ("AGG_BY_GROUND_ONLY", "agg")
    assert erratum["text"]
    assert old["format"] == 1 and "agg" in [t["id"] for t in old["tables"]]


def test_public_api_of_a_current_edition_has_no_errata(client, published):
    assert client.get(f"{PUBLIC}2025/1/").json()["errata"] == []


def test_public_api_needs_no_login_and_refuses_writes(client, published):
    response = client.post(PUBLIC, {}, content_type="application/json")
    assert response.status_code == 405


def test_schema_documents_the_statistics_endpoints(tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    schema = (tmp_path / "schema.yml").read_text()
    for path in (
        "/api/v1/statistics/:",
        "/api/v1/statistics/case-work/:",
        "/api/v1/public/statistics/:",
        "/api/v1/public/statistics/{year}/:",
        "/api/v1/public/statistics/{year}/{edition}/:",
    ):
        assert path in schema, path


def test_far_future_year_is_a_400_not_a_500(client, make_staff):
    from reporting.vocabulary.roles import Role
    from tests.logins import staff_login

    staff_login(client, make_staff(Role.STATISTICS))
    assert client.get("/api/v1/statistics/", {"year": 9999}).status_code == 400
