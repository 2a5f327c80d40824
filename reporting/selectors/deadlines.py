"""Reads about deadlines and follow-up dates: the inbox filters, the case page, the
reminders due."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, F, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext

from performance.compiled import compiled_instances_by_key
from reporting.crypto import DecryptionError, PrivateKey, open_sealed
from reporting.models import Case, CaseStatus, Deadline, FollowUp, ReminderKind, SentReminder
from reporting.vocabulary.deadlines import DUE_SOON_DAYS, REMINDER_DAYS, DueFilter
from reporting.vocabulary.errors import KeysLocked

RUNNING = Q(closed_at__isnull=True, paused_since__isnull=True)


def _running_deadlines(**conditions) -> QuerySet[Deadline]:
    return Deadline.objects.filter(RUNNING, case=OuterRef("pk"), **conditions)


def cases_due(cases: QuerySet[Case], due: str, today: datetime.date) -> QuerySet[Case]:
    """The cases of the filter `due` (DueFilter): a running deadline ends within 14 days
    (today included), a running deadline ended before today, or the follow-up day has
    come. A paused deadline is neither: its clock stands still."""
    if due == DueFilter.DEADLINE_SOON:
        soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
        return cases.filter(Exists(_running_deadlines(ends_on__gte=today, ends_on__lte=soon)))
    if due == DueFilter.OVERDUE:
        return cases.filter(Exists(_running_deadlines(ends_on__lt=today)))
    if due == DueFilter.FOLLOW_UP_DUE:
        return cases.filter(Exists(FollowUp.objects.filter(case=OuterRef("pk"), due_on__lte=today)))
    return cases


def with_due_dates(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Each case with the end of its next running deadline (`next_deadline_on`) and its
    follow-up day (`follow_up_on`): two subqueries in the page's query, none per row."""
    next_end = (
        Deadline.objects.filter(RUNNING, case=OuterRef("pk"))
        .values("case")
        .annotate(end=Min("ends_on"))
        .values("end")
    )
    follow_up = FollowUp.objects.filter(case=OuterRef("pk")).values("due_on")
    return cases.annotate(next_deadline_on=Subquery(next_end), follow_up_on=Subquery(follow_up))


def due_markers(today: datetime.date):
    """What an inbox row says about a case's dates (from `with_due_dates`), with the
    words translated once per page."""
    overdue, soon = gettext("deadline overdue"), gettext("deadline %(date)s")
    follow_up = gettext("follow-up due")
    last_soon = today + datetime.timedelta(days=DUE_SOON_DAYS)

    def marker(next_deadline_on, follow_up_on) -> str:
        parts = []
        if next_deadline_on is not None and next_deadline_on < today:
            parts.append(overdue)
        elif next_deadline_on is not None and next_deadline_on <= last_soon:
            # Isolated: the date stays left to right in Arabic and Persian.
            parts.append(soon % {"date": f"\u2066{next_deadline_on.isoformat()}\u2069"})
        if follow_up_on is not None and follow_up_on <= today:
            parts.append(follow_up)
        return " · ".join(parts)

    return marker


@dataclass(frozen=True)
class DeadlineRow:
    deadline: Deadline
    kind: str
    paused: bool
    overdue: bool
    closed: bool


@dataclass(frozen=True)
class CaseDeadlines:
    rows: list[DeadlineRow]
    follow_up: FollowUp | None
    follow_up_note: str
    follow_up_due: bool


# Both read on every view of a case page: compiled once (performance/compiled.py).
@compiled_instances_by_key(Deadline)
def _deadlines_of_case(case_id: int) -> QuerySet[Deadline]:
    return Deadline.objects.filter(case_id=case_id).order_by(
        F("closed_at").asc(nulls_first=True), "ends_on", "id"
    )


@compiled_instances_by_key(FollowUp)
def _follow_up_of_case(case_id: int) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(case_id=case_id)


def case_deadlines(case: Case, keys: list[PrivateKey]) -> CaseDeadlines:
    """A case's deadlines, open ones first, and its follow-up with the note opened (no key
    that opens it: KeysLocked, as for the case itself)."""
    today = timezone.localdate()
    rows = [
        DeadlineRow(
            deadline=d,
            kind=d.get_kind_display(),
            paused=d.paused_since is not None,
            overdue=d.closed_at is None and d.paused_since is None and d.ends_on < today,
            closed=d.closed_at is not None,
        )
        for d in _deadlines_of_case(case.pk)
    ]
    follow_up = next(iter(_follow_up_of_case(case.pk)), None)
    note = ""
    if follow_up is not None and follow_up.note:
        try:
            opened = open_sealed(bytes(follow_up.note), keys=keys, context=follow_up.context())
        except DecryptionError:
            raise KeysLocked from None
        note = opened.decode()
    return CaseDeadlines(
        rows=rows,
        follow_up=follow_up,
        follow_up_note=note,
        follow_up_due=follow_up is not None and follow_up.due_on <= today,
    )


def deadline_of_case(case: Case, deadline_id) -> Deadline | None:
    """A deadline of this case (a deadline of another case is not found)."""
    return Deadline.objects.filter(case=case, pk=deadline_id).first()


@dataclass(frozen=True)
class DueReminder:
    case_id: int
    deadline_id: int | None
    kind: str
    due_on: datetime.date
    assignee_id: int | None


def reminders_due(today: datetime.date) -> list[DueReminder]:
    """The reminders whose day has come and that nobody claimed yet: 14 and 3 days before
    a running deadline ends (a worker that was down sends the nearer one only), and on a
    follow-up day. Closed cases are left out: their work is done. The claim
    (reminder_claim) is what keeps a reminder from going out twice; leaving claimed ones
    out here only spares a follow-up that stays due for weeks a daily attempt."""
    far, near = REMINDER_DAYS
    reminders = []
    deadlines = (
        Deadline.objects.filter(
            RUNNING, ends_on__gte=today, ends_on__lte=today + datetime.timedelta(days=far)
        )
        .exclude(case__status=CaseStatus.CLOSED)
        .values_list("pk", "case_id", "ends_on", "case__assignee_id")
    )
    for pk, case_id, ends_on, assignee in deadlines:
        kind = (
            ReminderKind.DEADLINE_3
            if ends_on - today <= datetime.timedelta(days=near)
            else ReminderKind.DEADLINE_14
        )
        reminders.append(DueReminder(case_id, pk, kind, ends_on, assignee))
    claimed = SentReminder.objects.filter(
        case=OuterRef("case"), kind=ReminderKind.FOLLOW_UP, due_on=OuterRef("due_on")
    )
    follow_ups = (
        FollowUp.objects.filter(due_on__lte=today)
        .exclude(case__status=CaseStatus.CLOSED)
        .exclude(Exists(claimed))
        .values_list("case_id", "due_on", "case__assignee_id")
    )
    for case_id, due_on, assignee in follow_ups:
        reminders.append(DueReminder(case_id, None, ReminderKind.FOLLOW_UP, due_on, assignee))
    return reminders
