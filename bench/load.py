"""Closed-loop load: N client threads, each sending its next request when the last returns."""

import itertools
import json
import logging
import socket
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.client import HTTPException

import httpx

from bench.report import percentile

# httpx logs every request at INFO, and django.setup() (bench.submission) turns INFO on.
logging.getLogger("httpx").setLevel(logging.WARNING)

# Sent with every request, so the access-log check can look for them.
USER_AGENT = "meldestelle-bench-agent/1"
REFERER = "https://referer-marker.invalid/from-here"
CLIENT_HEADERS = {"User-Agent": USER_AGENT, "Referer": REFERER}


@dataclass
class PlainResponse:
    status_code: int
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode()

    def json(self):
        return json.loads(self.content)


class PlainClient:
    """The load generator's HTTP client: one HTTP/1.0 request per connection on a socket.

    It runs on the same cores as the server it measures, so what it costs is taken
    from the server: httpx cost ~5 ms of CPU per submission, http.client ~0.45 ms
    (most of it parsing response headers with the email package), this ~0.2 ms.
    HTTP/1.0 because gunicorn's sync workers close every connection anyway: the answer
    is the bytes up to the server's close, never chunked.
    """

    def __init__(self, base_url: str, timeout: float) -> None:
        url = urllib.parse.urlsplit(base_url)
        self.host, self.port, self.timeout = url.hostname, url.port, timeout
        fixed = {"Host": f"{self.host}:{self.port}", **CLIENT_HEADERS}
        self._fixed_headers = "".join(f"{name}: {value}\r\n" for name, value in fixed.items())

    def __enter__(self) -> "PlainClient":
        return self

    def __exit__(self, *exc) -> None:
        return None

    def post(self, path: str, *, json=None, data=None, headers=None) -> PlainResponse:
        if json is not None:
            body, content_type = _json_bytes(json), "application/json"
        else:
            body = urllib.parse.urlencode(data or {}, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        extra = "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items())
        head = (
            f"POST {path} HTTP/1.0\r\n{self._fixed_headers}{extra}"
            f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        with socket.create_connection((self.host, self.port), timeout=self.timeout) as sock:
            sock.sendall(head.encode() + body)
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        status_line, _, rest = b"".join(chunks).partition(b"\r\n")
        _headers, separator, content = rest.partition(b"\r\n\r\n")
        if not status_line.startswith(b"HTTP/") or not separator:
            raise HTTPException(f"incomplete response: {status_line[:60]!r}")
        return PlainResponse(int(status_line.split()[1]), content)


def _json_bytes(value) -> bytes:
    return json.dumps(value).encode()


# send(client, index) -> (ok, label): label is the status code or the exception name.
Send = Callable[[PlainClient, int], tuple[bool, str]]


@dataclass
class LoadResult:
    clients: int
    latencies: list[float] = field(default_factory=list)  # seconds, every request
    outcomes: Counter = field(default_factory=Counter)  # label -> count
    ok: int = 0
    wall: float = 0.0
    truncated: bool = False  # the deadline stopped the run early
    client_cpu: float = 0.0  # CPU seconds the load generator used, if measured

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def errors(self) -> int:
        return self.requests - self.ok

    @property
    def throughput(self) -> float:
        return self.ok / self.wall if self.wall else 0.0

    def p(self, q: float) -> float:
        return percentile(self.latencies, q) if self.latencies else float("nan")

    @property
    def mean(self) -> float:
        return sum(self.latencies) / len(self.latencies) if self.latencies else float("nan")

    def outcome_text(self) -> str:
        return ", ".join(f"{label}: {n}" for label, n in sorted(self.outcomes.items()))

    @classmethod
    def combined(cls, results: list["LoadResult"]) -> "LoadResult":
        """Several runs with the same clients as one: their requests and their time added."""
        total = cls(clients=results[0].clients)
        for result in results:
            total.latencies += result.latencies
            total.outcomes += result.outcomes
            total.ok += result.ok
            total.wall += result.wall
            total.truncated |= result.truncated
            total.client_cpu += result.client_cpu
        return total


def client(base_url: str, timeout: float = 60.0) -> httpx.Client:
    return httpx.Client(base_url=base_url, headers=CLIENT_HEADERS, timeout=timeout)


def plain_client(base_url: str, timeout: float = 60.0) -> PlainClient:
    return PlainClient(base_url, timeout)


def run(
    base_url: str, send: Send, *, total: int, clients: int, deadline: float = 120.0
) -> LoadResult:
    """Send `total` requests from `clients` threads; stop early after `deadline` seconds."""
    result = LoadResult(clients=clients)
    lock = threading.Lock()
    counter = itertools.count()
    start_gate = threading.Barrier(clients + 1)
    stop_at = 0.0

    def worker() -> None:
        with plain_client(base_url) as http:
            start_gate.wait()
            while True:
                index = next(counter)
                if index >= total:
                    return
                if time.perf_counter() > stop_at:
                    result.truncated = True
                    return
                began = time.perf_counter()
                try:
                    ok, label = send(http, index)
                except (OSError, HTTPException) as exc:
                    ok, label = False, type(exc).__name__
                elapsed = time.perf_counter() - began
                with lock:
                    result.latencies.append(elapsed)
                    result.outcomes[label] += 1
                    result.ok += ok

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    stop_at = began + deadline
    start_gate.wait()
    for thread in threads:
        thread.join()
    result.wall = time.perf_counter() - began
    return result
