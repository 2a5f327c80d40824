"""A member organisation shares one of its own cases with the association: the reverse
of a referral (issue 19). Only with the reporter's consent to passing on, audited, and
only a summary the member caseworker writes: the case's content stays sealed to the
organisation alone."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.crypto import seal
from reporting.models import AuditEvent, Case, CaseShare, Report
from reporting.selectors.keys import association_public_keys, case_recipients
from reporting.services.links import case_links_across_owners_end
from reporting.vocabulary.errors import DomainError, NotForOwnCases, ValidationFailed
from reporting.vocabulary.limits import MESSAGE_MAX

ERROR_SHARE_SUMMARY_REQUIRED = _("Please write a summary for the association.")
ERROR_SHARE_SUMMARY_TOO_LONG = _("Please keep the summary under %(limit)s characters.")


class NoShareConsent(DomainError):
    code = "consent_missing"
    message = _("The reporter has not consented to passing the report on.")
    status = 409


class AlreadyShared(DomainError):
    code = "already_shared"
    message = _("This case was already shared with the association.")
    status = 409


def case_share(*, case: Case, actor, summary: str) -> CaseShare:
    """Share `case` (a member organisation's own) with the association: `summary` is
    sealed to the association's keys and the organisation's; the association then sees
    the case's codes and this summary, never its content."""
    if case.member_organisation_id is None:
        raise NotForOwnCases
    summary = (summary or "").strip()
    if not summary:
        raise ValidationFailed(fields={"summary": [str(ERROR_SHARE_SUMMARY_REQUIRED)]})
    if len(summary) > MESSAGE_MAX:
        raise ValidationFailed(
            fields={"summary": [str(ERROR_SHARE_SUMMARY_TOO_LONG) % {"limit": MESSAGE_MAX}]}
        )
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=case.report_id)
        if not report.consent_referral or report.consent_referral_withdrawn_on:
            raise NoShareConsent
        if CaseShare.objects.filter(case=case).exists():
            raise AlreadyShared
        share = CaseShare(
            case=case,
            consent_version=report.consent_version,
            shared_by=actor,
            shared_at=timezone.now(),
        )
        share.summary = seal(
            summary.encode(),
            recipients=[*association_public_keys(), *case_recipients(case)],
            context=share.context(),
        )
        share.save(force_insert=True)
        AuditEvent.objects.create(case=case, actor=actor, verb=AuditEvent.Verb.CASE_SHARED)
    return share


def case_share_end(*, case: Case, actor) -> bool:
    """Sharing ends (the reporter withdrew consent): the summary is destroyed, not
    hidden, the association no longer lists the case, and its links to the
    association's cases end with it (docs/decisions.md). Returns whether it ended."""
    with transaction.atomic():
        ended = CaseShare.objects.filter(case=case, ended_at__isnull=True).update(
            summary=None, ended_at=timezone.now()
        )
        if ended:
            AuditEvent.objects.create(case=case, actor=actor, verb=AuditEvent.Verb.SHARE_ENDED)
            case_links_across_owners_end(case=case, actor=actor)
    return bool(ended)
