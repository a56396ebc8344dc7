"""Full crash trials: every operation killed at random moments, ≥30 trials each.

    PYTHONPATH=app:. .venv/bin/python tests/reliability/run_crash_trials.py [--trials 30] [--only demo]

Prints per operation: trials, kills (process still running when killed), how many ended in the before
and after state, integrity failures, foreign-key failures and rows lost — the last three must be 0.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.reliability import operations
from tests.reliability.crash import run_trials

OPERATIONS = {
    "demo": lambda: operations.demo(members=3000),
    "restore": lambda: operations.restore(members=3000),
    "import": lambda: operations.import_members(rows=10_000),
    "budgets": lambda: operations.generate_budgets(members=3000),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--only", choices=sorted(OPERATIONS), action="append")
    args = parser.parse_args()
    failures = 0
    with tempfile.TemporaryDirectory(prefix="dangjian-crash-") as work:
        for name in args.only or OPERATIONS:
            try:
                report = run_trials(OPERATIONS[name](), Path(work) / name, args.trials, seed=30)
            except Exception as exc:  # an operation not available in this build
                print(f"{name:<16} skipped: {exc}", flush=True)
                continue
            print(report.line(), flush=True)
            for problem in report.problems:
                print(f"    {problem}")
            failures += report.integrity_failures + report.foreign_key_failures + report.rows_lost
    print("RESULT:", "no integrity failures, no rows lost" if failures == 0 else f"{failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
