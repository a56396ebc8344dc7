"""Changing a setting: validated, stored, and written to the audit log in the caller's transaction.

Reading (the registry and the value in force) is `settings`; the audit log reads the 操作员 from there, so
the writes that record audit entries sit one step above both.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Setting
from . import audit, settings


def set_value(session: Session, key: str, raw: Any, year: int | None = None) -> Any:
    """Validate and store a value; returns the normalised value. Caller owns the transaction."""
    item = settings.definition(key)
    if year is not None and not item.yearly:
        year = None
    value = item.convert(raw)
    row = session.scalars(
        select(Setting).where(Setting.key == key, func.coalesce(Setting.year, 0) == (year or 0))
    ).first()
    old = item.display(settings.get(session, key, year))
    if row is None:
        row = Setting(key=key, year=year, value=item.to_json(value))
        session.add(row)
    else:
        row.value = item.to_json(value)
    session.flush()
    scope = f"{year}年" if year else ""
    change = "已修改" if item.hidden else f"：{old} → {item.display(value)}"
    audit.record(session, "update", "setting", row.id, f"{scope}{item.label}{change}")
    return value


def reset(session: Session, key: str, year: int | None = None) -> None:
    """Remove a stored value so the default (or an earlier year's value) applies again."""
    item = settings.definition(key)
    row = session.scalars(
        select(Setting).where(Setting.key == key, func.coalesce(Setting.year, 0) == (year or 0))
    ).first()
    if row is not None:
        session.delete(row)
        audit.record(session, "reset", "setting", row.id, f"{item.label}恢复默认值")
