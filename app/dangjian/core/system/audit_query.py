"""Reading the audit log page by page (newest first), filtered in SQL, for the 操作日志 page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..models import AuditEntry


@dataclass(frozen=True)
class AuditFilter:
    entity: str | None = None
    text: str = ""


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    operator: str
    action: str
    entity: str
    entity_id: int | None
    summary: str


def audit_page(session: Session, filters: AuditFilter, *, before_id: int | None = None,
               limit: int = 200) -> list[AuditRow]:
    """One page of entries older than `before_id` (keyset paging on the primary key)."""
    table = AuditEntry.__table__
    query = select(table.c.id, table.c.at, table.c.operator, table.c.action, table.c.entity, table.c.entity_id,
                   table.c.summary).order_by(table.c.id.desc()).limit(limit)
    if before_id is not None:
        query = query.where(table.c.id < before_id)
    if filters.entity:
        query = query.where(table.c.entity == filters.entity)
    if filters.text:
        pattern = f"%{filters.text}%"
        query = query.where(or_(table.c.summary.like(pattern), table.c.operator.like(pattern)))
    return [AuditRow(*row) for row in session.execute(query)]


def audit_entities(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEntry.entity).distinct().order_by(AuditEntry.entity)))
