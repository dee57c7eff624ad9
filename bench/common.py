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
