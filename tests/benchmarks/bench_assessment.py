"""考核 and 共建 at scale: the `dangjian demo` street with 100,000 members (the same database as bench_dues.py).

Run: PYTHONPATH=app .venv/bin/python tests/benchmarks/bench_assessment.py [--db PATH] [--rebuild]
The demo is built once and reused (a database from an older revision is upgraded first). Every figure is
printed with its ratio to a baseline measured in the same run: a bare SELECT count(*) over members. On this
shared 2-core machine figures vary by ±20%.
"""

from __future__ import annotations

from datetime import date

from benchkit import bench_database, timed
from sqlalchemy import text

from dangjian.core.assessment import duties, indicators, problems, reviews
from dangjian.core.checks import all_findings
from dangjian.core.cobuild import projects, volunteering
from dangjian.core.demo.build import build_demo
from dangjian.core.storage.db import Database
from dangjian.reports.assessment import lists_report, scores_report
from dangjian.reports.engine.registry import ExportOptions

MEMBERS = 100_000


def build(db: Database) -> None:
    with db.write() as session:
        build_demo(session, members=MEMBERS)


def main() -> None:
    db = bench_database("/tmp/dues/bench.db", build)
    today = date.today()
    year = today.year
    with db.write() as session:  # a database built before 考核 existed gets this year's indicators
        if not indicators.indicators_of(session, year):
            for name, method in [("三会一课", "meetings"), ("学时", "training"), ("经费", "budget"),
                                 ("换届", "terms"), ("整改", "rectification")]:
                indicators.add_indicator(session, indicators.IndicatorFields(year, name, 20, 100, method))
    with db.read() as session:
        members = session.execute(text("SELECT count(*) FROM members")).scalar_one()
        print(f"members {members:,}")
        base = timed(lambda: session.execute(text("SELECT count(*) FROM members")).scalar_one())
        print(f"{'baseline SELECT count(*) members':<44} {base * 1000:8.1f} ms")
        findings = all_findings(session, today)
        figures = {
            "年度排名 scoreboard (5 computed indicators)": lambda: indicators.scoreboard(session, year, today),
            "问题清单 rows": lambda: problems.problem_rows(session, year, today=today),
            "规则检查 candidates from all findings": lambda: problems.finding_candidates(session, findings, year),
            "责任清单 + 月调度 rows": lambda: (duties.duty_rows(session, year, today=today),
                                          duties.dispatch_rows(session, year, today.month)),
            "述职评议 rows": lambda: reviews.review_rows(session, year),
            "四张清单 content (no PDF)": lambda: lists_report(session, ExportOptions(today=today)),
            "得分表 content (no PDF)": lambda: scores_report(session, ExportOptions(today=today)),
            "服务项目 rows": lambda: projects.project_rows(session, year, today=today),
            "志愿服务 hours by 驻区单位": lambda: volunteering.hours_by(session, year, "unit"),
        }
        for label, fn in figures.items():
            seconds = timed(fn, runs=3)
            print(f"{label:<44} {seconds * 1000:8.1f} ms   ratio to baseline {seconds / base:7.1f}×")
    db.dispose()


if __name__ == "__main__":
    main()
