"""Reads for the back office: the inbox and one decrypted case."""

import functools
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Count, Max, Min, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import get_language_info, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from performance.compiled import compiled_instances_by_key, compiled_query_by_key
from reporting.crypto import Context, DecryptionError, PrivateKey, open_sealed
from reporting.models import (
    AnnualReportStatus,
    Attachment,
    AuditEvent,
    Case,
    CaseStatus,
    Intervention,
    Message,
    MessageAuthor,
    Note,
    Referral,
    Report,
)
from reporting.models.cases import (
    INBOX_ORDER,
    SCOPE_ASSOCIATION,
    SCOPE_MEMBER_PREFIX,
    SCOPE_NO_CASES,
    visibility_scope,
)
from reporting.selectors.deadlines import cases_due, due_markers, with_due_dates
from reporting.selectors.events import with_other_case_shown
from reporting.selectors.times import to_the_minute
from reporting.selectors.translations import needs_translation_q
from reporting.vocabulary.agg import AGG_AUTO
from reporting.vocabulary.documentation import InterventionKind
from reporting.vocabulary.errors import KeysLocked
from reporting.vocabulary.taxonomy import STORED_DISTRICTS


@dataclass(frozen=True)
class InboxFilters:
    status: str = ""
    district: str = ""
    ground: str = ""
    area: str = ""
    form: str = ""
    incident_type: str = ""
    language: str = ""
    assignee: int | None = None
    unassigned: bool = False
    needs_translation: bool = False
    received_from: object = None
    received_to: object = None
    due: str = ""  # DueFilter
    sort: str = ""  # an InboxSort code; "" is the default order


class InboxSort(models.TextChoices):
    """The inbox's orders. The default keeps unread cases on top, newest first, in the
    order the inbox indexes are built for."""

    NEWEST = "newest", _("Newest first")
    OLDEST = "oldest", _("Oldest first")
    ACTIVITY = "activity", _("Last activity first")


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def case_list_for_user(user, filters: InboxFilters | None = None) -> QuerySet[Case]:
    """Visible cases, unread first, newest first; no content, no decryption.

    Filters and order use the case's own classification columns (Case.classify),
    so the page is one indexed table, never a join with the reports.
    """
    filters = filters or InboxFilters()
    cases = Case.objects.visible_to(user).select_related("assignee")
    conditions = {
        "district": filters.district,
        "grounds__has": filters.ground,
        "areas__has": filters.area,
        "forms__has": filters.form,
        "incident_types__has": filters.incident_type,
        "language": filters.language,
        "received_on__gte": filters.received_from,
        "received_on__lte": filters.received_to,
        "status": filters.status,
        "assignee_id": filters.assignee,
    }
    cases = cases.filter(**{k: v for k, v in conditions.items() if v not in ("", None)})
    if filters.unassigned:
        cases = cases.filter(assignee__isnull=True)
    if filters.needs_translation:
        cases = cases.filter(needs_translation_q())
    if filters.due:
        cases = cases_due(cases, filters.due, timezone.localdate())
    if filters.sort == InboxSort.OLDEST:
        return with_due_dates(cases.order_by("received_on", "id"))
    if filters.sort == InboxSort.ACTIVITY:
        # As the rows show it (inbox_rows): the newer of a staff action and a reporter's
        # message; a case nobody touched sorts last.
        activity = Greatest(
            Coalesce("updated_at", Value(_EPOCH)),
            Coalesce(_newest_reporter_message(), Value(_EPOCH)),
        )
        return with_due_dates(cases.order_by(activity.desc(), "-id"))
    return with_due_dates(cases.order_by(*INBOX_ORDER))


@functools.cache
def _case_with_relations(scope: str):
    """The compiled read of one case with its relations, built from the scope's
    queryset: the SQL carries the visibility rule, so it cannot return a case the scope
    may not see."""

    @compiled_instances_by_key(Case)
    def read(case_id: int) -> QuerySet[Case]:
        return (
            Case.objects.in_scope(scope)
            .select_related("report", "assignee", "assessment")
            .filter(pk=case_id)
        )

    return read


def visible_case(user, case_id: int) -> Case | None:
    """One case with its report, assignee and assessment, if `user` may see it.

    Every case page and case endpoint starts here, so the query is compiled once per
    visibility scope.
    """
    scope = visibility_scope(user)
    # The scope that sees nothing (in_scope's empty queryset), without building a
    # queryset to ask: that cost a third of a millisecond on every case page.
    if scope == SCOPE_NO_CASES:
        return None
    found = _case_with_relations(scope)(case_id)
    return found[0] if found else None


LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def language_name(code: str) -> str:
    """A report's language by its name in the viewer's language (Django's catalogue); a
    code the site does not offer stays as it is."""
    return str(get_language_info(code)["name_translated"]) if code in LANGUAGE_CODES else code


def with_last_reporter_message(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Each case with the time of the reporter's newest message (`last_reporter_message`),
    for the inbox's last activity: one subquery in the page's query, none per row. Only
    the page reads it; the count leaves the unused annotation out."""
    return cases.annotate(last_reporter_message=_newest_reporter_message())


def _newest_reporter_message() -> Subquery:
    return Subquery(
        Message.objects.filter(case=OuterRef("pk"), author_side=MessageAuthor.REPORTER)
        .order_by("-created_at")
        .values("created_at")[:1]
    )


@dataclass(frozen=True)
class InboxRow:
    pk: int
    received_on: str
    age: str
    last_activity: str
    status: str
    district: str
    language: str
    assignee: str
    unread: bool
    marker: str  # what is unread: a new report, or a new message from the reporter
    excerpt: str  # the report's first words, decrypted for this page only; "" without keys
    due: str  # an overdue or near deadline, a follow-up that is due


def _age(days: int) -> str:
    if days <= 0:
        return gettext("today")
    return ngettext("%(days)s day", "%(days)s days", days) % {"days": days}


def inbox_rows(cases, excerpts: dict[int, str] | None = None) -> list[InboxRow]:
    """Rows for the inbox table, with labels translated once per page rather than per row.

    Last activity is the newest of a staff action and a reporter's message (cases from
    `with_last_reporter_message`); a case nobody touched since it came in has none.
    `excerpts` by case id (`inbox_excerpts`)."""
    excerpts = excerpts or {}
    statuses = dict(CaseStatus.choices)
    districts = {code: str(label) for code, label in STORED_DISTRICTS}
    # Django's own catalogue names the languages in the viewer's language.
    languages = {code: language_name(code) for code in LANGUAGE_CODES}
    new_report, new_message = gettext("new"), gettext("new message")
    today = timezone.localdate()
    due = due_markers(today)
    rows = []
    for case in cases:
        moments = [m for m in (case.updated_at, case.last_reporter_message) if m is not None]
        rows.append(
            InboxRow(
                pk=case.pk,
                received_on=case.received_on.isoformat(),
                age=_age((today - case.received_on).days),
                last_activity=to_the_minute(max(moments)) if moments else "—",
                status=str(statuses[case.status]),
                district=districts.get(case.district, case.district),
                language=languages.get(case.language, case.language),
                assignee=str(case.assignee) if case.assignee_id else "—",
                unread=case.unread_for_staff,
                # Unread since the reporter wrote, or not opened since it came in.
                marker=(new_message if case.last_reporter_message else new_report)
                if case.unread_for_staff
                else "",
                excerpt=excerpts.get(case.pk, ""),
                due=due(case.next_deadline_on, case.follow_up_on),
            )
        )
    return rows


EXCERPT_LENGTH = 90


def excerpt_of(narrative: str) -> str:
    """The first words of a narrative on one line, cut at a word where one is near."""
    text = " ".join(narrative.split())
    if len(text) <= EXCERPT_LENGTH:
        return text
    cut = text[:EXCERPT_LENGTH]
    space = cut.rfind(" ")
    return (cut[:space] if space > EXCERPT_LENGTH // 2 else cut) + "…"


def inbox_excerpts(cases, keys: list[PrivateKey]) -> dict[int, str]:
    """By case id, the first words of each report on the page, decrypted with the keys of
    the viewer's session: one query for the page, and nothing kept — not in the cache,
    not in the database (docs/decisions.md). A report that does not open (no key, content
    destroyed) has no excerpt; the row stays usable."""
    report_of = {case.report_id: case.pk for case in cases}
    if not keys or not report_of:
        return {}
    excerpts = {}
    for report_id, content in Report.objects.filter(pk__in=report_of).values_list("pk", "content"):
        try:
            opened = _open(content, keys, Context.of_row(Report, report_id, "content"))
        except DecryptionError:
            continue
        narrative = json.loads(opened).get("narrative", "") if opened else ""
        if narrative:
            excerpts[report_of[report_id]] = excerpt_of(narrative)
    return excerpts


# Counting every case by status reads the whole table, on every inbox page: the
# slowest part of the inbox at 100,000 cases (performance/README.md). The counts change
# only when a case is created or changes status, so they are cached until then: the key
# names the newest case (a new report needs no cache write), and status changes call
# forget_status_counts. The
# timeout bounds the error of a change made behind the services.
STATUS_COUNTS_TIMEOUT = 60


def _status_counts_key(scope: str) -> str:
    newest = Case.objects.order_by("-id").values_list("id", flat=True).first()
    return f"inbox:status-counts:{scope}:{newest}"


def case_counts_by_status(user) -> dict[str, int]:
    """Per visibility scope: each member organisation counts its own cases only."""
    scope = visibility_scope(user)
    if scope == SCOPE_NO_CASES:
        return dict.fromkeys(CaseStatus.values, 0)
    key = _status_counts_key(scope)
    counts = cache.get(key)
    if counts is None:
        rows = Case.objects.in_scope(scope).values_list("status").annotate(n=Count("id")).order_by()
        counts = dict.fromkeys(CaseStatus.values, 0) | dict(rows)
        cache.set(key, counts, STATUS_COUNTS_TIMEOUT)
    return counts


def forget_status_counts(case: Case | None = None) -> None:
    """After the transaction that changed a case's status (the counts of its scope)."""
    owner = case.member_organisation_id if case is not None else None
    scope = SCOPE_ASSOCIATION if owner is None else f"{SCOPE_MEMBER_PREFIX}{owner}"
    transaction.on_commit(lambda: cache.delete(_status_counts_key(scope)))


