"""Exports for funders and research: the annual report's figures for any range and
organisation, suppressed the same way (reporting/selectors/funder_export.py)."""

import datetime
import io
import zipfile
from collections import Counter

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from reporting.models import Case, ExternalReferral, Message, Organisation, Referral
from reporting.models.cases import CaseLink
from reporting.selectors import funder_export as selectors
from reporting.services.tallies import tallies_rebuild
from reporting.services.work_counts import work_counts_rebuild
from reporting.statistics import annual, funder_export
from reporting.statistics.funder_export import raw_figures
from reporting.vocabulary.ground_groups import GROUND_GROUPS, GroundGroup

pytestmark = pytest.mark.django_db

YEAR_2025 = {"start": datetime.date(2025, 1, 1), "end": datetime.date(2025, 12, 31)}
TODAY = datetime.date(2026, 2, 1)


def export(**scope):
    options = {**YEAR_2025, "basis": "received", "organisation": "network", **scope}
    return selectors.funder_export(today=TODAY, **options)


def section(result, section_id):
    return {row["code"]: row["value"] for row in next(
        s for s in result["sections"] if s["id"] == section_id)["rows"]}  # fmt: skip


def published_rows(report, table_id):
    table = annual.table(report.snapshot, table_id)
    rows = {row["code"]: row["value"] for row in table["rows"]}
    if table["kind"] == "multi":
        rows[annual.NONE] = table["none"]
    basis = "_INCIDENTS" if table["basis"] == annual.INCIDENTS_BASIS else "_REPORTS"
    rows[basis] = table["reports"]
    return rows


def assert_reproduces(result, report):
    assert result["k"] == report.k
    overview = published_rows(report, "overview")
    for code, figure in section(result, "overview").items():
        assert figure == overview[code], code
    for table_id in funder_export.ANNUAL_TABLES:
        assert section(result, table_id) == published_rows(report, table_id), table_id


def test_a_calendar_year_reproduces_the_published_report(published):
    result = export()
    assert_reproduces(result, published)
    # Withheld where the report withholds: the lone antiziganism report.
    assert section(result, "grounds")["ANTIZIGANISM"] == {"value": None, "status": "primary"}
    assert section(result, "overview")["INCLUDED"] == {"value": 30, "status": "published"}
    # …and "×" where the report protects it with another figure (its complementary marks).
    marks = [row["value"]["status"] for s in result["sections"] for row in s["rows"]
             if s["id"] in funder_export.ANNUAL_TABLES]  # fmt: skip
    assert "complementary" in marks


def test_counting_the_cases_gives_the_tallies(published):
    """Any other scope is counted from the cases: for the report's year, what the tallies
    hold (on both bases)."""
    from reporting.selectors.statistics import counts_of_cases, year_counts

    scanned = counts_of_cases(
        selectors.scoped_cases(**YEAR_2025, basis="received", organisation="network"), year=2025
    )
    tallied = year_counts(2025)
    for ours, theirs in ((scanned, tallied), (scanned.incidents, tallied.incidents)):
        for name in ("excluded", "singles", "district_grounds", "interventions", "outcome"):
            assert dict(getattr(ours, name)) == dict(getattr(theirs, name)), name


def test_small_scopes_withhold_every_small_number(network):
    east, _west = network
    result = export(organisation=str(east.pk))
    assert section(result, "overview")["INCLUDED"] == {"value": 7, "status": "published"}
    for record in funder_export.records(result):
        assert record["value"] == "" or not 0 < record["value"] < 5, record
    assert section(result, "ground_groups")["GENDER_AND_SEXUALITY"]["status"] == "primary"


def org(name):
    return Organisation.objects.create(name=name, kind=Organisation.Kind.MEMBER)


def owned_by(report, organisation):
    Case.objects.filter(report=report).update(member_organisation=organisation)
    return Case.objects.get(report=report)


def talk(case, reporter=1, staff=1):
    for side, n in (("REPORTER", reporter), ("STAFF", staff)):
        for _ in range(n):
            Message.objects.create(
                case=case, author_side=side, created_at=timezone.now(), body=b"sealed"
            )


@pytest.fixture
def network(make_report):
    """Cases of the association and of two member organisations, with their work."""
    east, west = org("Beratung Ost (fiktiv)"), org("Beratung West (fiktiv)")
    made = []
    for owner, n in ((None, 6), (east, 7), (west, 5)):
        for i in range(n):
            report = make_report(
                f"2025-0{1 + i % 6}-15",
                grounds=["RACISM", "ANTISEMITISM"] if i % 2 else ["GENDER"],
                interventions=["COUNSELLING"] if i % 3 else ["DOCUMENTATION_ONLY"],
                assessment={"outcome": "APOLOGY"} if i % 2 else None,
            )
            case = owned_by(report, owner)
            talk(case, reporter=i % 3, staff=1)
            made.append(case)
    # Work on a spam case and on a duplicate counts nowhere: neither is a report.
    talk(owned_by(make_report("2025-02-01", status="SPAM"), None), staff=2)
    duplicate = owned_by(make_report("2025-02-02"), None)
    Case.objects.filter(pk=duplicate.pk).update(linked_to=made[0], link_kind=CaseLink.DUPLICATE)
    tallies_rebuild(years=[2025])  # as after a bulk load: the update moved no tallies
    talk(duplicate, staff=3)
    Referral.objects.create(
        case=made[0], organisation=east, consent_version="t", created_at=timezone.now()
    )
    ExternalReferral.objects.create(
        case=made[8],
        body_name="Landesweite Beratung (fiktiv)",
        referred_on=datetime.date(2025, 3, 1),
        consent_version="t",
        summary=b"sealed",
        created_at=timezone.now(),
    )
    work_counts_rebuild()  # the rows went in directly, as in a bulk load
    return east, west


