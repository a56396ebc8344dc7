"""Attached files of every domain (活动附件, 销号佐证, 述职报告): checked against the attachment settings and kept
once by content hash in the store next to the database (storage.attachment_store)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from sqlalchemy.orm import Session

from ...paths import attachments_dir_for
from ..common.errors import UserError, ValidationError
from ..models import Attachment
from ..storage.attachment_store import file_sha256, put_file, stored_path
from ..storage.db import database_file
from . import settings


class StoredFile(NamedTuple):
    filename: str
    size: int
    sha256: str


def store_dir(session: Session) -> Path:
    """The attachment store of the database this session is bound to (asked of SQLite itself: read-only
    opens use a URI the engine URL does not show)."""
    return attachments_dir_for(database_file(session))


def allowed_types(session: Session) -> list[str]:
    return [t.lower().lstrip(".") for t in str(settings.get(session, "activity.attachment_types")).split() if t]


def store_upload(session: Session, source: Path) -> StoredFile:
    """Check type and size against the settings and copy the file into the store."""
    source = Path(source)
    if not source.is_file():
        raise UserError(f"找不到文件：{source}")
    suffix = source.suffix.lower().lstrip(".")
    allowed = allowed_types(session)
    if suffix not in allowed:
        raise ValidationError("附件类型", f"不允许上传 .{suffix or '（无扩展名）'} 文件，允许的类型："
                                       f"{' '.join(allowed)}")
    size = source.stat().st_size
    limit_mb = int(settings.get(session, "activity.attachment_max_mb"))
    if size > limit_mb * 1024 * 1024:
        raise ValidationError("附件大小", f"“{source.name}”有 {size / 1048576:.1f} MB，超过上限 {limit_mb} MB")
    sha = file_sha256(source)
    try:
        put_file(store_dir(session), source, sha)
    except OSError as exc:
        raise UserError(f"保存附件失败：{exc.strerror or exc}") from None
    return StoredFile(source.name[:200], size, sha)


def file_problem(store: Path, sha256: str, size: int, *, deep: bool) -> str:
    """'' when the stored file is there and intact, else 'missing' or 'altered' (`deep` re-hashes it)."""
    path = stored_path(store, sha256)
    if not path.is_file():
        return "missing"
    if path.stat().st_size != size or (deep and file_sha256(path) != sha256):
        return "altered"
    return ""


def checked_path(session: Session, filename: str, sha256: str, size: int) -> Path:
    """The stored file to open, after checking it is there and unchanged."""
    store = store_dir(session)
    problem = file_problem(store, sha256, size, deep=True)
    if problem == "missing":
        raise UserError(f"附件“{filename}”的文件已丢失，请从备份恢复或重新添加")
    if problem == "altered":
        raise UserError(f"附件“{filename}”的文件已被改动（内容校验不符），请从备份恢复或重新添加")
    return stored_path(store, sha256)


def attach_file(session: Session, source: Path, **owner: int) -> Attachment:
    """Store `source` and record it for one record, e.g. attach_file(session, path, review_id=3)."""
    stored = store_upload(session, source)
    row = Attachment(**owner, filename=stored.filename, size=stored.size, sha256=stored.sha256,
                     added_at=datetime.now().replace(microsecond=0))
    session.add(row)
    session.flush()
    return row


def attachment_path(session: Session, attachment_id: int) -> Path:
    """An attachment's stored file to open, checked intact."""
    row = session.get(Attachment, attachment_id)
    if row is None:
        raise UserError("附件不存在")
    return checked_path(session, row.filename, row.sha256, row.size)
