"""Online backups with SQLite's backup API, rotation, verification and atomic restore.

A backup is a consistent snapshot even while another connection writes (the backup API restarts
on change), so it is safe to take one from a background thread while the user keeps working.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from ...paths import backups_dir_for
from ..common.errors import UserError
from .revisions import known_revisions
from .sqlite_file import SQLITE_MAGIC, read_only_uri

Progress = Callable[[int, int], None]
_NAME = re.compile(r"^dangjian-(\d{8}-\d{6})(?:-\d+)?-([a-z-]+)\.db$")
REASONS = {"manual": "手动备份", "daily": "每日自动备份", "pre-migrate": "升级前备份",
           "pre-restore": "恢复前备份", "pre-import": "导入前备份", "pre-demo": "演示数据前备份"}


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    reason: str
    size: int

    @property
    def reason_label(self) -> str:
        return REASONS.get(self.reason, self.reason)


def _fsync_dir(directory: Path) -> None:
    if os.name == "posix":
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _copy_database(source: Path, target: Path, progress: Progress | None = None) -> None:
    """Copy `source` into a fresh file `target` with the online backup API, then fsync it."""
    src = sqlite3.connect(read_only_uri(source), uri=True, timeout=10)
    try:
        dst = sqlite3.connect(target)
        try:
            def step(_status, remaining, total):
                if progress:
                    progress(total - remaining, total)

            src.backup(dst, pages=2048, progress=step)
            dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
        finally:
            dst.close()
    finally:
        src.close()
    with target.open("rb+") as handle:
        os.fsync(handle.fileno())


def create_backup(db_path: Path, *, reason: str = "manual", out: Path | None = None,
                  progress: Progress | None = None, now: datetime | None = None) -> Path:
    """Snapshot the database. Without `out`, into the data dir's backups/ with rotation."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise UserError(f"数据库文件不存在：{db_path}")
    if out is not None:
        target = Path(out)
        if target.exists() and target.is_dir():
            raise UserError(f"备份目标是一个文件夹：{target}")
        target.parent.mkdir(parents=True, exist_ok=True)
    else:
        directory = backups_dir_for(db_path)
        directory.mkdir(parents=True, exist_ok=True)
        stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
        target = directory / f"dangjian-{stamp}-{reason}.db"
        serial = 1
        while target.exists():
            serial += 1
            target = directory / f"dangjian-{stamp}-{serial}-{reason}.db"
    partial = target.with_name(target.name + ".part")
    try:
        _copy_database(db_path, partial, progress)
        _refuse_damaged_copy(partial)
        os.replace(partial, target)
        _fsync_dir(target.parent)
    except sqlite3.DatabaseError as exc:
        partial.unlink(missing_ok=True)
        raise UserError(f"备份失败：{_reason_of(exc)}") from None
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise UserError(f"备份失败，无法写入 {target.parent}：{exc.strerror or exc}") from None
    try:
        from .attachment_backup import save_attachments  # lazily: start-up checks import this module

        save_attachments(db_path, target)
    except OSError as exc:
        raise UserError(f"备份附件失败，无法写入 {target.parent}：{exc.strerror or exc}") from None
    if out is None:
        rotate(target.parent, now=now)
    return target


def _refuse_damaged_copy(copy: Path) -> None:
    """A backup of a damaged database would rotate good backups away: refuse it instead."""
    conn = sqlite3.connect(read_only_uri(copy), uri=True)
    try:
        status = conn.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        conn.close()
    if status != "ok":
        raise sqlite3.DatabaseError("database disk image is malformed")


def _checkpoint(db_path: Path) -> None:
    """Move committed WAL content into the main file, so removing the -wal below loses nothing even if
    the process dies between that and the final rename."""
    try:
        conn = sqlite3.connect(db_path, timeout=10)
        try:
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return  # a damaged current file: the safety backup above already refused it or kept a copy
    if busy:
        raise UserError("数据库正被其他程序或窗口占用，请关闭后再恢复。")


def _reason_of(exc: Exception) -> str:
    text = str(exc).lower()
    if "full" in text:
        return "磁盘空间不足"
    if "not a database" in text or "malformed" in text:
        return "数据库文件已损坏"
    if "locked" in text or "busy" in text:
        return "数据库正被占用"
    return str(exc)


