"""Deadlines and follow-ups: recorded, paused, resumed, closed, audited; the inbox
selectors at every boundary (time frozen, travelled with time-machine)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from reporting.crypto import open_sealed
from reporting.models import AuditEvent, Case, Deadline, FollowUp
from reporting.selectors.deadlines import case_deadlines, cases_due
from reporting.services import deadlines as services
from reporting.services.reports import report_submit
from reporting.vocabulary.deadlines import DueFilter
from reporting.vocabulary.errors import ValidationFailed
from reporting.vocabulary.roles import Role
from reporting.vocabulary.submission import ERROR_DATE_IN_FUTURE
from tests.factories import submission

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day: datetime.date):
    """Travel to 10:00 UTC (noon in Saxony) on `day`."""
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, 10, tzinfo=datetime.UTC)
    )


@pytest.fixture
def case(association_keyring):
    return report_submit(submission=submission()).report.case


@pytest.fixture
def caseworker(make_staff):
    return make_staff(Role.CASEWORKER)


def _due(code: str) -> list[int]:
    return list(
        cases_due(Case.objects.all(), code, timezone.localdate()).values_list("pk", flat=True)
    )


def _errors(raised) -> dict:
    return {field: [str(m) for m in messages] for field, messages in raised.value.fields.items()}


def _messages(raised) -> list[str]:
    return [message for messages in _errors(raised).values() for message in messages]


def test_record_captures_the_period_and_computes_the_end(case, caseworker):
    with at(D(2026, 2, 2)):
        deadline = services.deadline_record(
            case=case, actor=caseworker, kind="AGG_CLAIM", starts_on=D(2025, 12, 31)
        )
    assert (deadline.period_months, deadline.ends_on) == (2, D(2026, 2, 28))
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.DEADLINE_RECORDED)
    assert (event.case_id, event.actor_id) == (case.pk, caseworker.pk)


def test_a_changed_period_applies_to_deadlines_recorded_afterwards_only(case, caseworker, settings):
    earlier = services.deadline_record(
        case=case, actor=caseworker, kind="AGG_CLAIM", starts_on=D(2026, 5, 31)
    )
    settings.DEADLINE_PERIOD_MONTHS = {**settings.DEADLINE_PERIOD_MONTHS, "AGG_CLAIM": 6}
    later = services.deadline_record(
        case=case, actor=caseworker, kind="AGG_CLAIM", starts_on=D(2026, 5, 31)
    )
    earlier.refresh_from_db()
    assert (earlier.period_months, earlier.ends_on) == (2, D(2026, 7, 31))
    assert (later.period_months, later.ends_on) == (6, D(2026, 11, 30))
    # A pause recomputes the end with the period the deadline was recorded with.
    services.deadline_pause(deadline=earlier, actor=caseworker, on=D(2026, 6, 10))
    with at(D(2026, 6, 15)):
        resumed = services.deadline_resume(deadline=earlier, actor=caseworker, on=D(2026, 6, 15))
    assert (resumed.period_months, resumed.ends_on) == (2, D(2026, 8, 5))


def test_default_periods(case, caseworker):
    kinds = {"AGG_CLAIM": 2, "OBJECTION": 1, "COURT_ACTION": 3}
    for kind, months in kinds.items():
        deadline = services.deadline_record(
            case=case, actor=caseworker, kind=kind, starts_on=D(2026, 6, 1)
        )
        assert deadline.period_months == months


def test_leap_year_start_on_the_31st(case, caseworker):
    with at(D(2028, 2, 1)):
        deadline = services.deadline_record(
            case=case, actor=caseworker, kind="OBJECTION", starts_on=D(2028, 1, 31)
        )
        assert deadline.ends_on == D(2028, 2, 29)
    with at(D(2028, 2, 29)):
        assert _due(DueFilter.DEADLINE_SOON) == [case.pk]  # the last day is still in time
        assert _due(DueFilter.OVERDUE) == []
    with at(D(2028, 3, 1)):
        assert _due(DueFilter.DEADLINE_SOON) == []
        assert _due(DueFilter.OVERDUE) == [case.pk]


def test_several_pauses_add_up(case, caseworker):
    with at(D(2026, 3, 1)):
        deadline = services.deadline_record(
            case=case, actor=caseworker, kind="AGG_CLAIM", starts_on=D(2026, 2, 28)
        )
    assert deadline.ends_on == D(2026, 4, 28)
    with at(D(2026, 3, 10)):
        services.deadline_pause(deadline=deadline, actor=caseworker, on=D(2026, 3, 10))
    with at(D(2026, 3, 20)):
        deadline = services.deadline_resume(deadline=deadline, actor=caseworker, on=D(2026, 3, 20))
    assert (deadline.paused_days, deadline.ends_on) == (10, D(2026, 5, 8))
    with at(D(2026, 4, 1)):
        services.deadline_pause(deadline=deadline, actor=caseworker, on=D(2026, 4, 1))
    with at(D(2026, 4, 3)):
        deadline = services.deadline_resume(deadline=deadline, actor=caseworker, on=D(2026, 4, 3))
    assert (deadline.paused_days, deadline.ends_on) == (12, D(2026, 5, 10))
    verbs = list(AuditEvent.objects.filter(case=case).order_by("id").values_list("verb", flat=True))
    assert verbs[-4:] == ["DEADLINE_PAUSED", "DEADLINE_RESUMED"] * 2


def test_a_paused_deadline_is_neither_soon_nor_overdue(case, caseworker):
    with at(D(2026, 1, 20)):
        deadline = services.deadline_record(
            case=case, actor=caseworker, kind="OBJECTION", starts_on=D(2026, 1, 20)
        )
    with at(D(2026, 2, 15)):
        assert _due(DueFilter.DEADLINE_SOON) == [case.pk]
        services.deadline_pause(deadline=deadline, actor=caseworker, on=D(2026, 2, 15))
        assert _due(DueFilter.DEADLINE_SOON) == []
    with at(D(2026, 4, 1)):  # long after the unpaused end
        assert _due(DueFilter.OVERDUE) == []
        deadline = services.deadline_resume(deadline=deadline, actor=caseworker, on=D(2026, 4, 1))
    # 15 Feb to 31 Mar did not count: 45 days on from 20 Feb.
    assert deadline.ends_on == D(2026, 4, 6)
    with at(D(2026, 4, 6)):
        assert _due(DueFilter.DEADLINE_SOON) == [case.pk]
    with at(D(2026, 4, 7)):
        assert _due(DueFilter.OVERDUE) == [case.pk]


def test_within_fourteen_days_boundaries(case, caseworker):
    services.deadline_record(
        case=case, actor=caseworker, kind="OBJECTION", starts_on=D(2026, 6, 15)
    )  # ends 15 July
    with at(D(2026, 6, 30)):
        assert _due(DueFilter.DEADLINE_SOON) == []  # 15 days to go
    with at(D(2026, 7, 1)):
        assert _due(DueFilter.DEADLINE_SOON) == [case.pk]  # 14 days to go


def test_a_closed_deadline_is_never_overdue(case, caseworker):
    deadline = services.deadline_record(
        case=case, actor=caseworker, kind="OBJECTION", starts_on=D(2026, 1, 5)
    )
    assert _due(DueFilter.OVERDUE) == [case.pk]
    services.deadline_close(deadline=deadline, actor=caseworker)
    assert _due(DueFilter.OVERDUE) == []
    with pytest.raises(ValidationFailed) as raised:
        services.deadline_pause(deadline=deadline, actor=caseworker, on=D(2026, 1, 10))
    assert _errors(raised) == {"deadline": [str(services.ERROR_DEADLINE_CLOSED)]}
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.DEADLINE_CLOSED).count() == 1


@pytest.mark.parametrize(
    ("kind", "starts_on", "field", "message"),
    [
        ("NOPE", D(2026, 6, 1), "kind", services.ERROR_DEADLINE_KIND),
        ("AGG_CLAIM", D(2026, 6, 18), "starts_on", ERROR_DATE_IN_FUTURE),
    ],
)
def test_record_refuses_bad_input(case, caseworker, kind, starts_on, field, message):
    with pytest.raises(ValidationFailed) as raised:
        services.deadline_record(case=case, actor=caseworker, kind=kind, starts_on=starts_on)
    assert _errors(raised) == {field: [str(message)]}
    assert not Deadline.objects.exists()
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.DEADLINE_RECORDED).exists()


def test_pause_and_resume_refuse_wrong_days(case, caseworker):
    deadline = services.deadline_record(
        case=case, actor=caseworker, kind="OBJECTION", starts_on=D(2026, 6, 1)
    )
    wrong = [
        ("pause", D(2026, 6, 1), services.ERROR_PAUSE_BEFORE_START),
        ("pause", D(2026, 6, 18), ERROR_DATE_IN_FUTURE),
        ("resume", D(2026, 6, 10), services.ERROR_NOT_PAUSED),
    ]
    for step, on, message in wrong:
        with pytest.raises(ValidationFailed) as raised:
            getattr(services, f"deadline_{step}")(deadline=deadline, actor=caseworker, on=on)
        assert str(message) in _messages(raised)
    services.deadline_pause(deadline=deadline, actor=caseworker, on=D(2026, 6, 10))
    for step, on, message in [
        ("pause", D(2026, 6, 11), services.ERROR_ALREADY_PAUSED),
        ("resume", D(2026, 6, 10), services.ERROR_RESUME_BEFORE_PAUSE),
    ]:
        with pytest.raises(ValidationFailed) as raised:
            getattr(services, f"deadline_{step}")(deadline=deadline, actor=caseworker, on=on)
        assert str(message) in _messages(raised)


def test_an_ended_deadline_cannot_be_paused(case, caseworker):
    deadline = services.deadline_record(
        case=case, actor=caseworker, kind="OBJECTION", starts_on=D(2026, 4, 1)
    )  # ended 1 May
    with pytest.raises(ValidationFailed) as raised:
        services.deadline_pause(deadline=deadline, actor=caseworker, on=D(2026, 5, 2))
    assert _errors(raised) == {"on": [str(services.ERROR_PAUSE_AFTER_END)]}


def test_follow_up_note_is_sealed_and_the_audit_holds_no_content(
    case, caseworker, association_private_key
):
    follow_up = services.follow_up_set(
        case=case, actor=caseworker, due_on=D(2026, 6, 20), note="  Anwältin zurückrufen  "
    )
    stored = FollowUp.objects.get(case=case)
    assert b"zur" not in bytes(stored.note)
    opened = open_sealed(
        bytes(stored.note), keys=[association_private_key], context=stored.context()
    )
    assert opened == "Anwältin zurückrufen".encode()
    assert case_deadlines(case, [association_private_key]).follow_up_note == "Anwältin zurückrufen"
    assert follow_up.due_on == D(2026, 6, 20)
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.FOLLOW_UP_SET)
    assert (event.from_status, event.to_status) == ("", "")
    # Moving it replaces it; clearing it takes the note with it.
    services.follow_up_set(case=case, actor=caseworker, due_on=D(2026, 6, 25))
    assert FollowUp.objects.get(case=case).note is None
    services.follow_up_clear(case=case, actor=caseworker)
    assert not FollowUp.objects.exists()
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.FOLLOW_UP_CLEARED).count() == 1
    services.follow_up_clear(case=case, actor=caseworker)  # nothing to clear: no event
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.FOLLOW_UP_CLEARED).count() == 1


def test_follow_up_refuses_a_past_day_and_a_long_note(case, caseworker):
    with pytest.raises(ValidationFailed) as raised:
        services.follow_up_set(
            case=case,
            actor=caseworker,
            due_on=D(2026, 6, 16),
            note="x" * (services.FOLLOW_UP_NOTE_MAX + 1),
        )
    assert set(_errors(raised)) == {"due_on", "note"}
    assert not FollowUp.objects.exists()


def test_follow_up_due_from_its_day(case, caseworker):
    services.follow_up_set(case=case, actor=caseworker, due_on=D(2026, 6, 20))
    assert _due(DueFilter.FOLLOW_UP_DUE) == []
    with at(D(2026, 6, 19)):
        assert _due(DueFilter.FOLLOW_UP_DUE) == []
    with at(D(2026, 6, 20)):
        assert _due(DueFilter.FOLLOW_UP_DUE) == [case.pk]
    with at(D(2026, 7, 20)):
        assert _due(DueFilter.FOLLOW_UP_DUE) == [case.pk]  # due until cleared or moved


def test_retention_destroys_the_follow_up_note(case, caseworker):
    from reporting.services.retention import case_content_destroy

    services.follow_up_set(case=case, actor=caseworker, due_on=D(2026, 6, 20), note="Notiz")
    case_content_destroy(case_id=case.pk)
    assert FollowUp.objects.get(case=case).note is None