@dataclass(frozen=True)
class DecryptedMessage:
    id: str
    from_reporter: bool
    author: str
    created_at: datetime
    body: str

    @property
    def at(self) -> str:
        return to_the_minute(self.created_at)


@dataclass(frozen=True)
class AttachmentRow:
    id: uuid.UUID
    name: str
    content_type: str
    family: str  # Attachment.Family code
    size_bucket: str  # Attachment.SizeBucket code
    message_id: uuid.UUID | None  # None: it came with the report

    @property
    def family_label(self) -> str:
        return Attachment.Family(self.family).label

    @property
    def size_label(self) -> str:
        return Attachment.SizeBucket(self.size_bucket).label


@dataclass(frozen=True)
class InterventionRow:
    id: uuid.UUID
    kind: str  # InterventionKind code
    occurred_on: date
    author: str
    notes: str
    passed_to: str = ""  # the body outside the network a referral went to

    @property
    def kind_label(self) -> str:
        label = str(InterventionKind(self.kind).label)
        return f"{label} · {self.passed_to}" if self.passed_to else label

    @property
    def removable(self) -> bool:
        """A referral is recorded by the referral itself (reporting.services.cases)."""
        return self.kind != InterventionKind.REFERRAL


@dataclass(frozen=True)
class CaseDetail:
    case: Case
    content: dict
    contact: dict | None
    messages: list[DecryptedMessage]
    notes: list[DecryptedMessage]
    attachments: list[AttachmentRow]
    interventions: list[InterventionRow]


def _open(envelope, keys, context) -> bytes:
    """Empty bytes stay empty: retention destroyed what was there."""
    return open_sealed(bytes(envelope), keys=keys, context=context) if envelope else b""


# A thread shows its authors' user names: no need to load their whole user rows.
@compiled_query_by_key(Message)
def _messages_of_case(case_id: int) -> QuerySet:
    return Message.objects.filter(case_id=case_id).values_list(
        "id", "author_side", "author__username", "created_at", "body"
    )


@compiled_query_by_key(Note)
def _notes_of_case(case_id: int) -> QuerySet:
    return Note.objects.filter(case_id=case_id).values_list(
        "id", "author__username", "created_at", "body"
    )


@compiled_query_by_key(Attachment)
def _attachments_of_case(case_id: int) -> QuerySet:
    return Attachment.objects.filter(case_id=case_id).values_list(
        "id", "family", "size_bucket", "message_id", "meta"
    )


@compiled_query_by_key(Intervention)
def _interventions_of_case(case_id: int) -> QuerySet:
    return Intervention.objects.filter(case_id=case_id).values_list(
        "id", "kind", "occurred_on", "author__username", "notes", "external_referral__body_name"
    )


def intervention_of_case(case: Case, pk: uuid.UUID) -> Intervention | None:
    """One intervention of an (already visible) case, or None."""
    return Intervention.objects.select_related("case").filter(case=case, pk=pk).first()


