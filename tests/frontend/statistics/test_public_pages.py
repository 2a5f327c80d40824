"""Public statistics pages: published snapshots only, no cookie, no inline script or style."""

import csv
import io
import re

import pytest

from reporting.models import AnnualReport, Assessment, Case
from reporting.models.statistics import PublishedReportImmutable
from reporting.services.statistics import annual_report_new_edition, annual_report_publish
from tests.markup import assert_only_the_quick_exit_script

pytestmark = pytest.mark.django_db

PAGE = "/de/statistics/2025/1/"


def assert_no_cookie_and_no_inline(response):
    assert not response.cookies, response.cookies
    html = response.content.decode()
    assert_only_the_quick_exit_script(response.content)
    assert not re.search(r"\sstyle\s*=", html), "inline style attribute"
    assert "<style" not in html


def test_list_shows_published_reports_only(client, published, statistics_user):
    from reporting.services.statistics import annual_report_create_draft

    annual_report_create_draft(actor=statistics_user, year=2024)
    response = client.get("/de/statistics/")
    assert response.status_code == 200
    assert_no_cookie_and_no_inline(response)
    html = response.content.decode()
    assert PAGE in html
    assert "/de/statistics/2024/" not in html


def test_report_page_has_charts_tables_and_marks(client, published):
    response = client.get(PAGE)
    assert response.status_code == 200
    assert_no_cookie_and_no_inline(response)
    html = response.content.decode()
    # grounds, areas, forms, incident types, months, districts, channels; no incident was
    # assessed as discrimination, so the actors, interventions and outcomes have no chart
    assert html.count("<svg") == 7
    assert html.count("<title id=") == 7 and html.count("<desc id=") == 7
    assert 'role="img"' in html and "aria-labelledby=" in html
    # The lone ANTIZIGANISM report is withheld, never shown as 1.
    assert "&lt; 5" in html
    assert "withheld primary" in html
    assert "Vorwort des Vorstands." in html
    assert response["Cache-Control"].startswith("public")


def test_report_page_in_arabic_is_right_to_left(client, published):
    response = client.get("/ar/statistics/2025/1/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert 'direction="rtl"' in html  # the charts mirror too
    assert_no_cookie_and_no_inline(response)


def test_latest_edition_redirects(client, published):
    response = client.get("/de/statistics/2025/")
    assert response.status_code == 302
    assert response["Location"] == PAGE


@pytest.mark.parametrize("path", ["/de/statistics/2024/", "/de/statistics/2025/2/"])
def test_unpublished_is_404(client, published, path):
    assert client.get(path).status_code == 404


def test_drafts_are_never_public(client, year_of_reports, statistics_user):
    from reporting.services.statistics import annual_report_create_draft

    annual_report_create_draft(actor=statistics_user, year=2025)
    assert client.get(PAGE).status_code == 404
    assert client.get("/de/statistics/2025/1/grounds.csv").status_code == 404


def test_csv_download_layout(client, published):
    response = client.get("/de/statistics/2025/1/grounds.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert not response.cookies
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == [
        "table",
        "row_code",
        "row_label",
        "column_code",
        "column_label",
        "value",
        "shown",
        "status",
    ]
    by_code = {row["row_code"]: row for row in rows}
    assert by_code["RACISM"]["value"] == "21"
    assert by_code["ANTIZIGANISM"] == {
        **by_code["ANTIZIGANISM"],
        "value": "",
        "shown": "< 5",
        "status": "primary",
    }
    assert by_code["_REPORTS"]["value"] == "30"
    assert by_code["SEXUAL_IDENTITY"]["value"] == "0"  # zero stays zero


def test_cross_table_csv_and_json(client, published):
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get("/en/statistics/2025/1/district_ground.csv").content.decode("utf-8-sig")
            )
        )
    )
    cell = next(r for r in rows if r["row_code"] == "14713" and r["column_code"] == "RACISM")
    assert cell["row_label"] == "Leipzig (city)" and cell["column_label"].startswith("Racist")
    assert cell["value"] in ("12", "")  # 12, unless withheld to protect the lone AGE report
    for row in rows:
        if row["status"] == "published":
            assert row["value"] == "0" or int(row["value"]) >= 5
        else:
            assert row["value"] == "" and row["shown"] in ("< 5", "×")
    response = client.get("/en/statistics/2025/1/district_ground.json")
    data = response.json()
    assert data["year"] == 2025 and data["edition"] == 1 and data["k"] == 5
    assert data["table"]["kind"] == "cross"
    assert data["labels"]["columns"]["RACISM"]
    assert len(data["records"]) == len(rows)
    full = client.get("/de/statistics/2025/1/report.json").json()
    assert [t["id"] for t in full["tables"]][:4] == [
        "overview",
        "grounds",
        "grounds-incidents",
        "agg_scope",
    ]
    assert full["format"] == 6 and full["errata"] == []


