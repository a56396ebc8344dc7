"""The audit log: services call `record` in the same transaction as the change they describe."""

from __future__ import annotations

import getpass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AuditEntry
from . import settings


def current_operator(session: Session) -> str:
    """经办人 for the log: the 操作员 setting, else the OS user name."""
    name = settings.get(session, "general.operator")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:
        return ""


def record(session: Session, action: str, entity: str, entity_id: int | None, summary: str) -> AuditEntry:
    """Add one audit entry; never contains a full 公民身份号码 (callers pass masked text)."""
    entry = AuditEntry(
        at=datetime.now(),
        operator=current_operator(session),
        action=action,
        entity=entity,
        entity_id=entity_id,
        summary=summary,
    )
    session.add(entry)
    return entry


def recent(session: Session, limit: int = 200, entity: str | None = None) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if entity:
        query = query.where(AuditEntry.entity == entity)
    return list(session.scalars(query))
