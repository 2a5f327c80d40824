"""The cases service: every change claims the version the user saw, moves the tallies
and the cached status counts with it, and leaves one audit row."""

import pytest
from django.core.cache import cache

from reporting.models import AuditEvent, Case, CaseStatus, Note
from reporting.selectors.cases import case_counts_by_status
from reporting.selectors.statistics import year_counts, year_counts_scanned
from reporting.services.cases import (
    case_assess,
    case_assign,
    case_transition,
    note_add,
    staff_message_send,
)
from reporting.services.reports import report_submit
from reporting.vocabulary.errors import Conflict, TransitionNotAllowed, ValidationFailed
from reporting.vocabulary.roles import Role
from tests.factories import submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(association_keyring):
    return report_submit(submission=submission()).report.case


@pytest.fixture
def caseworker(make_staff):
    return make_staff(Role.CASEWORKER)


def test_a_transition_moves_status_counts_tallies_and_writes_its_row(
    case, caseworker, django_capture_on_commit_callbacks
):
    year = case.received_on.year
    assert case_counts_by_status(caseworker)[CaseStatus.NEW] == 1  # now cached
    with django_capture_on_commit_callbacks(execute=True):  # the cache is forgotten on commit
        case_transition(case=case, actor=caseworker, to_status="IN_REVIEW", expected_version=1)
        case_transition(case=case, actor=caseworker, to_status="SPAM", expected_version=2)
    counts = case_counts_by_status(caseworker)
    assert (counts[CaseStatus.NEW], counts[CaseStatus.SPAM]) == (0, 1)
    assert year_counts(year) == year_counts_scanned(year)
    assert year_counts(year).included == 0
    rows = AuditEvent.objects.filter(case=case, verb=AuditEvent.Verb.TRANSITION)
    assert sorted(rows.values_list("from_status", "to_status")) == [
        ("IN_REVIEW", "SPAM"),
        ("NEW", "IN_REVIEW"),
    ]
    case.refresh_from_db()
    assert case.first_triaged_at is not None and case.version == 3


@pytest.mark.parametrize(
    ("version", "to_status", "refused"),
    [(7, "IN_REVIEW", Conflict), (1, "CLOSED", TransitionNotAllowed)],
)
def test_a_refused_transition_changes_nothing(case, caseworker, version, to_status, refused):
    cache.clear()
    with pytest.raises(refused):
        case_transition(case=case, actor=caseworker, to_status=to_status, expected_version=version)
    stored = Case.objects.get(pk=case.pk)
    assert (stored.status, stored.version) == (CaseStatus.NEW, 1)
    assert not AuditEvent.objects.filter(case=case, verb=AuditEvent.Verb.TRANSITION).exists()


def test_a_stale_assessment_saves_nothing(case, caseworker):
    case_assign(case=case, actor=caseworker, assignee=caseworker, expected_version=1)
    with pytest.raises(Conflict):
        case_assess(
            case=case, actor=caseworker, expected_version=1, grounds=["AGE"], areas=["WORK"],
            forms=[], district="14511", incident_month="", is_discrimination=True,
        )  # fmt: skip
    stored = Case.objects.get(pk=case.pk)
    assert (stored.grounds, stored.assessed) == (["RACISM"], False)
    assert not hasattr(stored, "assessment") or stored.assessment is None


def test_notes_and_messages_are_checked_sealed_and_audited(case, caseworker):
    with pytest.raises(ValidationFailed):
        note_add(case=case, actor=caseworker, body="   ")
    note = note_add(case=case, actor=caseworker, body="  Rückruf vereinbart.  ")
    assert b"R\xc3\xbcckruf" not in bytes(Note.objects.get(pk=note.pk).body)
    message = staff_message_send(case=case, actor=caseworker, body="Wir melden uns.")
    case.refresh_from_db()
    assert case.first_replied_at == message.created_at
    verbs = set(AuditEvent.objects.filter(case=case).values_list("verb", flat=True))
    assert {AuditEvent.Verb.NOTE, AuditEvent.Verb.STAFF_MESSAGE} <= verbs
