"""One activity by id, and how the audit log and messages name it; shared by every activities module."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..common.errors import UserError
from ..common.labels import ACTIVITY_TYPES
from ..models import Activity


def get_activity(session: Session, activity_id: int) -> Activity:
    activity = session.get(Activity, activity_id)
    if activity is None or activity.deleted_at is not None:
        raise UserError(f"活动（编号 {activity_id}）不存在或已删除")
    return activity


def describe(activity: Activity) -> str:
    return f"{ACTIVITY_TYPES.get(activity.activity_type, '')}“{activity.title}”（{activity.planned_start:%Y-%m-%d}）"
