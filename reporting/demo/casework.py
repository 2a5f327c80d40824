"""Demo case work on synthetic cases: assignees, messages, referrals and their history.

The services stamp every row with the present moment; a demo needs work that went on
over the past months, so the rows are built here with times of their own, never after
`now`, and sealed as the services seal them. Statuses stay as the seeder drew them, so
the statistics tallies it rebuilt stay right; the history written here is the one the
services would have written on the way to each status.
"""

import datetime
import json
import random
import uuid
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction

from reporting.crypto import seal
from reporting.models import (
    AuditEvent,
    Case,
    CaseStatus,
    Message,
    MessageAuthor,
    Referral,
    ReferralUpdate,
)
from reporting.selectors.keys import association_public_keys, referral_recipients
from reporting.selectors.referrals import member_organisations
from reporting.services.work_counts import work_counts_rebuild
from reporting.vocabulary.roles import Role

_STAFF_MESSAGES = [
    "Vielen Dank für Ihre Meldung. Wir haben sie gelesen und melden uns in den nächsten Tagen.",
    "Dürfen wir Sie für ein Beratungsgespräch anrufen? Bitte nennen Sie uns eine Zeit.",
    "Thank you for your report. Could you tell us roughly when this happened?",
    "Wir haben Ihre Meldung dokumentiert. Sie zählt in der Jahresstatistik mit.",
]
# A reporter writes in the language of their report (German where the demo has none).
_REPORTER_MESSAGES = {
    "de": [
        "Danke für die Antwort. Es ist letzte Woche noch einmal passiert.",
        "Ein Gespräch wäre gut, am besten nachmittags.",
    ],
    "en": ["It happened in the spring, I think in April."],
    "uk": ["Дякую. Я можу надіслати лист, який отримав."],
    "ru": ["Спасибо за ответ. На прошлой неделе это случилось снова."],
    "ar": ["شكرًا على الرد. حدث ذلك مرة أخرى الأسبوع الماضي."],
    "fa": ["ممنون از پاسخ شما. هفته گذشته دوباره اتفاق افتاد."],
    "pl": ["Dziękuję za odpowiedź. W zeszłym tygodniu znowu się to wydarzyło."],
    "ro": ["Mulțumesc pentru răspuns. S-a întâmplat din nou săptămâna trecută."],
    "vi": ["Cảm ơn đã trả lời. Tuần trước chuyện đó lại xảy ra."],
    "cs": ["Děkuji za odpověď. Minulý týden se to stalo znovu."],
    "tr": ["Cevabınız için teşekkürler. Geçen hafta yine oldu."],
}
_REFERRAL_SUMMARY = (
    "Meldung aus dem Demo-Datensatz: die meldende Person wünscht eine Beratung "
    "in ihrer Nähe. Kontakt über die Meldestelle."
)
_ACCEPTED = "Wir übernehmen den Fall und melden uns bei der Person."
_DECLINED = "Wir haben im Moment keine Beratungstermine frei."
_OUTCOMES = [Referral.Outcome.COUNSELLING, Referral.Outcome.MEDIATION, Referral.Outcome.COMPLAINT]
# Shares of the triaged cases.
ASSIGNED_SHARE = 0.75
REPORTER_REPLY_SHARE = 0.5
DECLINED_REFERRAL_SHARE = 0.15
# A reporter's reply this recent, on an open case, is still unread in the demo.
UNREAD_WITHIN = datetime.timedelta(days=60)
_OPEN = {CaseStatus.IN_REVIEW, CaseStatus.IN_COUNSELLING, CaseStatus.REFERRED}
_OUTCOME_STATUSES = {
    CaseStatus.IN_COUNSELLING,
    CaseStatus.REFERRED,
    CaseStatus.DOCUMENTED,
    CaseStatus.NOT_DISCRIMINATION,
}


@dataclass
class _Rows:
    """What one seeding run inserts; events keep their moment beside them."""

    now: datetime.datetime
    association: list = field(default_factory=list)
    events: list[tuple[AuditEvent, datetime.datetime]] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    updates: list[ReferralUpdate] = field(default_factory=list)

    def event(self, case: Case, at: datetime.datetime, verb: str, actor=None, **extra) -> None:
        self.events.append(
            (AuditEvent(case=case, actor=actor, verb=verb, **extra), min(at, self.now))
        )

    def transition(self, case: Case, at, actor, from_status: str, to_status: str) -> None:
        self.event(
            case,
            at,
            AuditEvent.Verb.TRANSITION,
            actor,
            from_status=from_status,
            to_status=to_status,
        )


