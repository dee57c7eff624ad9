"""Rewrite docs/benchmarks.md's figures table from what the benchmarks printed (bench/results/*.txt, by run_all.sh).

Why: the table used to be copied by hand from runs made on different days at different loads. Now every row
comes from the last `bash bench/run_all.sh`, whose outputs are kept in bench/results/, and the table says
when that was and how loaded the machine was as each script started. A script that did not run (or printed
something this does not recognise) gives a row that says so, never an old figure.

Run: python bench/figures.py [--page docs/benchmarks.md] [--results bench/results]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- figures:start (bench/run_all.sh writes this table) -->", "<!-- figures:end -->"


def read(results: Path, name: str) -> str:
    path = results / f"{name}.txt"
    return path.read_text() if path.exists() else ""


def load(text: str) -> str:
    found = re.search(r"^load:\s+([\d.]+)", text, re.M)
    return found.group(1) if found else "?"


def service_writes(text: str) -> list[list[str]]:
    rows = []
    for database in ("SQLite", "PostgreSQL"):
        lines = [m for m in re.finditer(rf"^{database}\S*(?: \(synchronous=\w+\))?\s+(\d+)\s+save_day\s+([\d,]+)\s+"
                                        r"([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)x\s+(.*)$", text, re.M)]
        if not lines:
            rows.append([f"`save_day` vs raw INSERT, {database}", "not run", ">= 0.5x", ""])
            continue
        ratios = "; ".join(f"{m.group(6)}x" for m in lines)
        writers = " / ".join(m.group(1) for m in lines)
        verdict = "met" if all(float(m.group(6)) >= 0.5 for m in lines) else "missed at " + ", ".join(
            f"{m.group(1)} writer{'s' if m.group(1) != '1' else ''}" for m in lines if float(m.group(6)) < 0.5)
        rows.append([f"`save_day` vs raw INSERT, {database}, {writers} writers (load {load(text)})", f"**{ratios}**",
                     ">= 0.5x", verdict])
        if database == "SQLite":
            eight = next((m for m in lines if m.group(1) == "8"), None)
            if eight:
                p99 = float(eight.group(5))
                rows.append(["`save_day` p99 at 8 writers, SQLite", f"**{p99:.1f} ms** (p50 {eight.group(3)} ms)",
                             "<= 25 ms", "met" if p99 <= 25 else "missed"])
    return rows


def event_roundtrip(text: str) -> list[list[str]]:
    save = re.search(r"^Save .*?\s+\d+\s+([\d.]+)\s+[\d.]+\s+[\d.]+\s+[\d.?]+\s+([\d.]+)x Edit", text, re.M)
    edit = re.search(r"^Edit .*?\s+\d+\s+([\d.]+)\s+[\d.]+\s+[\d.]+\s+[\d.?]+\s+([\d.]+)x counter", text, re.M)
    counter = re.search(r"^bare Reflex counter \(\+1\)\s+\d+\s+([\d.]+)", text, re.M)
    if not (save and edit and counter):
        return [["Edit / Save round trip in the page", "not run", "", ""]]
    return [[f"Save round trip in the page, p50 (load {load(text)})",
             f"**{save.group(1)} ms = {save.group(2)}x Edit**", "<= 2x Edit",
             "met" if float(save.group(2)) <= 2 else "missed"],
            ["Edit round trip in the page, p50", f"**{edit.group(1)} ms = {edit.group(2)}x** a bare Reflex counter "
             f"({counter.group(1)} ms)", "<= 1.5x counter", "met" if float(edit.group(2)) <= 1.5 else "missed"]]


def protocol_load(text: str) -> list[list[str]]:
    rows = []
    surge = re.search(r"^surge: ([\d,]+) attendees x 3 days \+ submit in ([\d.]+) s: ([\d.]+)x the 60 s target "
                      r"\((\w+)\), (\d+) lost or doubled", text, re.M)
    cpu = re.search(r"== surge, embedded.*?\nCPU-seconds \(of (\d+) on the machine\): backend ([\d.]+), generator "
                    r"([\d.]+)", text, re.S)
    if surge:
        rows.append([f"conference surge over the protocol, {surge.group(1)} attendees x 3 days + submit, embedded "
                     f"(SQLite, 1 worker) (load {load(text)})",
                     f"**{surge.group(2)} s = {surge.group(3)}x** the target; {surge.group(5)} lost or doubled"
                     + (f"; CPU-s: backend {cpu.group(2)}, generator {cpu.group(3)} of {cpu.group(1)}" if cpu else ""),
                     "<= 60 s, 0 lost, 0 doubled", "met" if surge.group(4) == "met" and surge.group(5) == "0"
                     else "missed"])
    else:
        rows.append(["conference surge over the protocol, embedded", "not run", "<= 60 s", ""])
    scale = re.search(r"^scale-out: flows/s 1 worker ([\d.]+), 2 workers ([\d.]+): ([\d.]+)x", text, re.M)
    if scale:
        shares = re.findall(r"^  (\d) worker\(s\)( pinned)?: generator ([\d.]+) of ([\d.]+) machine CPU-s \((\d+)%\), "
                            r"backend ([\d.]+) CPU-s = ([\d.]+) flows per backend", text, re.M)
        pinned = re.search(r"one worker with a core of its own .*?: ([\d.]+) flows/s = ([\d.]+)x", text)
        detail = "; ".join(f"{w}{' pinned' if p else ''}: generator {share}% of the CPU" for w, p, _g, _m, share, _b, _f
                           in shares)
        rows.append(["the same on PostgreSQL + Redis, 2 vs 1 backend workers",
                     f"**{scale.group(2)} vs {scale.group(1)} flows/s = {scale.group(3)}x** ({detail})"
                     + (f"; 1 worker alone on a core: {pinned.group(1)} flows/s = {pinned.group(2)}x unpinned"
                        if pinned else ""),
                     ">= 1.5x", "met" if float(scale.group(3)) >= 1.5 else "missed"])
    idle = re.search(r"^([\d,]+) attendees signed in and connected in [\d.]+ s; backend RSS (\d+) -> (\d+) MiB = "
                     r"(-?\d+) KiB per idle connection", text, re.M)
    if idle:
        save = re.search(r"active attendees' event.*?^Save\s+\d+\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", text, re.S | re.M)
        rows.append([f"{idle.group(1)} idle websockets at once", f"**{idle.group(4)} KiB** per connection "
                     f"(backend {idle.group(2)} -> {idle.group(3)} MiB)"
                     + (f"; 50 active beside them: Save p50 {save.group(1)} ms, p99 {save.group(3)} ms" if save else ""),
                     "<= a few hundred KiB", "met" if int(idle.group(4)) <= 300 else "missed"])
    return rows


FAULT_ROW = re.compile(r"^(worker killed|Redis restarted|PostgreSQL restarted)\s+([\d.]+)\s+([\d.]+|never)\s+"
                       r"([\d.]+|never)\s+([\d.]+|never)\s+(\d+)\s+(\d+)\s+(\d+)", re.M)


def faults(text: str) -> list[list[str]]:
    """bench/faults.py: each fault's recovery, and whether anything confirmed was lost or doubled."""
    found = FAULT_ROW.findall(text)
    if not found:
        return [["faults mid-surge (a worker killed, Redis and PostgreSQL restarted)", "not run",
                 "0 lost, 0 doubled", ""]]
    ok = "0 lost, 0 doubled" in text
    setup = re.search(r"2 backend workers; (\d+) attendees, .*?= about (\d+) saves/s", text)
    rows = []
    for fault, _took, first, everyone, drained, cut, resent, toasts in found:
        when = re.search(r"^date:\s+(.*)$", text, re.M)
        label = f"fault mid-surge: {fault}" + ("" if rows or not setup else
                                                f", PostgreSQL + Redis, 2 workers, {setup.group(1)} attendees, "
                                                f"{setup.group(2)} saves/s (load {load(text)}, run "
                                                f"{when.group(1) if when else '?'})")
        rows.append([label, f"**all waiting saves through {drained} s after it** (first save confirmed {first} s, "
                     f"every attendee again {everyone} s; {cut} phones cut, {resent} resent, {toasts} error toasts); "
                     + ("0 lost, 0 doubled" if ok else "LOST OR DOUBLED"), "0 lost, 0 doubled",
                     "met" if ok else "missed"])
    return rows


