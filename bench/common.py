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
    print(f"python:  {platform.python_implementation()} {platform.python_version()}\n")


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
