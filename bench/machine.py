"""The machine a run was made on, for BENCHMARKS.md."""

import os
import platform
import time
from importlib.metadata import version
from pathlib import Path

from bench.stack import cores, postgres_version


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def cpu_busy(seconds: float = 2.0) -> float:
    """Share of all cores busy over the next `seconds` (other sessions, other programs)."""
    busy_before, total_before = _cpu_times()
    time.sleep(seconds)
    busy_after, total_after = _cpu_times()
    return (busy_after - busy_before) / max(1, total_after - total_before)


def wait_until_idle(limit: float, timeout: float, log) -> float:
    """Wait until the CPU is less than `limit` busy, at most `timeout` seconds."""
    deadline = time.monotonic() + timeout
    busy = cpu_busy()
    while busy >= limit and time.monotonic() < deadline:
        log(f"CPU {busy:.0%} busy before the run; waiting for < {limit:.0%}")
        time.sleep(8)
        busy = cpu_busy()
    return busy


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def describe() -> list[tuple[str, str]]:
    return [
        ("Cores (nproc)", str(cores())),
        ("CPU", _cpu_model()),
        ("RAM", _ram()),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", platform.python_version()),
        ("PostgreSQL", postgres_version()),
        ("Django / gunicorn", f"{version('django')} / {version('gunicorn')}"),
    ]
