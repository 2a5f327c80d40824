import datetime

import pytest
from django.utils import timezone

from reporting.models import Assessment, Case, CaseStatus, Report
from reporting.services.tallies import case_tallies, tallies_move
from reporting.vocabulary.workflow import exclusion_after


@pytest.fixture
def make_report(db):
    """make_report(created_on, grounds=..., assessment={...}, status=...) -> Report.

    Clear columns only; the content is a placeholder (statistics never read it).
    """

    def make(
        created_on="2025-03-10",
        *,
        grounds=("RACISM",),
        areas=("HOUSING",),
        forms=("DIRECT",),
        incident_types=(),
        district="14612",
        incident_month="2025-03",
        language="de",
        reporter_role="AFFECTED",
        police="NO",
        channel="WEB",
        status=CaseStatus.DOCUMENTED,
        assessment=None,
        interventions=(),
    ):
        report = Report.objects.create(
            created_on=datetime.date.fromisoformat(created_on),
            language=language,
            reporter_role=reporter_role,
            incident_month=incident_month,
            district=district,
            grounds=list(grounds),
            areas=list(areas),
            forms=list(forms),
            incident_types=list(incident_types),
            reported_to_police=police,
            channel=channel,
            consent_version="test",
            content=b"placeholder",
        )
        # The kinds of interventions the case had (the services keep them from its rows).
        case = Case(
            report=report,
            status=status,
            excluded_as=exclusion_after(status, ""),
            intervention_kinds=list(interventions),
        )
        saved_assessment = None
        if assessment is not None:
            values = {
                "grounds": list(grounds),
                "areas": list(areas),
                "forms": list(forms),
                "incident_types": list(incident_types),
                "district": district,
                "incident_month": incident_month,
                "is_discrimination": True,
                **assessment,
            }
            saved_assessment = Assessment(case=case, assessed_at=timezone.now(), **values)
        case.classify(report, saved_assessment)
        case.save()
        if saved_assessment is not None:
            saved_assessment.case = case
            saved_assessment.save()
        tallies_move(after=case_tallies(case))
        return report

    return make


@pytest.fixture
def statistics_user(make_staff):
    from reporting.vocabulary.roles import Role

    return make_staff(Role.STATISTICS, grant=False)


@pytest.fixture
def year_of_reports(make_report):
    """A year (2025) big enough that most figures are published with k = 5."""
    for _ in range(12):
        make_report(grounds=["RACISM"], areas=["HOUSING"], district="14713")
    for _ in range(9):
        make_report(grounds=["RACISM", "LANGUAGE"], areas=["WORK"], district="14612")
    for _ in range(7):
        make_report(grounds=["GENDER"], areas=["PUBLIC_SPACE"], district="14612", language="ar")
    make_report(grounds=["ANTIZIGANISM"], areas=["HOUSING"], district="14626")  # a lone one
    make_report(grounds=["AGE"], areas=["HEALTH_CARE"], district="14713", incident_month="")
    make_report(status="SPAM")
    return 30


@pytest.fixture
def published(year_of_reports, statistics_user):
    """The 2025 report, drafted and published (edition 1, k = 5)."""
    from reporting.services.statistics import annual_report_create_draft, annual_report_publish

    draft = annual_report_create_draft(
        actor=statistics_user, year=2025, foreword="Vorwort des Vorstands.", methodology="Methode."
    )
    return annual_report_publish(report=draft, actor=statistics_user, confirmed=True)


@pytest.fixture
def published_before_the_agg_rule(published):
    """`published` as editions of snapshot format 1 were stored: the table `agg` split the
    reports by ground alone (at least one ground named in § 1 AGG / only others / none)."""
    from reporting.models import AnnualReport

    snapshot = dict(published.snapshot, format=1)
    new = next(t for t in snapshot["tables"] if t["id"] == "agg_scope")
    old = {
        **new,
        "id": "agg",
        "dimension": "agg",
        "rows": [
            {"code": code, "value": {"value": value, "status": "published"}}
            for code, value in (("WITHIN_AGG", 30), ("OUTSIDE_AGG", 0), ("_NONE", 0))
        ],
    }
    # Format 1 knew one counting basis (no twin tables, `grounds-incidents` …) and no
    # channels (format 5).
    snapshot["tables"] = [
        old if t is new else t
        for t in snapshot["tables"]
        if "-" not in t["id"] and not t["id"].startswith("channels")
    ]
    # Past the model's guard on purpose: this is how such an edition was stored.
    AnnualReport.objects.filter(pk=published.pk).update(snapshot=snapshot)
    return AnnualReport.objects.get(pk=published.pk)


@pytest.fixture
def published_two_years(make_report, statistics_user):
    """2024 and 2025 published (k = 5), with no figure withheld: 2024 has 24 reports
    (16 racism in housing, 8 gender at work), 2025 has 20 (12 and 8)."""
    from reporting.services.statistics import annual_report_create_draft, annual_report_publish

    editions = {}
    for year, racism in ((2024, 16), (2025, 12)):
        for count, ground, area in ((racism, "RACISM", "HOUSING"), (8, "GENDER", "WORK")):
            for _ in range(count):
                make_report(
                    created_on=f"{year}-03-10",
                    incident_month=f"{year}-03",
                    grounds=[ground],
                    areas=[area],
                )
        draft = annual_report_create_draft(actor=statistics_user, year=year)
        editions[year] = annual_report_publish(report=draft, actor=statistics_user, confirmed=True)
    return editions
