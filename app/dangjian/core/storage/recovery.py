"""Corruption drill: notice a damaged database, keep it aside, point at the newest good backup.

`PRAGMA quick_check` reads every page: 0.4–1.4 s for a 100,000-member file here, ~300× the cheap check
(tests/benchmarks/bench_safety.py) — too slow for every start. So each session (GUI or CLI) leaves a
marker file beside the database while it runs and removes it when it ends cleanly; the next opener runs
the check only when a marker is left over (crash, power cut, kill), and `dangjian check` always runs it.
Every open still reads the header and the schema (cheap), which catches the most common damage: a
truncated or overwritten file.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ...paths import backups_dir_for
from ..common.errors import UserError
from .backup import BackupInfo, list_backups, verify_database_file
from .revisions import known_revisions
from .sqlite_file import SQLITE_MAGIC, read_only_uri

SIDECARS = ("-wal", "-shm")
_MARKER = ".session-"


def quick_check(db_path: Path, *, full: bool = False) -> str:
    """'ok', or SQLite's first complaints about the file (also when SQLite cannot read it at all)."""
    pragma = "integrity_check" if full else "quick_check"
    try:
        conn = sqlite3.connect(read_only_uri(db_path), uri=True, timeout=10)
        try:
            rows = conn.execute(f"PRAGMA {pragma}").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise  # a full disk or a vanished share is not damage: the caller reports it as such
        return str(exc)
    return "; ".join(str(row[0]) for row in rows[:5]) or "无结果"


def is_damage(exc: sqlite3.Error) -> bool:
    """SQLite says the file itself is bad (as opposed to I/O, locking or space problems)."""
    name = getattr(exc, "sqlite_errorname", "")
    text = str(exc).lower()
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text or "not a database" in text


# --- session markers --------------------------------------------------------------------------


def _markers(db_path: Path) -> list[Path]:
    db_path = Path(db_path)
    if not db_path.parent.is_dir():
        return []
    prefix = db_path.name + _MARKER
    return [p for p in db_path.parent.iterdir() if p.name.startswith(prefix)]


def previous_session_unclean(db_path: Path) -> bool:
    """True when a session marker was left behind (or another session is running right now: a harmless
    extra check then)."""
    own = _marker_path(db_path)
    return any(marker != own for marker in _markers(db_path))


def _marker_path(db_path: Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(f"{db_path.name}{_MARKER}{os.getpid()}")


def begin_session(db_path: Path) -> None:
    """Leave a marker for the running session. A read-only data folder simply gets none."""
    with contextlib.suppress(OSError):
        _marker_path(db_path).touch()


def end_session(db_path: Path) -> None:
    with contextlib.suppress(OSError):
        _marker_path(db_path).unlink(missing_ok=True)


def clear_stale_markers(db_path: Path) -> None:
    """After a passing check: forget the markers that caused it."""
    for marker in _markers(db_path):
        with contextlib.suppress(OSError):
            marker.unlink(missing_ok=True)


# --- damage -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Damage:
    """A damaged database moved aside, and the newest backup that passed verification (if any)."""

    db_path: Path
    problem: str
    kept_as: Path | None
    backup: BackupInfo | None

    def restore_command(self) -> str | None:
        if self.backup is None:
            return None
        return f'dangjian --db "{self.db_path}" restore "{self.backup.path}"'

    def message(self) -> str:
        """What to tell the user, in Chinese (GUI dialog and CLI alike)."""
        lines = [f"数据库文件已损坏，无法正常使用：{self.db_path}"]
        if self.kept_as is not None:
            lines.append(f"损坏的文件已原样保留为：{self.kept_as.name}（可交给技术人员尝试修复）")
        if self.backup is not None:
            lines.append(f"找到最近一份完好的备份：{self.backup.created:%Y-%m-%d %H:%M}"
                         f"（{self.backup.reason_label}）。恢复后，该时间之后录入的内容需要重新录入。")
        else:
            lines.append("没有找到完好的备份，请联系技术人员，或把其他电脑上的备份文件复制过来后用“从备份恢复”。")
        return "\n".join(lines)


def quarantine(db_path: Path, now: datetime | None = None) -> Path:
    """Rename the damaged file and its -wal/-shm to `<name>.damaged-<YYYYmmdd-HHMMSS>` (never deleted)."""
    db_path = Path(db_path)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
    serial = 1
    while target.exists():
        serial += 1
        target = db_path.with_name(f"{db_path.name}.damaged-{stamp}-{serial}")
    try:
        for suffix in SIDECARS:
            sidecar = Path(f"{db_path}{suffix}")
            if sidecar.exists():
                os.replace(sidecar, f"{target}{suffix}")
        os.replace(db_path, target)
    except OSError as exc:
        raise UserError(f"无法把损坏的数据库文件改名保留（{exc.strerror or exc}），请检查文件夹权限。") from None
    return target


def newest_valid_backup(db_path: Path) -> BackupInfo | None:
    """The newest backup that passes verification and that this version of the app can open."""
    for candidate in list_backups(backups_dir_for(db_path)):
        try:
            revision = verify_database_file(candidate.path)
        except UserError:
            continue
        if revision in known_revisions():
            return candidate
    return None


def diagnose(db_path: Path, *, always: bool = False, full: bool = False) -> str | None:
    """The problem text when the database is damaged, else None. Without `always`, the page-by-page
    check runs only after an unclean end of the previous session."""
    db_path = Path(db_path)
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return None
    if not _has_sqlite_header(db_path):
        # Damage to the first bytes, or simply the wrong file: with good backups of ours beside it, the
        # former. Otherwise the caller's header check refuses it as "not a database".
        return "文件头已损坏（不是 SQLite 数据库格式）" if newest_valid_backup(db_path) else None
    if not (always or full or previous_session_unclean(db_path)):
        problem = _schema_readable(db_path)
    else:
        problem = quick_check(db_path, full=full)
        problem = None if problem == "ok" else problem
        if problem is None:
            clear_stale_markers(db_path)
    return problem


def _has_sqlite_header(db_path: Path) -> bool:
    try:
        with db_path.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return True  # unreadable: not ours to judge here; opening reports it


def _schema_readable(db_path: Path) -> str | None:
    """The cheap check done on every open: header and schema readable."""
    try:
        conn = sqlite3.connect(read_only_uri(db_path), uri=True, timeout=10)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.execute("PRAGMA table_list").fetchall()  # parses the whole schema
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        return str(exc)
    return None


def handle_damage(db_path: Path, problem: str, now: datetime | None = None) -> Damage:
    """Move the damaged file aside and look for the backup to offer."""
    kept = quarantine(db_path, now)
    return Damage(Path(db_path), problem, kept, newest_valid_backup(db_path))


def check_on_open(db_path: Path, *, always: bool = False) -> Damage | None:
    """The drill every opener runs first: None when the database is fine (or new)."""
    problem = diagnose(db_path, always=always)
    if problem is None:
        return None
    return handle_damage(db_path, problem)
