"""Retention with frozen time: content goes at the boundary, not a day early; figures stay."""

import datetime

import pytest
import time_machine
from django.core.management import call_command

from reporting.models import CaseEvent, Message, Report
from reporting.permissions import Role
from reporting.selectors.receipts import reporter_access_for_code
from reporting.services.cases import case_transition
from reporting.services.messages import reporter_message_send
from reporting.services.reports import report_submit
from reporting.services.retention import retention_plan, retention_run
from tests.factories import submission

pytestmark = pytest.mark.django_db
CLOSED_ON = datetime.datetime(2024, 3, 10, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def closed_case(association_keyring, make_staff, settings):
    settings.RETENTION_CLOSED_CASE_DAYS = 365
    caseworker = make_staff(Role.CASEWORKER)
    with time_machine.travel(CLOSED_ON - datetime.timedelta(days=30), tick=False):
        submitted = report_submit(
            submission=submission(incident_month="2024-01", grounds=["RACISM", "AGE"])
        )
        reporter_message_send(
            access=reporter_access_for_code(submitted.receipt_code), body="Nachtrag"
        )
    case = submitted.report.case
    case_transition(case=case, actor=caseworker, to_status="IN_REVIEW", expected_version=1)
    case_transition(case=case, actor=caseworker, to_status="DOCUMENTED", expected_version=2)
    with time_machine.travel(CLOSED_ON, tick=False):
        case_transition(case=case, actor=caseworker, to_status="CLOSED", expected_version=3)
    return submitted


def clear_columns():
    return list(
        Report.objects.values_list(
            "created_on", "district", "grounds", "areas", "language", "incident_month"
        )
    )


def test_not_a_day_early(closed_case):
    with time_machine.travel(CLOSED_ON + datetime.timedelta(days=364, hours=23), tick=False):
        assert retention_plan().case_ids == []
        assert retention_run() == 0
    assert Report.objects.get().content != b""


def test_destroyed_at_the_boundary_and_statistics_unchanged(closed_case, association_private_key):
    before = clear_columns()
    with time_machine.travel(CLOSED_ON + datetime.timedelta(days=365), tick=False):
        assert retention_run() == 1
    report = Report.objects.get()
    assert bytes(report.content) == b"" and report.contact is None
    assert report.receipt_lookup is None and report.reporter_private_key_wrapped is None
    assert all(bytes(m.body) == b"" for m in Message.objects.all())
    assert clear_columns() == before
    assert CaseEvent.objects.filter(verb=CaseEvent.Verb.CONTENT_DESTROYED).count() == 1
    assert reporter_access_for_code(closed_case.receipt_code) is None
    with time_machine.travel(CLOSED_ON + datetime.timedelta(days=400), tick=False):
        assert retention_run() == 0  # idempotent


def test_intervention_notes_go_their_kind_and_day_stay(closed_case, make_staff):
    from reporting.models import Intervention
    from reporting.services.cases import intervention_add

    case = closed_case.report.case
    case.refresh_from_db()
    intervention_add(
        case=case,
        actor=make_staff(Role.CASEWORKER),
        kind="COMPLAINT_LETTER",
        occurred_on=datetime.date(2024, 3, 1),
        notes="Brief an die Filiale.",
        expected_version=case.version,
    )
    with time_machine.travel(CLOSED_ON + datetime.timedelta(days=365), tick=False):
        assert retention_run() == 1
    kept = Intervention.objects.get()
    assert kept.notes is None
    assert (kept.kind, kept.occurred_on) == ("COMPLAINT_LETTER", datetime.date(2024, 3, 1))


def test_reopened_cases_are_kept(closed_case, make_staff):
    case = closed_case.report.case
    case.refresh_from_db()
    case_transition(
        case=case,
        actor=make_staff(Role.CASEWORKER),
        to_status="IN_REVIEW",
        expected_version=case.version,
    )
    with time_machine.travel(CLOSED_ON + datetime.timedelta(days=900), tick=False):
        assert retention_run() == 0


def test_dry_run_lists_without_destroying(closed_case, capsys):
    with time_machine.travel(CLOSED_ON + datetime.timedelta(days=366), tick=False):
        call_command("retention", "--dry-run")
    assert "would destroy the content of case" in capsys.readouterr().out
    assert Report.objects.get().content != b""


def test_the_case_page_still_opens_after_destruction(client, closed_case, make_staff):
    from tests.logins import staff_login

    with time_machine.travel(CLOSED_ON + datetime.timedelta(days=366), tick=False):
        retention_run()
    staff_login(client, make_staff(Role.CASEWORKER))
    response = client.get(f"/de/office/cases/{closed_case.report.case.pk}/")
    assert response.status_code == 200
    assert response.context["detail"].content == {}
