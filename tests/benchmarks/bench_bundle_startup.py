"""Start-up of the frozen bundle against the same app run from the venv, warm and cold, same run.

    python tests/benchmarks/bench_bundle_startup.py [--bundle dist/dangjian-desk] [--runs 7] [--cold-runs 3]

Each sample is one fresh process, spawn to exit, with DANGJIAN_QUIT_AFTER_MS=0: the GUI shows its
first window and page (offscreen), then quits cleanly — so a sample is start-up plus the same small
teardown for both. The ratio bundle/venv is what to watch; the absolute times move with the machine.
Cold samples drop the OS page cache first (`sync; echo 3 > /proc/sys/vm/drop_caches`), which needs
root; without it only warm figures are printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def seconds(command: list[str], env: dict, cold: bool) -> float:
    if cold:
        drop_caches()
    start = time.monotonic()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=120)
    return time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "dangjian-desk")
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cold-runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-bundle-"))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DANGJIAN_QUIT_AFTER_MS": "0",
           "XDG_CONFIG_HOME": str(work / "config"), "XDG_DATA_HOME": str(work / "data")}
    db = str(work / "bench.db")
    subprocess.run([str(args.bundle / "dangjian"), "--db", db, "demo", "--members", str(args.members)],
                   env=env, check=True, capture_output=True)
    variants = {
        "bundle": [str(args.bundle / "dangjian-desk"), "--db", db],
        "venv": [sys.executable, "-m", "dangjian", "--db", db],
    }
    venv_env = {**env, "PYTHONPATH": str(ROOT / "app")}
    envs = {"bundle": env, "venv": venv_env}
    can_drop = drop_caches()
    modes = [("warm", args.runs, False)] + ([("cold", args.cold_runs, True)] if can_drop else [])
    for name, command in variants.items():  # warm the page cache for both
        seconds(command, envs[name], cold=False)
    print(f"members in DB: {args.members}; bundle: {args.bundle} ; venv python: {sys.executable}")
    for mode, runs, cold in modes:
        samples: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(runs):  # alternate, so load changes hit both alike
            for name, command in variants.items():
                samples[name].append(seconds(command, envs[name], cold))
        bundle, venv = (statistics.median(samples[n]) for n in ("bundle", "venv"))
        print(f"{mode}: bundle {bundle * 1000:.0f} ms, venv {venv * 1000:.0f} ms (median of {runs}), "
              f"ratio bundle/venv {bundle / venv:.2f}x")
    if not can_drop:
        print("cold: not measured (dropping the page cache needs root); figures above are warm only")


if __name__ == "__main__":
    main()
