"""Case work: status, assignment, assessment, interventions, notes, messages to the
reporter.

Every change takes the version the user saw; a stale version is a Conflict,
so two caseworkers never silently overwrite each other.
"""

import datetime
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.crypto import seal
from reporting.models import (
    Assessment,
    AuditEvent,
    Case,
    CaseStatus,
    ExternalReferral,
    Intervention,
    Message,
    MessageAuthor,
    Note,
    Referral,
)
from reporting.models.cases import MESSAGE_COUNTS
from reporting.selectors.cases import classification_of, forget_status_counts
from reporting.selectors.keys import case_recipients
from reporting.selectors.staff import assignable_caseworkers
from reporting.services.messages import message_body_checked
from reporting.services.tallies import case_tallies, tallies_move
from reporting.services.translations import translation_add
from reporting.services.work_counts import work_count_add
from reporting.vocabulary.agg import AGG_AUTO, AGG_SETTING_CHOICES
from reporting.vocabulary.documentation import (
    Actor,
    Consequence,
    CounsellingOutcome,
    InterventionKind,
)
from reporting.vocabulary.errors import (
    Conflict,
    DomainError,
    TransitionNotAllowed,
    ValidationFailed,
)
from reporting.vocabulary.limits import MESSAGE_MAX
from reporting.vocabulary.submission import ERROR_DATE_IN_FUTURE
from reporting.vocabulary.workflow import exclusion_after, next_statuses

ERROR_AGG_SCOPE = _("Choose automatic, protected, outside or cannot be decided.")
ERROR_CODE = _("Choose one of the listed values.")
ERROR_ASSIGNEE_NOT_COLLEAGUE = _("This person cannot work on this case.")
ERROR_NO_CONSEQUENCES_ALONE = _("“No consequences known” cannot be chosen with a consequence.")
ERROR_INTERVENTION_KIND = _("Choose what was done.")
ERROR_NOTES_TOO_LONG = _("Please keep the notes under %(limit)s characters.")


class OutcomeMissing(DomainError):
    code = "outcome_missing"
    message = _(
        "A case in counselling can be closed only with an outcome: record how the "
        "counselling ended in the assessment first."
    )


class InterventionNotRemovable(DomainError):
    code = "intervention_not_removable"
    message = _("A referral is recorded by the referral itself and cannot be removed here.")


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
    expected_version: int | None,
    event: dict,
    changes: dict | None = None,
    classify_by: Callable[[], Assessment] | None = None,
    work_by: Callable[[], Any] | None = None,
) -> Any:
    """The one writer of a case's status, classification and work record (a test fails
    if another module assigns them). Under the row lock, in one transaction: claim the
    version the user saw (None: the version as stored, for steps the user took without
    the case's form), apply `changes`, classify the case by the assessment
    `classify_by()` saves, or read its intervention kinds again after `work_by()` wrote
    its interventions, move the tallies from the row as stored to the row as it now is,
    forget the cached status counts when the status changed, and write the audit row.
    Returns what `classify_by` or `work_by` returned."""
    changes = changes or {}
    with transaction.atomic():
        stored = Case.objects.select_for_update().get(pk=case.pk)
        before = case_tallies(stored)
        if "status" in changes:
            changes["excluded_as"] = exclusion_after(changes["status"], stored.excluded_as)
        _claim_version(
            case, stored.version if expected_version is None else expected_version, **changes
        )
        result = None
        if classify_by is not None:
            result = classify_by()
            case.classify(case.report, result)
            case.save(update_fields=Case.CLASSIFICATION)
        if work_by is not None:
            result = work_by()
            case.intervention_kinds = list(
                Intervention.objects.filter(case=case).values_list("kind", flat=True).distinct()
            )
            case.save(update_fields=Case.WORK_RECORD)
        tallies_move(before, case_tallies(case))
        if "status" in changes:
            forget_status_counts(case)
        AuditEvent.objects.create(case=case, **event)
    return result


def case_transition(*, case: Case, actor, to_status: str, expected_version: int) -> Case:
    # A stale version first: a status someone else has just changed is a conflict to
    # look at again, not a transition that "is not allowed".
    if expected_version != case.version:
        raise Conflict
    if to_status not in next_statuses(case):
        raise TransitionNotAllowed(fields={"status": [str(TransitionNotAllowed.message)]})
    # Counselling ends with an outcome; spam and not discrimination close without one.
    closes_counselling = case.status == CaseStatus.IN_COUNSELLING and to_status == CaseStatus.CLOSED
    if closes_counselling and not case.outcome:
        raise OutcomeMissing(fields={"outcome": [str(OutcomeMissing.message)]})
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
            "verb": AuditEvent.Verb.TRANSITION,
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
            "verb": AuditEvent.Verb.CLOSED_INACTIVE,
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
        event={"verb": AuditEvent.Verb.CONTENT_DESTROYED},
    )


