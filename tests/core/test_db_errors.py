"""Low-level failures become one Chinese sentence (disk full, read-only, damaged, I/O, permissions)."""

from __future__ import annotations

import errno
import sqlite3

import pytest

from dangjian.core.storage.db import translate_db_error


@pytest.mark.parametrize(("error", "start"), [
    (sqlite3.OperationalError("database or disk is full"), "磁盘空间不足"),
    (sqlite3.OperationalError("attempt to write a readonly database"), "数据库文件或所在文件夹是只读的"),
    (sqlite3.DatabaseError("database disk image is malformed"), "数据库文件已损坏"),
    (sqlite3.DatabaseError("file is not a database"), "数据库文件已损坏"),
    (sqlite3.OperationalError("disk I/O error"), "读写磁盘出错"),
    (sqlite3.OperationalError("database is locked"), "数据库正被其他程序"),
    (OSError(errno.ENOSPC, "No space left on device"), "磁盘空间不足"),
    (OSError(errno.EROFS, "Read-only file system"), "数据库文件或所在文件夹是只读的"),
    (PermissionError(errno.EACCES, "Permission denied", "x.db"), "没有权限"),
])
def test_translations(error, start):
    assert translate_db_error(error).message.startswith(start)


def test_shm_that_cannot_grow_is_a_full_disk():
    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorname = "SQLITE_IOERR_SHMSIZE"
    assert translate_db_error(error).message.startswith("磁盘空间不足")


def test_other_errors_are_left_alone():
    assert translate_db_error(ValueError("x")) is None
    assert translate_db_error(OSError(errno.EIO, "io")) is None