def raw(**scope):
    options = {**YEAR_2025, "basis": "received", "organisation": "network", **scope}
    return raw_figures(selectors.export_counts(**options))


@pytest.mark.parametrize("basis", ["received", "incident"])
def test_the_network_is_the_sum_of_its_organisations(network, basis):
    east, west = network
    whole = raw(basis=basis)
    parts = Counter()
    for scope in ("association", str(east.pk), str(west.pk)):
        parts.update(raw(basis=basis, organisation=scope))
    assert {k: v for k, v in whole.items() if v} == {k: v for k, v in parts.items() if v}
    assert whole["overview:INCLUDED"] == 18 and whole["contacts:STAFF"] == 18
    assert whole["referrals:MEMBER"] == 1 and whole["referrals:EXTERNAL"] == 1
    assert raw(basis=basis, organisation=str(east.pk))["overview:INCLUDED"] == 7


def test_groups_of_grounds_count_each_report_once(network):
    figures = raw()
    # 8 reports name racism and antisemitism: 8 in the group, not 16.
    assert figures[f"ground_groups:{GroundGroup.RACISM_ALL_FORMS}"] == 8
    assert figures[f"ground_groups-incidents:{GroundGroup.RACISM_ALL_FORMS}"] == 8
    assert figures[f"ground_groups:{GroundGroup.GENDER_AND_SEXUALITY}"] == 10
    assert figures[f"ground_groups-incidents:{GroundGroup.GENDER_AND_SEXUALITY}"] == 0
    assert GROUND_GROUPS[GroundGroup.RACISM_ALL_FORMS] >= {"RACISM", "ANTIZIGANISM"}


def test_people_counselled_and_outcomes(network):
    figures = raw()
    # i % 3 != 0 had a counselling conversation: 4 + 4 + 3 of 6, 7, 5 reports.
    assert figures["counselled:PEOPLE"] == 11
    assert figures["outcomes:APOLOGY"] == 8 and figures["outcomes-incidents:APOLOGY"] == 8


def test_a_range_by_received_date_and_by_incident_month(make_report):
    make_report("2025-03-10", incident_month="2024-12")
    make_report("2025-03-10", incident_month="2025-03")
    make_report("2025-05-10", incident_month="")
    spring = {"start": datetime.date(2025, 3, 1), "end": datetime.date(2025, 5, 31)}
    assert raw(**spring)["overview:INCLUDED"] == 3
    by_incident = selectors.export_counts(**spring, basis="incident", organisation="network")
    assert by_incident.counts.included == 1  # December 2024 is outside, the undated apart
    assert by_incident.undated == {"reports": 1, "incidents": 0}
    winter = {"start": datetime.date(2024, 12, 20), "end": datetime.date(2024, 12, 20)}
    assert raw(**winter, basis="incident")["overview:INCLUDED"] == 1
    assert raw(**winter)["overview:INCLUDED"] == 0


def test_linked_cases_count_on_their_basis(make_report):
    lead = Case.objects.get(report=make_report(assessment={}))
    same = Case.objects.get(report=make_report(assessment={}))
    duplicate = Case.objects.get(report=make_report(assessment={}))
    Case.objects.filter(pk=same.pk).update(linked_to=lead, link_kind=CaseLink.SAME_INCIDENT)
    Case.objects.filter(pk=duplicate.pk).update(linked_to=lead, link_kind=CaseLink.DUPLICATE)
    figures = raw(start=datetime.date(2025, 3, 1))  # not a calendar year: counted from cases
    assert figures["overview:INCLUDED"] == 2  # the duplicate is no report of its own
    assert figures["overview:CONFIRMED"] == 1  # the same incident once


def test_files_hold_the_figures_and_the_method(published):
    with translation.override("de"):
        result = export()
        workbook = load_workbook(io.BytesIO(funder_export.export_xlsx(result)))
        archive = zipfile.ZipFile(io.BytesIO(funder_export.export_zip(result)))
    assert workbook.sheetnames == ["Zahlen", "Methode"]
    figures, method = workbook["Zahlen"], workbook["Methode"]
    header = [cell.value for cell in figures[1]]
    assert header == list(funder_export.CSV_COLUMNS)
    rows = [dict(zip(header, [c.value for c in row], strict=True)) for row in figures.iter_rows(2)]
    antiziganism = next(
        r for r in rows if r["section"] == "grounds" and r["code"] == "ANTIZIGANISM"
    )
    assert antiziganism["value"] is None and antiziganism["shown"] == "< 5"
    included = next(r for r in rows if r["section"] == "overview" and r["code"] == "INCLUDED")
    assert included["value"] == 30 and included["label"] == "In diesem Bericht gezählte Meldungen"
    notes = {row[0].value: row[1].value for row in method.iter_rows()}
    assert notes["Erster Tag"] == "2025-01-01" and notes["Letzter Tag"] == "2025-12-31"
    assert "k = 5" in notes["Zurückgehaltene Zahlen"]
    assert notes["Erstellt am"] == "2026-02-01"
    stem = "meldestelle-2025-01-01-2025-12-31-nach-eingang-netzwerk"
    assert sorted(archive.namelist()) == [f"{stem}.csv", "methode.txt"]
    text = archive.read(f"{stem}.csv").decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(funder_export.CSV_COLUMNS)
    assert "grounds,Diskriminierungsgründe,reports,ANTIZIGANISM," in text
    assert "Erstellt am: 2026-02-01" in archive.read("methode.txt").decode("utf-8-sig")


def test_withheld_values_never_reach_the_files(published):
    result = export()
    for record in funder_export.records(result):
        if record["status"] != "published":
            assert record["value"] == "" and record["shown"] in ("< 5", "×")
