"""Deadlines and follow-up dates of a case, and the reminders of them.

Each change writes its audit row (without content). The views and the API check that
the user may work on the case (reporting.selectors.cases.visible_case) before calling.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.crypto import seal
from reporting.models import AuditEvent, Case, Deadline, FollowUp, SentReminder
from reporting.selectors.deadlines import DueReminder
from reporting.selectors.keys import case_recipients
from reporting.vocabulary.deadlines import DeadlineKind, deadline_end, period_months
from reporting.vocabulary.errors import ValidationFailed
from reporting.vocabulary.submission import ERROR_DATE_IN_FUTURE

FOLLOW_UP_NOTE_MAX = 500

ERROR_DEADLINE_KIND = _("Choose the kind of deadline.")
ERROR_DEADLINE_CLOSED = _("This deadline is closed.")
ERROR_ALREADY_PAUSED = _("This deadline is already paused.")
ERROR_NOT_PAUSED = _("This deadline is not paused.")
ERROR_PAUSE_BEFORE_START = _("A deadline cannot be paused before it started to run.")
ERROR_PAUSE_AFTER_END = _("This deadline has already ended: it can no longer be paused.")
ERROR_RESUME_BEFORE_PAUSE = _("Choose a day after the day the deadline was paused.")
ERROR_FOLLOW_UP_PAST = _("Choose today or a later day.")
ERROR_FOLLOW_UP_NOTE_TOO_LONG = _("Please keep the note under %(limit)s characters.")


def _failed(field: str, message) -> ValidationFailed:
    return ValidationFailed(fields={field: [str(message)]})


def _audit(case_id: int, actor, verb: str) -> None:
    AuditEvent.objects.create(case_id=case_id, actor=actor, verb=verb)


def deadline_record(*, case: Case, actor, kind: str, starts_on: datetime.date) -> Deadline:
    """Record a deadline that started to run on `starts_on`, with its kind's period as
    configured now."""
    if kind not in DeadlineKind.values:
        raise _failed("kind", ERROR_DEADLINE_KIND)
    if starts_on > timezone.localdate():
        raise _failed("starts_on", ERROR_DATE_IN_FUTURE)
    months = period_months(kind)
    with transaction.atomic():
        deadline = Deadline.objects.create(
            case=case,
            kind=kind,
            starts_on=starts_on,
            period_months=months,
            ends_on=deadline_end(starts_on, months, 0),
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        _audit(case.pk, actor, AuditEvent.Verb.DEADLINE_RECORDED)
    return deadline


def _locked_open(deadline: Deadline) -> Deadline:
    locked = Deadline.objects.select_for_update().get(pk=deadline.pk)
    if locked.closed_at is not None:
        raise _failed("deadline", ERROR_DEADLINE_CLOSED)
    return locked


def deadline_pause(*, deadline: Deadline, actor, on: datetime.date) -> Deadline:
    """Stop the clock from `on`, the first day that does not count (e.g. a conciliation
    began)."""
    with transaction.atomic():
        locked = _locked_open(deadline)
        if locked.paused_since is not None:
            raise _failed("deadline", ERROR_ALREADY_PAUSED)
        if on > timezone.localdate():
            raise _failed("on", ERROR_DATE_IN_FUTURE)
        if on <= locked.starts_on:
            raise _failed("on", ERROR_PAUSE_BEFORE_START)
        if on > locked.ends_on:
            raise _failed("on", ERROR_PAUSE_AFTER_END)
        locked.paused_since = on
        locked.save(update_fields=["paused_since"])
        _audit(locked.case_id, actor, AuditEvent.Verb.DEADLINE_PAUSED)
    return locked


def deadline_resume(*, deadline: Deadline, actor, on: datetime.date) -> Deadline:
    """Start the clock again on `on`, the first day that counts again: the days from the
    pause up to the day before move the end on."""
    with transaction.atomic():
        locked = _locked_open(deadline)
        if locked.paused_since is None:
            raise _failed("deadline", ERROR_NOT_PAUSED)
        if on > timezone.localdate():
            raise _failed("on", ERROR_DATE_IN_FUTURE)
        if on <= locked.paused_since:
            raise _failed("on", ERROR_RESUME_BEFORE_PAUSE)
        locked.paused_days += (on - locked.paused_since).days
        locked.paused_since = None
        locked.ends_on = deadline_end(locked.starts_on, locked.period_months, locked.paused_days)
        locked.save(update_fields=["paused_days", "paused_since", "ends_on"])
        _audit(locked.case_id, actor, AuditEvent.Verb.DEADLINE_RESUMED)
    return locked


def deadline_close(*, deadline: Deadline, actor) -> Deadline:
    """The deadline no longer matters (met, or the claim was dropped): no more reminders,
    never overdue."""
    with transaction.atomic():
        locked = _locked_open(deadline)
        locked.closed_at = timezone.now()
        locked.save(update_fields=["closed_at"])
        _audit(locked.case_id, actor, AuditEvent.Verb.DEADLINE_CLOSED)
    return locked


def follow_up_set(*, case: Case, actor, due_on: datetime.date, note: str = "") -> FollowUp:
    """Set (or move) the case's follow-up date; the note is sealed to the association."""
    note = note.strip()
    errors = {}
    if due_on < timezone.localdate():
        errors["due_on"] = [str(ERROR_FOLLOW_UP_PAST)]
    if len(note) > FOLLOW_UP_NOTE_MAX:
        errors["note"] = [str(ERROR_FOLLOW_UP_NOTE_TOO_LONG) % {"limit": FOLLOW_UP_NOTE_MAX}]
    if errors:
        raise ValidationFailed(fields=errors)
    with transaction.atomic():
        follow_up = FollowUp(case=case, due_on=due_on, set_by=actor, set_at=timezone.now())
        if note:
            follow_up.note = seal(
                note.encode(), recipients=case_recipients(case), context=follow_up.context()
            )
        FollowUp.objects.filter(case=case).delete()
        follow_up.save(force_insert=True)
        _audit(case.pk, actor, AuditEvent.Verb.FOLLOW_UP_SET)
    return follow_up


def follow_up_clear(*, case: Case, actor) -> None:
    """The case needs no follow-up any more; its note goes with the date."""
    with transaction.atomic():
        if FollowUp.objects.filter(case=case).delete()[0]:
            _audit(case.pk, actor, AuditEvent.Verb.FOLLOW_UP_CLEARED)


def reminder_claim(*, due: DueReminder) -> bool:
    """Claim a reminder for sending, in a transaction of its own that commits before the
    mail goes out. False: it was claimed before (by an earlier run, or a worker that died
    after claiming it), so it is not sent again."""
    try:
        with transaction.atomic():
            SentReminder.objects.create(
                case_id=due.case_id,
                deadline_id=due.deadline_id,
                kind=due.kind,
                due_on=due.due_on,
                claimed_at=timezone.now(),
            )
    except IntegrityError:
        return False
    return True