def _later(rows: _Rows, start: datetime.datetime, rng: random.Random, hours: float):
    return min(start + datetime.timedelta(hours=rng.expovariate(1 / hours)), rows.now)


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _message(rows: _Rows, rng: random.Random, case: Case, *, side: str, author, at, read: bool):
    message = Message(
        id=_uuid(rng),
        case=case,
        author_side=side,
        author=author,
        created_at=at,
        read_by_staff=read,
        read_by_reporter=True,
    )
    if side == MessageAuthor.STAFF:
        texts = _STAFF_MESSAGES
    else:
        texts = _REPORTER_MESSAGES.get(case.language, _REPORTER_MESSAGES["de"])
    message.body = seal(
        rng.choice(texts).encode(), recipients=rows.association, context=message.context()
    )
    rows.messages.append(message)


def _refer(rows: _Rows, rng: random.Random, case: Case, *, actor, organisation, partner, at, to):
    """A referral sent at `at` that ends in status `to` (SENT, ACCEPTED, CLOSED, DECLINED)."""
    referral = Referral(
        id=_uuid(rng),
        case=case,
        organisation=organisation,
        consent_version=case.report.consent_version,
        created_by=actor,
        created_at=at,
        status=to,
    )
    recipients = referral_recipients(organisation)
    referral.summary = seal(
        json.dumps({"text": _REFERRAL_SUMMARY}, ensure_ascii=False).encode(),
        recipients=recipients,
        context=referral.context(),
    )
    rows.referrals.append(referral)
    rows.event(case, at, AuditEvent.Verb.REFERRAL_SENT, actor)
    steps = {
        Referral.Status.SENT: [],
        Referral.Status.DECLINED: [(Referral.Status.DECLINED, _DECLINED)],
        Referral.Status.ACCEPTED: [(Referral.Status.ACCEPTED, _ACCEPTED)],
        Referral.Status.CLOSED: [
            (Referral.Status.ACCEPTED, _ACCEPTED),
            (Referral.Status.CLOSED, ""),
        ],
    }[to]
    previous, moment = Referral.Status.SENT, at
    for status, text in steps:
        moment = _later(rows, moment, rng, 48)
        update = ReferralUpdate(
            id=_uuid(rng), referral=referral, author=partner, status=status, created_at=moment
        )
        if text:
            update.body = seal(text.encode(), recipients=recipients, context=update.context())
        rows.updates.append(update)
        rows.event(
            case,
            moment,
            AuditEvent.Verb.REFERRAL_STEP,
            partner,
            from_status=previous,
            to_status=status,
        )
        previous = status
    if to == Referral.Status.CLOSED:
        referral.outcome = rng.choice(_OUTCOMES)
    referral.updated_at = moment if steps else None
    return moment


def _history(rows: _Rows, rng: random.Random, case: Case, *, worker, receiving, partners):
    """The events, messages and referrals of one triaged case, oldest first."""
    first_event = len(rows.events)
    at = case.first_triaged_at
    rows.event(case, at, AuditEvent.Verb.VIEWED, worker)
    if case.status == CaseStatus.SPAM:
        rows.transition(case, at, worker, CaseStatus.NEW, CaseStatus.SPAM)
        return
    rows.transition(case, at, worker, CaseStatus.NEW, CaseStatus.IN_REVIEW)
    if case.status in _OPEN and rng.random() < ASSIGNED_SHARE:
        case.assignee = worker
        rows.event(case, at, AuditEvent.Verb.ASSIGNED, worker, subject=worker)
    if case.first_replied_at:
        at = case.first_replied_at
        _conversation(rows, rng, case, worker=worker, at=at)
    # The work status: a closed case was documented first; a referred one is reached below.
    status = CaseStatus.DOCUMENTED if case.status == CaseStatus.CLOSED else case.status
    if status not in (CaseStatus.IN_REVIEW, CaseStatus.REFERRED):
        at = _later(rows, at, rng, 72)
        rows.transition(case, at, worker, CaseStatus.IN_REVIEW, status)
    declined = (
        case.status in _OPEN
        and status != CaseStatus.REFERRED
        and rng.random() < DECLINED_REFERRAL_SHARE
    )
    if status == CaseStatus.REFERRED or declined:
        at = _later(rows, at, rng, 72)
        before = CaseStatus.IN_REVIEW if status == CaseStatus.REFERRED else status
        rows.transition(case, at, worker, before, CaseStatus.REFERRED)
        if case.report.consent_referral and receiving:
            organisation = _best_fit(case, receiving, rng)
            partner = partners.get(organisation.pk)
            to = _referral_status(rows.now - at, declined=declined, rng=rng)
            answered = _refer(
                rows, rng, case, actor=worker, organisation=organisation, partner=partner,
                at=at, to=to,
            )  # fmt: skip
            if declined:
                rows.transition(case, answered, partner, CaseStatus.REFERRED, status)
    if case.status == CaseStatus.CLOSED:
        at = _later(rows, at, rng, 24 * 30)
        rows.transition(case, at, worker, status, CaseStatus.CLOSED)
    case.updated_at = max(moment for _event, moment in rows.events[first_event:])


