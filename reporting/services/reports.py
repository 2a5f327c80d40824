"""Submitting a report, recording one taken by staff, and the reporter's withdrawal of
consent to contact."""

import contextlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from performance.compiled import compiled_inserts
from reporting.crypto import (
    PrivateKey,
    derive_receipt_keys,
    generate_receipt_code,
    seal,
    seal_symmetric,
)
from reporting.models import AuditEvent, Case, Report
from reporting.notifications import notify_on_commit
from reporting.receipts import receipt_kdf, reporter_key_aad
from reporting.selectors.keys import (
    NoAssociationKey,
    association_public_keys,
    organisation_public_keys,
)
from reporting.selectors.receipts import ReporterAccess
from reporting.services.attachments import PreparedAttachment, attachments_store
from reporting.services.tallies import case_tallies, tallies_statement
from reporting.vocabulary.consent import CONSENT_VERSION
from reporting.vocabulary.errors import ServiceUnavailable, ValidationFailed
from reporting.vocabulary.submission import ReportSubmission, submission_errors
from reporting.vocabulary.taxonomy import STAFF_CHANNELS, Channel

ERROR_CHANNEL = _("Please choose how the report reached you.")

_LOOKUP_ATTEMPTS = 3


@dataclass(frozen=True, repr=False)
class SubmittedReport:
    report: Report
    receipt_code: str  # shown once to the reporter, never stored; "" for intake without


def report_submit(
    *, submission: ReportSubmission, attachments: Sequence[PreparedAttachment] = ()
) -> SubmittedReport:
    """Validate, seal and store a report with its case and attachments; return the
    receipt code. `attachments` come from `attachments_prepare` (already checked)."""
    return _report_create(submission=submission, attachments=attachments, receipt=True)


def report_intake(
    *,
    submission: ReportSubmission,
    channel: str,
    actor,
    receipt: bool,
    attachments: Sequence[PreparedAttachment] = (),
    member_organisation=None,
) -> SubmittedReport:
    """A report a caseworker took down (phone, visit, letter, …), sealed like one sent
    online. The consents are the person's, asked and ticked on their behalf. With
    `receipt` the person gets a receipt code to follow online (shown once, as online);
    without, nothing but the association can open it, and `receipt_code` is empty.
    With `member_organisation` (a member caseworker's intake: the view passes their own
    organisation, never a form field) the case is that organisation's own, and
    everything in it is sealed to its keys alone (DESIGN §9).
    The audit row names who recorded it and when, never what."""
    if channel not in STAFF_CHANNELS:
        raise ValidationFailed(fields={"channel": [str(ERROR_CHANNEL)]})
    return _report_create(
        submission=submission,
        attachments=attachments,
        receipt=receipt,
        channel=channel,
        recorded_by=actor,
        member_organisation=member_organisation,
    )


def _report_create(
    *,
    submission: ReportSubmission,
    attachments: Sequence[PreparedAttachment],
    receipt: bool,
    channel: str = Channel.WEB,
    recorded_by=None,
    member_organisation=None,
) -> SubmittedReport:
    errors = submission_errors(submission)
    if errors:
        raise ValidationFailed(fields=errors)
    try:
        recipients = (
            organisation_public_keys(member_organisation.pk)
            if member_organisation is not None
            else association_public_keys()
        )
    except NoAssociationKey:
        raise ServiceUnavailable from None

    reporter_key = PrivateKey.generate() if receipt else None
    reporter_public = reporter_key.public_key() if reporter_key else None
    readers = [*recipients, reporter_public] if reporter_public else list(recipients)
    report = Report(
        id=uuid.uuid4(),
        created_on=timezone.localdate(),
        language=submission.language,
        reporter_role=submission.reporter_role,
        incident_month=submission.incident_month,
        district=submission.district,
        grounds=submission.grounds,
        areas=submission.areas,
        forms=submission.forms,
        incident_types=submission.incident_types,
        reported_to_police=submission.reported_to_police,
        channel=channel,
        consent_processing=submission.consent_processing,
        consent_contact=submission.consent_contact,
        consent_referral=submission.consent_referral,
        consent_referral_naming=submission.consent_referral and submission.consent_referral_naming,
        consent_version=CONSENT_VERSION,
        reporter_public_key=reporter_public.raw if reporter_public else None,
    )
    report.content = seal(
        _json(submission.content_document()), recipients=readers, context=report.context("content")
    )
    contact = submission.contact_document()
    report.contact = (
        seal(_json(contact), recipients=readers, context=report.context("contact"))
        if contact
        else None
    )
    if not receipt:
        _store(
            report,
            attachments,
            readers,
            recorded_by=recorded_by,
            member_organisation=member_organisation,
        )
        return SubmittedReport(report=report, receipt_code="")

    # Argon2id runs outside the transaction: it is the slow part and holds no lock.
    for _attempt in range(_LOOKUP_ATTEMPTS):
        code = generate_receipt_code()
        keys = derive_receipt_keys(code, site_salt=settings.RECEIPT_SALT, params=receipt_kdf())
        report.receipt_lookup = keys.lookup_token
        report.reporter_private_key_wrapped = seal_symmetric(
            keys.wrapping_key, reporter_key.raw, aad=reporter_key_aad(report)
        )
        try:
            _store(
                report,
                attachments,
                readers,
                recorded_by=recorded_by,
                member_organisation=member_organisation,
            )
        except IntegrityError:
            # A lookup-token collision (1 in 10^16 per pair): draw another code.
            continue
        return SubmittedReport(report=report, receipt_code=code)
    raise ServiceUnavailable


def report_contact_withdraw(*, access: ReporterAccess) -> None:
    """The reporter withdraws consent to be contacted (GDPR Art. 7(3)): the sealed contact
    details are deleted, not hidden. The audit row says that it happened, never what was
    deleted. Withdrawing twice changes nothing."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=access.report_id)
        if not (report.consent_contact or report.contact):
            return
        report.consent_contact = False
        report.contact = None
        report.consent_contact_withdrawn_on = timezone.localdate()
        report.save(update_fields=["consent_contact", "contact", "consent_contact_withdrawn_on"])
        AuditEvent.objects.create(case=report.case, verb=AuditEvent.Verb.CONTACT_WITHDRAWN)


def _store(
    report: Report,
    attachments: Sequence[PreparedAttachment],
    readers: list,
    *,
    recorded_by,
    member_organisation=None,
) -> None:
    """The report, its case and their tallies go in as one statement where the database
    allows it (atomic by itself, so no transaction round trips); attachments and the
    intake's audit row need the case's id, so with them everything is one transaction."""
    case = Case(report=report, member_organisation=member_organisation)
    case.classify(report)
    with transaction.atomic() if attachments or recorded_by else contextlib.nullcontext():
        compiled_inserts([report, case], then=tallies_statement(after=case_tallies(case)))
        attachments_store(case=case, prepared=list(attachments), recipients=readers)
        if recorded_by is not None:
            AuditEvent.objects.create(case=case, actor=recorded_by, verb=AuditEvent.Verb.INTAKE)
        notify_on_commit("report", organisation_id=case.member_organisation_id)


def _json(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
