"""`manage.py seed_synthetic --count N --year Y`: many synthetic reports, fast.

Reports come from `reporting.synthetic` (content really sealed to the
association's keys, no receipt code). On top, every report gets a case with a
realistic status and timestamps, some cases get a caseworker's assessment
that differs now and then from the reporter's own classification, and some
are spam or not discrimination, so the statistics see both sources and both
kinds of exclusion. Sealing is the expensive part: `--workers` spreads it
over processes while the main process inserts.
"""

import datetime
import multiprocessing
import random
import time
from collections.abc import Iterator

from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction
from django.utils import timezone

from reporting.models import Assessment, Case, CaseStatus, Report
from reporting.selectors.keys import NoAssociationKey, association_public_keys
from reporting.synthetic import build_synthetic_reports
from reporting.taxonomy import Area, District, Ground

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
_TZ = datetime.UTC


def _build_batch(args) -> list[Report]:
    """Runs in a worker process: build and seal one batch (no database access)."""
    size, year, recipients, seed = args
    return build_synthetic_reports(
        count=size, year=year, recipients=recipients, rng=random.Random(seed)
    )


def _batches(count: int, batch_size: int) -> list[int]:
    sizes = [batch_size] * (count // batch_size)
    if count % batch_size:
        sizes.append(count % batch_size)
    return sizes


def _moment(day: datetime.date, hours: float) -> datetime.datetime:
    start = datetime.datetime.combine(day, datetime.time(8), tzinfo=_TZ)
    return start + datetime.timedelta(hours=hours)


def _status(rng: random.Random) -> str:
    draw = rng.random()
    if draw < SPAM_SHARE:
        return CaseStatus.SPAM
    if draw < SPAM_SHARE + NOT_DISCRIMINATION_SHARE:
        return CaseStatus.NOT_DISCRIMINATION
    statuses, weights = zip(*_WORK_STATUSES, strict=True)
    return rng.choices(statuses, weights)[0]


def _assessment_values(report: Report, rng: random.Random) -> dict:
    """The caseworker mostly agrees with the reporter; sometimes corrects one thing."""
    grounds, areas, district = list(report.grounds), list(report.areas), report.district
    if rng.random() < 0.25:
        extra = rng.choice([Ground.RACISM, Ground.RESIDENCE_STATUS, Ground.LANGUAGE, Ground.OTHER])
        grounds = sorted({*grounds[:1], str(extra)})
    if rng.random() < 0.15:
        areas = sorted({*areas[:1], str(rng.choice(list(Area)))})
    if district in (District.UNKNOWN, District.OUTSIDE_SAXONY) and rng.random() < 0.5:
        district = str(rng.choice([District.LEIPZIG, District.DRESDEN, District.CHEMNITZ]))
    return {"grounds": grounds, "areas": areas, "forms": list(report.forms), "district": district}


def _cases(reports: list[Report], rng: random.Random) -> tuple[list[Case], list[dict | None]]:
    cases, plans = [], []
    for report in reports:
        status = _status(rng)
        case = Case(report=report, status=status, unread_for_staff=status == CaseStatus.NEW)
        plan = None
        if status != CaseStatus.NEW:
            triage_hours = rng.expovariate(1 / 30)
            case.first_triaged_at = _moment(report.created_on, triage_hours)
            if status != CaseStatus.SPAM and rng.random() < 0.7:
                case.first_replied_at = _moment(
                    report.created_on, triage_hours + rng.expovariate(1 / 20)
                )
            case.updated_at = case.first_replied_at or case.first_triaged_at
            if status == CaseStatus.NOT_DISCRIMINATION:
                plan = {"is_discrimination": False}
            elif status != CaseStatus.SPAM and rng.random() < ASSESSED_SHARE:
                plan = {"is_discrimination": rng.choices([True, None, False], [90, 8, 2])[0]}
            if plan is not None:
                plan["assessed_at"] = case.first_triaged_at + datetime.timedelta(hours=2)
        cases.append(case)
        plans.append(plan)
    return cases, plans


def seed_synthetic(
    *,
    count: int,
    year: int,
    seed: int = 1,
    batch_size: int = 5000,
    workers: int = 1,
    progress=None,
) -> dict[str, int]:
    """Insert `count` synthetic reports of `year` with cases and some assessments."""
    recipients = association_public_keys()
    sizes = _batches(count, batch_size)
    jobs = [(size, year, recipients, seed * 1_000_003 + index) for index, size in enumerate(sizes)]
    totals = {"reports": 0, "assessments": 0, "spam": 0, "not_discrimination": 0}
    pool = None
    if workers > 1:
        connections.close_all()  # never share a database connection with a forked child
        pool = multiprocessing.get_context("fork").Pool(workers)
        built: Iterator[list[Report]] = pool.imap(_build_batch, jobs)
    else:
        built = map(_build_batch, jobs)
    try:
        for index, reports in enumerate(built):
            rng = random.Random(seed * 7_000_009 + index)
            cases, plans = _cases(reports, rng)
            with transaction.atomic():
                Report.objects.bulk_create(reports, batch_size=batch_size)
                Case.objects.bulk_create(cases, batch_size=batch_size)
                assessments = [
                    Assessment(case=case, **_assessment_values(case.report, rng), **plan)
                    for case, plan in zip(cases, plans, strict=True)
                    if plan is not None
                ]
                Assessment.objects.bulk_create(assessments, batch_size=batch_size)
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
        parser.add_argument("--seed", type=int, default=1, help="random seed (reproducible)")
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
