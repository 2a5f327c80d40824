"""The annual report over a million reports: PostgreSQL, SQLite, memory, page time.

    python -m bench statistics      (once "statistics" is listed in bench.SCENARIOS)
    python -m bench.statistics      (stand-alone, same stack and output)

Rows: `manage.py seed_synthetic` fills the stack's PostgreSQL database
(really sealed content, cases, ~30 % assessments, spam and not-discrimination
cases); the same rows are then copied into a temporary SQLite file, so both
databases hold identical data without sealing a million reports twice.

The cases are spread over 66 member organisations and the association
(`Case.member_organisation`, set after seeding: `--spread`; the content stays sealed
to the association, which statistics never read).

"Full annual report" is what publishing does, measured in a fresh process
(`--probe`, Django set up against the database under test): the four
groupings of one SQL statement, all tables, suppression with k = 5, the five
SVG charts and the rendered report page, median of three runs without
tracemalloc; a fourth run with it gives the Python heap's peak, next to the
process's maximum RSS. The published page is then timed through gunicorn and
in-process with the Django test client (the page is cached per process after
its first rendering; the first, uncached rendering is reported too).

"Exports for funders" (reporting/selectors/funder_export.py) are timed in the same
probe, XLSX file included: the whole network's calendar year (read from the tallies, as
the annual report is) and one member organisation's year (counted from its cases),
against the report's targets; a network-wide half year (counted from the cases) is
shown without a target.

BENCH_STATISTICS_REPORTS (default 1000000) changes the number of reports.
"""

import datetime
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

from bench.report import Section, ms, percentile
from bench.stack import ROOT, Stack, log

NAME = "statistics"
TITLE = "Annual statistics report (1,000,000 reports)"

REPORTS = int(os.environ.get("BENCH_STATISTICS_REPORTS", "1000000"))
YEAR = datetime.date.today().year - 1
RUNS = 3
PAGE_REQUESTS = 200
POSTGRES_TARGET = 2.0
SQLITE_TARGET = 5.0
MEMORY_TARGET = 300 * 1024 * 1024
PAGE_TARGET = 0.020
SEED_TIMEOUT = 3 * 3600
MEMBER_ORGANISATIONS = 66
COPIED_TABLES = (
    "reporting_organisation",
    "reporting_report",
    "reporting_case",
    "reporting_assessment",
    "reporting_statisticstally",
)
PAGE_PATH = f"/de/statistics/{YEAR}/1/"
# BENCH_STATISTICS_DATABASE: another name where several people benchmark on one machine.
DATABASE = os.environ.get("BENCH_STATISTICS_DATABASE", "meldestelle_bench_statistics")


def mb(size: float) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


# -- the probe: runs in its own process with Django set up --------------------------------


