"""The machine a run was made on, for BENCHMARKS.md."""

import os
import platform
import time
from collections import defaultdict
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


def cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def cpu_busy(seconds: float = 2.0) -> float:
    """Share of all cores busy over the next `seconds` (other sessions, other programs)."""
    busy_before, total_before = cpu_times()
    time.sleep(seconds)
    busy_after, total_after = cpu_times()
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


def process_jiffies() -> dict[int, tuple[int, str, int]]:
    """pid -> (parent pid, command name, utime + stime + cutime + cstime)."""
    processes = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            data = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # ended meanwhile
        comm = data[data.index("(") + 1 : data.rindex(")")]
        fields = data[data.rindex(")") + 2 :].split()
        processes[int(entry)] = (int(fields[1]), comm, sum(int(v) for v in fields[11:15]))
    return processes


def descendants(processes: dict[int, tuple[int, str, int]], root: int) -> set[int]:
    """`root` and every process below it, from a `process_jiffies()` table."""
    children = defaultdict(list)
    for pid, (ppid, _comm, _jiffies) in processes.items():
        children[ppid].append(pid)
    found, pending = set(), [root]
    while pending:
        pid = pending.pop()
        found.add(pid)
        pending += children[pid]
    return found


def _snapshot() -> tuple[int, int, int]:
    """(machine busy, machine total, this run's processes) in jiffies.

    This run's processes: this one and its descendants (gunicorn, its workers,
    manage.py) and every PostgreSQL and Redis process. A reaped child's time is in its
    parent's cutime/cstime, so ended processes still count.
    """
    processes = process_jiffies()
    ours = descendants(processes, os.getpid())
    ours |= {
        pid
        for pid, (_p, comm, _j) in processes.items()
        if comm.startswith(("postgres", "redis-server"))
    }
    busy, total = cpu_times()
    return busy, total, sum(processes[pid][2] for pid in ours if pid in processes)


class OtherLoad:
    """CPU that other programs used while the block ran: `with OtherLoad() as other:`."""

    def __enter__(self) -> "OtherLoad":
        self._start = _snapshot()
        self.share = 0.0
        self.core_seconds = 0.0
        return self

    def __exit__(self, *exc_info) -> None:
        busy, total, ours = (
            end - start for end, start in zip(_snapshot(), self._start, strict=True)
        )
        others = max(0, busy - ours)
        self.share = others / max(1, total)
        self.core_seconds = others / os.sysconf("SC_CLK_TCK")

    def text(self) -> str:
        disturbed = " — figures disturbed" if self.share >= 0.10 else ""
        return f"{self.share:.0%} of all cores ({self.core_seconds:.1f} core-s){disturbed}"


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def summary() -> str:
    """The machine in a few words, for the "Machine" column of BENCHMARKS.md."""
    return f"{_cpu_model()}, {cores()} cores"


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
