"""`manage.py seed_synthetic --count N --year Y`: many synthetic reports, fast.

Reports come from `reporting.demo.synthetic` (content really sealed to the
association's keys, no receipt code). On top, every report gets a case with a
realistic status and timestamps, some cases get a caseworker's assessment
that differs now and then from the reporter's own classification, and some
are spam or not discrimination, so the statistics see both sources and both
kinds of exclusion. Assessed cases carry counselling documentation (actor,
consequences, an outcome once closed) and interventions without notes. Sealing is
the expensive part: `--workers` spreads it
over processes while the main process inserts.
"""

import datetime
import multiprocessing
import random
import time
import uuid
from collections.abc import Iterator
from typing import NamedTuple

from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.db.models import Max
from django.utils import timezone

from reporting.demo.synthetic import build_synthetic_reports
from reporting.fields import CodeSetField
from reporting.models import Assessment, Case, CaseStatus, Intervention, Report
from reporting.selectors.keys import NoAssociationKey, association_public_keys
from reporting.services.tallies import tallies_rebuild
from reporting.vocabulary.documentation import (
    Actor,
    Consequence,
    CounsellingOutcome,
    InterventionKind,
)
from reporting.vocabulary.taxonomy import Area, District, Ground
from reporting.vocabulary.workflow import exclusion_after

# Shares of all cases; the rest is ordinary case work.
SPAM_SHARE = 0.02
NOT_DISCRIMINATION_SHARE = 0.04
ASSESSED_SHARE = 0.30
_WORK_STATUSES = [
    (CaseStatus.NEW, 8),
    (CaseStatus.IN_REVIEW, 10),
    (CaseStatus.IN_COUNSELLING, 15),
    (CaseStatus.REFERRED, 7),
    (CaseStatus.DOCUMENTED, 30),
    (CaseStatus.CLOSED, 30),
]
# Mean hours from receipt to triage for the cases that wait (most take 30), from triage
# to the decision on what to do, from there to closing.
_SLOW_TRIAGE_HOURS = 24 * 14
_DECISION_HOURS = 24 * 10
_CLOSING_HOURS = 24 * 60
_TZ = datetime.UTC


_BITS: dict[type, dict[str, int]] = {}


def _mask(field: CodeSetField, codes) -> int:
    bits = _BITS.get(field.choices_class)
    if bits is None:
        bits = {code: 1 << i for i, code in enumerate(field.choices_class.values)}
        _BITS[field.choices_class] = bits
    mask = 0
    for code in codes:
        mask |= bits[code]
    return mask


def _db_row(obj, fields, connection) -> tuple:
    """The values Django would send for `obj`, without its per-query overhead."""
    row = []
    for field in fields:
        value = getattr(obj, field.attname)
        if isinstance(field, models.BinaryField):
            row.append(None if value is None else bytes(value))
        elif isinstance(field, CodeSetField):
            row.append(value if isinstance(value, int) else _mask(field, value))
        else:
            row.append(field.get_db_prep_save(value, connection))
    return tuple(row)


class SyntheticReport(NamedTuple):
    """The clear columns Case.classify() and the assessments need."""

    pk: object
    created_on: datetime.date
    language: str
    reporter_role: str
    reported_to_police: str
    district: str
    grounds: list[str]
    areas: list[str]
    forms: list[str]
    incident_types: list[str]
    incident_month: str
    consent_referral: bool
    channel: str


def _build_batch(args) -> tuple[list[tuple], list[SyntheticReport]]:
    """Runs in a worker process: build, seal and convert one batch (no queries)."""
    size, year, recipients, seed = args
    reports = build_synthetic_reports(
        count=size,
        year=year,
        recipients=recipients,
        rng=random.Random(seed),  # noqa: S311
    )
    connection = connections["default"]
    fields = Report._meta.concrete_fields
    rows = [_db_row(report, fields, connection) for report in reports]
    # The main process needs a few clear columns only, not model instances.
    clear = [
        SyntheticReport(*(getattr(r, name) for name in SyntheticReport._fields)) for r in reports
    ]
    return rows, clear


