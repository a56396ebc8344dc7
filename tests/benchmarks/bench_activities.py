"""活动 at scale: the meeting pack of a 300-attendee 联席会议, and the 组织生活台账 for 500 orgs × 12 months.

    PYTHONPATH=app python tests/benchmarks/bench_activities.py [--orgs 500] [--runs 3]

Baselines measured in the same run, so the ratios mean something on a busy machine: each PDF against a
bare reportlab Table of the same rows and columns on A4 (no queries, no title block, no page numbers).
Targets: pack ≤ 1 s; 台账 (PDF) ≤ 2 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "app"), str(ROOT / "tests")]

from benchkit import timed  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from dangjian.core.models import (  # noqa: E402
    Activity,
    ActivityAttendance,
    ActivityOrg,
    ActivityUnit,
    AgendaItem,
    Member,
    Organisation,
)
from dangjian.core.storage import migrate  # noqa: E402
from dangjian.core.storage.db import Database  # noqa: E402
from dangjian.core.system import settings_edit  # noqa: E402

YEAR = 2026
PER_ORG = 6  # members per org
KINDS = ("committee_meeting", "theme_day")  # each org holds the first --per-month of these every month
LABELS = {"committee_meeting": "支委会", "theme_day": "主题党日"}


def _id(serial: int) -> str:
    from training_world import make_id

    return make_id(serial % 1000, datetime(1950 + serial // 1000 % 50, 1, 1).date())


def build(path: Path, orgs: int, per_month: int = 1) -> int:
    """`orgs` branches under one 街道党工委, PER_ORG members each, --per-month held meetings a month each with
    attendance, and one 联席会议 with 300 attendees. Returns the 联席会议's id."""
    migrate.upgrade(path, backup=False)
    db = Database(path)
    with db.write() as session:
        settings_edit.set_value(session, "general.unit_name", "湘龙街道党工委")
        conn = session.connection()
        conn.execute(insert(Organisation.__table__), [dict(id=1, name="湘龙街道党工委", kind="street_committee",
                                                           domain="community", formation="single", status="active")])
        conn.execute(insert(Organisation.__table__), [
            dict(id=n + 2, name=f"第{n + 1:03d}党支部", kind="branch", domain="community", parent_id=1,
                 formation="single", status="active", sort_order=n) for n in range(orgs)])
        members = [dict(id=m + 1, name=f"党员{m + 1}", gender="男", id_number=_id(m + 1), org_id=m // PER_ORG + 2)
                   for m in range(orgs * PER_ORG)]
        conn.execute(insert(Member.__table__), members)
        activities, links, agenda, sheet = [], [], [], []
        now = datetime.now()
        for org in range(orgs):
            for month in range(1, 13):
                for k, kind in enumerate(KINDS[:per_month]):
                    aid = len(activities) + 2
                    start = datetime(YEAR, month, 5 + k * 5, 9)
                    end = start + timedelta(hours=2)
                    activities.append(dict(
                        id=aid, activity_type=kind, title=f"{month}月{LABELS[kind]}", planned_start=start,
                        planned_end=end, actual_start=start, actual_end=end, status="held", content="内容",
                        resolution="决议", created_at=now, updated_at=now))
                    links.append(dict(activity_id=aid, org_id=org + 2, position=0))
                    agenda.append(dict(activity_id=aid, position=0, text="议题"))
                    sheet += [dict(activity_id=aid, member_id=org * PER_ORG + i + 1, status="present",
                                   credited_tenths=0, note="") for i in range(PER_ORG)]
        start = datetime(YEAR, 6, 18, 9)
        activities.append(dict(id=1, activity_type="joint_meeting", title="街道大工委联席会议", planned_start=start,
                               planned_end=start + timedelta(hours=2), actual_start=None, actual_end=None,
                               status="planned", place="街道会议中心", content="", resolution="",
                               created_at=now, updated_at=now))
        links += [dict(activity_id=1, org_id=o, position=o - 1) for o in range(1, min(orgs + 1, 51) + 1)]
        agenda += [dict(activity_id=1, position=i, text=f"议题{i + 1}：共建项目认领与落实") for i in range(6)]
        sheet += [dict(activity_id=1, member_id=m, status="pending", credited_tenths=0, note="")
                  for m in range(1, min(orgs * PER_ORG, 300) + 1)]  # fewer only in a tiny trial run
        conn.execute(insert(Activity.__table__), activities)
        conn.execute(insert(ActivityOrg.__table__), links)
        conn.execute(insert(AgendaItem.__table__), agenda)
        conn.execute(insert(ActivityAttendance.__table__), sheet)
        conn.execute(insert(ActivityUnit.__table__), [dict(activity_id=1, unit_name=f"驻区单位{i}", delegate=f"委员{i}",
                                                           position=i) for i in range(12)])
    db.dispose()
    return 1


def bare_table(path: Path, rows: list[list[str]], widths_mm: list[float], row_height_mm: float | None = None,
               landscape_page: bool = False) -> None:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Table

    from dangjian.reports.engine.fonts import register_font

    font = register_font()
    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4) if landscape_page else A4)
    heights = [row_height_mm * mm] * len(rows) if row_height_mm else None
    table = Table(rows, colWidths=[w * mm for w in widths_mm], rowHeights=heights, repeatRows=1)
    table.setStyle([("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 9),
                    ("GRID", (0, 0), (-1, -1), 0.5, "black")])
    doc.build([table])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--per-month", type=int, default=1, choices=(1, 2), help="meetings per org and month")
    args = parser.parse_args()
    from dangjian.reports.engine.registry import ExportOptions, run_export

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        start = time.perf_counter()
        joint = build(out / "bench.db", args.orgs, args.per_month)
        total = args.orgs * 12 * args.per_month
        print(f"built {args.orgs} orgs × 12 months ({total} meetings) in {time.perf_counter() - start:.1f} s")
        db = Database(out / "bench.db")
        run_export(db, "handout", out / "warm.pdf", ExportOptions(activity_id=joint))  # imports, font

        pack_options = ExportOptions(activity_id=joint)
        pack = timed(lambda: run_export(db, "handout", out / "pack.pdf", pack_options), args.runs)
        sign_rows = [["序号", "姓名", "所在党组织/单位", "签名", "备注"]] + [
            [str(i), f"党员{i}", f"第{i:03d}党支部", "", ""] for i in range(317)]
        pack_base = timed(lambda: bare_table(out / "bare1.pdf", sign_rows, [14, 30, 56, 50, 30], 9), args.runs)
        print(f"会议材料 (300-attendee 联席会议): {pack:.3f} s; bare reportlab 签到表 {pack_base:.3f} s; "
              f"ratio {pack / pack_base:.2f} (target ≤ 1 s)")

        options = ExportOptions(year=YEAR)
        ledger = timed(lambda: run_export(db, "activities", out / "ledger.pdf", options), args.runs)
        xlsx = timed(lambda: run_export(db, "activities", out / "ledger.xlsx", options), 1)
        rows = [["日期", "党组织", "类型", "活动名称", "状态", "应到/实到/请假"]] + [
            ["2026-01-05", f"第{i % 500:03d}党支部", "支委会", "1月支委会", "已召开", "6/6/0"]
            for i in range(total)]
        counts = [["党组织", *"abcdefghij", "合计"]] + [[f"第{i:03d}党支部", *["1"] * 11] for i in range(args.orgs)]
        ledger_base = timed(lambda: (bare_table(out / "bare2.pdf", rows, [24, 64, 32, 93, 18, 36],
                                                landscape_page=True),
                                     bare_table(out / "bare3.pdf", counts, [62] + [19] * 10 + [15],
                                                landscape_page=True)), args.runs)
        print(f"组织生活台账 PDF ({args.orgs} orgs, {total} activities): {ledger:.3f} s; bare reportlab "
              f"{ledger_base:.3f} s; ratio {ledger / ledger_base:.2f} (target ≤ 2 s); xlsx {xlsx:.3f} s")
        db.dispose()


if __name__ == "__main__":
    main()
