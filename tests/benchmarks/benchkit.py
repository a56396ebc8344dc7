"""Helpers shared by the benchmark scripts (run as plain scripts, so this folder is on sys.path)."""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path


def timed(fn: Callable[[], object], runs: int = 5) -> float:
    """Median wall seconds of `runs` calls: steadier than one run on a shared machine."""
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def bench_database(default_path: str, build: Callable[[object], None]):
    """The benchmark's Database at --db (default `default_path`), built by `build(db)` once and reused.

    --rebuild starts over. Building 100,000 members takes minutes, so later runs skip it.
    """
    from dangjian.core.storage import migrate
    from dangjian.core.storage.db import Database

    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=default_path)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    path = Path(args.db)
    path.parent.mkdir(parents=True, exist_ok=True)
    if args.rebuild and path.exists():
        path.unlink()
    fresh = not path.exists()
    migrate.upgrade(path, backup=False)
    db = Database(path)
    if fresh:
        started = time.perf_counter()
        build(db)
        print(f"built in {time.perf_counter() - started:.1f} s")
    return db
