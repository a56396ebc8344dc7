"""The whole demo: valid by SQLite's own checks, and the same demo for the same seed and day."""

from __future__ import annotations

import gc
import shutil
import sqlite3
from datetime import date

from dangjian.core.demo.build import build_demo
from dangjian.core.storage.db import Database

DAY = date(2026, 11, 25)
WALL_CLOCK = {"created_at", "updated_at", "generated_at", "at"}  # when the rows were written, not what they say


def test_demo_passes_integrity_and_foreign_key_checks(demo_db_path):
    # The demo writes with CHECK constraints off (they are slow); integrity_check checks them all.
    with sqlite3.connect(demo_db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_demo_leaves_the_schema_as_migrated(demo_db_path, template_db):
    """Indexes the demo drops for its bulk inserts come back identical."""
    def schema(path):
        with sqlite3.connect(path) as conn:
            return sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())

    assert schema(demo_db_path) == schema(template_db)


def test_session_settings_come_back_after_the_demo(db):
    def settings(connection):
        return [connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("ignore_check_constraints", "cache_size", "foreign_keys")]

    with db.write() as session:
        connection = session.connection()
        before = settings(connection)
        build_demo(session, members=30, today=DAY)
        assert settings(connection) == before and before[0] == 0
        assert connection.exec_driver_sql("SELECT name FROM sqlite_temp_master").all() == []
    assert gc.isenabled()


def _contents(path) -> dict[str, list]:
    with sqlite3.connect(path) as conn:
        tables = [name for name, in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        contents = {}
        for table in tables:
            columns = [c for _, c, *_ in conn.execute(f"PRAGMA table_info({table})") if c not in WALL_CLOCK]
            contents[table] = conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid").fetchall()
    return contents


def test_same_seed_and_day_give_the_same_demo(tmp_path, template_db):
    paths = [tmp_path / "a.db", tmp_path / "b.db"]
    for path in paths:
        shutil.copyfile(template_db, path)
        db = Database(path)
        with db.write() as session:
            build_demo(session, members=200, today=DAY)
        db.dispose()
    first, second = (_contents(p) for p in paths)
    assert first["members"] and first["course_attendance"] and first["activity_attendance"]
    assert first == second