def probe(publish: bool) -> dict:
    """Time the full report a few times; optionally publish it and time its page.

    The timed runs go without tracemalloc (it slows every allocation down);
    one more run with it measures the Python heap's peak.
    """
    import django

    django.setup()
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.test import Client, RequestFactory
    from django.utils import timezone, translation

    from frontend.statistics.presenters import legend, present, year_on_year_view
    from performance import page_cache
    from reporting.models import AnnualReport
    from reporting.selectors.statistics import year_counts, year_counts_scanned
    from reporting.statistics import annual, labels
    from reporting.statistics.counts import YearCounts

    host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "testserver"
    translation.activate("de")
    runs, parts = [], []
    body, html = None, ""
    for run in range(RUNS + 1):
        if run == RUNS:
            tracemalloc.start()
        began = time.perf_counter()
        counts = year_counts(YEAR)
        counted = time.perf_counter()
        body = annual.build_tables(counts, k=5, codes=labels.codes())
        built = time.perf_counter()
        context = {
            "report": AnnualReport(year=YEAR, edition=1, k=5, snapshot=body),
            "body": body,
            "tables": present(body, prefix="bench"),  # the five SVG charts, every table
            "change": year_on_year_view(body),
            "legend": legend(5),
            "editions": [1],
            "latest_edition": 1,
        }
        request = RequestFactory(HTTP_HOST=host).get(PAGE_PATH)
        html = render_to_string("statistics/report.html", context, request=request)
        done = time.perf_counter()
        if run < RUNS:
            runs.append(done - began)
            parts.append((counted - began, built - counted, done - built))
    assert body is not None
    result = {
        "runs": runs,
        "parts": parts,
        "included": body["tables"][0]["rows"][3]["value"]["value"],
        "suppressed": body["suppressed"],
        "html_bytes": len(html),
        "python_peak": tracemalloc.get_traced_memory()[1],
        "max_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }
    tracemalloc.stop()
    result.update(_exports())
    # What the tallies spare publishing, and a check of them at full size.
    began = time.perf_counter()
    scanned = year_counts_scanned(YEAR)
    result["recount"] = time.perf_counter() - began
    figures = [
        field for field in YearCounts.__dataclass_fields__ if field not in ("year", "incidents")
    ]
    for basis, ours, theirs in (("reports", counts, scanned),
                                ("incidents", counts.incidents, scanned.incidents)):  # fmt: skip
        for name in figures:
            if dict(getattr(theirs, name)) != dict(getattr(ours, name)):
                raise RuntimeError(
                    f"the tallies disagree with a count of the cases: {basis} {name}"
                )
    if publish:
        AnnualReport.objects.filter(year=YEAR).delete()
        extras = {"edition": 1, "foreword": "", "methodology": "", "correction_note": ""}
        AnnualReport.objects.create(
            year=YEAR,
            edition=1,
            k=5,
            status="PUBLISHED",
            snapshot={**body, **extras, "published_on": timezone.localdate().isoformat()},
            published_at=timezone.now(),
        )
        client = Client(HTTP_HOST=host)
        page_cache._pages.clear()
        began = time.perf_counter()
        first = client.get(PAGE_PATH)
        result["page_first"] = time.perf_counter() - began
        if first.status_code != 200:
            raise RuntimeError(f"{PAGE_PATH} answered {first.status_code}")
        times = []
        for _ in range(PAGE_REQUESTS):
            began = time.perf_counter()
            client.get(PAGE_PATH)
            times.append(time.perf_counter() - began)
        result["page_times"] = times
    return result


def _exports() -> dict:
    """Median seconds of the network's and one organisation's export of YEAR (XLSX file
    included), and one network-wide half year counted from the cases."""
    from django.utils import timezone

    from reporting.selectors.funder_export import NETWORK, funder_export, member_organisations
    from reporting.statistics.funder_export import export_xlsx

    def timed(start: datetime.date, end: datetime.date, organisation: str) -> float:
        began = time.perf_counter()
        export = funder_export(
            start=start, end=end, basis="received", organisation=organisation,
            today=timezone.localdate(),
        )  # fmt: skip
        export_xlsx(export)
        return time.perf_counter() - began

    year = (datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31))
    organisation = member_organisations().first()
    return {
        "export_network": [timed(*year, NETWORK) for _ in range(RUNS)],
        "export_organisation": [timed(*year, str(organisation.pk)) for _ in range(RUNS)],
        "export_half_year": timed(year[0], datetime.date(YEAR, 6, 30), NETWORK),
    }


def spread() -> dict:
    """66 member organisations; every case to one of them or to the association (each
    67th), as a network's statistics would find them."""
    import django

    django.setup()
    from django.db import connection

    from reporting.models import Organisation

    Organisation.objects.filter(name__endswith="(bench)").delete()
    members = Organisation.objects.bulk_create(
        Organisation(name=f"Mitgliedsorganisation {n:02d} (bench)", kind=Organisation.Kind.MEMBER)
        for n in range(1, MEMBER_ORGANISATIONS + 1)
    )
    ids = [member.pk for member in members]
    with connection.cursor() as cursor:
        # id % 67 = 0: the association's own case; else the (id % 67)-th organisation.
        cursor.execute(
            "UPDATE reporting_case SET member_organisation_id = CASE WHEN id %% %s = 0 "
            "THEN NULL ELSE (%s::bigint[])[id %% %s] END",
            [len(ids) + 1, ids, len(ids) + 1],
        )
        cursor.execute("ANALYZE reporting_case")
    return {"organisations": len(ids)}


def _run_probe(env: dict, *, publish: bool) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "bench.statistics", "--probe", *(["--publish"] if publish else [])],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"probe failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- data ------------------------------------------------------------------------------------