def conference_surge(text: str) -> list[list[str]]:
    wall = re.search(r"^surge wall time: ([\d.]+) s; CPU seconds spent meanwhile \(of (\d+) available\): (.*)$", text,
                     re.M)
    flow = re.search(r"^browsers: whole flow\s+(\d+)\s+[\d.]+\s+[\d.]+\s+([\d,.]+)", text, re.M)
    if not wall:
        return [["realism check: 2,000 via services + 50 browsers, SQLite", "not run", "", ""]]
    ok = "0 lost, 0 doubled" in text
    return [[f"realism check: 2,000 via services + 50 Chromium browsers, SQLite (load {load(text)})",
             f"{wall.group(1)} s; browser flow p50 {flow.group(2) if flow else '?'} ms; "
             f"{'0 lost, 0 doubled' if ok else 'PROBLEMS'}; CPU-s: {wall.group(3)}", "(a check, not a target)", ""]]


SOCIETY = (  # label, the script's line, its target, the limit in ms
    ("progress page (`credit_record`), 50,000 members", r"^progress page .*?\s+\d+\s+([\d.,]+)\s+([\d.,]+)",
     "<= 20 ms", 20),
    ("staff event completion (latest convention)", r"^staff: event completion.*?\s+\d+\s+([\d.,]+)\s+([\d.,]+)",
     "<= 1 s", 1000),
    ("staff renewal-verification queue (500 waiting)",
     r"^staff: renewal verification queue.*?\s+\d+\s+([\d.,]+)\s+([\d.,]+)", "<= 1 s", 1000),
    ("registration CSV, 100,000 lines, all or nothing", r"^CSV 100,000 lines \(as shipped\): added.*?\s+1\s+([\d.,]+)()",
     "<= 10 s", 10000),
)


