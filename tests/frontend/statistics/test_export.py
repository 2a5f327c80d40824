"""The export form for funders and research in the back office."""

import io
import zipfile

import pytest
import time_machine
from openpyxl import load_workbook

from reporting.models import AuditEvent, Case, Organisation
from reporting.vocabulary.roles import Role
from tests.logins import staff_login

pytestmark = pytest.mark.django_db

EXPORT = "/de/office/statistics/export/"
YEAR = {"start": "2025-01-01", "end": "2025-12-31", "basis": "received", "file": "xlsx"}


@pytest.fixture(autouse=True)
def _in_2026():
    with time_machine.travel("2026-02-01 10:00 +0000", tick=False):
        yield


@pytest.fixture
def east(db):
    return Organisation.objects.create(name="Beratung Ost (fiktiv)", kind=Organisation.Kind.MEMBER)


@pytest.fixture
def west(db):
    return Organisation.objects.create(name="Beratung West (fiktiv)", kind=Organisation.Kind.MEMBER)


@pytest.fixture
def users(make_staff, east):
    return {
        "caseworker": lambda: make_staff(Role.CASEWORKER),
        "statistics": lambda: make_staff(Role.STATISTICS, grant=False),
        "administrator": lambda: make_staff(Role.ADMINISTRATOR),
        "partner": lambda: make_staff(Role.PARTNER, organisation=east),
        "member_caseworker": lambda: make_staff(Role.MEMBER_CASEWORKER, organisation=east),
    }


def login(client, users, kind):
    staff_login(client, users[kind]())
    return client


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("anonymous", 302),
        ("caseworker", 200),
        ("statistics", 200),
        ("administrator", 404),
        ("partner", 404),
        ("member_caseworker", 200),
    ],
)
def test_who_may_open_the_form(client, users, kind, status):
    if kind != "anonymous":
        login(client, users, kind)
    response = client.get(EXPORT)
    assert response.status_code == status
    if status == 200:
        assert "Export für Förderer und Forschung" in response.content.decode()


def test_the_network_as_xlsx(client, users, published):
    login(client, users, "statistics")
    response = client.get(EXPORT, {**YEAR, "organisation": "network"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        'filename="meldestelle-2025-01-01-2025-12-31-nach-eingang-netzwerk.xlsx"'
        in (response["Content-Disposition"])
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Zahlen", "Methode"]
    [event] = AuditEvent.objects.filter(verb=AuditEvent.Verb.STATISTICS_EXPORTED)
    assert (event.actor.groups.get().name, event.organisation, event.detail) == (
        Role.STATISTICS,
        None,
        "received 2025-01-01 2025-12-31 network",
    )
    values = {(r[0].value, r[3].value): r[5].value for r in workbook["Zahlen"].iter_rows(2)}
    assert values[("overview", "INCLUDED")] == 30


def test_csv_comes_zipped_with_the_method(client, users, published):
    login(client, users, "caseworker")
    response = client.get(EXPORT, {**YEAR, "organisation": "association", "file": "csv"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == [
        "meldestelle-2025-01-01-2025-12-31-nach-eingang-verein.csv",
        "methode.txt",
    ]
    assert "Die eigenen Fälle des Vereins" in archive.read("methode.txt").decode("utf-8-sig")


def test_a_member_caseworker_exports_their_own_organisation_only(
    client, users, east, west, make_report
):
    mine = make_report("2025-04-01")
    Case.objects.filter(report=mine).update(member_organisation=east)
    login(client, users, "member_caseworker")
    page = client.get(EXPORT).content.decode()
    assert "Beratung Ost (fiktiv)" in page and "Beratung West" not in page
    assert "Das ganze Netzwerk" not in page
    response = client.get(EXPORT, {**YEAR, "organisation": str(east.pk)})
    assert response.status_code == 200
    for other in (str(west.pk), "network", "association", "999999"):
        assert client.get(EXPORT, {**YEAR, "organisation": other}).status_code == 404
    # Audited once, naming the organisation; the refused ones wrote nothing.
    [event] = AuditEvent.objects.filter(verb=AuditEvent.Verb.STATISTICS_EXPORTED)
    assert event.organisation == east and event.detail.endswith(f" {east.pk}")


def test_a_download_is_named_in_words_not_codes(client, users, east):
    """A member organisation by its name (umlauts kept: RFC 6266's filename*), the basis
    and the scope in the page's language."""
    Organisation.objects.filter(pk=east.pk).update(name="Beratung Süd-Ost (fiktiv)")
    login(client, users, "statistics")
    month = {"start": "2025-01-01", "end": "2025-03-31", "basis": "incident", "file": "xlsx"}
    disposition = client.get(EXPORT, {**month, "organisation": str(east.pk)})["Content-Disposition"]
    assert disposition == (
        "attachment; filename*=utf-8''"
        "meldestelle-2025-01-01-2025-03-31-nach-vorfallsmonat-beratung-s%C3%BCd-ost-fiktiv.xlsx"
    )
    arabic = client.get(EXPORT.replace("/de/", "/ar/"), {**month, "organisation": "network"})[
        "Content-Disposition"
    ]
    assert arabic.startswith("attachment; filename*=utf-8''meldestelle-2025-01-01-2025-03-31-")
    assert "incident" not in arabic and "network" not in arabic


def test_the_member_caseworkers_menu_offers_the_export(client, users):
    login(client, users, "member_caseworker")
    assert 'href="/de/office/statistics/export/"' in client.get(EXPORT).content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"end": "2024-12-31"}, "Der letzte Tag darf nicht vor dem ersten Tag liegen."),
        ({"start": "1999-12-31"}, "Der erste Tag muss im Jahr 2000 oder später liegen."),
        ({"start": "2027-01-01", "end": "2027-02-01"}, "Der erste Tag darf nicht in der Zukunft"),
        ({"start": "2001-01-01", "end": "9999-12-31"}, "Ein Export umfasst höchstens 10 Jahre."),
        ({"start": "gestern"}, "Bitte ein gültiges Datum eingeben."),
        ({"organisation": "999999"}, "Bitte eine Organisation aus der Liste wählen."),
        ({"organisation": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"basis": "whenever"}, "Bitte eine gültige Auswahl treffen."),
        ({"file": "pdf"}, "Bitte eine gültige Auswahl treffen."),
    ],
)
def test_bad_input_gets_a_translated_error(client, users, params, message):
    login(client, users, "statistics")
    response = client.get(EXPORT, {**YEAR, "organisation": "network", **params})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_dashboard_links_to_the_export(client, users, year_of_reports):
    login(client, users, "statistics")
    assert (
        'href="/de/office/statistics/export/"'
        in client.get("/de/office/statistics/").content.decode()
    )
