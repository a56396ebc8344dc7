"""活动附件: files stored once by content hash under attachments/<sha256[:2]>/<sha256>, metadata in the DB.

A stored file is immutable (its name is its hash), so the same scan added twice takes the space once and
backups copy each file once. Removing an attachment removes its record only; the content stays in the store
(another record or a backup may share it). `verify_attachments` reports files that are missing or altered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...paths import attachments_dir_for
from ..common.errors import UserError, ValidationError
from ..common.labels import ATTACHMENT_KINDS, code_for
from ..models import Activity, ActivityAttachment
from ..storage.attachment_store import file_sha256, put_file, stored_path
from ..storage.db import database_file
from ..system import audit, settings
from .lookup import describe, get_activity


def store_dir(session: Session) -> Path:
    """The attachment store of the database this session is bound to (asked of SQLite itself: read-only
    opens use a URI the engine URL does not show)."""
    return attachments_dir_for(database_file(session))


def allowed_types(session: Session) -> list[str]:
    return [t.lower().lstrip(".") for t in str(settings.get(session, "activity.attachment_types")).split() if t]


def add_attachment(session: Session, activity_id: int, source: Path, kind: str = "other") -> ActivityAttachment:
    """Check type and size against the settings, store the file and record it."""
    activity = get_activity(session, activity_id)
    source = Path(source)
    if not source.is_file():
        raise UserError(f"找不到文件：{source}")
    code = code_for(ATTACHMENT_KINDS, kind)
    if code is None:
        raise ValidationError("附件类别", f"只能是：{'、'.join(ATTACHMENT_KINDS.values())}")
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
    row = ActivityAttachment(activity_id=activity.id, kind=code, filename=source.name[:200], size=size,
                             sha256=sha, added_at=datetime.now().replace(microsecond=0))
    session.add(row)
    session.flush()
    audit.record(session, "attach", "activity", activity.id,
                 f"{describe(activity)}添加附件（{ATTACHMENT_KINDS[code]}）{source.name}")
    return row


def remove_attachment(session: Session, attachment_id: int) -> None:
    """Remove the record (the caller confirms first); the stored content is kept."""
    row = session.get(ActivityAttachment, attachment_id)
    if row is None:
        raise UserError("附件不存在")
    activity = session.get(Activity, row.activity_id)
    session.delete(row)
    audit.record(session, "detach", "activity", row.activity_id,
                 f"{describe(activity)}移除附件 {row.filename}")


@dataclass(frozen=True)
class AttachmentRow:
    id: int
    activity_id: int
    kind: str
    filename: str
    size: int
    sha256: str
    added_at: datetime
    problem: str  # "" | "missing" | "altered"


def _problem(store: Path, sha256: str, size: int, *, deep: bool) -> str:
    path = stored_path(store, sha256)
    if not path.is_file():
        return "missing"
    if path.stat().st_size != size or (deep and file_sha256(path) != sha256):
        return "altered"
    return ""


def list_attachments(session: Session, activity_id: int) -> list[AttachmentRow]:
    """An activity's attachments with a quick check (exists, size) of each file."""
    store = store_dir(session)
    rows = session.scalars(select(ActivityAttachment).where(ActivityAttachment.activity_id == activity_id)
                           .order_by(ActivityAttachment.added_at, ActivityAttachment.id))
    return [AttachmentRow(r.id, r.activity_id, r.kind, r.filename, r.size, r.sha256, r.added_at,
                          _problem(store, r.sha256, r.size, deep=False)) for r in rows]


def open_path(session: Session, attachment_id: int) -> Path:
    """The stored file to open, after checking it is there and unchanged."""
    row = session.get(ActivityAttachment, attachment_id)
    if row is None:
        raise UserError("附件不存在")
    store = store_dir(session)
    problem = _problem(store, row.sha256, row.size, deep=True)
    if problem == "missing":
        raise UserError(f"附件“{row.filename}”的文件已丢失，请从备份恢复或重新添加")
    if problem == "altered":
        raise UserError(f"附件“{row.filename}”的文件已被改动（内容校验不符），请从备份恢复或重新添加")
    return stored_path(store, row.sha256)


def verify_attachments(session: Session, *, deep: bool = True) -> list[tuple[AttachmentRow, str]]:
    """(attachment, activity title) of every live activity's attachment whose file is missing or altered."""
    store = store_dir(session)
    query = (select(ActivityAttachment, Activity.title).join(Activity, Activity.id == ActivityAttachment.activity_id)
             .where(Activity.deleted_at.is_(None)))
    bad = []
    checked: dict[str, str] = {}
    for row, title in session.execute(query):
        if row.sha256 not in checked:
            checked[row.sha256] = _problem(store, row.sha256, row.size, deep=deep)
        if checked[row.sha256]:
            bad.append((AttachmentRow(row.id, row.activity_id, row.kind, row.filename, row.size, row.sha256,
                                      row.added_at, checked[row.sha256]), title))
    return bad