def society_scale(text: str) -> list[list[str]]:
    rows = []
    for label, pattern, target, limit in SOCIETY:
        found = re.search(pattern, text, re.M)
        if not found:
            rows.append([label, "not run", target, ""])
            continue
        p50 = float(found.group(1).replace(",", ""))
        rows.append([label + ("" if rows else f" (load {load(text)})"),
                     f"**{found.group(1)} ms**" + (f" (p95 {found.group(2)} ms)" if found.group(2) else ""),
                     target, "met" if p50 <= limit else "missed"])
    return rows


BOARD = (  # the society_scale.py line, shown as; target < 1 s each
    ("board: cohorts by term end (every certificant)", "Board: cohorts by term end, 50,000 members"),
    ("board: the page (cohorts + first 200 of the list)", "Board: the page"),
    ("board: cohorts, first view after a member records a credit", "Board: first view after a member records"),
    ("board: CSV export (every certificant)", "Board: CSV of every certificant"),
    ("board: one evidence pack (zip)", "Board: one audit evidence pack"),
    ("board: cohorts, the first view (reads and judges all)", "Board: a full reading (start-up; then in the "
     "background keeper)"),
)


def board(text: str) -> list[list[str]]:
    rows = []
    for line, label in BOARD:
        found = re.search(rf"^{re.escape(line)}\s+\d+\s+([\d.,]+)", text, re.M)
        if found:
            p50 = float(found.group(1).replace(",", ""))
            rows.append([label, f"**{found.group(1)} ms** p50", "< 1 s", "met" if p50 < 1000 else "missed"])
    return rows or [["Board of Certification views", "not run", "< 1 s", ""]]


