"""回收站: soft-deleted records of every kind, restorable until finally removed.

Each kind is data: a table with a `deleted_at` column, the SQL for a row's title, and optionally the
domain's own restore/purge functions ("module:function") with its checks and audit entries; they take
(session, id), or (session, [id]) when `batch`, and purge functions get confirmed=True when they ask for
it (the 回收站 page has asked the user). Without them, restore clears `deleted_at` and purge deletes the
row (refused, with nothing changed, while other records still refer to it); both are audited here.
A new capability adds one line to KINDS (or calls `register`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from inspect import signature as inspect_signature

from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..common.errors import UserError
from . import audit


@dataclass(frozen=True)
class TrashKind:
    key: str  # also the audit entity
    label: str
    table: str
    title_sql: str  # SQL expression over the table's columns naming one row for people
    restore: str | None = None  # "module:function"; default clears deleted_at
    purge: str | None = None  # "module:function"; default deletes the row
    domain: str = ""  # change notice for the GUI pages ("orgs", "members", ...)
    batch: bool = False  # the domain functions take a list of ids


KINDS: dict[str, TrashKind] = {
    k.key: k
    for k in [
        TrashKind("organisation", "党组织", "organisations", "name", domain="orgs"),
        TrashKind("member", "党员", "members", "name", restore="dangjian.core.members.roster:restore_members",
                  purge="dangjian.core.members.roster:purge_members", batch=True, domain="members"),
        TrashKind("course", "培训班", "courses", "title", restore="dangjian.core.training.courses:restore_course",
                  domain="training"),
        TrashKind("expenditure", "经费支出", "expenditures",
                  "spent_on || ' ' || purpose || '（' || (amount_fen / 100) || '.' || printf('%02d', amount_fen % 100)"
                  " || ' 元）'", restore="dangjian.core.budgets.ledger:restore_expenditure", domain="budgets"),
        TrashKind("activity", "活动", "activities", "title || '（' || substr(planned_start, 1, 10) || '）'",
                  restore="dangjian.core.activities.records:restore_activity", domain="activities"),
        TrashKind("duty_item", "责任清单事项", "duty_items", "year || '年 ' || substr(task, 1, 40)",
                  domain="assessment"),
        TrashKind("problem", "问题清单事项", "problems", "year || '年 ' || substr(description, 1, 40)",
                  domain="assessment"),
        TrashKind("project", "服务项目", "service_projects", "year || '年 ' || title", domain="cobuild"),
        TrashKind("volunteer_team", "志愿服务队", "volunteer_teams", "name", domain="cobuild"),
        TrashKind("venue", "阵地", "venues", "name", domain="cobuild"),
        TrashKind("brand", "特色品牌", "service_brands", "name", domain="cobuild"),
    ]
}


def register(kind: TrashKind) -> None:
    """For capabilities that live outside this module (e.g. activities)."""
    KINDS[kind.key] = kind


@dataclass(frozen=True)
class TrashItem:
    kind: str
    label: str
    id: int
    title: str
    deleted_at: datetime


def _kind(key: str) -> TrashKind:
    try:
        return KINDS[key]
    except KeyError:
        raise UserError(f"未知的回收站类别：{key}") from None


def available_kinds(session: Session) -> list[TrashKind]:
    """Kinds whose table (with its deleted_at column) exists here; capabilities not built yet are skipped."""
    inspector = inspect(session.connection())
    tables = set(inspector.get_table_names())
    return [kind for kind in KINDS.values() if kind.table in tables
            and any(column["name"] == "deleted_at" for column in inspector.get_columns(kind.table))]


def items(session: Session, kind: str | None = None, *, search: str = "", limit: int = 500) -> list[TrashItem]:
    """Deleted records, newest deletion first."""
    kinds = [_kind(kind)] if kind else available_kinds(session)
    parts, params = [], {"limit": limit}
    for index, item in enumerate(kinds):
        where = "deleted_at IS NOT NULL"
        if search:
            where += f" AND ({item.title_sql}) LIKE :search"
            params["search"] = f"%{search}%"
        parts.append(f"SELECT :kind{index} AS kind, id, {item.title_sql} AS title, deleted_at "
                     f"FROM {item.table} WHERE {where}")
        params[f"kind{index}"] = item.key
    if not parts:
        return []
    sql = " UNION ALL ".join(parts) + " ORDER BY deleted_at DESC, id DESC LIMIT :limit"
    rows = session.execute(text(sql), params).all()
    return [TrashItem(row.kind, KINDS[row.kind].label, row.id, row.title or "", _as_datetime(row.deleted_at))
            for row in rows]


def counts(session: Session) -> dict[str, int]:
    return {kind.key: session.execute(text(f"SELECT count(*) FROM {kind.table} WHERE deleted_at IS NOT NULL"))
            .scalar_one() for kind in available_kinds(session)}


def _as_datetime(value) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _title(session: Session, kind: TrashKind, row_id: int) -> str:
    title = session.execute(
        text(f"SELECT {kind.title_sql} FROM {kind.table} WHERE id = :id AND deleted_at IS NOT NULL"),
        {"id": row_id}).scalar()
    if title is None:
        raise UserError(f"回收站中没有该{kind.label}记录（可能已被恢复或彻底删除）。")
    return title


def _mapped_class(table: str) -> type:
    from ..models import Base

    for mapper in Base.registry.mappers:
        if mapper.local_table.name == table:
            return mapper.class_
    raise LookupError(f"no model for table {table}")


def _call(kind: TrashKind, spec: str, session: Session, row_id: int) -> None:
    module, _, name = spec.partition(":")
    function = getattr(importlib.import_module(module), name)
    extra = {"confirmed": True} if "confirmed" in inspect_signature(function).parameters else {}
    function(session, [row_id] if kind.batch else row_id, **extra)


def move_to_trash(session: Session, row, entity: str, summary: str) -> None:
    """Soft-delete one ORM row (so the GUI's undo records it) and log `summary`（移入回收站）."""
    row.deleted_at = datetime.now().replace(microsecond=0)
    audit.record(session, "delete", entity, row.id, f"{summary}（移入回收站）")


def take_from_trash(session: Session, model, row_id: int, entity: str, summary_of: Callable[[object], str],
                    missing: str):
    """Clear one row's deleted_at and log 从回收站恢复<summary>; `missing` is the error if there is no such row."""
    row = session.get(model, row_id)
    if row is None:
        raise UserError(missing)
    row.deleted_at = None
    session.flush()
    audit.record(session, "restore", entity, row.id, f"从回收站恢复{summary_of(row)}")
    return row


def restore(session: Session, kind_key: str, row_id: int) -> str:
    """Put a deleted record back; returns its title. Caller owns the transaction."""
    kind = _kind(kind_key)
    title = _title(session, kind, row_id)
    if kind.restore:
        _call(kind, kind.restore, session, row_id)
    else:
        take_from_trash(session, _mapped_class(kind.table), row_id, kind.key, lambda _row: f"{kind.label}：{title}",
                        f"{kind.label}（编号 {row_id}）不存在")
    return title


def purge(session: Session, kind_key: str, row_id: int) -> str:
    """Remove a deleted record for good; returns its title. Refused while other records refer to it."""
    kind = _kind(kind_key)
    title = _title(session, kind, row_id)
    try:
        with session.begin_nested():
            if kind.purge:
                _call(kind, kind.purge, session, row_id)
            else:
                session.delete(session.get(_mapped_class(kind.table), row_id))
                audit.record(session, "purge", kind.key, row_id, f"彻底删除{kind.label}：{title}")
            session.flush()
    except IntegrityError:
        raise UserError(f"“{title}”仍被其他记录引用（如下属组织、党员或支出），不能彻底删除。"
                        "请先处理这些记录。") from None
    return title