def test_unknown_table_is_404(client, published):
    assert client.get("/de/statistics/2025/1/nothing.csv").status_code == 404


def test_snapshot_does_not_change_when_data_changes(client, published, make_report):
    page_before = client.get(PAGE).content
    csv_before = client.get("/de/statistics/2025/1/grounds.csv").content
    json_before = client.get("/de/statistics/2025/1/report.json").content

    for _ in range(20):
        make_report(grounds=["DISABILITY"])
    case = Case.objects.filter(report__grounds__has="RACISM").first()
    Assessment.objects.filter(case=case).delete()
    from django.utils import timezone

    assessment = Assessment.objects.create(
        case=case,
        grounds=["AGE"],
        areas=["WORK"],
        forms=["DIRECT"],
        district="14511",
        incident_month="",
        is_discrimination=True,
        assessed_at=timezone.now(),
    )
    case.classify(case.report, assessment)
    case.save()
    from performance import page_cache

    page_cache._pages.clear()  # not the cache: the stored snapshot keeps the page as it was
    assert client.get(PAGE).content == page_before
    assert client.get("/de/statistics/2025/1/grounds.csv").content == csv_before
    assert client.get("/de/statistics/2025/1/report.json").content == json_before


def test_published_report_refuses_to_change(published):
    report = AnnualReport.objects.get(pk=published.pk)
    report.foreword = "changed"
    with pytest.raises(PublishedReportImmutable):
        report.save()
    with pytest.raises(PublishedReportImmutable):
        report.delete()


def test_corrected_edition_keeps_the_old_one_visible(
    client, published, statistics_user, make_report
):
    for _ in range(5):
        make_report(grounds=["DISABILITY"])
    draft = annual_report_new_edition(
        report=published, actor=statistics_user, correction_note="Fünf Meldungen nachgetragen."
    )
    annual_report_publish(report=draft, actor=statistics_user, confirmed=True)
    old = client.get(PAGE)
    assert old.status_code == 200
    assert "/de/statistics/2025/2/" in old.content.decode()  # points to the correction
    new = client.get("/de/statistics/2025/2/")
    assert "Fünf Meldungen nachgetragen." in new.content.decode()
    assert client.get("/de/statistics/2025/").headers["Location"] == "/de/statistics/2025/2/"
    listing = client.get("/de/statistics/").content.decode()
    assert "/de/statistics/2025/1/" in listing and "/de/statistics/2025/2/" in listing


def test_an_edition_split_by_ground_alone_shows_an_erratum_and_stays_as_published(
    client, published_before_the_agg_rule
):
    report = published_before_the_agg_rule
    stored = report.snapshot
    html = client.get("/en/statistics/2025/1/").content.decode()
    assert "Correction: the table “Within and outside the General Equal Treatment Act" in html
    assert "At least one ground protected by the AGG" in html  # the old table as published
    assert "reads the ground and the area of life together" not in html  # no new method note
    # Published before both counting bases: no twin tables, as it was published.
    assert not any("-" in table["id"] for table in stored["tables"])
    assert 'id="table-grounds-incidents"' not in html and 'id="table-grounds"' in html
    # Nor a channels table (format 5): the page shows none rather than an empty one.
    assert 'id="table-channels' not in html
    german = client.get(PAGE).content.decode()
    assert "Berichtigung" in german
    full = client.get("/en/statistics/2025/1/report.json").json()
    erratum = {"code": "AGG_BY_GROUND_ONLY", "table": "agg"}
    assert [{k: e[k] for k in erratum} for e in full.pop("errata")] == [erratum]
    assert full == stored  # the download is the snapshot, plus the note beside it
    agg = client.get("/en/statistics/2025/1/agg.json").json()
    assert agg["errata"][0]["code"] == "AGG_BY_GROUND_ONLY"
    assert agg["errata"][0]["text"].startswith("Correction:")
    assert client.get("/en/statistics/2025/1/grounds.json").json()["errata"] == []
    report.refresh_from_db()
    assert report.snapshot == stored  # showing the erratum wrote nothing


