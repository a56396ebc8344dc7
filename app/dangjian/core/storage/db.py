"""Engine and sessions for the local SQLite file.

Every connection turns foreign keys on, uses WAL (readers never block the single writer) and waits for a
busy lock instead of failing at once. pysqlite's own transaction handling is switched off so that
SQLAlchemy's BEGIN covers DDL too — migrations then run in one real transaction.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from operator import itemgetter
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from ..common.errors import UserError
from .sqlite_file import SQLITE_MAGIC, check_sqlite_file, read_only_uri  # noqa: F401 - kept importable here

BUSY_TIMEOUT_MS = 5000


def _on_connect(dbapi_connection: sqlite3.Connection, _record) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _on_connect_read_only(dbapi_connection: sqlite3.Connection, _record) -> None:
    dbapi_connection.isolation_level = None
    dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    dbapi_connection.execute("PRAGMA query_only=ON")


def _on_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN")


def create_sqlite_engine(path: Path, *, mode: str = "rw") -> Engine:
    """`mode` from sqlite_file.open_mode: "rw", or "ro"/"immutable" for a file or folder we cannot write."""
    if mode == "rw":
        engine = create_engine(f"sqlite:///{Path(path)}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _on_connect)
    else:
        uri = read_only_uri(path)
        if mode == "immutable" and "immutable" not in uri:
            uri += "&immutable=1"
        # The URL still names the file (code that derives paths from it keeps working); the creator opens it.
        engine = create_engine(f"sqlite:///{Path(path)}", poolclass=QueuePool, creator=lambda: sqlite3.connect(
            uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False))
        event.listen(engine, "connect", _on_connect_read_only)
    event.listen(engine, "begin", _on_begin)
    return engine


def database_file(session: Session) -> Path:
    """The file behind a session's connection — also for read-only engines, whose URL names no file."""
    for _seq, name, file in session.connection().exec_driver_sql("PRAGMA database_list"):
        if name == "main":
            return Path(file)
    raise LookupError("no main database")


class Database:
    """One SQLite file: its engine and a session factory. Services take the sessions it hands out."""

    def __init__(self, path: Path, *, mode: str = "rw"):
        self.path = Path(path)
        self.mode = mode
        self.engine = create_sqlite_engine(self.path, mode=mode)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def read_only(self) -> bool:
        return self.mode != "rw"

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One unit of work: everything inside commits together or not at all."""
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session
            session.rollback()

    def dispose(self) -> None:
        self.engine.dispose()


READ_ONLY_MESSAGE = "数据库文件或所在文件夹是只读的（如只读共享、写保护的U盘），无法保存修改；现在只能查看。"
DISK_FULL_MESSAGE = "磁盘空间不足，操作未完成，数据没有改变。请清理磁盘后重试。"


def translate_db_error(exc: BaseException) -> UserError | None:
    """Map low-level SQLite and file-system failures a user can meet to one Chinese sentence; None if
    not one of them."""
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    if isinstance(original, OSError):
        if original.errno == errno.ENOSPC:
            return UserError(DISK_FULL_MESSAGE)
        if original.errno == errno.EROFS:
            return UserError(READ_ONLY_MESSAGE)
        if isinstance(original, PermissionError):
            return UserError(f"没有权限写入或读取该文件（可能正被其他程序打开）：{original.filename or ''}")
        return None
    if not isinstance(original, sqlite3.Error):
        return None
    text = str(original).lower()
    # A full disk shows as SQLITE_FULL, or as an I/O error when the WAL index (-shm) cannot grow.
    if getattr(original, "sqlite_errorname", "") in ("SQLITE_FULL", "SQLITE_IOERR_SHMSIZE"):
        return UserError(DISK_FULL_MESSAGE)
    if "locked" in text or "busy" in text:
        return UserError("数据库正被其他程序或窗口占用，请稍后再试。")
    if "disk is full" in text or "database or disk is full" in text:
        return UserError(DISK_FULL_MESSAGE)
    if "readonly" in text or "read-only" in text or "query_only" in text:
        return UserError(READ_ONLY_MESSAGE)
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return UserError("数据库文件已损坏，请从备份恢复（文件 → 从备份恢复）。")
    if "disk i/o error" in text:
        return UserError("读写磁盘出错（磁盘已满、U盘被拔出或网络中断都可能引起），操作未完成，数据没有改变。")
    if "unable to open" in text:
        return UserError("无法打开数据库文件，请检查路径和权限。")
    return None


BULK_CACHE_KIB = -65536  # 64 MB page cache while bulk inserting


def bulk_insert(session: Session, rows: list[dict], table: str) -> None:
    """Insert value dicts (all with the same keys, one type per key besides None) into `table` in one
    executemany.

    The caller has validated the rows and checked uniqueness and orgs. Rows go straight to the driver:
    at 100,000 rows SQLAlchemy's per-row parameter processing would cost more than SQLite's own work.
    Only the columns holding dates or booleans are converted value by value.
    """
    if not rows:
        return
    connection = session.connection()
    previous = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    # SQLite's default 2 MB page cache makes index updates of a big batch spill again and again.
    connection.exec_driver_sql(f"PRAGMA cache_size={BULK_CACHE_KIB}")
    columns = list(rows[0])
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    try:
        connection.exec_driver_sql(sql, _parameters(rows, columns))
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={int(previous)}")


def _parameters(rows: list[dict], columns: list[str]) -> list:
    pick = itemgetter(*columns) if len(columns) > 1 else lambda row: (row[columns[0]],)
    converted = [i for i, column in enumerate(columns)
                 if isinstance(next((row[column] for row in rows if row[column] is not None), None), (date, bool))]
    if not converted:
        return [pick(row) for row in rows]
    parameters = []
    for row in rows:
        values = list(pick(row))
        for i in converted:
            values[i] = _sqlite_value(values[i])
        parameters.append(tuple(values))  # SQLAlchemy passes on tuples or dicts only
    return parameters


def _sqlite_value(value):
    """Dates as the ISO text SQLAlchemy stores, booleans as 0/1 (sqlite3 would look for an adapter for
    each one); everything else as sqlite3 takes it."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, bool):
        return int(value)
    return value.isoformat() if isinstance(value, date) else value
