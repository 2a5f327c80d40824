"""Case work: status, assignment, assessment, notes, messages to the reporter.

Every change takes the version the user saw; a stale version is a Conflict,
so two caseworkers never silently overwrite each other.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from reporting.crypto import seal
from reporting.models import Assessment, Case, CaseEvent, CaseStatus, Message, MessageAuthor, Note
from reporting.selectors.cases import forget_status_counts
from reporting.selectors.keys import association_public_keys
from reporting.services.messages import ERROR_MESSAGE_EMPTY, ERROR_MESSAGE_TOO_LONG
from reporting.services.tallies import case_tallies, tallies_move
from reporting.vocabulary.errors import Conflict, TransitionNotAllowed, ValidationFailed
from reporting.vocabulary.limits import MESSAGE_MAX
from reporting.vocabulary.workflow import ALLOWED_TRANSITIONS


def _claim_version(case: Case, expected_version: int, **changes) -> None:
    """Apply `changes` only if nobody saved the case since `expected_version`."""
    updated = Case.objects.filter(pk=case.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes
    )
    if not updated:
        raise Conflict
    case.refresh_from_db()


def case_transition(*, case: Case, actor, to_status: str, expected_version: int) -> Case:
    # A stale version first: a status someone else has just changed is a conflict to
    # look at again, not a transition that "is not allowed".
    if expected_version != case.version:
        raise Conflict
    if to_status not in ALLOWED_TRANSITIONS.get(case.status, set()):
        raise TransitionNotAllowed(fields={"status": [str(TransitionNotAllowed.message)]})
    _status_write(case, actor=actor, to_status=to_status, expected_version=expected_version)
    return case


def case_follow_referrals(*, case: Case, actor, to_status: str) -> None:
    """A referral moves its case: sending it passes the case on, a decline or a withdrawal
    that leaves none open hands it back (reporting.services.referrals decides which).
    Not a caseworker's choice, so the workflow does not bind it; it runs inside the
    referral's transaction and writes the status as case_transition does."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status != to_status:
        _status_write(locked, actor=actor, to_status=to_status, expected_version=locked.version)


def _status_write(case: Case, *, actor, to_status: str, expected_version: int) -> None:
    """The one writer of a case's status: version, timestamps, tallies, counts, audit."""
    from_status = case.status
    changes = {"status": to_status}
    if from_status == CaseStatus.NEW and case.first_triaged_at is None:
        changes["first_triaged_at"] = timezone.now()
    # The retention period runs from closing; reopening stops the clock.
    changes["closed_at"] = timezone.now() if to_status == CaseStatus.CLOSED else None
    with transaction.atomic():
        # The row as stored, locked until commit: the tallies move from exactly there.
        before = case_tallies(Case.objects.select_for_update().get(pk=case.pk))
        _claim_version(case, expected_version, **changes)
        tallies_move(before, case_tallies(case))
        forget_status_counts()
        CaseEvent.objects.create(
            case=case,
            actor=actor,
            verb=CaseEvent.Verb.TRANSITION,
            from_status=from_status,
            to_status=to_status,
        )


def case_assign(*, case: Case, actor, assignee, expected_version: int) -> Case:
    with transaction.atomic():
        _claim_version(case, expected_version, assignee=assignee)
        CaseEvent.objects.create(
            case=case, actor=actor, subject=assignee, verb=CaseEvent.Verb.ASSIGNED
        )
    return case


def case_assess(
    *,
    case: Case,
    actor,
    expected_version: int,
    grounds: list[str],
    areas: list[str],
    forms: list[str],
    district: str,
    incident_month: str,
    is_discrimination: bool | None,
) -> Assessment:
    with transaction.atomic():
        _claim_version(case, expected_version)
        assessment, _created = Assessment.objects.update_or_create(
            case=case,
            defaults={
                "grounds": grounds,
                "areas": areas,
                "forms": forms,
                "district": district,
                "incident_month": incident_month,
                "is_discrimination": is_discrimination,
                "assessed_by": actor,
                "assessed_at": timezone.now(),
            },
        )
        before = case_tallies(case)  # as stored: _claim_version reloaded it under the row lock
        case.classify(case.report, assessment)
        case.save(update_fields=Case.CLASSIFICATION)
        tallies_move(before, case_tallies(case))
        CaseEvent.objects.create(case=case, actor=actor, verb=CaseEvent.Verb.ASSESSED)
    return assessment


def _checked_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise ValidationFailed(fields={"body": [str(ERROR_MESSAGE_EMPTY)]})
    if len(body) > MESSAGE_MAX:
        raise ValidationFailed(
            fields={"body": [str(ERROR_MESSAGE_TOO_LONG) % {"limit": MESSAGE_MAX}]}
        )
    return body


def note_add(*, case: Case, actor, body: str) -> Note:
    """An internal note: sealed to the association only, never to the reporter."""
    body = _checked_body(body)
    with transaction.atomic():
        note = Note(case=case, author=actor, created_at=timezone.now())
        note.body = seal(
            body.encode(), recipients=association_public_keys(), context=note.context()
        )
        note.save(force_insert=True)
        CaseEvent.objects.create(case=case, actor=actor, verb=CaseEvent.Verb.NOTE)
    return note


def staff_message_send(*, case: Case, actor, body: str) -> Message:
    """A message to the reporter, readable on their receipt status page."""
    body = _checked_body(body)
    with transaction.atomic():
        message = Message(
            case=case,
            author_side=MessageAuthor.STAFF,
            author=actor,
            created_at=timezone.now(),
            read_by_staff=True,
        )
        readers = [*association_public_keys(), case.report.reporter_public]
        message.body = seal(
            body.encode(), recipients=[r for r in readers if r], context=message.context()
        )
        message.save(force_insert=True)
        if case.first_replied_at is None:
            Case.objects.filter(pk=case.pk).update(first_replied_at=message.created_at)
        CaseEvent.objects.create(case=case, actor=actor, verb=CaseEvent.Verb.STAFF_MESSAGE)
    return message


def case_view_record(*, case: Case, actor) -> None:
    """Audit a decrypting view and mark the reporter's messages as read.

    A case that was not unread when loaded has no unread messages to mark; one that
    arrives meanwhile stays unread, which is right: this view may not have shown it.
    """
    if not case.unread_for_staff:  # one statement: no transaction needed around it
        CaseEvent.objects.create(case=case, actor=actor, verb=CaseEvent.Verb.VIEWED)
        return
    with transaction.atomic():
        CaseEvent.objects.create(case=case, actor=actor, verb=CaseEvent.Verb.VIEWED)
        Message.objects.filter(case=case, author_side=MessageAuthor.REPORTER).update(
            read_by_staff=True
        )
        Case.objects.filter(pk=case.pk).update(unread_for_staff=False)
