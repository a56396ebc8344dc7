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

from ..common.errors import UserError, ValidationError
from ..common.labels import ATTACHMENT_KINDS, code_for
from ..models import Activity, ActivityAttachment
from ..system import audit
from ..system.files import checked_path, file_problem, store_dir, store_upload
from .lookup import describe, get_activity


def add_attachment(session: Session, activity_id: int, source: Path, kind: str = "other") -> ActivityAttachment:
    """Check type and size against the settings, store the file and record it."""
    activity = get_activity(session, activity_id)
    code = code_for(ATTACHMENT_KINDS, kind)
    if code is None:
        raise ValidationError("附件类别", f"只能是：{'、'.join(ATTACHMENT_KINDS.values())}")
    stored = store_upload(session, source)
    row = ActivityAttachment(activity_id=activity.id, kind=code, filename=stored.filename, size=stored.size,
                             sha256=stored.sha256, added_at=datetime.now().replace(microsecond=0))
    session.add(row)
    session.flush()
    audit.record(session, "attach", "activity", activity.id,
                 f"{describe(activity)}添加附件（{ATTACHMENT_KINDS[code]}）{stored.filename}")
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


def list_attachments(session: Session, activity_id: int) -> list[AttachmentRow]:
    """An activity's attachments with a quick check (exists, size) of each file."""
    store = store_dir(session)
    rows = session.scalars(select(ActivityAttachment).where(ActivityAttachment.activity_id == activity_id)
                           .order_by(ActivityAttachment.added_at, ActivityAttachment.id))
    return [AttachmentRow(r.id, r.activity_id, r.kind, r.filename, r.size, r.sha256, r.added_at,
                          file_problem(store, r.sha256, r.size, deep=False)) for r in rows]


def open_path(session: Session, attachment_id: int) -> Path:
    """The stored file to open, after checking it is there and unchanged."""
    row = session.get(ActivityAttachment, attachment_id)
    if row is None:
        raise UserError("附件不存在")
    return checked_path(session, row.filename, row.sha256, row.size)


def verify_attachments(session: Session, *, deep: bool = True) -> list[tuple[AttachmentRow, str]]:
    """(attachment, activity title) of every live activity's attachment whose file is missing or altered."""
    store = store_dir(session)
    query = (select(ActivityAttachment, Activity.title).join(Activity, Activity.id == ActivityAttachment.activity_id)
             .where(Activity.deleted_at.is_(None)))
    bad = []
    checked: dict[str, str] = {}
    for row, title in session.execute(query):
        if row.sha256 not in checked:
            checked[row.sha256] = file_problem(store, row.sha256, row.size, deep=deep)
        if checked[row.sha256]:
            bad.append((AttachmentRow(row.id, row.activity_id, row.kind, row.filename, row.size, row.sha256,
                                      row.added_at, checked[row.sha256]), title))
    return bad
