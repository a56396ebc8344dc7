import sqlite3
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from dangjian.core.common.errors import UserError
from dangjian.core.storage import backup


def _count(path: Path, table: str = "audit_log") -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def _insert_batches(path: Path, batches: int, stop: threading.Event | None = None) -> None:
    conn = sqlite3.connect(path, timeout=10, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    for _ in range(batches):
        if stop is not None and stop.is_set():
            break
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO audit_log (at, operator, action, entity, summary) "
                         "VALUES (CURRENT_TIMESTAMP, '', 'test', 'x', ?)", [("行" * 200,)] * 10)
        conn.execute("COMMIT")
    conn.close()


def test_backup_is_a_consistent_snapshot_while_another_connection_writes(db_path):
    _insert_batches(db_path, 300)  # enough pages that the copy takes several steps
    stop = threading.Event()
    writer = threading.Thread(target=_insert_batches, args=(db_path, 2000, stop))
    writer.start()
    try:
        copies = [backup.create_backup(db_path, out=db_path.parent / f"copy{i}.db") for i in range(3)]
    finally:
        stop.set()
        writer.join()
    for copy in copies:
        conn = sqlite3.connect(copy)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # Rows are written ten per transaction: a torn copy would show a partial batch.
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] % 10 == 0
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        conn.close()


def test_backup_goes_to_backups_dir_with_reason_and_is_listed(db_path):
    target = backup.create_backup(db_path, reason="daily")
    assert target.parent == db_path.parent / "backups"
    listed = backup.list_backups(target.parent)
    assert [b.path for b in listed] == [target]
    assert listed[0].reason_label == "每日自动备份"
    assert backup.last_backup(db_path).path == target
    assert not list(target.parent.glob("*.part"))


def test_two_backups_in_one_second_do_not_overwrite(db_path):
    now = datetime(2026, 11, 25, 9, 0, 0)
    first = backup.create_backup(db_path, now=now)
    second = backup.create_backup(db_path, now=now)
    assert first != second and first.exists() and second.exists()


def test_daily_backup_due_once_a_day(db_path):
    assert backup.backup_due_today(db_path)
    backup.create_backup(db_path, reason="daily")
    assert not backup.backup_due_today(db_path)
    assert backup.backup_due_today(db_path, now=datetime.now() + timedelta(days=1))


def test_rotation_keeps_daily_weekly_monthly(tmp_path):
    directory = tmp_path / "backups"
    directory.mkdir()
    now = datetime(2026, 11, 25, 12, 0, 0)
    for days in range(0, 400, 1):
        for hour in (8, 17):
            stamp = now - timedelta(days=days, hours=hour)
            (directory / f"dangjian-{stamp:%Y%m%d-%H%M%S}-daily.db").write_bytes(b"x")
    (directory / "my-own-copy.db").write_bytes(b"keep me")
    backup.rotate(directory, now=now)
    kept = backup.list_backups(directory)
    days = {b.created.date() for b in kept}
    # last 24 h kept whole (2 files), then one per day for 7 days, per week for 4, per month for 12
    recent = [b for b in kept if now - b.created < timedelta(hours=24)]
    assert len(recent) == 2
    assert len(kept) <= 2 + 7 + 4 + 12
    assert all((now - timedelta(days=d)).date() in days for d in range(1, 7))
    assert min(b.created for b in kept) > now - timedelta(days=400)
    months = {(b.created.year, b.created.month) for b in kept}
    assert len(months) == 12
    assert (directory / "my-own-copy.db").exists()  # not ours: never rotated away


def test_restore_replaces_data_and_backs_up_current_first(db_path):
    _insert_batches(db_path, 1)
    snapshot = backup.create_backup(db_path, out=db_path.parent / "snapshot.db")
    _insert_batches(db_path, 5)
    assert _count(db_path) == 60
    safety = backup.restore_backup(db_path, snapshot)
    assert _count(db_path) == 10
    assert safety is not None and _count(safety) == 60


def test_restore_removes_stale_wal_so_it_cannot_be_replayed(db_path):
    snapshot = backup.create_backup(db_path, out=db_path.parent / "snapshot.db")
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.executemany("INSERT INTO audit_log (at, operator, action, entity, summary) "
                       "VALUES (CURRENT_TIMESTAMP, '', 'late', 'x', '')", [()] * 5)
    wal = Path(f"{db_path}-wal")
    stale = wal.read_bytes()
    writer.close()  # checkpoints and deletes the WAL
    backup.restore_backup(db_path, snapshot)
    wal.write_bytes(stale)  # a crash could leave one like this behind; restore must not trust it
    backup.restore_backup(db_path, snapshot)
    assert not wal.exists()
    assert _count(db_path) == 0
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_restore_refuses_bad_files_and_leaves_db_alone(db_path, tmp_path):
    _insert_batches(db_path, 1)
    not_sqlite = tmp_path / "x.db"
    not_sqlite.write_bytes(b"hello")
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    corrupt = tmp_path / "corrupt.db"
    data = bytearray(db_path.read_bytes())
    data[5000:9000] = b"\xff" * 4000
    corrupt.write_bytes(bytes(data))
    for bad, reason in [(tmp_path / "missing.db", "不存在"), (not_sqlite, "不是有效的备份文件"),
                        (foreign, "不是党建工作台"), (corrupt, "损坏")]:
        with pytest.raises(UserError, match=reason):
            backup.restore_backup(db_path, bad)
    assert _count(db_path) == 10
    assert not (db_path.parent / "backups").exists()  # refused before any safety backup


def test_restore_refuses_a_backup_from_a_newer_app(db_path, tmp_path):
    newer = backup.create_backup(db_path, out=tmp_path / "newer.db")
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num='9000_future'")
    conn.commit()
    conn.close()
    with pytest.raises(UserError, match="请升级"):
        backup.restore_backup(db_path, newer)


def test_backup_of_missing_db_is_refused(tmp_path):
    with pytest.raises(UserError, match="不存在"):
        backup.create_backup(tmp_path / "none.db")