def case_assign(*, case: Case, actor, assignee, expected_version: int) -> Case:
    # A member organisation's own case goes to its colleagues only, the association's to
    # the association's caseworkers: never to someone who cannot open it.
    if assignee is not None and (
        not assignable_caseworkers(case.member_organisation_id).filter(pk=assignee.pk).exists()
    ):
        raise ValidationFailed(fields={"assignee": [str(ERROR_ASSIGNEE_NOT_COLLEAGUE)]})
    with transaction.atomic():
        _claim_version(case, expected_version, assignee=assignee)
        AuditEvent.objects.create(
            case=case, actor=actor, subject=assignee, verb=AuditEvent.Verb.ASSIGNED
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
    incident_types: Sequence[str] = (),
    responsible_actor: str = "",
    multidimensional: bool = False,
    consequences: Sequence[str] = (),
    outcome: str = "",
) -> Assessment:
    """Save the caseworker's classification and counselling documentation; the case, its
    tallies and audit row follow.

    `agg_scope` is AGG_AUTO (the rule of reporting/vocabulary/agg.py over grounds × areas
    × actor) or the outcome the caseworker sets, for when they know more than the codes
    say. `responsible_actor` is who was responsible (Actor, "" when not known yet), `outcome` how
    counselling ended (CounsellingOutcome, "" while it goes on).
    """
    errors = {}
    if agg_scope not in dict(AGG_SETTING_CHOICES):
        errors["agg_scope"] = [str(ERROR_AGG_SCOPE)]
    if responsible_actor and responsible_actor not in Actor.values:
        errors["actor"] = [str(ERROR_CODE)]
    if outcome and outcome not in CounsellingOutcome.values:
        errors["outcome"] = [str(ERROR_CODE)]
    if Consequence.NONE_KNOWN in consequences and len(set(consequences)) > 1:
        errors["consequences"] = [str(ERROR_NO_CONSEQUENCES_ALONE)]
    if errors:
        raise ValidationFailed(fields=errors)

    def assessment_saved() -> Assessment:
        assessment, _created = Assessment.objects.update_or_create(
            case=case,
            defaults={
                "grounds": grounds,
                "areas": areas,
                "forms": forms,
                "incident_types": list(incident_types),
                "district": district,
                "incident_month": incident_month,
                "is_discrimination": is_discrimination,
                "agg_scope": agg_scope,
                "actor": responsible_actor,
                "multidimensional": multidimensional,
                "consequences": list(consequences),
                "outcome": outcome,
                "assessed_by": actor,
                "assessed_at": timezone.now(),
            },
        )
        return assessment

    return _case_write(
        case,
        expected_version=expected_version,
        classify_by=assessment_saved,
        event={"actor": actor, "verb": AuditEvent.Verb.ASSESSED},
    )


def _same_classification(stored: dict, wanted: dict) -> bool:
    """Multi-choice lists compare as sets: the order of ticked boxes means nothing."""
    return all(
        sorted(value) == sorted(stored[key]) if isinstance(value, list | tuple) else
        value == stored[key]
        for key, value in wanted.items()
    )  # fmt: skip


def case_update(
    *,
    case: Case,
    actor,
    expected_version: int,
    to_status: str,
    assignee,
    classification: dict,
) -> list[str]:
    """The case page's one save of assignee, classification (`case_assess`'s keywords) and
    status. Each part that changed goes through its own service, so each keeps its rules
    and writes its audit row; all in one transaction, so a refused part leaves none saved.
    The classification goes before the status: closing counselling needs its outcome.
    Returns which parts changed ("assignee", "classification", "status")."""
    if expected_version != case.version:
        raise Conflict
    changed = []
    with transaction.atomic():
        if assignee != case.assignee:
            case_assign(case=case, actor=actor, assignee=assignee, expected_version=case.version)
            changed.append("assignee")
        if not _same_classification(classification_of(case), classification):
            case_assess(case=case, actor=actor, expected_version=case.version, **classification)
            changed.append("classification")
        if to_status != case.status:
            case_transition(
                case=case, actor=actor, to_status=to_status, expected_version=case.version
            )
            changed.append("status")
    return changed