def test_a_new_edition_has_the_agg_split_by_ground_and_area_and_says_why(
    client, published_before_the_agg_rule, statistics_user
):
    draft = annual_report_new_edition(
        report=published_before_the_agg_rule,
        actor=statistics_user,
        correction_note="AGG-Tabelle nach Merkmal und Lebensbereich.",
    )
    annual_report_publish(report=draft, actor=statistics_user, confirmed=True)
    html = client.get("/en/statistics/2025/2/").content.decode()
    # The new edition counts every table on both bases, each twin labelled.
    assert 'id="table-grounds-incidents"' in html and 'id="table-actors-reports"' in html
    assert "Grounds of discrimination: incidents assessed as discrimination" in html
    assert client.get("/en/statistics/2025/2/grounds-incidents.csv").status_code == 200
    assert 'id="table-channels"' in html and 'id="table-channels-incidents"' in html
    assert "Correction: the table" not in html
    assert "reads the ground and the area of life together" in html
    assert "Protection by the General Equal Treatment Act (AGG)" in html
    body = AnnualReport.objects.get(year=2025, edition=2).snapshot
    agg = next(t for t in body["tables"] if t["id"] == "agg_scope")
    # Racism in housing (12) and at work (9), antiziganism in housing (1) are protected;
    # gender in public space (7) and age in health care (1) cannot be decided.
    assert {r["code"]: r["value"]["value"] for r in agg["rows"]} == {
        "PROTECTED": 22,
        "OUTSIDE": 0,
        "UNDECIDED": 8,
    }
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get("/en/statistics/2025/2/agg_scope.csv").content.decode("utf-8-sig")
            )
        )
    )
    assert [(r["row_code"], r["row_label"], r["value"]) for r in rows] == [
        ("PROTECTED", "Protected by the AGG", "22"),
        ("OUTSIDE", "Outside the AGG", "0"),
        ("UNDECIDED", "Cannot be decided from the data", "8"),
        ("_REPORTS", "Reports", "30"),
    ]
    assert "Correction: the table" in client.get("/en/statistics/2025/1/").content.decode()


def test_channels_are_published_with_suppression(
    client, year_of_reports, make_report, statistics_user
):
    from reporting.services.statistics import annual_report_create_draft

    for _ in range(2):
        make_report(grounds=["RACISM"], areas=["HOUSING"], district="14713", channel="PHONE")
    draft = annual_report_create_draft(actor=statistics_user, year=2025)
    annual_report_publish(report=draft, actor=statistics_user, confirmed=True)
    html = client.get("/en/statistics/2025/1/").content.decode()
    assert 'id="table-channels"' in html
    assert "How the report came in" in html and "taken down by staff" in html
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get("/de/statistics/2025/1/channels.csv").content.decode("utf-8-sig")
            )
        )
    )
    by_code = {row["row_code"]: row for row in rows}
    # Two phone reports: withheld as fewer than 5, and the web figure with them, since
    # the reports counted (32) are published and would give them away.
    assert by_code["PHONE"] == {
        **by_code["PHONE"],
        "row_label": "Telefon",
        "value": "",
        "shown": "< 5",
        "status": "primary",
    }
    assert by_code["WEB"]["value"] == "" and by_code["WEB"]["status"] == "complementary"
    assert by_code["_REPORTS"]["value"] == "32"
    assert by_code["LETTER"]["value"] == "0"
