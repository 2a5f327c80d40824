"""Staff dashboard and the annual report workflow in the back office."""

import pytest

from reporting.models import AnnualReport, AuditEvent, CaseStatus, Organisation
from reporting.vocabulary.roles import Role
from tests.logins import staff_login

pytestmark = pytest.mark.django_db

DASHBOARD = "/de/office/statistics/"


@pytest.fixture
def member_organisation(db):
    return Organisation.objects.create(name="Beratung Ost (fiktiv)", kind=Organisation.Kind.MEMBER)


@pytest.fixture
def users(make_staff, member_organisation):
    return {
        "caseworker": lambda: make_staff(Role.CASEWORKER),
        "statistics": lambda: make_staff(Role.STATISTICS, grant=False),
        "administrator": lambda: make_staff(Role.ADMINISTRATOR),
        "partner": lambda: make_staff(Role.PARTNER, organisation=member_organisation),
        "member_statistics": lambda: make_staff(Role.STATISTICS, organisation=member_organisation),
    }


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("anonymous", 302),  # to the login
        ("caseworker", 200),
        ("statistics", 200),
        ("administrator", 404),
        ("partner", 404),
        ("member_statistics", 404),
    ],
)
def test_dashboard_permissions(client, users, year_of_reports, kind, status):
    if kind != "anonymous":
        staff_login(client, users[kind]())
    response = client.get(DASHBOARD)
    assert response.status_code == status
    if status == 302:
        assert "/office/login/" in response["Location"]


def test_dashboard_without_second_factor_goes_to_login(client, users):
    staff_login(client, users["statistics"](), second_factor=False)
    assert client.get(DASHBOARD).status_code == 302


def test_dashboard_shows_live_unsuppressed_counts(client, users, year_of_reports, make_report):
    make_report(created_on="2026-01-02", status=CaseStatus.NEW)
    staff_login(client, users["caseworker"]())
    response = client.get(DASHBOARD, {"year": 2025})
    assert response.status_code == 200
    assert (
        response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    )
    body = response.context["body"]
    assert body["k"] is None
    grounds = next(t for t in body["tables"] if t["id"] == "grounds")
    antiziganism = next(r for r in grounds["rows"] if r["code"] == "ANTIZIGANISM")
    assert antiziganism["value"] == {"value": 1, "status": "published"}  # live: exact
    ops = response.context["ops"]
    assert ops["open_total"] >= 1
    assert "referrals" in ops
    assert b"&lt; 5" not in response.content


def test_dashboard_shows_the_agg_split_by_ground_and_area(client, users, year_of_reports):
    staff_login(client, users["caseworker"]())
    response = client.get(DASHBOARD.replace("/de/", "/en/"), {"year": 2025})
    agg = next(t for t in response.context["body"]["tables"] if t["id"] == "agg_scope")
    assert {r["code"]: r["value"]["value"] for r in agg["rows"]} == {
        "PROTECTED": 22,  # racism in housing and at work, antiziganism in housing
        "OUTSIDE": 0,
        "UNDECIDED": 8,  # gender in public space, age in health care
    }
    html = response.content.decode()
    assert "Protection by the General Equal Treatment Act (AGG)" in html
    assert "Cannot be decided from the data" in html


def test_caseworker_cannot_draft_or_publish(client, users, year_of_reports):
    staff_login(client, users["caseworker"]())
    response = client.post("/de/office/statistics/reports/", {"year": 2025, "k": 5})
    assert response.status_code == 404
    assert not AnnualReport.objects.exists()


def test_full_workflow(client, users, year_of_reports):
    user = users["statistics"]()
    staff_login(client, user)
    response = client.post("/de/office/statistics/reports/", {"year": 2025, "k": 5})
    assert response.status_code == 302
    report = AnnualReport.objects.get()
    review = f"/de/office/statistics/reports/{report.pk}/"
    assert response["Location"] == review

    page = client.get(review)
    assert page.status_code == 200
    assert b"&lt; 5" in page.content  # the preview is suppressed as it would be published

    response = client.post(
        review + "update/",
        {"k": 6, "foreword": "Ein Jahr der Meldungen.", "methodology": "", "correction_note": ""},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.k, report.foreword) == (6, "Ein Jahr der Meldungen.")

    response = client.post(review + "publish/", {})
    assert response.status_code == 400  # the confirmation is required
    response = client.post(review + "publish/", {"confirmed": "on"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.is_published and report.snapshot["k"] == 6
    assert report.snapshot["foreword"] == "Ein Jahr der Meldungen."
    assert report.published_by == user

    response = client.post(review + "update/", {"k": 5, "foreword": "", "methodology": ""})
    assert response.status_code == 409  # published: no more changes

    public = client.get("/de/statistics/2025/1/")
    assert public.status_code == 200

    response = client.post(review + "edition/", {"correction_note": "Nachmeldungen."})
    assert response.status_code == 302
    second = AnnualReport.objects.get(edition=2)
    assert second.status == "DRAFT" and second.correction_note == "Nachmeldungen."

    verbs = list(
        AuditEvent.objects.filter(case=None, actor=user)
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        AuditEvent.Verb.STATISTICS_DRAFTED,
        AuditEvent.Verb.STATISTICS_UPDATED,
        AuditEvent.Verb.STATISTICS_PUBLISHED,
        AuditEvent.Verb.STATISTICS_NEW_EDITION,
    ]


def test_duplicate_draft_is_refused(client, users, year_of_reports):
    staff_login(client, users["statistics"]())
    client.post("/de/office/statistics/reports/", {"year": 2025, "k": 5})
    response = client.post("/de/office/statistics/reports/", {"year": 2025, "k": 5})
    assert response.status_code == 400
    assert AnnualReport.objects.count() == 1


def test_caseworker_may_look_at_a_report_but_not_change_it(client, users, published):
    staff_login(client, users["caseworker"]())
    review = f"/de/office/statistics/reports/{published.pk}/"
    assert client.get(review).status_code == 200
    assert client.post(review + "edition/", {"correction_note": "x"}).status_code == 404
