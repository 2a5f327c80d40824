"""Case work: status, assignment, assessment, notes, messages to the reporter.

Every change takes the version the user saw; a stale version is a Conflict,
so two caseworkers never silently overwrite each other.
"""

from collections.abc import Callable

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.crypto import seal
from reporting.models import Assessment, Case, CaseEvent, CaseStatus, Message, MessageAuthor, Note
from reporting.selectors.cases import forget_status_counts
from reporting.selectors.keys import association_public_keys
from reporting.services.messages import message_body_checked
from reporting.services.tallies import case_tallies, tallies_move
from reporting.vocabulary.agg import AGG_AUTO, AGG_SETTING_CHOICES
from reporting.vocabulary.errors import Conflict, TransitionNotAllowed, ValidationFailed
from reporting.vocabulary.workflow import ALLOWED_TRANSITIONS

ERROR_AGG_SCOPE = _("Choose automatic, protected, outside or cannot be decided.")


def _claim_version(case: Case, expected_version: int, **changes) -> None:
    """Apply `changes` only if nobody saved the case since `expected_version`."""
    updated = Case.objects.filter(pk=case.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes
    )
    if not updated:
        raise Conflict
    case.refresh_from_db()


def _case_write(
    case: Case,
    *,
    expected_version: int,
    event: dict,
    changes: dict | None = None,
    classify_by: Callable[[], Assessment] | None = None,
) -> Assessment | None:
    """The one writer of a case's status and classification (a test fails if another
    module assigns them). Under the row lock, in one transaction: claim the version the
    user saw, apply `changes`, classify the case by the assessment `classify_by()`
    saves, move the tallies from the row as stored to the row as it now is, forget the
    cached status counts when the status changed, and write the audit row."""
    changes = changes or {}
    with transaction.atomic():
        before = case_tallies(Case.objects.select_for_update().get(pk=case.pk))
        _claim_version(case, expected_version, **changes)
        assessment = None
        if classify_by is not None:
            assessment = classify_by()
            case.classify(case.report, assessment)
            case.save(update_fields=Case.CLASSIFICATION)
        tallies_move(before, case_tallies(case))
        if "status" in changes:
            forget_status_counts()
        CaseEvent.objects.create(case=case, **event)
    return assessment


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
    """A status change with its timestamps and audit row, through `_case_write`."""
    from_status = case.status
    changes = {"status": to_status}
    if from_status == CaseStatus.NEW and case.first_triaged_at is None:
        changes["first_triaged_at"] = timezone.now()
    # The retention period runs from closing; reopening stops the clock.
    changes["closed_at"] = timezone.now() if to_status == CaseStatus.CLOSED else None
    _case_write(
        case,
        expected_version=expected_version,
        changes=changes,
        event={
            "actor": actor,
            "verb": CaseEvent.Verb.TRANSITION,
            "from_status": from_status,
            "to_status": to_status,
        },
    )


def case_close_for_inactivity(*, case: Case, now) -> None:
    """Retention closes a case nobody worked on (reporting/services/retention.py)."""
    _case_write(
        case,
        expected_version=case.version,
        changes={"status": CaseStatus.CLOSED, "closed_at": now},
        event={
            "verb": CaseEvent.Verb.CLOSED_INACTIVE,
            "from_status": case.status,
            "to_status": CaseStatus.CLOSED,
        },
    )


def case_coarsen(*, case: Case, received_on, district: str, language: str) -> None:
    """Retention's coarser clear columns for a case whose content it destroys."""
    _case_write(
        case,
        expected_version=case.version,
        changes={"received_on": received_on, "district": district, "language": language},
        event={"verb": CaseEvent.Verb.CONTENT_DESTROYED},
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
    agg_scope: str = AGG_AUTO,
) -> Assessment:
    """Save the caseworker's classification; the case, its tallies and audit row follow.

    `agg_scope` is AGG_AUTO (the rule of reporting/vocabulary/agg.py over grounds × areas) or the
    outcome the caseworker sets, for when they know more than the codes say.
    """
    if agg_scope not in dict(AGG_SETTING_CHOICES):
        raise ValidationFailed(fields={"agg_scope": [str(ERROR_AGG_SCOPE)]})

    def assessment_saved() -> Assessment:
        assessment, _created = Assessment.objects.update_or_create(
            case=case,
            defaults={
                "grounds": grounds,
                "areas": areas,
                "forms": forms,
                "district": district,
                "incident_month": incident_month,
                "is_discrimination": is_discrimination,
                "agg_scope": agg_scope,
                "assessed_by": actor,
                "assessed_at": timezone.now(),
            },
        )
        return assessment

    return _case_write(
        case,
        expected_version=expected_version,
        classify_by=assessment_saved,
        event={"actor": actor, "verb": CaseEvent.Verb.ASSESSED},
    )


def note_add(*, case: Case, actor, body: str) -> Note:
    """An internal note: sealed to the association only, never to the reporter."""
    body = message_body_checked(body)
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
    body = message_body_checked(body)
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