def _attachment_row(pk, family, size_bucket, message_id, meta, keys) -> AttachmentRow:
    opened = json.loads(_open(meta, keys, Context.of_row(Attachment, pk, "meta")))
    return AttachmentRow(
        id=pk,
        name=opened["name"],
        content_type=opened["content_type"],
        family=family,
        size_bucket=size_bucket,
        message_id=message_id,
    )


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
                id=str(pk),
                from_reporter=side == MessageAuthor.REPORTER,
                author=author or "",
                created_at=created_at,
                body=_open(body, keys, Context.of_row(Message, pk, "body")).decode(),
            )
            for pk, side, author, created_at, body in _messages_of_case(case.pk)
        ]
        notes = [
            DecryptedMessage(
                id=str(pk),
                from_reporter=False,
                author=author or "",
                created_at=created_at,
                body=_open(body, keys, Context.of_row(Note, pk, "body")).decode(),
            )
            for pk, author, created_at, body in _notes_of_case(case.pk)
        ]
        attachments = [
            _attachment_row(pk, family, size_bucket, message_id, meta, keys)
            for pk, family, size_bucket, message_id, meta in _attachments_of_case(case.pk)
        ]
        interventions = [
            InterventionRow(
                id=pk,
                kind=kind,
                occurred_on=occurred_on,
                author=author or "",
                notes=_open(notes, keys, Context.of_row(Intervention, pk, "notes")).decode(),
                passed_to=passed_to or "",
            )
            for pk, kind, occurred_on, author, notes, passed_to in _interventions_of_case(case.pk)
        ]
    except DecryptionError:
        raise KeysLocked from None
    return CaseDetail(
        case=case,
        content=content,
        contact=contact,
        messages=messages,
        notes=notes,
        attachments=attachments,
        interventions=interventions,
    )


class EntryKind(models.TextChoices):
    FROM_REPORTER = "from_reporter", _("Reporter")
    TO_REPORTER = "to_reporter", _("to the reporter")
    NOTE = "note", _("internal note")
    INTERVENTION = "intervention", _("intervention")


@dataclass(frozen=True)
class TimelineEntry:
    kind: str  # EntryKind code
    author: str  # user name; the reporter is named by the kind
    at: str  # as shown: to the minute, or the day of an intervention
    body: str
    title: str = ""  # an intervention's kind, translated
    translations: tuple = ()  # a message's translations (TranslationRow), for the file


def case_timeline(detail: CaseDetail, translations: dict | None = None) -> list[TimelineEntry]:
    """Messages, internal notes and interventions of a decrypted case as one list, oldest
    first, each message with its translations (`translations_of_case`). An intervention
    is recorded for a day, so it sorts at that day's start."""
    translations = translations or {}
    dated = [
        (
            m.created_at,
            TimelineEntry(
                kind=EntryKind.FROM_REPORTER if m.from_reporter else EntryKind.TO_REPORTER,
                author=m.author,
                at=m.at,
                body=m.body,
                translations=tuple(translations.get(m.id, ())),
            ),
        )
        for m in detail.messages
    ]
    dated += [
        (n.created_at, TimelineEntry(kind=EntryKind.NOTE, author=n.author, at=n.at, body=n.body))
        for n in detail.notes
    ]
    tz = timezone.get_current_timezone()
    dated += [
        (
            datetime.combine(i.occurred_on, datetime.min.time(), tzinfo=tz),
            TimelineEntry(
                kind=EntryKind.INTERVENTION,
                author=i.author,
                at=i.occurred_on.isoformat(),
                body=i.notes,
                title=i.kind_label,
            ),
        )
        for i in detail.interventions
    ]
    dated.sort(key=lambda pair: pair[0])
    return [entry for _at, entry in dated]


def classification_of(case: Case) -> dict:
    """The case's classification and counselling record as `case_assess` takes them: the
    assessment where there is one, else the reporter's (the case's own columns hold
    whichever applies). Before the first assessment, "multidimensional" is suggested by
    the grounds."""
    assessment = getattr(case, "assessment", None)  # read with the case: no query
    return {
        "grounds": list(case.grounds),
        "areas": list(case.areas),
        "forms": list(case.forms),
        "incident_types": list(case.incident_types),
        "responsible_actor": case.actor,
        "district": case.district,
        "incident_month": case.incident_month,
        "is_discrimination": case.is_discrimination,
        "multidimensional": assessment.multidimensional if assessment else len(case.grounds) > 1,
        "consequences": list(case.consequences),
        "agg_scope": assessment.agg_scope if assessment else AGG_AUTO,
        "outcome": case.outcome,
    }


# The parts of a report a caseworker may copy into a referral summary, in this order.
PREFILL_PARTS = {
    "narrative": _("What happened"),
    "when": _("When"),
    "where": _("Where"),
    "contact": _("Contact details"),
}


