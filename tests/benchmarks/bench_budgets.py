"""经费 at scale: generate a year's budgets for 500 orgs, and render the 预算执行情况表 PDF.

    PYTHONPATH=app python tests/benchmarks/bench_budgets.py [--orgs 500] [--runs 5]

Baselines measured in the same run, so the ratios mean something on a busy machine:
- generation vs. a bare executemany INSERT of the same number of budget rows;
- the PDF vs. a bare reportlab Table of the same rows and columns written to A4.
Targets: generation ≤ 1 s and the 执行情况表 PDF ≤ 1 s for 500 orgs.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "app"), str(ROOT / "tests")]

from benchkit import timed  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from dangjian.core.budgets import standards  # noqa: E402
from dangjian.core.budgets import yearly as budgets  # noqa: E402
from dangjian.core.budgets.execution import execution_summary  # noqa: E402
from dangjian.core.budgets.ledger import ExpenditureInput, record_expenditure  # noqa: E402
from dangjian.core.models import BudgetLine  # noqa: E402
from dangjian.core.orgs import order as org_order  # noqa: E402
from dangjian.core.storage import migrate  # noqa: E402
from dangjian.core.storage.db import Database  # noqa: E402
from dangjian.core.system import settings_edit  # noqa: E402

YEAR = 2026


def build_street(path: Path, orgs: int) -> None:
    """A 街道 with `orgs` orgs: communities of five, each with four 小区 branches, ~20 members each."""
    from core.budget_helpers import sample_street

    migrate.upgrade(path, backup=False)
    db = Database(path)
    with db.write() as session:
        settings_edit.set_value(session, "general.unit_name", "湘龙街道党工委")
        sample_street(session, communities=orgs // 5, branches_per_community=4, enterprises=orgs % 5,
                      members_per_branch=20)
        ids = {c.code: c.id for c in standards.categories(session)}
        community = ["party_committee", "general_branch", "branch"]
        for code, per_org, per_member in [("operating", "20万", 0), ("benefit", "20万", 0),
                                          ("party_building", "3万", 0), ("education", 0, "300")]:
            standards.set_standard(session, YEAR, standards.StandardInput(
                ids[code], per_org, per_member, 50, 50, community if per_org else [],
                ["community", "residential"] if per_org else []))
    db.dispose()


def bench_generation(path: Path, runs: int) -> tuple[float, float, int]:
    db = Database(path)

    def generate() -> int:
        with db.write() as session:
            session.execute(text("DELETE FROM budget_lines"))
            return len(budgets.generate_budgets(session, YEAR).changes)

    lines = generate()
    with db.read() as session:
        rows = [dict(year=YEAR + 1, org_id=r.org_id, category_id=r.category_id, standard_fen=r.standard_fen,
                     member_count=r.member_count, county_share_pct=50, generated_at=None)
                for r in session.query(BudgetLine)]

    def bare_insert() -> None:
        with db.write() as session:
            session.execute(text("DELETE FROM budget_lines WHERE year = :y"), {"y": YEAR + 1})
            session.connection().execute(insert(BudgetLine.__table__), rows)

    ours = timed(generate, runs)
    baseline = timed(bare_insert, runs)
    with db.write() as session:
        session.execute(text("DELETE FROM budget_lines WHERE year = :y"), {"y": YEAR + 1})
        org_ids = [r.org_id for r in session.query(BudgetLine).limit(50)]
        for i, org_id in enumerate(org_ids):  # some spending so the 执行率 column is not empty
            record_expenditure(session, ExpenditureInput(date(YEAR, 3, 1), org_id, rows[0]["category_id"],
                                                         f"{1000 + i}.50", "主题党日活动", "王丽", f"记-{i}"))
    db.dispose()
    return ours, baseline, lines


def bench_pdf(path: Path, out: Path, runs: int) -> tuple[float, float, int]:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Table

    from dangjian.reports.budgets import add_execution_tables
    from dangjian.reports.engine.document import Report
    from dangjian.reports.engine.fonts import register_font
    from dangjian.reports.engine.pdf import write_pdf

    db = Database(path)
    with db.read() as session:
        summary = execution_summary(session, YEAR)
        tree = org_order.orgs_in_tree_order(session)

    def ours() -> None:
        report = Report(f"{YEAR}年度预算执行情况表", unit_name="湘龙街道党工委", landscape=True)
        add_execution_tables(report, summary, tree)
        write_pdf(report, out / "ours.pdf")

    probe = Report("probe", unit_name="x")
    add_execution_tables(probe, summary, tree)
    row_count = sum(len(table.rows) for table in probe.tables())
    plain_rows = [[f"党组织{i}", "党员教育活动经费", "¥1,234.50", "¥1,000.00", "¥234.50", "81.0%", "¥617.25",
                   "¥617.25"] for i in range(row_count)]
    font = register_font()

    def bare() -> None:
        doc = SimpleDocTemplate(str(out / "bare.pdf"), pagesize=landscape(A4))
        widths = [58 * mm, 38 * mm, *[26 * mm] * 3, 18 * mm, 26 * mm, 26 * mm]  # fixed, as ours: no auto-size
        table = Table(plain_rows, colWidths=widths, repeatRows=1)
        table.setStyle([("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 8),
                        ("GRID", (0, 0), (-1, -1), 0.5, "black")])
        doc.build([table])

    result = timed(ours, runs), timed(bare, runs), row_count
    db.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-budgets-"))
    try:
        path = work / "bench.db"
        build_street(path, args.orgs)
        ours, baseline, lines = bench_generation(path, args.runs)
        print(f"generate_budgets: {args.orgs} orgs, {lines} lines: {ours * 1000:.0f} ms "
              f"(bare INSERT {baseline * 1000:.0f} ms, ratio {ours / baseline:.1f}×) "
              f"{'OK' if ours <= 1 else 'OVER'} target 1 s")
        try:
            pdf, bare, rows = bench_pdf(path, work, args.runs)
        except ImportError as exc:
            print(f"执行情况表 PDF: skipped ({exc})")
            return
        print(f"执行情况表 PDF: {rows} rows: {pdf * 1000:.0f} ms (bare reportlab Table {bare * 1000:.0f} ms, "
              f"ratio {pdf / bare:.1f}×) {'OK' if pdf <= 1 else 'OVER'} target 1 s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
