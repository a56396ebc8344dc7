"""Crash-trial harness: run a real CLI operation in a subprocess, SIGKILL it at a random moment, then
check that the database is intact and holds exactly the state before or after the operation.

Shared by the reduced trials in the normal test run and `run_crash_trials.py` (the full run).
A state is a fingerprint: per table, the row count and a hash of every row in primary-key order, with
wall-clock columns (created_at, updated_at, audit `at`) left out so two runs of the same operation
compare equal.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

APP_DIR = Path(__file__).resolve().parents[2] / "app"
VOLATILE_COLUMNS = {"created_at", "updated_at", "at", "generated_at"}
SKIPPED_TABLES = {"alembic_version"}

Fingerprint = tuple[tuple[str, int, str], ...]


def fingerprint(db_path: Path) -> Fingerprint:
    """(table, rows, sha1 of rows) for every table. Opening read-write lets SQLite replay the WAL, exactly
    as the app will on its next start."""
    conn = sqlite3.connect(db_path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                             "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        result = []
        for table in tables:
            if table in SKIPPED_TABLES:
                continue
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in VOLATILE_COLUMNS]
            digest = hashlib.sha1()
            count = 0
            for row in conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid"):
                digest.update(repr(row).encode())
                count += 1
            result.append((table, count, digest.hexdigest()))
        return tuple(result)
    finally:
        conn.close()


def integrity(db_path: Path) -> tuple[str, list]:
    conn = sqlite3.connect(db_path)
    try:
        status = conn.execute("PRAGMA integrity_check").fetchone()[0]
        foreign = conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()
    return status, foreign


def rows_lost(state: Fingerprint, before: Fingerprint, after: Fingerprint) -> int:
    """Rows missing compared with the nearer of the two legal states (0 when it is one of them)."""
    if state in (before, after):
        return 0

    def missing(target: Fingerprint) -> int:
        counts = {t: n for t, n, _ in state}
        return sum(max(0, n - counts.get(t, 0)) for t, n, _ in target) or 1  # same counts, other content

    return min(missing(before), missing(after))


def cli_command(db_path: Path, args: list[str]) -> list[str]:
    return [sys.executable, "-m", "dangjian", "--db", str(db_path), *args]


def cli_env() -> dict[str, str]:
    # A fixed hash seed: the demo's audit summaries list some names from sets, whose order would
    # otherwise differ between the reference run and a trial.
    return {**os.environ, "PYTHONPATH": f"{APP_DIR}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
            "QT_QPA_PLATFORM": "offscreen", "PYTHONHASHSEED": "0"}


@dataclass
class Operation:
    """`prepare(workdir)` builds the starting files and returns (db_path, CLI args)."""

    name: str
    prepare: Callable[[Path], tuple[Path, list[str]]]
    timeout: float = 300


@dataclass
class TrialReport:
    operation: str
    trials: int = 0
    kills: int = 0  # the process was still running when killed (the others had already finished)
    ended_before: int = 0
    ended_after: int = 0
    integrity_failures: int = 0
    foreign_key_failures: int = 0
    rows_lost: int = 0
    full_run_seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"{self.operation:<16} trials={self.trials:<3} kills={self.kills:<3} before={self.ended_before:<3} "
                f"after={self.ended_after:<3} integrity_failures={self.integrity_failures} "
                f"fk_failures={self.foreign_key_failures} rows_lost={self.rows_lost} "
                f"(full run {self.full_run_seconds:.1f}s)")


def reference(operation: Operation, workdir: Path, runs: int = 2) -> tuple[Fingerprint, Fingerprint, float]:
    """Run the operation to the end: its before and after states, and its shortest run time (the first
    run pays for cold caches; kills aimed by it would come too late)."""
    times, states = [], set()
    for run in range(runs):
        directory = workdir / f"reference-{run}"
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        db_path, args = operation.prepare(directory)
        before = fingerprint(db_path)
        started = time.perf_counter()
        done = subprocess.run(cli_command(db_path, args), env=cli_env(), capture_output=True, text=True,
                              timeout=operation.timeout, stdin=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise RuntimeError(f"{operation.name} failed in the reference run: {done.stderr[-2000:]}")
        states.add(fingerprint(db_path))
        shutil.rmtree(directory, ignore_errors=True)
    if len(states) != 1:
        raise RuntimeError(f"{operation.name} is not deterministic: two complete runs differ")
    return before, states.pop(), min(times)


def run_trials(operation: Operation, workdir: Path, trials: int, *, seed: int = 1) -> TrialReport:
    rng = random.Random(seed)
    before, after, elapsed = reference(operation, workdir)
    report = TrialReport(operation.name, full_run_seconds=elapsed)
    if before == after:
        raise RuntimeError(f"{operation.name}: the operation changes nothing, the trial would prove nothing")
    for trial in range(trials):
        directory = workdir / f"trial-{trial}"
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        db_path, args = operation.prepare(directory)
        process = subprocess.Popen(cli_command(db_path, args), env=cli_env(), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        # Python start-up takes a good part of the run and writes nothing: aim the kills at the rest,
        # every other one at the last third, where the transaction commits.
        low = 0.65 if trial % 2 else 0.2
        time.sleep(rng.uniform(low, 1.0) * elapsed)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            report.kills += 1
        process.wait(timeout=operation.timeout)
        report.trials += 1
        status, foreign = integrity(db_path)
        if status != "ok":
            report.integrity_failures += 1
            report.problems.append(f"trial {trial}: integrity {status}")
        if foreign:
            report.foreign_key_failures += 1
            report.problems.append(f"trial {trial}: foreign keys {foreign[:3]}")
        state = fingerprint(db_path)
        if state == before:
            report.ended_before += 1
        elif state == after:
            report.ended_after += 1
        else:
            lost = rows_lost(state, before, after)
            report.rows_lost += lost
            report.problems.append(f"trial {trial}: neither before nor after ({lost} rows off)")
        shutil.rmtree(directory, ignore_errors=True)
    return report
