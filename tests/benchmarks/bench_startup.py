"""Start-up: process start to main window shown (offscreen), as a ratio to a bare PySide6 window.

    python tests/benchmarks/bench_startup.py [--members 50000] [--runs 7]

Both children are fresh processes measured from spawn to the moment the window is shown (they print
their own monotonic timestamp; the parent subtracts the spawn time). The ratio is what to watch: the
absolute times move with the machine's load, the ratio much less. Target: ≤ 2.0×.
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

APP_DIR = Path(__file__).resolve().parents[2] / "app"

BARE = """
import time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1280, 800); w.show(); app.processEvents()
print(time.monotonic())
"""

APP = """
import sys, time
from pathlib import Path
from dangjian.ui.application import create_application, prepare_database
from dangjian.ui.context import AppContext
from dangjian.ui.main_window import MainWindow
app = create_application()
prepare_database(Path(sys.argv[1]))
w = MainWindow(AppContext(Path(sys.argv[1]))); w.show(); app.processEvents()
shown = time.monotonic()
heavy = ",".join(m for m in ("sqlalchemy", "alembic", "reportlab", "openpyxl") if m in sys.modules)
w.show_first_page(); app.processEvents()
print(time.monotonic())
print(shown)
from dangjian.ui.operations import wait_for_idle
wait_for_idle()  # the page's background load, before the process exits
sys.stderr.write(heavy)
"""


def measure(code: str, *args: str, env: dict) -> tuple[list[float], str]:
    """Seconds from spawn to each timestamp the child prints (last line first), and its stderr."""
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                            check=True)
    stamps = [float(line) for line in result.stdout.split()]
    return [stamp - start for stamp in reversed(stamps)], result.stderr.strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(APP_DIR),
           "XDG_CONFIG_HOME": str(work / "config"), "XDG_DATA_HOME": str(work / "data")}
    db = work / "bench.db"
    subprocess.run([sys.executable, "-m", "dangjian", "--db", str(db), "demo", "--members", str(args.members)],
                   env=env, check=True, capture_output=True)
    measure(BARE, env=env)  # warm the OS file cache for both
    measure(APP, str(db), env=env)
    bare, shown, ready, heavy = [], [], [], ""
    for _ in range(args.runs):
        bare.append(measure(BARE, env=env)[0][0])
        (window_shown, page_ready), heavy = measure(APP, str(db), env=env)
        shown.append(window_shown)
        ready.append(page_ready)
    b, s, r = (statistics.median(x) for x in (bare, shown, ready))
    print(f"members in DB: {args.members}")
    print(f"bare QMainWindow shown     : median {b * 1000:.0f} ms over {args.runs} runs")
    print(f"dangjian main window shown : median {s * 1000:.0f} ms  ratio {s / b:.2f}x (target <= 2.0x)")
    print(f"dangjian first page ready  : median {r * 1000:.0f} ms  ratio {r / b:.2f}x (data then loads off-thread)")
    print(f"heavy modules loaded before the window was shown: {heavy or 'none'}")


if __name__ == "__main__":
    main()