def _insert(model, rows: list[tuple]) -> None:
    """COPY on PostgreSQL, one executemany elsewhere; ids are set by the caller."""
    connection = connections["default"]
    columns = [field.column for field in model._meta.concrete_fields]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            insert = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 - names
            cursor.executemany(insert, rows)


def _batches(count: int, batch_size: int) -> list[int]:
    sizes = [batch_size] * (count // batch_size)
    if count % batch_size:
        sizes.append(count % batch_size)
    return sizes


def _moment(day: datetime.date, hours: float) -> datetime.datetime:
    start = datetime.datetime.combine(day, datetime.time(8), tzinfo=_TZ)
    return start + datetime.timedelta(hours=hours)


def _status(rng: random.Random, report: SyntheticReport) -> str:
    draw = rng.random()
    if draw < SPAM_SHARE:
        return CaseStatus.SPAM
    if draw < SPAM_SHARE + NOT_DISCRIMINATION_SHARE:
        return CaseStatus.NOT_DISCRIMINATION
    statuses, weights = zip(*_WORK_STATUSES, strict=True)
    status = rng.choices(statuses, weights)[0]
    if status == CaseStatus.REFERRED and not report.consent_referral:
        return CaseStatus.IN_COUNSELLING  # no referral without the reporter's consent
    return status


# Who was responsible, roughly as counselling centres report it; not real data.
_ACTOR_WEIGHTS = {actor: 2 for actor in Actor} | {
    Actor.EMPLOYER: 12,
    Actor.LANDLORD: 10,
    Actor.PUBLIC_AUTHORITY: 10,
    Actor.SHOP_SERVICE: 8,
    Actor.PRIVATE_PERSON: 12,
    Actor.SCHOOL_EDUCATION: 6,
    Actor.POLICE: 4,
}
_CONSEQUENCES = [c for c in Consequence if c != Consequence.NONE_KNOWN]
# What counsellors did, by the status the case reached (a referral needs a referral row).
_INTERVENTIONS = {
    CaseStatus.IN_COUNSELLING: [k for k in InterventionKind if k != InterventionKind.REFERRAL],
    CaseStatus.CLOSED: [k for k in InterventionKind if k != InterventionKind.REFERRAL],
    CaseStatus.DOCUMENTED: [InterventionKind.DOCUMENTATION_ONLY],
}


def _documentation(report: SyntheticReport, grounds: list[str], status: str, rng) -> dict:
    return {
        "incident_types": list(report.incident_types),
        "actor": rng.choices(list(_ACTOR_WEIGHTS), list(_ACTOR_WEIGHTS.values()))[0],
        "multidimensional": len(grounds) > 1 and rng.random() < 0.7,
        "consequences": sorted(rng.sample(_CONSEQUENCES, rng.randint(0, 2)))
        or [Consequence.NONE_KNOWN],
        "outcome": rng.choice(CounsellingOutcome.values) if status == CaseStatus.CLOSED else "",
    }


def _interventions(case: Case, received: datetime.date, rng) -> list[Intervention]:
    kinds = _INTERVENTIONS.get(case.status)
    if not kinds:
        return []
    interventions = []
    for kind in sorted(set(rng.choices(kinds, k=rng.randint(1, 2)))):
        day = received + datetime.timedelta(days=rng.randint(1, 20))
        interventions.append(
            Intervention(
                id=uuid.UUID(int=rng.getrandbits(128), version=4),
                case=case,
                kind=kind,
                occurred_on=day,
                created_at=_moment(day, 2),
            )
        )
    return interventions


def _assessment_values(report: SyntheticReport, rng: random.Random, status: str) -> dict:
    """The caseworker mostly agrees with the reporter; sometimes corrects one thing."""
    grounds, areas, district = list(report.grounds), list(report.areas), report.district
    if rng.random() < 0.25:
        extra = rng.choice([Ground.RACISM, Ground.RESIDENCE_STATUS, Ground.LANGUAGE, Ground.OTHER])
        grounds = sorted({*grounds[:1], str(extra)})
    if rng.random() < 0.15:
        areas = sorted({*areas[:1], str(rng.choice(list(Area)))})
    if district in (District.UNKNOWN, District.OUTSIDE_SAXONY) and rng.random() < 0.5:
        district = str(rng.choice([District.LEIPZIG, District.DRESDEN, District.CHEMNITZ]))
    return {
        "grounds": grounds,
        "areas": areas,
        "forms": list(report.forms),
        "district": district,
        **_documentation(report, grounds, status, rng),
    }


def _reached(drawn: str, now, *, triaged, decided, closed) -> str:
    """How far the work towards the `drawn` status has got by `now`: a young case is
    still new or being reviewed, a documented one closes weeks later."""
    if now < triaged:
        return CaseStatus.NEW
    if drawn == CaseStatus.NEW:  # the slow ones: triaged late, then reviewed like any other
        drawn = CaseStatus.IN_REVIEW
    if drawn in (CaseStatus.SPAM, CaseStatus.IN_REVIEW):
        return drawn
    if now < decided:
        return CaseStatus.IN_REVIEW
    if drawn == CaseStatus.CLOSED and now < closed:
        return CaseStatus.DOCUMENTED
    return drawn


def _cases(
    reports: list[SyntheticReport], rng: random.Random, now: datetime.datetime
) -> tuple[list[Case], list[dict | None]]:
    """Cases with the timestamps of their work so far: nothing happens after `now`, so a
    report received today is still new and a reply not yet written is not stamped."""
    cases, plans = [], []
    for report in reports:
        drawn = _status(rng, report)
        triage_hours = rng.expovariate(1 / (_SLOW_TRIAGE_HOURS if drawn == CaseStatus.NEW else 30))
        reply_hours = triage_hours + rng.expovariate(1 / 20)
        decided = _moment(report.created_on, triage_hours + rng.expovariate(1 / _DECISION_HOURS))
        status = _reached(
            drawn,
            now,
            triaged=_moment(report.created_on, triage_hours),
            decided=decided,
            closed=decided + datetime.timedelta(hours=rng.expovariate(1 / _CLOSING_HOURS)),
        )
        case = Case(
            report_id=report.pk,
            status=status,
            excluded_as=exclusion_after(status, ""),
            unread_for_staff=status == CaseStatus.NEW,
        )
        plan = None
        if status != CaseStatus.NEW:
            case.first_triaged_at = _moment(report.created_on, triage_hours)
            replied_at = _moment(report.created_on, reply_hours)
            if status != CaseStatus.SPAM and rng.random() < 0.7 and replied_at <= now:
                case.first_replied_at = replied_at
            case.updated_at = case.first_replied_at or case.first_triaged_at
            if status == CaseStatus.NOT_DISCRIMINATION:
                plan = {"is_discrimination": False}
            elif status != CaseStatus.SPAM and rng.random() < ASSESSED_SHARE:
                plan = {"is_discrimination": rng.choices([True, None, False], [90, 8, 2])[0]}
            if plan is not None:
                plan["assessed_at"] = min(case.first_triaged_at + datetime.timedelta(hours=2), now)
        cases.append(case)
        plans.append(plan)
    return cases, plans


def seed_synthetic(
    *,
    count: int,
    year: int,
    seed: int | None = None,
    batch_size: int = 5000,
    workers: int = 1,
    progress=None,
) -> dict[str, int]:
    """Insert `count` synthetic reports of `year` with cases and some assessments.

    Rows go in with COPY (PostgreSQL) or executemany (SQLite) and explicit ids,
    so do not run two seeders, or case work, at the same time.
    """
    recipients = association_public_keys()
    if seed is None:
        seed = random.SystemRandom().getrandbits(48)  # a second run must not repeat the ids
    seed = seed * 10_007 + year
    jobs = [
        (size, year, recipients, seed * 1_000_003 + index)
        for index, size in enumerate(_batches(count, batch_size))
    ]
    totals = {"reports": 0, "assessments": 0, "spam": 0, "not_discrimination": 0}
    next_case = (Case.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    next_assessment = (Assessment.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    now = timezone.now()
    pool = None
    if workers > 1:
        connections.close_all()  # never share a database connection with a forked child
        pool = multiprocessing.get_context("fork").Pool(workers)
    built: Iterator = pool.imap(_build_batch, jobs) if pool else map(_build_batch, jobs)
    connection = connections["default"]
    case_fields = Case._meta.concrete_fields
    assessment_fields = Assessment._meta.concrete_fields
    intervention_fields = Intervention._meta.concrete_fields
    try:
        for index, (report_rows, reports) in enumerate(built):
            rng = random.Random(seed * 7_000_009 + index)  # noqa: S311
            cases, plans = _cases(reports, rng, now)
            assessments, interventions = [], []
            for report, case, plan in zip(reports, cases, plans, strict=True):
                case.id, next_case = next_case, next_case + 1
                assessment = None
                if plan is not None:
                    assessment = Assessment(
                        id=next_assessment,
                        case=case,
                        **_assessment_values(report, rng, case.status),
                        **plan,
                    )
                    next_assessment += 1
                    assessments.append(assessment)
                    done = _interventions(case, report.created_on, rng)
                    case.intervention_kinds = [i.kind for i in done]
                    interventions += done
                case.classify(report, assessment)
            with transaction.atomic():
                _insert(Report, report_rows)
                _insert(Case, [_db_row(c, case_fields, connection) for c in cases])
                _insert(
                    Assessment, [_db_row(a, assessment_fields, connection) for a in assessments]
                )
                _insert(
                    Intervention,
                    [_db_row(i, intervention_fields, connection) for i in interventions],
                )
            totals["reports"] += len(reports)
            totals["assessments"] += len(assessments)
            totals["spam"] += sum(c.status == CaseStatus.SPAM for c in cases)
            totals["not_discrimination"] += sum(
                c.status == CaseStatus.NOT_DISCRIMINATION for c in cases
            )
            if progress:
                progress(totals["reports"], count)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    with connection.cursor() as cursor:  # explicit ids: move the sequences past them
        for statement in connection.ops.sequence_reset_sql(no_style(), [Case, Assessment]):
            cursor.execute(statement)
    tallies_rebuild([year])
    return totals


class Command(BaseCommand):
    help = (
        "Bulk-create synthetic reports (really encrypted, no receipt code) with cases, "
        "some assessments and some spam / not-discrimination cases, for demos and benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="number of reports")
        parser.add_argument(
            "--year",
            type=int,
            default=timezone.localdate().year - 1,
            help="year of submission (default: last year)",
        )
        parser.add_argument(
            "--seed", type=int, default=None, help="random seed (default: a new one each run)"
        )
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument(
            "--workers", type=int, default=1, help="processes that seal content in parallel"
        )

    def handle(self, *args, count, year, seed, batch_size, workers, verbosity, **options):
        if count < 1 or batch_size < 1 or workers < 1:
            raise CommandError("--count, --batch-size and --workers must be positive.")
        began = time.monotonic()
        last = [began]

        def progress(done: int, total: int) -> None:
            if verbosity > 1 or (verbosity and time.monotonic() - last[0] > 10):
                last[0] = time.monotonic()
                self.stdout.write(f"  {done} / {total} reports")

        try:
            totals = seed_synthetic(
                count=count,
                year=year,
                seed=seed,
                batch_size=batch_size,
                workers=workers,
                progress=progress,
            )
        except NoAssociationKey:
            raise CommandError(
                "The association has no key yet: run `manage.py keys init` first."
            ) from None
        self.stdout.write(
            f"Seeded {totals['reports']} synthetic reports of {year} "
            f"({totals['assessments']} assessed, {totals['spam']} spam, "
            f"{totals['not_discrimination']} not discrimination) "
            f"in {time.monotonic() - began:.1f} s."
        )