def one_member(text: str, label: str, target: str, limit: float) -> list[list[str]]:
    """calendar_feed.py and planner.py: one line of calls with p50, p95, p99."""
    found = re.search(r"^(\d+) calls\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", text, re.M)
    if not found:
        return [[label, "not run", target, ""]]
    return [[f"{label} (load {load(text)})", f"**{found.group(2)} ms** p50, p95 {found.group(3)} ms", target,
             "met" if float(found.group(2)) <= limit else "missed"]]


def bench_rules(text: str) -> list[list[str]]:
    found = re.search(r"^`?evaluate\(CMI, hours\)`?\s+([\d,]+)\s+([\d,]+)\s+([\d.]+)", text, re.M)
    if not found:
        return [["`evaluate(CMI, hours)` (rules only)", "not run", "", ""]]
    return [["`evaluate(CMI, hours)` (rules only)", f"{found.group(2)} /s, median {found.group(3)} µs", "", ""]]


def round_trips(text: str) -> list[list[str]]:
    """bench/round_trips.py: the phone's page loads on Lighthouse's mobile profile, median of its runs."""
    def median(name: str) -> re.Match | None:
        return re.search(rf"^{re.escape(name)}\s+([\d.]+) (ms|KB)\s+([\d.]*)", text, re.M)
    home, login, kb = median("second visit: Home"), median("login -> Home"), median(
        "first visit KB, with the service worker's install")
    if not (home and login and kb):
        return [["phone page loads, Lighthouse mobile profile (round trips of 150 ms)", "not run", "", ""]]
    when = re.search(r"^date:\s+(.*)$", text, re.M)
    run = f"load {load(text)}, run {when.group(1) if when else '?'}"
    rows = []
    for label, found, limit in (("second visit to Home", home, 4), ("login -> Home", login, 6)):
        trips = float(found.group(3))
        rows.append([f"phone: {label}, Lighthouse mobile profile ({run})",
                     f"**{trips:.1f} round trips** ({found.group(1)} ms)", f"<= {limit} round trips",
                     "met" if trips <= limit else "missed"])
    rows.append(["phone: first visit, with the service worker's install", f"**{kb.group(1)} KB**", "< 500 KB",
                 "met" if float(kb.group(1)) < 500 else "missed"])
    return rows


def table(results: Path) -> str:
    rows = (service_writes(read(results, "service_writes")) + event_roundtrip(read(results, "event_roundtrip"))
            + protocol_load(read(results, "protocol_load")) + faults(read(results, "faults"))
            + round_trips(read(results, "round_trips"))
            + conference_surge(read(results, "conference_surge"))
            + society_scale(read(results, "society_scale")) + board(read(results, "society_scale"))
            + one_member(read(results, "calendar_feed"), "calendar feed, one member with 5 years of history",
                         "well under 50 ms", 50)
            + one_member(read(results, "planner"), "what-if planner, one member, 2 programs, 20 plans", "a few ms", 5)
            + bench_rules(read(results, "bench_rules")))
    stamp = (results / "run_all.txt").read_text().strip() if (results / "run_all.txt").exists() else "not run yet"
    lines = [START, "", f"Written by `bench/figures.py` from: {stamp}. Each row's load is the 1-minute load average as "
             "its script started; the outputs are in `bench/results/`.", "",
             "| what | figure | target | |", "| --- | --- | --- | --- |"]
    lines += ["| " + " | ".join(cell.replace("|", "/") for cell in row) + " |" for row in rows]
    return "\n".join(lines + ["", END])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()
    text = args.page.read_text()
    if START not in text:
        raise SystemExit(f"{args.page} has no {START} marker")
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    args.page.write_text(before + table(args.results) + after)
    print(table(args.results))


if __name__ == "__main__":
    main()
