"""数据安全 costs: the start-up damage checks on a 100,000-member file, and undo recording on edits.

    PYTHONPATH=app python tests/benchmarks/bench_safety.py [--members 100000]

Prints the cheap every-start check (header + schema) against the full quick_check, which is why the
full check runs only after an unclean end (see core/storage/recovery.py); and the time of 200 ORM edits with
undo recording as a ratio to the same edits without it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "app"))

from benchkit import timed
from sqlalchemy import insert, select

from dangjian.core.common.idcard import make_id
from dangjian.core.models import Member, Organisation
from dangjian.core.storage import migrate, recovery
from dangjian.core.storage.db import Database
from dangjian.core.system.undo import recording


def build(path: Path, members: int) -> None:
    migrate.upgrade(path, backup=False)
    db = Database(path)
    with db.write() as session:
        session.execute(insert(Organisation), [{"name": f"第{i}党支部", "kind": "branch"} for i in range(400)])
        session.execute(insert(Member), [
            {"name": f"党员{i}", "name_initials": "DY", "gender": "男" if i % 2 else "女",
             "id_number": make_id("430121", date(1950, 1, 1) + timedelta(days=i % 20_000), i // 20_000,
                                  "男" if i % 2 else "女"),
             "org_id": 1 + i % 400, "address": f"湘龙街道某小区{i}栋", "phone": f"138{i:08d}"}
            for i in range(members)])
    db.dispose()


def edits(db: Database, record: bool) -> None:
    with db.write() as session:
        orgs = session.scalars(select(Organisation).limit(200)).all()
        if record:
            with recording(session):
                for org in orgs:
                    org.note = f"备注{time.perf_counter()}"
        else:
            for org in orgs:
                org.note = f"备注{time.perf_counter()}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "big.db"
        build(path, args.members)
        size = path.stat().st_size / 1e6
        cheap = timed(lambda: recovery.diagnose(path))
        quick = timed(lambda: recovery.quick_check(path), runs=3)
        print(f"database: {args.members} members, {size:.0f} MB")
        print(f"every-start check (header + schema): {cheap * 1000:8.1f} ms")
        print(f"quick_check (after an unclean end):  {quick * 1000:8.1f} ms   ratio {quick / cheap:,.0f}x")
        db = Database(path)
        plain = timed(lambda: edits(db, False))
        recorded = timed(lambda: edits(db, True))
        db.dispose()
        print(f"200 edits without undo recording:    {plain * 1000:8.1f} ms")
        print(f"200 edits with undo recording:       {recorded * 1000:8.1f} ms   ratio {recorded / plain:.2f}x")


if __name__ == "__main__":
    main()