def intervention_add(
    *,
    case: Case,
    actor,
    kind: str,
    occurred_on: datetime.date,
    notes: str = "",
    expected_version: int | None,
    referral: Referral | None = None,
    external_referral: ExternalReferral | None = None,
) -> Intervention:
    """Record what the counsellors did, on which day; the notes are sealed to the
    association only. A referral records itself (kind REFERRAL, `referral` or
    `external_referral` given, no version: the referral forms have none); every other
    kind is recorded by hand."""
    errors = {}
    passed_on = referral is not None or external_referral is not None
    if (kind == InterventionKind.REFERRAL) != passed_on or kind not in (InterventionKind.values):
        errors["kind"] = [str(ERROR_INTERVENTION_KIND)]
    if occurred_on > timezone.localdate():
        errors["occurred_on"] = [str(ERROR_DATE_IN_FUTURE)]
    notes = notes.strip()
    if len(notes) > MESSAGE_MAX:
        errors["notes"] = [str(ERROR_NOTES_TOO_LONG) % {"limit": MESSAGE_MAX}]
    if errors:
        raise ValidationFailed(fields=errors)

    def intervention_saved() -> Intervention:
        intervention = Intervention(
            case=case,
            kind=kind,
            occurred_on=occurred_on,
            author=actor,
            referral=referral,
            external_referral=external_referral,
            created_at=timezone.now(),
        )
        if notes:
            intervention.notes = seal(
                notes.encode(),
                recipients=case_recipients(case),
                context=intervention.context(),
            )
        intervention.save(force_insert=True)
        return intervention

    return _case_write(
        case,
        expected_version=expected_version,
        work_by=intervention_saved,
        event={"actor": actor, "verb": AuditEvent.Verb.INTERVENTION_ADDED},
    )


def intervention_remove(*, intervention: Intervention, actor, expected_version: int) -> None:
    """Take back an intervention recorded by mistake (its sealed notes go with it)."""
    if intervention.kind == InterventionKind.REFERRAL:
        raise InterventionNotRemovable
    _case_write(
        intervention.case,
        expected_version=expected_version,
        work_by=intervention.delete,
        event={"actor": actor, "verb": AuditEvent.Verb.INTERVENTION_REMOVED},
    )


def note_add(*, case: Case, actor, body: str) -> Note:
    """An internal note: sealed to the association only, never to the reporter."""
    body = message_body_checked(body)
    with transaction.atomic():
        note = Note(case=case, author=actor, created_at=timezone.now())
        note.body = seal(body.encode(), recipients=case_recipients(case), context=note.context())
        note.save(force_insert=True)
        AuditEvent.objects.create(case=case, actor=actor, verb=AuditEvent.Verb.NOTE)
    return note


def staff_message_send(*, case: Case, actor, body: str, translation: str = "") -> Message:
    """A message to the reporter, readable on their receipt status page. Written in the
    reporter's language, it may carry a translation for the file, which only the
    association reads (sealed like a note, never sent)."""
    body = message_body_checked(body)
    with transaction.atomic():
        message = Message(
            case=case,
            author_side=MessageAuthor.STAFF,
            author=actor,
            created_at=timezone.now(),
            read_by_staff=True,
        )
        readers = [*case_recipients(case), case.report.reporter_public]
        message.body = seal(
            body.encode(), recipients=[r for r in readers if r], context=message.context()
        )
        message.save(force_insert=True)
        work_count_add(case_id=case.pk, column=MESSAGE_COUNTS[MessageAuthor.STAFF])
        if case.first_replied_at is None:
            Case.objects.filter(pk=case.pk).update(first_replied_at=message.created_at)
        AuditEvent.objects.create(case=case, actor=actor, verb=AuditEvent.Verb.STAFF_MESSAGE)
        if translation.strip():
            translation_add(
                case=case,
                message=message,
                body=translation,
                language=settings.LANGUAGE_CODE,
                actor=actor,
            )
    return message


def case_view_record(*, case: Case, actor) -> None:
    """Audit a decrypting view and mark the reporter's messages as read.

    A case that was not unread when loaded has no unread messages to mark; one that
    arrives meanwhile stays unread, which is right: this view may not have shown it.
    """
    if not case.unread_for_staff:  # one statement: no transaction needed around it
        AuditEvent.objects.create(case=case, actor=actor, verb=AuditEvent.Verb.VIEWED)
        return
    with transaction.atomic():
        AuditEvent.objects.create(case=case, actor=actor, verb=AuditEvent.Verb.VIEWED)
        Message.objects.filter(case=case, author_side=MessageAuthor.REPORTER).update(
            read_by_staff=True
        )
        Case.objects.filter(pk=case.pk).update(unread_for_staff=False)
