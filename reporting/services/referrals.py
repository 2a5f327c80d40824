"""Passing a case on to a member organisation, with the reporter's consent."""

import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.crypto import seal
from reporting.models import (
    AuditEvent,
    Case,
    CaseStatus,
    ExternalReferral,
    Organisation,
    Referral,
    ReferralUpdate,
    Report,
)
from reporting.models.cases import EXTERNAL_REFERRALS, MEMBER_REFERRALS
from reporting.notifications import notify_on_commit
from reporting.selectors.keys import association_public_keys, referral_recipients
from reporting.selectors.receipts import ReporterAccess
from reporting.selectors.referrals import key_holder_exists
from reporting.services.cases import case_follow_referrals, intervention_add
from reporting.services.links import case_links_across_owners_end
from reporting.services.shares import case_share_end
from reporting.services.work_counts import work_count_add
from reporting.vocabulary.documentation import InterventionKind
from reporting.vocabulary.errors import DomainError, NotForOwnCases, ValidationFailed
from reporting.vocabulary.limits import MESSAGE_MAX

ERROR_SUMMARY_REQUIRED = _("Please write a summary for the organisation.")
ERROR_REASON_REQUIRED = _("Please give a reason.")
ERROR_OUTCOME_REQUIRED = _("Please choose an outcome.")
ERROR_UPDATE_REQUIRED = _("Please write the update.")
ERROR_TEXT_TOO_LONG = _("Please keep the text under %(limit)s characters.")
ERROR_BODY_REQUIRED = _("Please name the body the case is passed on to.")
ERROR_DATE_IN_FUTURE = _("The date cannot be in the future.")
BODY_NAME_MAX = 200


class ConsentMissing(DomainError):
    code = "consent_missing"
    message = _("The reporter has not consented to passing the report on.")
    status = 409


class NoKeyHolder(DomainError):
    code = "no_key_holder"
    message = _(
        "This organisation cannot receive referrals yet: none of its partners holds its key."
    )
    status = 409


class OrganisationPaused(DomainError):
    code = "organisation_paused"
    message = _("This organisation is paused and not taking new cases.")
    status = 409


class StepNotAllowed(DomainError):
    code = "step_not_allowed"
    message = _("This step is not possible in the referral's current state.")


# Which step may follow which; None means "an update without a status change".
ALLOWED_STEPS = {
    Referral.Status.SENT: {Referral.Status.ACCEPTED, Referral.Status.DECLINED, None},
    Referral.Status.ACCEPTED: {Referral.Status.CLOSED, None},
}


def _checked_text(text: str, *, field: str, required_message) -> str:
    text = (text or "").strip()
    if required_message and not text:
        raise ValidationFailed(fields={field: [str(required_message)]})
    if len(text) > MESSAGE_MAX:
        raise ValidationFailed(fields={field: [str(ERROR_TEXT_TOO_LONG) % {"limit": MESSAGE_MAX}]})
    return text


def referral_send(*, case: Case, organisation: Organisation, summary: str, actor) -> Referral:
    """Refer `case` to `organisation`; the summary is sealed to it and the association only.
    A member organisation's own case is not referred on (issue 19: out of scope)."""
    if case.member_organisation_id is not None:
        raise NotForOwnCases
    summary = _checked_text(summary, field="summary", required_message=ERROR_SUMMARY_REQUIRED)
    with transaction.atomic():
        report = _consenting_report(case)
        receiving = (
            Organisation.objects.filter(
                pk=organisation.pk, kind=Organisation.Kind.MEMBER, is_active=True
            )
            .annotate(can_receive=key_holder_exists())
            .first()
        )
        if receiving is not None and receiving.is_paused:
            raise OrganisationPaused
        if receiving is None or not receiving.can_receive:
            raise NoKeyHolder
        referral = Referral(
            case=case,
            organisation=receiving,
            consent_version=report.consent_version,
            created_by=actor,
            created_at=timezone.now(),
        )
        referral.summary = seal(
            json.dumps({"text": summary}, ensure_ascii=False).encode(),
            recipients=referral_recipients(receiving),
            context=referral.context(),
        )
        referral.save(force_insert=True)
        work_count_add(case_id=case.pk, column=MEMBER_REFERRALS)
        AuditEvent.objects.create(case=case, actor=actor, verb=AuditEvent.Verb.REFERRAL_SENT)
        # The referral is one of the case's interventions (and counted as one).
        intervention_add(
            case=case,
            actor=actor,
            kind=InterventionKind.REFERRAL,
            occurred_on=timezone.localdate(),
            expected_version=None,
            referral=referral,
        )
        case_follow_referrals(case=case, actor=actor, to_status=CaseStatus.REFERRED)
        notify_on_commit("referral_received", organisation_id=receiving.pk)
    return referral


def _consenting_report(case: Case) -> Report:
    """The case's report, locked, if the reporter consents to passing it on."""
    report = Report.objects.select_for_update().get(pk=case.report_id)
    if not report.consent_referral or report.consent_referral_withdrawn_on:
        raise ConsentMissing
    return report


