"""Reads for the back office: the inbox and one decrypted case."""

import json
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, QuerySet

from reporting.crypto import DecryptionError, PrivateKey, open_sealed
from reporting.errors import KeysLocked
from reporting.models import (
    Attachment,
    Case,
    CaseEvent,
    CaseStatus,
    Message,
    MessageAuthor,
    Note,
)
from reporting.taxonomy import District


@dataclass(frozen=True)
class InboxFilters:
    status: str = ""
    district: str = ""
    ground: str = ""
    area: str = ""
    form: str = ""
    language: str = ""
    assignee: int | None = None
    unassigned: bool = False
    received_from: object = None
    received_to: object = None


def case_list_for_user(user, filters: InboxFilters | None = None) -> QuerySet[Case]:
    """Visible cases, unread first, newest first; no content, no decryption."""
    filters = filters or InboxFilters()
    cases = Case.objects.visible_to(user).select_related("report", "assignee")
    report_filters = {
        "report__district": filters.district,
        "report__grounds__has": filters.ground,
        "report__areas__has": filters.area,
        "report__forms__has": filters.form,
        "report__language": filters.language,
        "report__created_on__gte": filters.received_from,
        "report__created_on__lte": filters.received_to,
        "status": filters.status,
        "assignee_id": filters.assignee,
    }
    cases = cases.filter(**{k: v for k, v in report_filters.items() if v not in ("", None)})
    if filters.unassigned:
        cases = cases.filter(assignee__isnull=True)
    return cases.order_by("-unread_for_staff", "-report__created_on", "-id")


@dataclass(frozen=True)
class InboxRow:
    pk: int
    received_on: object
    status: str
    district: str
    language: str
    assignee: str
    unread: bool


def inbox_rows(cases) -> list[InboxRow]:
    """Rows for the inbox table, with labels translated once per page rather than per row."""
    statuses = dict(CaseStatus.choices)
    districts = {code: str(label) for code, label in District.choices}
    return [
        InboxRow(
            pk=case.pk,
            received_on=case.report.created_on,
            status=str(statuses[case.status]),
            district=districts.get(case.report.district, case.report.district),
            language=case.report.language,
            assignee=str(case.assignee) if case.assignee_id else "—",
            unread=case.unread_for_staff,
        )
        for case in cases
    ]


def case_counts_by_status(user) -> dict[str, int]:
    rows = Case.objects.visible_to(user).values("status").annotate(n=Count("id"))
    counts = dict.fromkeys(CaseStatus.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


@dataclass(frozen=True)
class DecryptedMessage:
    id: str
    from_reporter: bool
    author: str
    created_at: datetime
    body: str


@dataclass(frozen=True)
class CaseDetail:
    case: Case
    content: dict
    contact: dict | None
    messages: list[DecryptedMessage]
    notes: list[DecryptedMessage]
    events: list[CaseEvent]
    attachments: list[tuple[Attachment, str]]


def _open(envelope, keys, context) -> bytes:
    """Empty bytes stay empty: retention destroyed what was there."""
    return open_sealed(bytes(envelope), keys=keys, context=context) if envelope else b""


def case_detail(case: Case, keys: list[PrivateKey]) -> CaseDetail:
    """Decrypt one case with the association keys from the user's session."""
    report = case.report
    try:
        content = json.loads(_open(report.content, keys, report.context("content")) or b"{}")
        contact = (
            json.loads(_open(report.contact, keys, report.context("contact")))
            if report.contact
            else None
        )
        messages = [
            DecryptedMessage(
                id=str(m.pk),
                from_reporter=m.author_side == MessageAuthor.REPORTER,
                author=str(m.author or ""),
                created_at=m.created_at,
                body=_open(m.body, keys, m.context()).decode(),
            )
            for m in Message.objects.filter(case=case).select_related("author")
        ]
        notes = [
            DecryptedMessage(
                id=str(n.pk),
                from_reporter=False,
                author=str(n.author or ""),
                created_at=n.created_at,
                body=_open(n.body, keys, n.context()).decode(),
            )
            for n in Note.objects.filter(case=case).select_related("author")
        ]
        attachments = [
            (a, json.loads(_open(a.meta, keys, a.context("meta")))["name"])
            for a in Attachment.objects.filter(case=case)
        ]
    except DecryptionError:
        raise KeysLocked from None
    events = list(CaseEvent.objects.filter(case=case).select_related("actor", "subject")[:200])
    return CaseDetail(
        case=case,
        content=content,
        contact=contact,
        messages=messages,
        notes=notes,
        events=events,
        attachments=attachments,
    )
