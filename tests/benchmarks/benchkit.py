"""Helpers shared by the benchmark scripts (run as plain scripts, so this folder is on sys.path)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(fn: Callable[[], object], runs: int = 5) -> float:
    """Median wall seconds of `runs` calls: steadier than one run on a shared machine."""
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)
