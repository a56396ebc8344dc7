import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from dangjian.core.common.errors import UserError
from dangjian.core.storage.db import Database, check_sqlite_file, translate_db_error


def test_every_connection_has_the_pragmas(db):
    with db.read() as session:
        conn = session.connection()
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_foreign_keys_are_enforced(db):
    from dangjian.core.models import OrgUnit

    with pytest.raises(Exception, match="FOREIGN KEY"), db.write() as session:
        session.add(OrgUnit(org_id=999, name="不存在的党组织的单位"))


def test_a_failed_unit_of_work_writes_nothing(db):
    from dangjian.core.system import settings, settings_edit

    with pytest.raises(RuntimeError), db.write() as session:
        settings_edit.set_value(session, "general.unit_name", "湘龙街道党工委")
        raise RuntimeError("boom")
    with db.read() as session:
        assert settings.get(session, "general.unit_name") == ""


def test_missing_file_is_refused_in_chinese(tmp_path):
    with pytest.raises(UserError, match="数据库文件不存在"):
        check_sqlite_file(tmp_path / "nope.db")


def test_directory_is_refused(tmp_path):
    with pytest.raises(UserError, match="文件夹"):
        check_sqlite_file(tmp_path)


def test_not_a_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "党员.xlsx"
    path.write_bytes(b"PK\x03\x04 not a database")
    with pytest.raises(UserError, match="不是有效的数据库文件"):
        check_sqlite_file(path)


def test_new_file_allowed_when_creating(tmp_path):
    check_sqlite_file(tmp_path / "sub" / "new.db", must_exist=False)
    assert (tmp_path / "sub").is_dir()


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("database is locked", "占用"),
        ("database or disk is full", "磁盘空间不足"),
        ("attempt to write a readonly database", "只读"),
        ("file is not a database", "损坏"),
    ],
)
def test_sqlite_errors_become_chinese_sentences(message, expected):
    error = OperationalError("stmt", {}, sqlite3.OperationalError(message))
    friendly = translate_db_error(error)
    assert friendly is not None and expected in friendly.message


def test_unrelated_errors_are_not_translated():
    assert translate_db_error(ValueError("x")) is None


def test_locked_database_reports_busy(db_path):
    blocker = sqlite3.connect(db_path, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    database = Database(db_path)
    try:
        with pytest.raises(OperationalError) as info, database.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA busy_timeout=50")  # don't wait the full five seconds
            conn.exec_driver_sql("INSERT INTO audit_log (at, operator, action, entity, summary) "
                                 "VALUES (CURRENT_TIMESTAMP, '', 'x', 'y', '')")
        assert "占用" in translate_db_error(info.value).message
    finally:
        blocker.rollback()
        blocker.close()
        database.dispose()


def test_bulk_insert_stores_values_as_sqlalchemy_does(db):
    """Dates and datetimes as SQLAlchemy's text, booleans as 0/1, also where a column starts with None."""
    from datetime import date, datetime

    from sqlalchemy import Boolean, Column, Date, DateTime, Integer, MetaData, String, Table, insert, select

    from dangjian.core.storage.db import bulk_insert

    table = Table("bulk_probe", MetaData(), Column("d", Date), Column("ts", DateTime), Column("flag", Boolean),
                  Column("s", String), Column("n", Integer))
    rows = [{"d": None, "ts": datetime(2026, 5, 1, 9, 30), "flag": True, "s": "甲", "n": 1},
            {"d": date(2026, 5, 1), "ts": None, "flag": False, "s": None, "n": None}]
    with db.write() as session:
        table.create(session.connection())
        bulk_insert(session, rows, "bulk_probe")
        bulk_insert(session, [{"d": date(1999, 12, 31)}], "bulk_probe")  # a single column
        session.execute(insert(table), rows)  # the same rows the ORM way
    with db.read() as session:
        raw = session.connection().exec_driver_sql("SELECT d, ts, flag, s, n FROM bulk_probe ORDER BY rowid").all()
        typed = session.execute(select(table)).all()
    assert raw[:2] == raw[3:]  # byte for byte what SQLAlchemy writes
    assert raw[0] == (None, "2026-05-01 09:30:00.000000", 1, "甲", 1)
    assert raw[2] == ("1999-12-31", None, None, None, None)
    assert typed[1] == (date(2026, 5, 1), None, False, None, None)
