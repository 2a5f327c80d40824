"""Where a submission's CPU goes besides Argon2id, per process group, from /proc.

    python -m bench.cpu_split [--requests 3000] [--clients 16] [--workers N] [--rounds 2]

The stack of `python -m bench` (PostgreSQL, Redis when it answers, gunicorn with the
production configuration), with Argon2id made nearly free for this run only (t=1,
8 KiB through MELDESTELLE_RECEIPT_KDF_*): what is left per submission is the work
that keeps the server from the Argon2id bound. CPU time is read from /proc before and
after each round, for gunicorn (master and workers), PostgreSQL, Redis, this load
generator, and the whole machine. A diagnostic for the share of the bound; no target.
"""

import argparse
import os
import sys

from bench import load
from bench.__main__ import DEFAULT_WORKERS
from bench.machine import cpu_times, descendants, process_jiffies
from bench.stack import Stack
from bench.submission import send_api

GROUPS = ("gunicorn", "postgres", "redis", "load generator")


def _jiffies_by_group(gunicorn_pid: int) -> dict[str, int]:
    processes = process_jiffies()
    gunicorn = descendants(processes, gunicorn_pid)
    totals = dict.fromkeys(GROUPS, 0)
    for pid, (_ppid, comm, jiffies) in processes.items():
        if pid in gunicorn:
            totals["gunicorn"] += jiffies
        elif comm.startswith("postgres"):
            totals["postgres"] += jiffies
        elif comm.startswith("redis-server"):
            totals["redis"] += jiffies
        elif pid == os.getpid():
            totals["load generator"] += jiffies
    totals["machine"] = cpu_times()[0]
    return totals


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cpu_split", description=__doc__)
    parser.add_argument("--requests", type=int, default=3000, help="API submissions per round")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="gunicorn workers")
    parser.add_argument("--rounds", type=int, default=2, help="rounds, each measured alone")
    options = parser.parse_args(argv)
    stack = Stack(workers=options.workers)
    stack.env.update(MELDESTELLE_RECEIPT_KDF_ITERATIONS="1", MELDESTELLE_RECEIPT_KDF_MEMORY_KIB="8")
    tick_ms = 1000 / os.sysconf("SC_CLK_TCK")
    with stack:
        load.run(stack.base_url, send_api, total=100, clients=options.clients)  # warm-up
        print(
            f"CPU ms per submission, Argon2id nearly free; {options.workers} workers, "
            f"{options.clients} clients, cache: {stack.cache_description}\n\n"
            "| Round | Submissions/s | Errors | Whole machine | "
            + " | ".join(GROUPS)
            + " |\n|"
            + "---|" * (4 + len(GROUPS))
        )
        for number in range(1, options.rounds + 1):
            before = _jiffies_by_group(stack.server_pid)
            result = load.run(
                stack.base_url, send_api, total=options.requests, clients=options.clients
            )
            after = _jiffies_by_group(stack.server_pid)
            per = {k: (after[k] - before[k]) * tick_ms / max(1, result.ok) for k in after}
            print(
                f"| {number} | {result.throughput:.0f} | {result.errors} | "
                f"{per['machine']:.2f} | "
                + " | ".join(f"{per[group]:.2f}" for group in GROUPS)
                + " |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
