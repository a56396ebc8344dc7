"""学时统计 at scale: 100,000 members, 2,000 courses, ≈1M attendance rows.

Run: PYTHONPATH=app .venv/bin/python tests/benchmarks/bench_training.py [--db PATH] [--rebuild]
The data set is built once (≈1 min) and reused. Every figure is printed with its ratio to a baseline
measured in the same run: a bare SELECT count(*) over the attendance table.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date, timedelta

from benchkit import bench_database
from sqlalchemy import func, insert, select, text

from dangjian.core.models import CommitteeSeat, Course, CourseAttendance, ExternalHours, Member, Organisation
from dangjian.core.storage.db import Database
from dangjian.core.training import stats as training_stats

MEMBERS, COURSES, PER_COURSE, ORGS = 100_000, 2_000, 500, 500
YEAR = 2025


def build(db: Database) -> None:
    rng = random.Random(7)
    with db.write() as session:
        session.execute(insert(Organisation), [{"id": 1, "name": "街道党工委", "kind": "street_committee",
                                                "domain": "other", "parent_id": None}])
        communities = list(range(2, 22))
        session.execute(insert(Organisation), [
            {"id": i, "name": f"社区{i}", "kind": "party_committee", "domain": "community", "parent_id": 1}
            for i in communities])
        session.execute(insert(Organisation), [
            {"id": i, "name": f"支部{i}", "kind": "branch", "domain": "residential",
             "parent_id": communities[i % len(communities)]} for i in range(22, ORGS + 1)])
        session.execute(insert(Member), [
            {"id": i, "name": f"党员{i}", "gender": "男", "id_number": f"4301211980{i:08d}",
             "org_id": 2 + i % (ORGS - 1), "name_initials": f"dy{i}"} for i in range(1, MEMBERS + 1)])
        session.execute(insert(CommitteeSeat), [
            {"org_id": org, "member_id": org * 100 + k, "role": "secretary" if k == 0 else "member",
             "started_on": date(2022, 1, 1), "ended_on": date(YEAR, 6, 30) if org % 10 == 0 else None}
            for org in range(2, ORGS + 1) for k in range(3)])
        first = date(YEAR, 1, 1)
        session.execute(insert(Course), [
            {"id": c, "title": f"培训班{c}", "course_type": "rotation", "organiser": "", "place": "",
             "starts_on": first + timedelta(days=c % 360), "ends_on": first + timedelta(days=c % 360),
             "hours_tenths": 80, "target_group": "all", "note": ""} for c in range(1, COURSES + 1)])
        statuses = ["present"] * 8 + ["leave", "absent"]
        for c in range(1, COURSES + 1):
            rows = []
            for member_id in rng.sample(range(1, MEMBERS + 1), PER_COURSE):
                status = rng.choice(statuses)
                rows.append({"course_id": c, "member_id": member_id, "status": status,
                             "credited_tenths": 80 if status == "present" else 0, "note": ""})
            session.execute(insert(CourseAttendance), rows)
        session.execute(insert(ExternalHours), [
            {"member_id": rng.randint(1, MEMBERS), "earned_on": date(YEAR, 5, 1), "title": "网络学院",
             "hours_tenths": 40, "proof_note": "证书"} for _ in range(20_000)])
    with db.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")


def timed(label: str, fn, repeat: int = 3) -> float:
    """Best wall time of `repeat` runs; CPU time is printed too (steadier on a shared machine)."""
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    size = len(result) if hasattr(result, "__len__") else result
    print(f"{label:<34} wall best {min(walls) * 1000:7.1f} ms (median {statistics.median(walls) * 1000:7.1f})"
          f"  cpu best {min(cpus) * 1000:7.1f} ms  [{size}]")
    return min(walls)


def main() -> None:
    db = bench_database("/tmp/training/bench.db", build)
    with db.read() as session:
        rows = session.execute(text("SELECT count(*) FROM course_attendance")).scalar_one()
        print(f"members {MEMBERS:,}, courses {COURSES:,}, attendance rows {rows:,}")
        base = timed("baseline SELECT count(*) attendance", lambda: session.execute(
            text("SELECT count(*) FROM course_attendance")).scalar_one())
        figures = {
            "学时统计 all members (rows fetched)": lambda: training_stats.yearly_hours(session, YEAR),
            "学时统计 short only": lambda: training_stats.yearly_hours(session, YEAR, short_only=True),
            "学时统计 one community": lambda: training_stats.yearly_hours(session, YEAR, org_id=5),
            "aggregate only (SQL, counted)": lambda: [session.execute(select(func.count()).select_from(
                training_stats.yearly_hours_query(session, YEAR).subquery())).scalar_one()],
            "org completion (500 orgs, rollup)": lambda: training_stats.org_completion(session, YEAR),
        }
        for label, fn in figures.items():
            best = timed(label, fn)
            print(f"{'':<34} ratio to baseline {best / base:6.1f}×   budget 2000 ms: "
                  f"{'ok' if best <= 2.0 else 'OVER'}")
    db.dispose()


if __name__ == "__main__":
    main()
