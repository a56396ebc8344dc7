"""活动附件: stored by content hash, checked on open and by `check`, carried byte-exactly through backups."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import func, select

from activity_world import build, make
from dangjian.core.activities.attachments import (
    add_attachment,
    list_attachments,
    open_path,
    remove_attachment,
    store_dir,
)
from dangjian.core.activities.checks import detailed_findings
from dangjian.core.common.errors import UserError, ValidationError
from dangjian.core.models import ActivityAttachment
from dangjian.core.storage.backup import create_backup, restore_backup, rotate
from dangjian.core.storage.db import Database
from dangjian.core.system import settings_edit
from dangjian.paths import attachments_dir_for, backups_dir_for

PHOTO = bytes(range(256)) * 40 + b"\xff\xd8 photo"


@pytest.fixture
def with_activity(db, tmp_path):
    with db.write() as s:
        world = build(s)
        activity_id = make(s, world)
    photo = tmp_path / "合影.jpg"
    photo.write_bytes(PHOTO)
    return activity_id, photo


def test_added_file_is_stored_by_hash_and_opens(db, with_activity):
    activity_id, photo = with_activity
    with db.write() as s:
        row = add_attachment(s, activity_id, photo, "照片")
        again = add_attachment(s, activity_id, photo, "photo")  # same content: stored once
    stored = attachments_dir_for(db.path) / row.sha256[:2] / row.sha256
    assert stored.read_bytes() == PHOTO and row.sha256 == again.sha256
    with db.read() as s:
        rows = list_attachments(s, activity_id)
        assert [(r.kind, r.filename, r.size, r.problem) for r in rows] == [("photo", "合影.jpg", len(PHOTO), "")] * 2
        assert open_path(s, row.id) == stored
    with db.write() as s:
        remove_attachment(s, row.id)
    assert stored.exists()  # the other record still needs it


def test_disallowed_type_and_oversize_are_refused_with_nothing_written(db, with_activity, tmp_path):
    activity_id, _photo = with_activity
    script = tmp_path / "run.exe"
    script.write_bytes(b"MZ")
    with pytest.raises(ValidationError, match=r"^附件类型：不允许上传 \.exe 文件"), db.write() as s:
        add_attachment(s, activity_id, script, "其他")
    big = tmp_path / "扫描件.pdf"
    with big.open("wb") as handle:
        handle.truncate(2 * 1024 * 1024 + 1)
    with db.write() as s:
        settings_edit.set_value(s, "activity.attachment_max_mb", 2)
    with pytest.raises(ValidationError) as err, db.write() as s:
        add_attachment(s, activity_id, big, "签到册")
    assert str(err.value) == "附件大小：“扫描件.pdf”有 2.0 MB，超过上限 2 MB"
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(ActivityAttachment)) == 0
    assert not attachments_dir_for(db.path).exists() or not any(attachments_dir_for(db.path).rglob("*.pdf"))


def test_missing_or_altered_file_is_reported(db, with_activity):
    activity_id, photo = with_activity
    with db.write() as s:
        row = add_attachment(s, activity_id, photo, "photo")
        store = store_dir(s)
    stored = store / row.sha256[:2] / row.sha256
    stored.write_bytes(PHOTO[:-1] + b"!")  # same size, other content
    with db.read() as s:
        with pytest.raises(UserError, match="已被改动"):
            open_path(s, row.id)
        assert [f.finding.rule for f in detailed_findings(s, photo_day())
                if f.finding.rule.startswith("activity.attachment")] == ["activity.attachment_altered"]
    stored.unlink()
    with db.read() as s:
        with pytest.raises(UserError) as err:
            open_path(s, row.id)
        assert str(err.value) == "附件“合影.jpg”的文件已丢失，请从备份恢复或重新添加"
        assert list_attachments(s, activity_id)[0].problem == "missing"


def photo_day():
    from datetime import date

    return date(2026, 3, 1)


def test_backup_and_restore_round_trip_attachments_byte_exactly(db, with_activity):
    activity_id, photo = with_activity
    with db.write() as s:
        row = add_attachment(s, activity_id, photo, "photo")
    backup = create_backup(db.path)
    kept = backups_dir_for(db.path) / "attachments" / row.sha256[:2] / row.sha256
    assert kept.read_bytes() == PHOTO
    db.dispose()
    live = attachments_dir_for(db.path) / row.sha256[:2] / row.sha256
    live.unlink()  # the office lost the file (or the whole data dir)
    restore_backup(db.path, backup)
    assert live.read_bytes() == PHOTO
    live.write_bytes(b"x" * len(PHOTO))  # and an altered file is put right too
    restore_backup(db.path, backup)
    assert live.read_bytes() == PHOTO
    restored = Database(db.path)
    with restored.read() as s:
        assert list_attachments(s, activity_id)[0].problem == ""
    restored.dispose()


def test_rotation_prunes_store_files_no_kept_backup_refers_to(db, with_activity, tmp_path):
    activity_id, photo = with_activity
    with db.write() as s:
        row = add_attachment(s, activity_id, photo, "photo")
    from datetime import datetime, timedelta

    old = create_backup(db.path, now=datetime.now() - timedelta(days=400))
    with db.write() as s:
        remove_attachment(s, row.id)
    create_backup(db.path)
    kept = backups_dir_for(db.path) / "attachments" / row.sha256[:2] / row.sha256
    assert kept.exists()
    os.utime(old)
    rotate(backups_dir_for(db.path), keep_daily=1, keep_weekly=0, keep_monthly=0)
    assert not old.exists() and not kept.exists()
