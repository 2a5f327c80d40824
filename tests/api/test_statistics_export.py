"""GET /api/v1/statistics/export/: suppressed figures for funders and research."""

import io
import zipfile

import pytest
import time_machine
from openpyxl import load_workbook

from reporting.models import AuditEvent, Case, Organisation
from reporting.vocabulary.roles import Role
from tests.api.conftest import assert_envelope
from tests.statistics_fixtures import *  # noqa: F403 - make_report, published, ...

pytestmark = pytest.mark.django_db

EXPORT = "/api/v1/statistics/export/"
YEAR = {"start": "2025-01-01", "end": "2025-12-31"}


@pytest.fixture(autouse=True)
def _in_2026():
    with time_machine.travel("2026-02-01 10:00 +0000", tick=False):
        yield


@pytest.fixture
def own_client(login, make_staff, member_organisation):
    """A caseworker of a member organisation (Role.MEMBER_CASEWORKER)."""
    return login(make_staff(Role.MEMBER_CASEWORKER, organisation=member_organisation))


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
        ("member_caseworker", 404),  # the CASEWORKER role in a member organisation
    ],
)
def test_permissions(client_for, year_of_reports, kind, status):
    response = client_for(kind).get(EXPORT, YEAR)
    if status == 200:
        assert response.status_code == 200, response.content[:300]
        assert response["Cache-Control"] == "no-store"
    else:
        assert_envelope(response, status)


def test_a_member_caseworker_exports_their_own_organisation_only(
    own_client, member_organisation, make_report
):
    report = make_report("2025-05-05")
    Case.objects.filter(report=report).update(member_organisation=member_organisation)
    other = Organisation.objects.create(name="Beratung Süd (fiktiv)", kind="MEMBER")
    mine = own_client.get(EXPORT, {**YEAR, "organisation": member_organisation.pk})
    assert mine.status_code == 200, mine.content[:300]
    overview = {r["code"]: r["value"] for r in mine.json()["sections"][0]["rows"]}
    assert overview["INCLUDED"] == {"value": None, "status": "primary"}  # one: "< 5"
    assert own_client.get(EXPORT, YEAR).json()["organisation"] == str(member_organisation.pk)
    for scope in (other.pk, "network", "association", 424242):
        assert_envelope(own_client.get(EXPORT, {**YEAR, "organisation": scope}), 404)


def test_json_has_sections_labels_and_method(client_for, published):
    data = client_for("statistics", HTTP_ACCEPT_LANGUAGE="en").get(EXPORT, YEAR).json()
    assert data["k"] == 5 and data["organisation"] == "network"
    sections = {s["id"]: s for s in data["sections"]}
    assert {"overview", "grounds", "grounds-incidents", "ground_groups", "counselled",
            "contacts", "referrals", "interventions", "outcomes"} <= set(sections)  # fmt: skip
    grounds = {r["code"]: r for r in sections["grounds"]["rows"]}
    assert grounds["RACISM"]["value"] == {"value": 21, "status": "published"}
    assert grounds["ANTIZIGANISM"]["value"] == {"value": None, "status": "primary"}
    assert data["method"][0]["heading"]


def test_files(client_for, published):
    client = client_for("caseworker")
    xlsx = client.get(EXPORT, {**YEAR, "file": "xlsx"})
    assert xlsx.status_code == 200
    assert len(load_workbook(io.BytesIO(xlsx.content)).sheetnames) == 2
    archive = zipfile.ZipFile(io.BytesIO(client.get(EXPORT, {**YEAR, "file": "csv"}).content))
    assert sorted(archive.namelist()) == [
        "meldestelle-2025-01-01-2025-12-31-nach-eingang-netzwerk.csv",
        "methode.txt",
    ]
    details = AuditEvent.objects.filter(verb=AuditEvent.Verb.STATISTICS_EXPORTED).values_list(
        "detail", flat=True
    )
    assert list(details) == ["received 2025-01-01 2025-12-31 network"] * 2


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2025-12-31", "end": "2025-01-01"}, "end"),
        ({"start": "1200-01-01", "end": "1200-12-31"}, "start"),
        ({"start": "2001-01-01", "end": "9999-12-31"}, "end"),
        ({**YEAR, "organisation": "999999"}, "organisation"),
        ({**YEAR, "organisation": "x" * 50}, "organisation"),
        ({**YEAR, "basis": "whenever"}, "basis"),
        ({**YEAR, "file": "pdf"}, "file"),
        ({"start": "yesterday", "end": "2025-01-01"}, "start"),
        ({}, "start"),
    ],
)
def test_bad_parameters_are_a_400(client_for, params, field):
    error = assert_envelope(client_for("statistics").get(EXPORT, params), 400, "validation_failed")
    assert field in error["fields"], error