def prefilled_summary(detail: CaseDetail, chosen: set[str]) -> str:
    """The chosen parts (PREFILL_PARTS keys) of a decrypted case, as a starting text for
    the summary a partner organisation will read."""
    report, content = detail.case.report, detail.content
    parts = {
        "narrative": content.get("narrative", ""),
        "when": content.get("incident_date") or report.incident_month,
        "where": " – ".join(
            p for p in (report.get_district_display(), content.get("place_detail")) if p
        ),
        "contact": " ".join(
            v for v in (detail.contact.get("email"), detail.contact.get("phone")) if v
        )
        if detail.contact and report.consent_contact
        else "",
    }
    return "\n\n".join(
        f"{PREFILL_PARTS[k]}: {parts[k]}" for k in PREFILL_PARTS if k in chosen and parts[k]
    )


def events_of_case(case: Case) -> QuerySet[AuditEvent]:
    """Audit events of one (already visible) case, newest first; they never hold content."""
    return with_other_case_shown(
        AuditEvent.objects.filter(case=case).select_related("actor", "subject")
    ).order_by("-created_at", "-id")


def history_of_case(case: Case) -> QuerySet[AuditEvent]:
    """The events the back office lists, newest first: all but the openings, which
    `case_openings` sums up (every visit is audited; one line each buried the work)."""
    return events_of_case(case).exclude(verb=AuditEvent.Verb.VIEWED)


@dataclass(frozen=True)
class EventRow:
    at: str
    actor: str
    verb: str
    from_status: str  # the status's label, translated
    to_status: str
    other_case: int | None  # the other end of a link, if it has the case's owner


_EVENT_COLUMNS = (
    "created_at", "actor__username", "verb", "from_status", "to_status", "other_case_shown",
)  # fmt: skip
RECENT_EVENTS = 20


def _status_labels() -> dict[str, dict[str, str]]:
    """Per verb, the labels of the statuses its events move between (a referral step
    records the referral's status, a statistics event the annual report's)."""
    cases = {code: str(label) for code, label in CaseStatus.choices}
    referrals = {code: str(label) for code, label in Referral.Status.choices}
    reports = {code: str(label) for code, label in AnnualReportStatus.choices}
    verbs = AuditEvent.Verb
    return {
        verbs.TRANSITION: cases,
        verbs.REFERRAL_STEP: referrals,
        **dict.fromkeys(
            (
                verbs.STATISTICS_DRAFTED,
                verbs.STATISTICS_UPDATED,
                verbs.STATISTICS_PUBLISHED,
                verbs.STATISTICS_NEW_EDITION,
            ),
            reports,
        ),
    }


def _event_rows(rows) -> list[EventRow]:
    """History lines, labelled once per page: a case's history can be long."""
    verbs = {code: str(label) for code, label in AuditEvent.Verb.choices}
    statuses = _status_labels()
    return [
        EventRow(
            at=to_the_minute(created_at),
            actor=actor or "—",
            verb=verbs.get(verb, verb),
            from_status=statuses.get(verb, {}).get(from_status, from_status),
            to_status=statuses.get(verb, {}).get(to_status, to_status),
            other_case=other_case,
        )
        for created_at, actor, verb, from_status, to_status, other_case in rows
    ]


def event_rows(events: QuerySet[AuditEvent]) -> list[EventRow]:
    """Read as plain values: a page of events needs no model instances or user rows."""
    return _event_rows(events.values_list(*_EVENT_COLUMNS))


@compiled_query_by_key(AuditEvent)
def _recent_events(case_id: int) -> QuerySet:
    return (
        with_other_case_shown(AuditEvent.objects.filter(case_id=case_id))
        .exclude(verb=AuditEvent.Verb.VIEWED)
        .order_by("-created_at", "-id")
        .values_list(*_EVENT_COLUMNS)[:RECENT_EVENTS]
    )


def recent_event_rows(case: Case) -> list[EventRow]:
    """The latest events of one (already visible) case but its openings, newest first."""
    return _event_rows(_recent_events(case.pk))


@dataclass(frozen=True)
class OpeningsRow:
    actor: str
    times: int
    first: str
    last: str


@compiled_query_by_key(AuditEvent)
def _openings(case_id: int) -> QuerySet:
    return (
        AuditEvent.objects.filter(case_id=case_id, verb=AuditEvent.Verb.VIEWED)
        .values_list("actor__username")
        .annotate(times=Count("id"), first=Min("created_at"), last=Max("created_at"))
        .order_by("-last")
    )


def case_openings(case: Case) -> list[OpeningsRow]:
    """Who opened (decrypted) the case, how often, first and last: one line per person."""
    return [
        OpeningsRow(
            actor=actor or "—", times=times, first=to_the_minute(first), last=to_the_minute(last)
        )
        for actor, times, first, last in _openings(case.pk)
    ]