def _conversation(rows: _Rows, rng: random.Random, case: Case, *, worker, at) -> None:
    """The caseworker's first message; sometimes the reporter answers, recently unread."""
    rows.event(case, at, AuditEvent.Verb.VIEWED, worker)
    _message(rows, rng, case, side=MessageAuthor.STAFF, author=worker, at=at, read=True)
    rows.event(case, at, AuditEvent.Verb.STAFF_MESSAGE, worker)
    replied = _later(rows, at, rng, 72)
    if rng.random() >= REPORTER_REPLY_SHARE or replied >= rows.now:
        return
    unread = case.status in _OPEN and rows.now - replied < UNREAD_WITHIN
    _message(rows, rng, case, side=MessageAuthor.REPORTER, author=None, at=replied, read=not unread)
    rows.event(case, replied, AuditEvent.Verb.REPORTER_MESSAGE)
    case.unread_for_staff = unread
    if not unread:
        rows.event(case, _later(rows, replied, rng, 24), AuditEvent.Verb.VIEWED, worker)


def _referral_status(age: datetime.timedelta, *, declined: bool, rng: random.Random) -> str:
    """Where a referral sent `age` ago stands: young ones unanswered, old ones often closed."""
    if declined:
        return Referral.Status.DECLINED
    if age < datetime.timedelta(days=45):
        return Referral.Status.SENT
    if age > datetime.timedelta(days=60) and rng.random() < 0.5:
        return Referral.Status.CLOSED
    return Referral.Status.ACCEPTED


def _best_fit(case: Case, receiving: list, rng: random.Random):
    """An organisation serving the case's district if one can receive, else any."""
    near = [o for o in receiving if case.district in o.districts]
    return rng.choice(near or receiving)


def create_demo_case_work(*, caseworkers: list, seed: int, now: datetime.datetime) -> dict:
    """History, messages and referrals for every triaged case; returns what it made."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data
    rows = _Rows(now=now, association=association_public_keys())
    receiving = list(member_organisations().filter(can_receive=True).order_by("pk"))
    partners = {
        user.staff.organisation_id: user
        for user in get_user_model()
        .objects.filter(groups__name=Role.PARTNER, staff__organisation__in=receiving)
        .select_related("staff")
        .order_by("pk")
    }
    cases = list(
        Case.objects.exclude(status=CaseStatus.NEW).select_related("report").order_by("id")
    )
    for case in cases:
        _history(
            rows, rng, case, worker=rng.choice(caseworkers), receiving=receiving, partners=partners
        )
    with transaction.atomic():
        Case.objects.bulk_update(
            cases, ["assignee", "unread_for_staff", "updated_at"], batch_size=500
        )
        Message.objects.bulk_create(rows.messages, batch_size=500)
        Referral.objects.bulk_create(rows.referrals, batch_size=500)
        ReferralUpdate.objects.bulk_create(rows.updates, batch_size=500)
        work_counts_rebuild(Case.objects.exclude(status=CaseStatus.NEW))
        events = AuditEvent.objects.bulk_create(
            [event for event, _at in rows.events], batch_size=500
        )
        # created_at is auto_now_add: the insert stamped the present, the demo needs the past.
        for event, (_event, at) in zip(events, rows.events, strict=True):
            AuditEvent.objects.filter(pk=event.pk).update(created_at=at)
    return {
        "cases": len(cases),
        "messages": len(rows.messages),
        "referrals": len(rows.referrals),
        "events": len(rows.events),
    }
