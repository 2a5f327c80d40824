"""The annual report workflow: draft, update, publish, corrected edition, audit."""

import pytest

from reporting.models import AnnualReport, AuditEvent
from reporting.services.statistics import (
    DraftExists,
    NotADraft,
    NotAllowed,
    NotPublished,
    ReportExists,
    annual_report_create_draft,
    annual_report_new_edition,
    annual_report_publish,
    annual_report_update,
)
from reporting.vocabulary.errors import ValidationFailed
from reporting.vocabulary.roles import Role

pytestmark = pytest.mark.django_db


def test_only_the_statistics_role_of_the_association_may_draft(make_staff):
    for role in (Role.CASEWORKER, Role.ADMINISTRATOR, Role.PARTNER):
        with pytest.raises(NotAllowed):
            annual_report_create_draft(actor=make_staff(role), year=2025)
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize(("year", "k"), [(1999, 5), (2999, 5), (2025, 2), (2025, 21)])
def test_year_and_k_are_checked(statistics_user, year, k):
    with pytest.raises(ValidationFailed) as error:
        annual_report_create_draft(actor=statistics_user, year=year, k=k)
    assert set(error.value.fields) <= {"year", "k"}


def test_one_report_per_year(statistics_user):
    annual_report_create_draft(actor=statistics_user, year=2025)
    with pytest.raises(ReportExists):
        annual_report_create_draft(actor=statistics_user, year=2025)


def test_publish_freezes_suppressed_tables_and_texts(year_of_reports, statistics_user):
    draft = annual_report_create_draft(actor=statistics_user, year=2025, foreword="Vorwort")
    draft = annual_report_update(
        report=draft, actor=statistics_user, k=5, foreword="Neues Vorwort", methodology="M"
    )
    with pytest.raises(ValidationFailed):
        annual_report_publish(report=draft, actor=statistics_user, confirmed=False)
    report = annual_report_publish(report=draft, actor=statistics_user, confirmed=True)
    snapshot = report.snapshot
    assert snapshot["year"] == 2025 and snapshot["edition"] == 1 and snapshot["k"] == 5
    assert snapshot["foreword"] == "Neues Vorwort" and snapshot["methodology"] == "M"
    grounds = next(t for t in snapshot["tables"] if t["id"] == "grounds")
    antiziganism = next(r for r in grounds["rows"] if r["code"] == "ANTIZIGANISM")
    assert antiziganism["value"] == {"value": None, "status": "primary"}  # 1 is never stored
    with pytest.raises(NotADraft):
        annual_report_publish(report=report, actor=statistics_user, confirmed=True)
    with pytest.raises(NotADraft):
        annual_report_update(report=report, actor=statistics_user, k=5, foreword="", methodology="")


def test_new_edition(published, statistics_user):
    with pytest.raises(NotPublished):
        draft = annual_report_create_draft(actor=statistics_user, year=2024)
        annual_report_new_edition(report=draft, actor=statistics_user, correction_note="x")
    second = annual_report_new_edition(report=published, actor=statistics_user)
    assert (second.year, second.edition, second.status) == (2025, 2, "DRAFT")
    assert second.foreword == published.foreword
    with pytest.raises(DraftExists):
        annual_report_new_edition(report=published, actor=statistics_user, correction_note="y")
    with pytest.raises(ValidationFailed) as error:  # a correction says what it corrects
        annual_report_publish(report=second, actor=statistics_user, confirmed=True)
    assert "correction_note" in error.value.fields
    second = annual_report_update(
        report=second,
        actor=statistics_user,
        k=5,
        foreword=second.foreword,
        methodology="",
        correction_note="Nachgetragen.",
    )
    second = annual_report_publish(report=second, actor=statistics_user, confirmed=True)
    published.refresh_from_db()
    assert published.is_published and second.is_published  # the old edition stays


def test_every_step_is_audited_without_content(published, statistics_user):
    events = AuditEvent.objects.filter(actor=statistics_user).order_by("id")
    assert [e.verb for e in events] == [
        AuditEvent.Verb.STATISTICS_DRAFTED,
        AuditEvent.Verb.STATISTICS_PUBLISHED,
    ]
    assert all(e.case_id is None for e in events)
    assert events.last().to_status == "PUBLISHED"
