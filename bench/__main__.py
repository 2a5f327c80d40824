"""`python -m bench [scenario ...]`: build the stack, run the scenarios, print the figures.

Exit status: 0 if every target is met, 1 if one is missed, 2 if the run failed.
"""

import argparse
import datetime
import importlib
import sys
import time
import traceback

import psycopg

from bench import SCENARIOS
from bench.machine import OtherLoad, describe, load_average, summary, wait_until_idle
from bench.report import Section, markdown, text_table
from bench.stack import Stack, cores, log

PG_HINT = "start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"

# Sync workers on 2 cores: docs/benchmarks-history.md has the worker counts tried.
DEFAULT_WORKERS = 2 * cores() + 1


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "scenarios",
        nargs="*",
        metavar="scenario",
        help=f"any of {', '.join(SCENARIOS)} (default: all)",
    )
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="gunicorn workers")
    parser.add_argument("--clients", type=int, default=16, help="concurrent submitting clients")
    parser.add_argument("--requests", type=int, default=600, help="API submissions")
    parser.add_argument(
        "--rounds", type=int, default=3, help="API load rounds, Argon2id timed between them"
    )
    parser.add_argument("--form-requests", type=int, default=64, help="HTML form submissions")
    parser.add_argument(
        "--sequential", type=int, default=10, help="one-client submissions per path"
    )
    parser.add_argument(
        "--kdf-calls",
        type=int,
        default=20,
        help="Argon2id calls per sample, in one process and split over one process per core",
    )
    parser.add_argument("--page-requests", type=int, default=300, help="form page GETs")
    parser.add_argument(
        "--wait-idle",
        type=float,
        default=60,
        metavar="SECONDS",
        help="wait up to this long for the CPU to be < 10%% busy before starting",
    )
    parser.add_argument("--title", help="heading of the Markdown section")
    parser.add_argument("--keep-logs", action="store_true", help="keep gunicorn's logs")
    options = parser.parse_args(argv)
    names = [name.replace("-", "_") for name in options.scenarios] or list(SCENARIOS)
    unknown = [name for name in names if name not in SCENARIOS]
    if unknown:
        parser.error(f"unknown scenario {', '.join(unknown)}; choose from {', '.join(SCENARIOS)}")
    options.scenarios = names
    return options


def main(argv: list[str]) -> int:
    options = parse_args(argv)
    modules = [importlib.import_module(f"bench.{name}") for name in options.scenarios]
    try:
        machine = describe()
    except psycopg.OperationalError as exc:
        log(f"PostgreSQL at 127.0.0.1:5432 does not answer ({exc}); {PG_HINT}")
        return 2
    busy_before = wait_until_idle(0.10, options.wait_idle, log)
    began = time.monotonic()
    load_before = load_average()
    sections: list[Section] = []
    try:
        with Stack(workers=options.workers, keep_logs=options.keep_logs) as stack:
            cache = stack.cache_description
            for module in modules:
                log(f"scenario {module.NAME}")
                with OtherLoad() as other:
                    section = module.run(stack, options)
                section.info("CPU used by other programs meanwhile", other.text())
                sections.append(section)
    except Exception:
        traceback.print_exc()
        log("the run failed; the database was dropped and gunicorn stopped")
        return 2
    machine += [
        ("gunicorn workers (sync)", str(options.workers)),
        ("Cache", cache),
        (
            "CPU busy before the run (other programs)",
            f"{busy_before:.0%}" + (" — figures disturbed" if busy_before >= 0.10 else ""),
        ),
        ("Load average (1/5/15 min) before / after", f"{load_before}; {load_average()}"),
        ("Run time", f"{time.monotonic() - began:.0f} s"),
    ]
    today = datetime.date.today().isoformat()
    title = options.title or f"{today} — {', '.join(options.scenarios)}"
    print(text_table(sections))
    print()
    print(markdown(title, machine, sections, measured_on=summary(), date=today))
    failed = [figure for section in sections for figure in section.failed]
    log(f"{len(failed)} target(s) missed" if failed else "all targets met")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
