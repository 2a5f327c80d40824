"""`make loadtest`: 2,000 submissions from 32 concurrent clients against the prod-smoke stack.

Afterwards exactly 2,000 reports must exist and no response may be a 5xx.
Prints throughput and p50/p95/p99 for BENCHMARKS.md.
"""

import sys

from bench import load
from bench.prod_smoke import SUBMISSION, SmokeStack
from bench.stack import log

TOTAL = 2000
CLIENTS = 32


def send(http, index):
    response = http.post("/api/v1/public/reports/", json=SUBMISSION)
    return response.status_code == 201, str(response.status_code)


def main() -> int:
    with SmokeStack(workers=5, database="meldestelle_loadtest") as stack:
        result = load.run(stack.base_url, send, total=TOTAL, clients=CLIENTS, deadline=1200)
        stored = stack.count("reporting_report")
    server_errors = sum(n for label, n in result.outcomes.items() if label.startswith("5"))
    rows = [
        ("submissions sent", f"{result.requests}", f"{TOTAL}"),
        ("reports stored", f"{stored}", f"exactly {TOTAL}"),
        ("5xx responses", f"{server_errors}", "0"),
        ("outcomes", result.outcome_text(), "201 only"),
        ("throughput", f"{result.throughput:.1f} submissions/s", "—"),
        (
            "latency p50 / p95 / p99",
            f"{result.p(50) * 1000:.0f} / {result.p(95) * 1000:.0f} / {result.p(99) * 1000:.0f} ms",
            "—",
        ),
    ]
    print("\n| figure | value | target |\n|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    passed = stored == TOTAL and server_errors == 0 and result.requests == TOTAL
    log("loadtest " + ("passed" if passed else "FAILED"))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
