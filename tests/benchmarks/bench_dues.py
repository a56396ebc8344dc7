"""党费 at scale: the `dangjian demo` street with 100,000 members (≈400,000 payments).

Run: PYTHONPATH=app .venv/bin/python tests/benchmarks/bench_dues.py [--db PATH] [--rebuild]
The demo is built once and reused. Every figure is printed with its ratio to a baseline measured in the
same run: a bare SELECT count(*) over dues_payments. On this shared 2-core machine figures vary by ±20%.
"""

from __future__ import annotations

import os
from datetime import date

from benchkit import bench_database, timed
from sqlalchemy import select, text

from dangjian.core.demo.build import build_demo
from dangjian.core.dues.checks import dues_findings
from dangjian.core.models import Organisation
from dangjian.core.storage.db import Database
from dangjian.reports.dues import dues_report
from dangjian.reports.engine.registry import ExportOptions

MEMBERS = 100_000


def build(db: Database) -> None:
    with db.write() as session:
        build_demo(session, members=MEMBERS)


def main() -> None:
    db = bench_database("/tmp/dues/bench.db", build)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from dangjian.ui.models.dues_grid import DuesGridModel
    from dangjian.ui.pages.dues import load_dues

    app = QApplication.instance() or QApplication([])
    today = date.today()
    with db.read() as session:
        payments = session.execute(text("SELECT count(*) FROM dues_payments")).scalar_one()
        community = session.scalar(select(Organisation.id).where(Organisation.kind == "party_committee").limit(1))
        print(f"members {MEMBERS:,}, payments {payments:,}")
        base = timed(lambda: session.execute(text("SELECT count(*) FROM dues_payments")).scalar_one())
        print(f"{'baseline SELECT count(*) dues_payments':<44} {base * 1000:8.1f} ms")
        loaded = load_dues(session, today.year, None, today)
        model = DuesGridModel()
        figures = {
            "党费 page load, whole street (worker)": lambda: load_dues(session, today.year, None, today),
            "党费 page load, one 社区党委 (worker)": lambda: load_dues(session, today.year, community, today),
            "grid set_rows (GUI thread)": lambda: model.set_rows(loaded.rows, loaded.year, loaded.until),
            "reselect 100,000 rows after reload (GUI)": lambda: model.rows_of([r.member_id for r in loaded.rows]),
            "dues findings (check)": lambda: dues_findings(session, today),
            "收缴明细 one month, content (no PDF)": lambda: dues_report(session, ExportOptions(month=today.month)),
        }
        for label, fn in figures.items():
            seconds = timed(fn, runs=3)
            print(f"{label:<44} {seconds * 1000:8.1f} ms   ratio to baseline {seconds / base:7.1f}×")
    del app
    db.dispose()


if __name__ == "__main__":
    main()
