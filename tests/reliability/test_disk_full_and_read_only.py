"""Disk full and read-only data folders: one clear message, the database intact, reading still works.

Real file systems, not mocks: a small tmpfs filled to the brim, and a tmpfs remounted read-only (root
ignores chmod, so a mount is the honest way). Skipped when not root.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dangjian.core.models import AuditEntry
from dangjian.core.storage import recovery
from dangjian.core.storage.db import Database, translate_db_error
from dangjian.core.storage.sqlite_file import open_mode
from dangjian.core.system import settings, settings_edit

pytestmark = pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="needs root to mount a tmpfs")


@pytest.fixture
def tmpfs(tmp_path):
    mount_point = tmp_path / "mnt"
    mount_point.mkdir()
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount_point)], check=True,
                       capture_output=True)
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        pytest.skip(f"cannot mount a tmpfs here: {exc}")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _seeded(template_db: Path, directory: Path) -> Path:
    path = directory / "dangjian.db"
    shutil.copyfile(template_db, path)
    db = Database(path)
    with db.write() as session:
        settings_edit.set_value(session, "general.unit_name", "湘龙街道党工委")
    db.dispose()
    return path


def _state(path: Path) -> tuple:
    db = Database(path, mode=open_mode(path))
    try:
        with db.read() as session:
            return (settings.get(session, "general.unit_name"),
                    session.scalar(select(func.count()).select_from(AuditEntry)))
    finally:
        db.dispose()


def test_disk_full_fails_cleanly_and_keeps_the_data(tmpfs, template_db):
    path = _seeded(template_db, tmpfs)
    before = _state(path)
    filler = tmpfs / "filler.bin"
    with filler.open("wb") as handle:  # leave a few KB free
        free = shutil.disk_usage(tmpfs).free
        handle.write(b"\0" * max(0, free - 16 * 1024))
    db = Database(path)
    with pytest.raises(Exception) as caught, db.write() as session:
        session.add_all(AuditEntry(at=datetime(2026, 11, 25), operator="测试", action="update", entity="member",
                                   entity_id=i, summary="很长的修改说明" * 50) for i in range(2000))
    db.dispose()
    message = translate_db_error(caught.value)
    assert message is not None and message.message.startswith("磁盘空间不足，操作未完成，数据没有改变")
    filler.unlink()
    assert recovery.quick_check(path, full=True) == "ok"
    assert _state(path) == before


def test_disk_full_cli_says_so_once(tmpfs, template_db, run_cli):
    path = _seeded(template_db, tmpfs)
    before = _state(path)
    filler = tmpfs / "filler.bin"
    filler.write_bytes(b"\0" * max(0, shutil.disk_usage(tmpfs).free - 8 * 1024))
    result = run_cli("--db", path, "demo", "--members", "3000")
    assert result.returncode == 1
    assert "磁盘空间不足" in result.stderr and "Traceback" not in result.stderr
    assert not list(tmpfs.glob("*.damaged-*"))  # a full disk is not mistaken for damage
    filler.unlink()
    assert recovery.quick_check(path, full=True) == "ok"
    assert _state(path) == before


@pytest.fixture
def read_only_copy(tmpfs, template_db):
    path = _seeded(template_db, tmpfs)
    before = _state(path)
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    return path, before


def test_read_only_folder_opens_for_reading(read_only_copy):
    path, before = read_only_copy
    assert open_mode(path) == "immutable"
    assert _state(path) == before
    db = Database(path, mode=open_mode(path))
    with pytest.raises(Exception) as caught, db.write() as session:
        settings_edit.set_value(session, "general.unit_name", "改不了")
    db.dispose()
    assert translate_db_error(caught.value).message.startswith("数据库文件或所在文件夹是只读的")
    assert _state(path) == before


def test_read_only_folder_cli(read_only_copy, run_cli):
    path, _before = read_only_copy
    info = run_cli("--db", path, "info", "--json")
    assert info.returncode == 0, info.stderr
    check = run_cli("--db", path, "check")
    assert check.returncode == 0, check.stderr
    backup = run_cli("--db", path, "backup")
    assert backup.returncode == 1 and "Traceback" not in backup.stderr
    assert backup.stderr.startswith("数据库文件或所在文件夹是只读的")


def test_write_protected_file_in_a_writable_folder(tmp_path, template_db):
    path = _seeded(template_db, tmp_path)
    path.chmod(0o444)
    try:
        mode = open_mode(path)
    finally:
        path.chmod(0o644)
    assert mode == "rw"  # root writes anyway; as a normal user this is "ro" (see test_open_mode_*)


def test_open_mode_follows_access(tmp_path, monkeypatch):
    path = tmp_path / "x.db"
    path.write_bytes(b"")
    monkeypatch.setattr(os, "access", lambda p, _m: Path(p) != path)
    assert open_mode(path) == "ro"
    monkeypatch.setattr(os, "access", lambda p, _m: False)
    assert open_mode(path) == "immutable"
