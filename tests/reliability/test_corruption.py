"""Corruption drill: a damaged file is kept aside, the newest valid backup is offered, nothing crashes."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from dangjian.core.storage import recovery
from dangjian.core.storage.backup import create_backup
from dangjian.core.storage.db import Database

from .damage import fill_audit, flip_bytes


@pytest.fixture
def filled(db_path) -> Path:
    db = Database(db_path)
    fill_audit(db)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return db_path


def test_quick_check_passes_a_good_file_and_fails_a_damaged_one(filled):
    assert recovery.quick_check(filled) == "ok"
    flip_bytes(filled)
    assert recovery.quick_check(filled) != "ok"


def test_check_runs_only_after_an_unclean_session(filled):
    flip_bytes(filled)
    # The cheap open check reads only the schema: page damage deep in a table goes unnoticed...
    assert recovery.diagnose(filled) is None
    # ...until a session marker says the previous run did not end cleanly.
    marker = filled.with_name(filled.name + ".session-999999")
    marker.touch()
    assert recovery.previous_session_unclean(filled)
    assert recovery.diagnose(filled) is not None


def test_clean_session_leaves_no_marker(filled):
    recovery.begin_session(filled)
    assert not recovery.previous_session_unclean(filled)  # our own marker does not count
    recovery.end_session(filled)
    assert not list(filled.parent.glob("*.session-*"))


def test_passing_check_forgets_stale_markers(filled):
    filled.with_name(filled.name + ".session-999999").touch()
    assert recovery.diagnose(filled) is None
    assert not recovery.previous_session_unclean(filled)


def test_damaged_file_is_kept_and_newest_valid_backup_offered(filled):
    older = create_backup(filled, now=datetime(2026, 11, 20, 9, 0))
    newest = create_backup(filled, now=datetime(2026, 11, 24, 18, 30))
    flip_bytes(newest)  # the newest backup is damaged too: it must be skipped
    shutil.copyfile(filled, Path(f"{filled}-wal"))  # any sidecar must travel with the file
    flip_bytes(filled)
    damage = recovery.check_on_open(filled, always=True)
    assert damage is not None
    assert not filled.exists() and not Path(f"{filled}-wal").exists()
    assert damage.kept_as.name.startswith("dangjian.db.damaged-")
    assert damage.kept_as.exists() and Path(f"{damage.kept_as}-wal").exists()
    assert damage.backup.path == older
    text = damage.message()
    assert "数据库文件已损坏" in text and "2026-11-20 09:00" in text and damage.kept_as.name in text
    assert damage.restore_command() == f'dangjian --db "{filled}" restore "{older}"'


def test_no_valid_backup_says_so(filled):
    flip_bytes(filled)
    damage = recovery.check_on_open(filled, always=True)
    assert damage.backup is None
    assert "没有找到完好的备份" in damage.message()


def test_backup_of_a_damaged_database_is_refused(filled):
    """Otherwise rotation would replace good backups with damaged ones."""
    flip_bytes(filled)
    from dangjian.core.common.errors import UserError

    with pytest.raises(UserError, match="数据库文件已损坏"):
        create_backup(filled)
    assert not list((filled.parent / "backups").glob("*.db"))


def test_cli_check_exits_1_with_backup_date_and_restore_command(filled, cli):
    good = create_backup(filled, now=datetime(2026, 11, 23, 8, 15))
    flip_bytes(filled)
    code, out, err = cli("--db", filled, "check")
    assert code == 1
    assert "数据库文件已损坏" in err and "2026-11-23 08:15" in err
    assert f'restore "{good}"' in err
    assert list(filled.parent.glob("dangjian.db.damaged-*"))
    # The printed command really restores.
    code, out, err = cli("--db", filled, "restore", good)
    assert code == 0, err
    code, out, err = cli("--db", filled, "check", "--json")
    assert code == 0 and json.loads(out)["integrity"] == "ok"


def test_cli_check_json_reports_the_damage(filled, cli):
    good = create_backup(filled, now=datetime(2026, 11, 23, 8, 15))
    flip_bytes(filled)
    code, out, _err = cli("--db", filled, "check", "--json")
    data = json.loads(out)
    assert code == 1
    assert data["integrity"] != "ok"
    assert data["damaged"]["backup"] == str(good)
    assert data["damaged"]["backup_created"] == "2026-11-23 08:15:00"


def test_cli_command_after_a_crash_runs_the_drill(filled, cli):
    flip_bytes(filled)
    filled.with_name(filled.name + ".session-999999").touch()  # left by a killed process
    code, _out, err = cli("--db", filled, "info")
    assert code == 1 and "数据库文件已损坏" in err


def test_restore_onto_a_damaged_database_keeps_it_aside(filled, cli):
    good = create_backup(filled, now=datetime(2026, 11, 23, 8, 15))
    flip_bytes(filled)
    code, _out, err = cli("--db", filled, "restore", good)
    assert code == 0, err
    assert "已原样保留为" in err
    assert recovery.quick_check(filled) == "ok"
    assert list(filled.parent.glob("dangjian.db.damaged-*"))


def test_overwritten_header_with_backups_beside_it_is_damage(filled, cli):
    good = create_backup(filled, now=datetime(2026, 11, 23, 8, 15))
    data = bytearray(filled.read_bytes())
    data[:16] = b"\0" * 16
    filled.write_bytes(bytes(data))
    code, _out, err = cli("--db", filled, "info")
    assert code == 1 and "文件头已损坏" not in err and "数据库文件已损坏" in err and str(good) in err


def test_a_wrong_file_without_backups_is_just_refused(tmp_path, cli):
    wrong = tmp_path / "名单.db"
    wrong.write_text("这不是数据库", encoding="utf-8")
    code, _out, err = cli("--db", wrong, "info")
    assert code == 1 and "不是有效的数据库文件" in err
    assert wrong.exists() and not list(tmp_path.glob("*.damaged-*"))