def list_backups(directory: Path) -> list[BackupInfo]:
    """Backups in `directory`, newest first. Files not named by us are ignored (never rotated away)."""
    result = []
    if not Path(directory).is_dir():
        return result
    for path in Path(directory).iterdir():
        match = _NAME.match(path.name)
        if not match:
            continue
        created = datetime.strptime(match[1], "%Y%m%d-%H%M%S")
        result.append(BackupInfo(path, created, match[2], path.stat().st_size))
    return sorted(result, key=lambda b: (b.created, b.path.name), reverse=True)


def last_backup(db_path: Path) -> BackupInfo | None:
    backups = list_backups(backups_dir_for(db_path))
    return backups[0] if backups else None


def rotate(directory: Path, *, keep_daily: int = 7, keep_weekly: int = 4, keep_monthly: int = 12,
           now: datetime | None = None) -> list[Path]:
    """Keep everything from the last 24 hours, then the newest backup of each of the last `keep_daily`
    days, `keep_weekly` ISO weeks and `keep_monthly` months that have backups; delete the rest."""
    now = now or datetime.now()
    backups = list_backups(directory)
    keep: set[Path] = {b.path for b in backups if now - b.created < timedelta(hours=24)}
    for bucket_of, count in (
        (lambda d: d.date(), keep_daily),
        (lambda d: d.isocalendar()[:2], keep_weekly),
        (lambda d: (d.year, d.month), keep_monthly),
    ):
        seen: list = []
        for backup in backups:  # newest first: the first of each bucket is its newest
            bucket = bucket_of(backup.created)
            if bucket in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(bucket)
            keep.add(backup.path)
    removed = []
    for backup in backups:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    if removed:
        from .attachment_backup import prune_store

        prune_store(Path(directory), sorted(keep))
    return removed


def backup_due_today(db_path: Path, now: datetime | None = None) -> bool:
    """The first start of each day makes an automatic backup."""
    newest = last_backup(db_path)
    return newest is None or newest.created.date() < (now or datetime.now()).date()


def verify_database_file(path: Path) -> str:
    """Check that `path` is an intact dangjian database; returns its schema revision."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"备份文件不存在：{path}")
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise UserError(f"不是有效的备份文件：{path.name}")
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            status = conn.execute("PRAGMA integrity_check").fetchone()[0]
            if status != "ok":
                raise UserError(f"备份文件已损坏，不能用于恢复：{path.name}")
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not {"alembic_version", "settings"} <= tables:
                raise UserError(f"该文件不是党建工作台的数据库备份：{path.name}")
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise UserError(f"备份文件已损坏或不是数据库：{path.name}") from None
    if row is None:
        raise UserError(f"该备份没有版本信息，不能用于恢复：{path.name}")
    return row[0]


def restore_backup(db_path: Path, backup_file: Path, *, progress: Progress | None = None) -> Path | None:
    """Replace the database with a verified backup. The current database is backed up first; stale
    -wal/-shm files are removed so they cannot be replayed onto the restored file. The caller must have
    closed every connection to `db_path`. Returns the safety backup of the replaced database."""
    db_path = Path(db_path)
    backup_file = Path(backup_file)
    revision = verify_database_file(backup_file)
    if revision not in known_revisions():
        raise UserError("该备份由更新版本的软件创建，数据库版本高于本软件，请升级后再恢复。")
    safety = create_backup(db_path, reason="pre-restore") if db_path.exists() else None
    staging = db_path.with_name(db_path.name + ".restoring")
    staging.unlink(missing_ok=True)
    try:
        _copy_database(backup_file, staging, progress)
        if db_path.exists():
            _checkpoint(db_path)
        for suffix in ("-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        os.replace(staging, db_path)
        _fsync_dir(db_path.parent)
    except (OSError, sqlite3.DatabaseError) as exc:
        staging.unlink(missing_ok=True)
        raise UserError(f"恢复失败，原数据库未改变：{exc}") from None
    from .attachment_backup import refill_attachments

    refill_attachments(db_path, backup_file)  # files still missing afterwards show as attachment findings
    return safety
