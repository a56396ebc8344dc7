"""Checks on a database file that need only the standard library (kept off SQLAlchemy for start-up)."""

from __future__ import annotations

import os
from pathlib import Path

from ..common.errors import UserError

SQLITE_MAGIC = b"SQLite format 3\x00"


def check_sqlite_file(path: Path, *, must_exist: bool = True) -> None:
    """Refuse early, with a Chinese message, what SQLite would refuse later with a cryptic one."""
    path = Path(path)
    if not path.exists():
        if must_exist:
            raise UserError(f"数据库文件不存在：{path}")
        if not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        return
    if path.is_dir():
        raise UserError(f"指定的数据库路径是一个文件夹：{path}")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except PermissionError:
        raise UserError(f"无权读取数据库文件：{path}") from None
    if header and header != SQLITE_MAGIC:
        raise UserError(f"不是有效的数据库文件（可能已损坏或选错了文件）：{path}")


def read_only_uri(path: Path) -> str:
    """URI opening `path` read-only. In a folder we cannot write (read-only share, write-protected USB
    stick) SQLite cannot create the -shm a WAL database needs, so the file is opened as immutable —
    right there, since nobody can be writing to it either."""
    path = Path(path).absolute()
    uri = f"{path.as_uri()}?mode=ro"
    if not os.access(path.parent, os.W_OK):
        uri += "&immutable=1"
    return uri


def open_mode(path: Path) -> str:
    """'rw' normally; 'ro' for a write-protected file in a writable folder; 'immutable' when the folder
    itself is read-only (see read_only_uri)."""
    path = Path(path)
    if not path.exists():
        return "rw"
    if not os.access(path.parent, os.W_OK):
        return "immutable"
    return "rw" if os.access(path, os.W_OK) else "ro"
