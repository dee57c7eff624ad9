"""Benchmark the pure rules engine: ``evaluate(CMI, hours)``, ``parse_hours`` and ``check_day_credit``.

Why it matters: ``evaluate`` runs on every home-page load and every credit record (it is the verdict
"may this member renew"), and ``parse_hours`` + ``check_day_credit`` run on every day a member saves.
They are pure Python over ``Decimal``; this shows how much of a request's time they can account for.

Inputs are random but reproducible (``--seed``): hours in quarter-hour steps per CMI category for
``evaluate``, and typed day values such as "7.25" (all valid, the common path) for the parser.

Run: ``python bench/bench_rules.py [--calls 20000] [--repeats 5] [--seed 2026]``
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

from common import p95, print_machine, print_table  # noqa: E402  (bench/ is on sys.path when run)

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ce_tracker.rules import CMI, check_day_credit, evaluate, parse_hours  # noqa: E402

QUARTER = Decimal("0.25")
DAY_MAX = Decimal("8")


def random_hours(rng: random.Random) -> dict[str, Decimal]:
    """0 to 30 hours per category in quarter-hour steps; sometimes a category is left out."""
    return {name: rng.randint(0, 120) * QUARTER for name in CMI.category_names if rng.random() < 0.85}


def random_day_text(rng: random.Random) -> str:
    """What a member types for one day: "0", "7", "7.5", "7.25", ".75" ..."""
    value = rng.randint(0, 32) * QUARTER
    text = f"{value.normalize():f}"
    return text[1:] if text.startswith("0.") and rng.random() < 0.2 else text


def parse_and_check(text: str) -> Decimal:
    return check_day_credit(parse_hours(text), DAY_MAX, QUARTER)


def bench(name: str, fn: Callable[[object], object], inputs: Sequence[object], repeats: int) -> list[str]:
    """Per repeat: one untimed-per-call pass for throughput, one pass timing each call for latency."""
    rates: list[float] = []
    latencies: list[float] = []
    clock = time.perf_counter
    for _ in range(repeats):
        start = clock()
        for item in inputs:
            fn(item)
        rates.append(len(inputs) / (clock() - start))
        for item in inputs:
            t0 = clock()
            fn(item)
            latencies.append(clock() - t0)
    us = [x * 1e6 for x in latencies]
    return [name, f"{len(inputs) * repeats:,}", f"{statistics.median(rates):,.0f}",
            f"{statistics.median(us):.2f}", f"{p95(us):.2f}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000, help="distinct random inputs per repeat")
    parser.add_argument("--repeats", type=int, default=5, help="passes over the inputs")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    print_machine()
    rng = random.Random(args.seed)
    hours = [random_hours(rng) for _ in range(args.calls)]
    texts = [random_day_text(rng) for _ in range(args.calls)]
    for fn, inputs in ((lambda h: evaluate(CMI, h), hours), (parse_and_check, texts)):  # warm up
        for item in inputs[:1000]:
            fn(item)
    rows = [bench("evaluate(CMI, hours)", lambda h: evaluate(CMI, h), hours, args.repeats),
            bench("parse_hours + check_day_credit", parse_and_check, texts, args.repeats)]
    print_table(["operation", "calls", "calls/s", "median µs", "p95 µs"], rows)


if __name__ == "__main__":
    main()
