"""The annual report workflow: draft → review → approve and publish → (new edition).

A draft has no figures of its own: its pages compute them live with its k.
Publishing computes them once more, suppressed, and stores them with the
texts as the snapshot; from then on the row never changes (the model refuses
to save it). A correction is a new edition of the same year, and the earlier
edition stays public, marked as superseded.

Every step writes an audit AuditEvent (no case; verbs STATISTICS_* of AuditEvent.Verb).
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.models import AnnualReport, AnnualReportStatus, AuditEvent
from reporting.selectors.statistics import annual_report_body
from reporting.statistics.access import can_publish_statistics
from reporting.statistics.suppression import K_DEFAULT, K_MAX, K_MIN
from reporting.vocabulary.errors import DomainError, ValidationFailed

FIRST_YEAR = 2000
TEXT_MAX = 10_000

ERROR_YEAR = _("Choose a year from %(first)s to %(last)s.")
ERROR_K = _("k must be a whole number from %(low)s to %(high)s.")
ERROR_TEXT_TOO_LONG = _("At most %(limit)s characters.")
ERROR_CORRECTION_NOTE = _("Say in a sentence what this edition corrects.")
ERROR_CONFIRM = _("Confirm that you have reviewed every table and chart.")


class ReportExists(DomainError):
    code = "report_exists"
    message = _(
        "There is already a report for this year. Open it, or start a corrected edition "
        "of its published version."
    )
    status = 409


class NotADraft(DomainError):
    code = "not_a_draft"
    message = _("A published report cannot be changed. Start a corrected edition instead.")
    status = 409


class NotPublished(DomainError):
    code = "not_published"
    message = _("Only a published report can get a corrected edition.")
    status = 409


class DraftExists(DomainError):
    code = "draft_exists"
    message = _("This year already has a draft. Finish or change that draft.")
    status = 409


class NotAllowed(DomainError):
    code = "not_found"
    message = _("Not found.")
    status = 404


def _require(actor) -> None:
    if not can_publish_statistics(actor):
        raise NotAllowed


def _event(actor, verb: str, from_status: str = "", to_status: str = "") -> None:
    AuditEvent.objects.create(
        case=None, actor=actor, verb=verb, from_status=from_status, to_status=to_status
    )


def _check_texts(**texts: str) -> dict[str, str]:
    cleaned, errors = {}, {}
    for name, text in texts.items():
        text = (text or "").strip()
        if len(text) > TEXT_MAX:
            errors[name] = [str(ERROR_TEXT_TOO_LONG) % {"limit": TEXT_MAX}]
        cleaned[name] = text
    if errors:
        raise ValidationFailed(fields=errors)
    return cleaned


def _check_k(k: int) -> int:
    if not isinstance(k, int) or not K_MIN <= k <= K_MAX:
        raise ValidationFailed(fields={"k": [str(ERROR_K) % {"low": K_MIN, "high": K_MAX}]})
    return k


def last_reportable_year() -> int:
    return timezone.localdate().year


def annual_report_create_draft(
    *, actor, year: int, k: int = K_DEFAULT, foreword: str = "", methodology: str = ""
) -> AnnualReport:
    """The first edition of `year`, as a draft."""
    _require(actor)
    if not FIRST_YEAR <= year <= last_reportable_year():
        raise ValidationFailed(
            fields={
                "year": [str(ERROR_YEAR) % {"first": FIRST_YEAR, "last": last_reportable_year()}]
            }
        )
    texts = _check_texts(foreword=foreword, methodology=methodology)
    with transaction.atomic():
        if AnnualReport.objects.filter(year=year).exists():
            raise ReportExists
        try:
            with transaction.atomic():
                report = AnnualReport.objects.create(
                    year=year, edition=1, k=_check_k(k), created_by=actor, **texts
                )
        except IntegrityError:  # someone else was faster
            raise ReportExists from None
        _event(actor, AuditEvent.Verb.STATISTICS_DRAFTED, to_status=AnnualReportStatus.DRAFT)
    return report


def annual_report_update(
    *,
    report: AnnualReport,
    actor,
    k: int,
    foreword: str,
    methodology: str,
    correction_note: str = "",
) -> AnnualReport:
    """Change a draft's k and texts."""
    _require(actor)
    texts = _check_texts(
        foreword=foreword, methodology=methodology, correction_note=correction_note
    )
    if report.edition > 1 and not texts["correction_note"]:
        raise ValidationFailed(fields={"correction_note": [str(ERROR_CORRECTION_NOTE)]})
    with transaction.atomic():
        current = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if current.status != AnnualReportStatus.DRAFT:
            raise NotADraft
        current.k = _check_k(k)
        for name, text in texts.items():
            setattr(current, name, text)
        current.save()
        _event(
            actor,
            AuditEvent.Verb.STATISTICS_UPDATED,
            AnnualReportStatus.DRAFT,
            AnnualReportStatus.DRAFT,
        )
    return current


def annual_report_publish(*, report: AnnualReport, actor, confirmed: bool) -> AnnualReport:
    """Approve the draft: compute the suppressed tables once more and freeze them.

    The tables are computed before the row is locked (counting a large year takes
    seconds and runs in parallel outside a transaction); if the draft's k changed
    meanwhile, they are computed again under the lock.
    """
    _require(actor)
    if not confirmed:
        raise ValidationFailed(fields={"confirmed": [str(ERROR_CONFIRM)]})
    body, k = annual_report_body(year=report.year, k=report.k), report.k
    with transaction.atomic():
        current = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if current.status != AnnualReportStatus.DRAFT:
            raise NotADraft
        if current.edition > 1 and not current.correction_note:
            raise ValidationFailed(fields={"correction_note": [str(ERROR_CORRECTION_NOTE)]})
        if current.k != k:
            body = annual_report_body(year=current.year, k=current.k)
        now = timezone.now()
        body.update(
            edition=current.edition,
            foreword=current.foreword,
            methodology=current.methodology,
            correction_note=current.correction_note,
            published_on=timezone.localdate(now).isoformat(),
        )
        current.snapshot = body
        current.status = AnnualReportStatus.PUBLISHED
        current.published_at = now
        current.published_by = actor
        current.save()
        _event(
            actor,
            AuditEvent.Verb.STATISTICS_PUBLISHED,
            AnnualReportStatus.DRAFT,
            AnnualReportStatus.PUBLISHED,
        )
    return current


def annual_report_new_edition(
    *, report: AnnualReport, actor, correction_note: str = ""
) -> AnnualReport:
    """A draft that will correct `report` (the latest published edition of its year)."""
    _require(actor)
    texts = _check_texts(correction_note=correction_note)
    with transaction.atomic():
        current = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if current.status != AnnualReportStatus.PUBLISHED:
            raise NotPublished
        editions = AnnualReport.objects.filter(year=current.year)
        if editions.filter(status=AnnualReportStatus.DRAFT).exists():
            raise DraftExists
        edition = (editions.aggregate(m=Max("edition"))["m"] or 0) + 1
        try:
            with transaction.atomic():
                draft = AnnualReport.objects.create(
                    year=current.year,
                    edition=edition,
                    k=current.k,
                    foreword=current.foreword,
                    methodology=current.methodology,
                    correction_note=texts["correction_note"],
                    created_by=actor,
                )
        except IntegrityError:
            raise DraftExists from None
        _event(actor, AuditEvent.Verb.STATISTICS_NEW_EDITION, to_status=AnnualReportStatus.DRAFT)
    return draft