def _seed(stack: Stack) -> float:
    log(f"statistics: seed_synthetic --count {REPORTS} --year {YEAR} (sealing takes minutes)")
    began = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "seed_synthetic",
            "--count",
            str(REPORTS),
            "--year",
            str(YEAR),
            "--seed",
            "20261127",
            "--batch-size",
            "10000",
            "--workers",
            str(max(1, len(os.sched_getaffinity(0)))),
            "--verbosity",
            "0",
        ],
        cwd=ROOT,
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=SEED_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"seed_synthetic failed:\n{result.stderr[-3000:]}")
    spread_out = subprocess.run(
        [sys.executable, "-m", "bench.statistics", "--spread"],
        cwd=ROOT,
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if spread_out.returncode != 0:
        raise RuntimeError(f"spreading the cases failed:\n{spread_out.stderr[-3000:]}")
    with stack.connect() as conn:
        conn.execute("ANALYZE")  # as autovacuum would, before anyone reads the year
    return time.monotonic() - began


def _sqlite_value(value):
    if isinstance(value, memoryview):
        return bytes(value)
    if hasattr(value, "hex") and hasattr(value, "version"):  # uuid.UUID → Django's char(32)
        return value.hex
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | dict):  # a JSONField (Organisation.languages)
        return json.dumps(value)
    return value


def _copy_to_sqlite(stack: Stack, path: Path) -> float:
    """The stack's reports, cases and assessments into a migrated SQLite file."""
    import sqlite3

    began = time.monotonic()
    target = sqlite3.connect(path)
    target.execute("PRAGMA synchronous=OFF")
    with stack.connect() as source:
        for table in COPIED_TABLES:
            columns = [r[1] for r in target.execute(f"PRAGMA table_info({table})")]
            names = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" * len(columns))
            # `migrate` wrote the counting-format row already: the copy replaces it.
            target.execute(f"DELETE FROM {table}")  # noqa: S608 - our own tables
            with source.transaction(), source.cursor(name=f"copy_{table}") as cursor:
                cursor.itersize = 20_000
                cursor.execute(f"SELECT {names} FROM {table}")  # noqa: S608 - our own tables
                while rows := cursor.fetchmany(20_000):
                    target.executemany(
                        f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608
                        [tuple(_sqlite_value(v) for v in row) for row in rows],
                    )
            target.commit()
            log(f"statistics: copied {table} to SQLite")
    target.execute("ANALYZE")
    target.close()
    return time.monotonic() - began


def _gunicorn_page(stack: Stack) -> tuple[list[float], Counter] | None:
    """Sequential GETs of the published page: times of the 200s, and every status seen."""
    import httpx

    statuses: Counter = Counter()
    with httpx.Client(base_url=stack.base_url, timeout=30) as http:
        if http.get(PAGE_PATH).status_code != 200:
            return None
        for _ in range(2 * int(os.environ.get("WEB_CONCURRENCY", "5"))):
            http.get(PAGE_PATH)  # every worker renders (and caches) the page once
        times = []
        for _ in range(PAGE_REQUESTS):
            began = time.perf_counter()
            response = http.get(PAGE_PATH)
            elapsed = time.perf_counter() - began
            statuses[response.status_code] += 1
            if response.status_code == 200:
                times.append(elapsed)
    return times, statuses


# -- the scenario -----------------------------------------------------------------------------


