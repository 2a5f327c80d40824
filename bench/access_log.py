"""Gunicorn's logs after the run: nothing that identifies a client (reporter anonymity)."""

import re
import socket
import time

from bench import load
from bench.report import Section
from bench.stack import HOST, Stack

NAME = "access_log"
TITLE = "Gunicorn logs (config/gunicorn.conf.py)"

QUERY_MARKER = "query-marker-4711"
ACCESS_LINE = re.compile(r'^\[[^\]]+\] "[A-Z]+ /\S*" \d{3} \d+ \d+us$')


def run(stack: Stack, options) -> Section:
    section = Section(TITLE)
    with load.client(stack.base_url) as http:
        http.get(f"/de/report/?q={QUERY_MARKER}")
        http.get("/de/does-not-exist/")
    # A malformed request: gunicorn's warning names the client's address unless redacted.
    with socket.create_connection((HOST, stack.port), timeout=5) as sock:
        sock.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        sock.recv(1024)
    time.sleep(0.3)

    lines = stack.access_log_lines()
    markers = {
        "client address": HOST,
        "user agent": load.USER_AGENT,
        "referer": "referer-marker",
        "query string": QUERY_MARKER,
    }
    found = [name for name, marker in markers.items() if any(marker in line for line in lines)]
    section.add(
        "Access-log lines with address, user agent, referer or query",
        f"{len(lines)} lines, found: {', '.join(found) or 'none'}",
        "none",
        bool(lines) and not found,
    )
    odd = [line for line in lines if not ACCESS_LINE.match(line)]
    section.info("Access-log lines not in the configured format", str(len(odd)))
    if odd:
        section.notes.append(f"Unexpected access-log line: {odd[0][:200]}")
        section.notes.append(f"Example line: {lines[0][:200]}")
    elif lines:
        section.notes.append(f"Example access-log line: `{lines[-1]}`")

    errors = [line for line in stack.error_log_lines() if "Invalid request" in line]
    leaked = [line for line in errors if HOST in line]
    section.add(
        "Error-log 'Invalid request' lines naming the client address",
        f"{len(leaked)} of {len(errors)}",
        "0",
        bool(errors) and not leaked,
    )
    return section