def external_referral_record(
    *, case: Case, body_name: str, referred_on, summary: str, actor
) -> ExternalReferral:
    """Record that `case` was passed on to a body outside the network. Nothing is sent:
    the caseworker hands the summary over; it is kept sealed to the association only."""
    if case.member_organisation_id is not None:
        raise NotForOwnCases
    errors = {}
    body_name = (body_name or "").strip()
    if not body_name:
        errors["body_name"] = [str(ERROR_BODY_REQUIRED)]
    elif len(body_name) > BODY_NAME_MAX:
        errors["body_name"] = [str(ERROR_TEXT_TOO_LONG) % {"limit": BODY_NAME_MAX}]
    if referred_on > timezone.localdate():
        errors["referred_on"] = [str(ERROR_DATE_IN_FUTURE)]
    try:
        summary = _checked_text(summary, field="summary", required_message=ERROR_SUMMARY_REQUIRED)
    except ValidationFailed as failed:
        errors.update(failed.fields)
    if errors:
        raise ValidationFailed(fields=errors)
    with transaction.atomic():
        report = _consenting_report(case)
        external = ExternalReferral(
            case=case,
            body_name=body_name,
            referred_on=referred_on,
            consent_version=report.consent_version,
            created_by=actor,
            created_at=timezone.now(),
        )
        external.summary = seal(
            summary.encode(), recipients=association_public_keys(), context=external.context()
        )
        external.save(force_insert=True)
        work_count_add(case_id=case.pk, column=EXTERNAL_REFERRALS)
        AuditEvent.objects.create(case=case, actor=actor, verb=AuditEvent.Verb.EXTERNAL_REFERRAL)
        intervention_add(
            case=case,
            actor=actor,
            kind=InterventionKind.REFERRAL,
            occurred_on=referred_on,
            expected_version=None,
            external_referral=external,
        )
    return external


def referral_step(
    *, referral: Referral, actor, status: str | None, text: str = "", outcome: str = ""
) -> ReferralUpdate:
    """A partner accepts, declines (with a reason), adds an update, or closes with an outcome."""
    required = ERROR_REASON_REQUIRED if status == Referral.Status.DECLINED else None
    text = _checked_text(text, field="text", required_message=required)
    if status == Referral.Status.CLOSED and outcome not in Referral.Outcome.values:
        raise ValidationFailed(fields={"outcome": [str(ERROR_OUTCOME_REQUIRED)]})
    if status is None and not text:
        raise ValidationFailed(fields={"text": [str(ERROR_UPDATE_REQUIRED)]})
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if status not in ALLOWED_STEPS.get(referral.status, set()):
            raise StepNotAllowed
        now = timezone.now()
        update = ReferralUpdate(
            referral=referral, author=actor, status=status or referral.status, created_at=now
        )
        if text:
            update.body = seal(
                text.encode(),
                recipients=referral_recipients(referral.organisation),
                context=update.context(),
            )
        update.save(force_insert=True)
        changes = {"updated_at": now}
        if status:
            changes["status"] = status
        if status == Referral.Status.CLOSED:
            changes["outcome"] = outcome
        Referral.objects.filter(pk=referral.pk).update(**changes)
        AuditEvent.objects.create(
            case_id=referral.case_id,
            actor=actor,
            verb=AuditEvent.Verb.REFERRAL_STEP,
            from_status=referral.status,
            to_status=status or referral.status,
        )
        if status == Referral.Status.DECLINED:
            _hand_back(referral.case_id, actor=actor)
        notify_on_commit("referral_step")
    return update


def _hand_back(case_id: int, *, actor) -> None:
    """When no referral of a passed-on case is open any more, the case goes back to the
    status it had before it was passed on (being reviewed if it was new): the
    association must decide again."""
    case = Case.objects.select_for_update().get(pk=case_id)
    if case.status != CaseStatus.REFERRED or case.referrals.filter(status__in=Referral.OPEN):
        return
    before = (
        AuditEvent.objects.filter(
            case=case, verb=AuditEvent.Verb.TRANSITION, to_status=CaseStatus.REFERRED
        )
        .order_by("-created_at", "-id")
        .values_list("from_status", flat=True)
        .first()
    )
    back = before if before not in (None, CaseStatus.NEW) else CaseStatus.IN_REVIEW
    case_follow_referrals(case=case, actor=actor, to_status=back)


def referral_consent_withdraw(*, access: ReporterAccess) -> int:
    """The reporter withdraws consent: open referrals are withdrawn and every copy the
    partners could open (summary and update texts) is destroyed. Returns how many."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=access.report_id)
        report.consent_referral = False
        report.consent_referral_withdrawn_on = timezone.localdate()
        report.save(update_fields=["consent_referral", "consent_referral_withdrawn_on"])
        open_referrals = list(
            Referral.objects.select_for_update().filter(
                case__report=report, status__in=Referral.OPEN
            )
        )
        for referral in open_referrals:
            ReferralUpdate.objects.filter(referral=referral).update(body=None)
            Referral.objects.filter(pk=referral.pk).update(
                status=Referral.Status.WITHDRAWN, summary=None, updated_at=timezone.now()
            )
            notify_on_commit("referral_withdrawn", organisation_id=referral.organisation_id)
        AuditEvent.objects.create(case=report.case, verb=AuditEvent.Verb.CONSENT_WITHDRAWN)
        # A member organisation's own case shared with the association: the same
        # consent, so the association's copy of its summary is destroyed too.
        case_share_end(case=report.case, actor=None)
        # An association's case linked to a member organisation's shared case: the
        # link passed the report on too, and ends (docs/decisions.md).
        case_links_across_owners_end(case=report.case, actor=None)
        if open_referrals:
            _hand_back(report.case.pk, actor=None)
    return len(open_referrals)