def _report_figures(section: Section, label: str, probe: dict, target: float) -> None:
    runs = sorted(probe["runs"])
    median = runs[len(runs) // 2]
    section.add(
        f"{label}: full annual report (tallies, tables, suppression, charts, page), "
        f"median of {len(runs)}",
        f"{median:.2f} s",
        f"< {target:.0f} s",
        median < target,
    )
    best = min(range(len(probe["runs"])), key=lambda i: probe["runs"][i])
    counting, building, rendering = probe["parts"][best]
    section.info(
        f"{label}: of the fastest run — reading the tallies / tables + suppression / charts + page",
        f"{counting:.2f} s / {building:.2f} s / {rendering:.2f} s",
    )
    section.info(
        f"{label}: counting the year from the cases instead (tallies_rebuild; the tallies "
        "agreed with it)",
        f"{probe['recount']:.2f} s",
    )
    for key, what in (
        ("export_network", "export for funders, whole network, one year (XLSX)"),
        ("export_organisation", "export for funders, one member organisation, one year (XLSX)"),
    ):
        runs = sorted(probe[key])
        median = runs[len(runs) // 2]
        section.add(
            f"{label}: {what}, median of {len(runs)}",
            f"{median:.2f} s",
            f"< {target:.0f} s",
            median < target,
        )
    section.info(
        f"{label}: export for funders, whole network, a half year (counted from the cases)",
        f"{probe['export_half_year']:.2f} s",
    )
    section.add(
        f"{label}: peak memory of the process (max RSS; Python heap by tracemalloc)",
        f"{mb(probe['max_rss'])} ({mb(probe['python_peak'])})",
        "< 300 MB",
        probe["max_rss"] < MEMORY_TARGET,
    )


def run(stack: Stack, options) -> Section:
    section = Section(
        TITLE if REPORTS == 1_000_000 else f"Annual statistics report ({REPORTS:,} reports)"
    )
    seconds = _seed(stack)
    section.info(
        "Seeding with seed_synthetic (sealed content, PostgreSQL COPY)", f"{seconds:.0f} s"
    )

    postgres = _run_probe(stack.env, publish=True)
    section.info(
        "Reports counted / figures suppressed (primary, complementary)",
        f"{postgres['included']:,} / {postgres['suppressed']['primary']}, "
        f"{postgres['suppressed']['complementary']} of {postgres['suppressed']['figures']}",
    )
    _report_figures(section, "PostgreSQL", postgres, POSTGRES_TARGET)

    served = _gunicorn_page(stack)
    in_process = postgres["page_times"]
    if served is not None:
        times, statuses = served
        p50 = percentile(times, 50) if times else float("inf")
        section.add(
            f"Published report page p50, {PAGE_REQUESTS} sequential GETs through gunicorn",
            ms(p50),
            f"< {ms(PAGE_TARGET)}",
            p50 < PAGE_TARGET and set(statuses) == {200},
        )
        if set(statuses) != {200}:
            section.notes.append(f"Page statuses through gunicorn: {dict(statuses)}")
        section.info("… in-process (Django test client) p50", ms(percentile(in_process, 50)))
    else:
        p50 = percentile(in_process, 50)
        section.add(
            f"Published report page p50, {len(in_process)} GETs in-process (Django test client)",
            ms(p50),
            f"< {ms(PAGE_TARGET)}",
            p50 < PAGE_TARGET,
        )
        section.notes.append("gunicorn did not answer 200 for the page: timed in-process.")
    section.info("Published report page, first (uncached) rendering", ms(postgres["page_first"]))

    directory = Path(tempfile.mkdtemp(prefix="meldestelle-stats-"))
    try:
        database = directory / "db.sqlite3"
        env = {**stack.env, "DATABASE_URL": f"sqlite:///{database}"}
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=600,
        )
        copied = _copy_to_sqlite(stack, database)
        section.info("Copying the rows into a temporary SQLite file", f"{copied:.0f} s")
        sqlite = _run_probe(env, publish=False)
        _report_figures(section, "SQLite", sqlite, SQLITE_TARGET)
        section.info("SQLite file size", mb(database.stat().st_size))
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return section


def main(argv: list[str]) -> int:
    if "--probe" in argv:
        print(json.dumps(probe(publish="--publish" in argv)))
        return 0
    if "--spread" in argv:
        print(json.dumps(spread()))
        return 0
    from bench.__main__ import DEFAULT_WORKERS
    from bench.machine import OtherLoad, describe, load_average, summary
    from bench.report import markdown, text_table

    machine = describe()
    began = time.monotonic()
    # Its own database: another benchmark may be using the default one.
    keep_logs = "--keep-logs" in argv
    with (
        Stack(workers=DEFAULT_WORKERS, database=DATABASE, keep_logs=keep_logs) as stack,
        OtherLoad() as other,
    ):
        section = run(stack, None)
    section.info("CPU used by other programs meanwhile", other.text())
    machine += [
        ("Load average (1/5/15 min) after", load_average()),
        ("Run time", f"{time.monotonic() - began:.0f} s"),
    ]
    print(text_table([section]))
    print()
    today = datetime.date.today().isoformat()
    print(markdown(f"{today} — statistics", machine, [section], measured_on=summary(), date=today))
    return 1 if section.failed else 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.exit(main(sys.argv[1:]))
