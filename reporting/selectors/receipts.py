"""From a receipt code to the reporter's own key and case."""

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings

from reporting.crypto import (
    DecryptionError,
    PrivateKey,
    derive_receipt_keys,
    normalise_receipt_code,
    open_sealed,
    open_symmetric,
)
from reporting.models import Case, CaseStatus, Message, MessageAuthor, Report
from reporting.models.cases import REPORTER_STATUS_EXPLANATIONS, REPORTER_STATUS_LABELS
from reporting.receipts import receipt_kdf, reporter_key_aad


@dataclass(frozen=True, repr=False)
class ReporterAccess:
    report_id: uuid.UUID
    private_key: PrivateKey


def reporter_access_for_code(code: str) -> ReporterAccess | None:
    """The reporter's access, or None — the same None for every kind of failure."""
    normalised = normalise_receipt_code(code)
    if normalised is None:
        return None
    keys = derive_receipt_keys(normalised, site_salt=settings.RECEIPT_SALT, params=receipt_kdf())
    report = (
        Report.objects.filter(receipt_lookup=keys.lookup_token)
        .only("id", "reporter_private_key_wrapped")
        .first()
    )
    if report is None or report.reporter_private_key_wrapped is None:
        return None
    try:
        raw = open_symmetric(
            keys.wrapping_key,
            bytes(report.reporter_private_key_wrapped),
            aad=reporter_key_aad(report),
        )
    except DecryptionError:
        return None
    return ReporterAccess(report_id=report.id, private_key=PrivateKey(raw))


@dataclass(frozen=True)
class ReporterMessage:
    from_reporter: bool
    created_at: datetime
    body: str


@dataclass(frozen=True)
class ReporterCaseView:
    report: Report
    status: CaseStatus
    content: dict
    contact: dict | None
    messages: list[ReporterMessage]
    passed_on: bool = False
    passed_on_to: list[str] = field(default_factory=list)
    open_referrals: bool = False

    @property
    def status_label(self) -> str:
        return REPORTER_STATUS_LABELS[self.status]

    @property
    def status_explanation(self) -> str:
        return REPORTER_STATUS_EXPLANATIONS[self.status]


def reporter_case_view(access: ReporterAccess) -> ReporterCaseView | None:
    """Everything the reporter may read again, decrypted with their own key."""
    case = Case.objects.select_related("report").filter(report_id=access.report_id).first()
    if case is None:
        return None
    report = case.report
    key = access.private_key
    content = _open_json(report.content, key, report.context("content"))
    contact = _open_json(report.contact, key, report.context("contact")) if report.contact else None
    messages = [
        ReporterMessage(
            from_reporter=m.author_side == MessageAuthor.REPORTER,
            created_at=m.created_at,
            body=open_sealed(bytes(m.body), keys=key, context=m.context()).decode(),
        )
        for m in Message.objects.filter(case=case)
    ]
    referrals = list(case.referrals.select_related("organisation"))
    return ReporterCaseView(
        report=report,
        status=CaseStatus(case.status),
        content=content,
        contact=contact,
        messages=messages,
        passed_on=bool(referrals),
        passed_on_to=sorted({r.organisation.name for r in referrals})
        if report.consent_referral_naming
        else [],
        open_referrals=any(r.is_open for r in referrals),
    )


def _open_json(envelope: bytes, key: PrivateKey, context) -> dict:
    return json.loads(open_sealed(bytes(envelope), keys=key, context=context))
