"""What every benchmark prints: the machine, percentiles, an aligned table."""

from __future__ import annotations

import os
import platform
import statistics
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def print_machine() -> None:
    print(f"date:    {datetime.now():%Y-%m-%d %H:%M}")
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs ({cpu_model()})")
    print(f"python:  {platform.python_implementation()} {platform.python_version()}")
    print(f"load:    {os.getloadavg()[0]:.2f} (1-minute load average as this starts; the machine may be shared)\n")


def p95(values: Sequence[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) > 1 else values[0]


def print_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths], *rows]:
        cells = (str(cell).rjust(w) if i else str(cell).ljust(w) for i, (cell, w) in enumerate(zip(row, widths)))
        print("  ".join(cells))


def pct(values: Sequence[float], q: int) -> float:
    """The q-th percentile (1..99) of ``values`` by ``statistics.quantiles`` (inclusive: never beyond the largest)."""
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def latency_cells(seconds: Sequence[float]) -> list[str]:
    """p50 / p95 / p99 of per-call latencies, in milliseconds."""
    ms = [x * 1000 for x in seconds]
    return [f"{statistics.median(ms):.2f}", f"{pct(ms, 95):.2f}", f"{pct(ms, 99):.2f}"]


def postgres_url(url: str) -> str:
    """``url`` with the PostgreSQL driver this venv has: psycopg 3 if importable, else psycopg2 as given."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return url
    return url.replace("postgresql+psycopg2://", "postgresql+psycopg://", 1)


class CpuSampler:
    """Where the machine's CPU time went while it ran: per process, sampled from /proc every half second.

    A process that exits between samples loses at most its last half second. ``share()`` sorts the processes
    into the groups ``classify(pid, command, process_group)`` names, plus "everything else" on the machine.
    """

    def __init__(self) -> None:
        import threading
        self.ticks = os.sysconf("SC_CLK_TCK")
        self.seen: dict[int, tuple[str, int, int]] = {}  # pid -> (command, process group, cpu ticks)
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.machine_start = self._machine()

    @staticmethod
    def _machine() -> int:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        return sum(int(x) for i, x in enumerate(fields) if i not in (3, 4))  # all but idle and iowait

    def _sample(self) -> None:
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                command = stat[stat.index("(") + 1:stat.rindex(")")]
                rest = stat[stat.rindex(")") + 2:].split()
                self.seen[int(entry.name)] = (command, int(rest[2]), int(rest[11]) + int(rest[12]))

    def _run(self) -> None:
        while not self.stop_event.wait(0.5):
            self._sample()

    def __enter__(self) -> "CpuSampler":
        self._sample()
        self.before = dict(self.seen)
        self.thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop_event.set()
        self.thread.join()
        self._sample()
        self.machine = (self._machine() - self.machine_start) / self.ticks

    def share(self, classify) -> dict[str, float]:
        groups: dict[str, float] = {}
        for pid, (command, group, ticks) in self.seen.items():
            used = (ticks - self.before.get(pid, (command, group, 0))[2]) / self.ticks
            if used > 0:
                name = classify(pid, command, group)
                if name:
                    groups[name] = groups.get(name, 0.0) + used
        groups["everything else on the machine"] = max(0.0, self.machine - sum(groups.values()))
        return groups
