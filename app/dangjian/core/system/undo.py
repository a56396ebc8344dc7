"""Generic undo for edits made through the ORM: record row images, apply the inverse later.

    with db.write() as session, recording(session) as changeset:
        members.update_member(session, ...)
    ...
    with db.write() as session:
        changeset.revert(session)          # UserError if the rows were changed since

While recording, every flush captures the before-image of each row the session is about to update or
delete (read from the database, so it is exact); when the unit of work ends, the after-image of every
inserted, updated or deleted row is read. Reverting checks that each row still holds the recorded after-image — so an
undo never overwrites a later edit — and writes the before-images back with Core statements.

Statements that bypass the flush (Core or bulk `session.execute(insert(...))`, e.g. imports), and
deletes that SQLite would cascade to rows the session never loaded, cannot be recorded row by row: the
changeset is then marked `opaque` and is not undoable; imports are covered by
the backup taken before them. The audit log itself is never undone: an undo adds its own entry.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, delete, event, insert, inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, object_session

from ..common.errors import UserError
from ..models import Base

NOT_RECORDED = frozenset({"audit_log"})
TABLE_LABELS = {"organisations": "党组织", "members": "党员", "courses": "培训班", "expenditures": "支出",
                "budget_lines": "预算", "settings": "设置", "course_attendance": "参训记录",
                "committee_seats": "班子成员", "terms": "届次", "org_units": "单位", "activities": "活动"}

Row = dict[str, Any]
Key = tuple[str, tuple]


@dataclass(frozen=True)
class RowChange:
    """One row's state before and after the unit of work; None = the row did not exist."""

    table: str
    key: tuple  # primary key values, in the table's primary key column order
    before: Row | None
    after: Row | None

    def inverse(self) -> RowChange:
        return RowChange(self.table, self.key, self.after, self.before)


@dataclass
class Changeset:
    changes: list[RowChange] = field(default_factory=list)
    opaque: bool = False  # statements outside the flush ran: not undoable row by row

    def __bool__(self) -> bool:
        return bool(self.changes)

    @property
    def undoable(self) -> bool:
        return bool(self.changes) and not self.opaque

    def inverse(self) -> Changeset:
        return Changeset([change.inverse() for change in reversed(self.changes)], self.opaque)

    def apply(self, session: Session) -> None:
        """Move every row from its `before` to its `after` image; refuses (UserError) when a row is no
        longer in its `before` state. Caller owns the transaction."""
        if self.opaque:
            raise UserError("该操作包含批量写入，不能撤销；如需还原，请从操作前的备份恢复。")
        conn = session.connection()
        conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")  # rows come back in any order; checked at commit
        for change in self.changes:
            table = Base.metadata.tables[change.table]
            current = _read_row(conn, change.table, change.key)
            if current != change.before:
                label = TABLE_LABELS.get(change.table, change.table)
                raise UserError(f"无法撤销或重做：该{label}记录（编号 {change.key[0]}）之后又被修改或删除过。")
            where = _where(change.table, change.key)
            try:
                if change.after is None:
                    conn.execute(delete(table).where(where))
                elif change.before is None:
                    conn.execute(insert(table).values(**change.after))
                else:
                    conn.execute(update(table).where(where).values(**change.after))
            except IntegrityError:  # e.g. ON DELETE RESTRICT, checked at once even while deferred
                raise UserError("无法撤销或重做：之后新增或修改的记录与它冲突（如仍被其他记录使用，"
                                "或名称、号码重复），请先处理这些记录。") from None
        _refuse_broken_references(conn, {change.table for change in self.changes})

    def revert(self, session: Session) -> None:
        """Undo: put every recorded row back as it was before the unit of work."""
        self.inverse().apply(session)


def _refuse_broken_references(conn, touched: set[str]) -> None:
    """Foreign keys are deferred while rows come back; check the affected tables now, so a refusal is a
    clear sentence (e.g. a member was added to the organisation whose creation is being undone)."""
    tables = set(touched)
    for table in Base.metadata.tables.values():
        if any(fk.column.table.name in touched for fk in table.foreign_keys):
            tables.add(table.name)
    for name in sorted(tables):
        problem = conn.exec_driver_sql(f"PRAGMA foreign_key_check({name})").first()
        if problem is not None:
            child = TABLE_LABELS.get(problem[0], problem[0])
            parent = TABLE_LABELS.get(problem[2], problem[2])
            raise UserError(f"无法撤销或重做：之后新增的{child}记录仍在使用该{parent}，请先处理这些记录。")


def _pk_columns(table_name: str):
    return list(Base.metadata.tables[table_name].primary_key.columns)


def _where(table_name: str, key: tuple):
    return and_(*(column == value for column, value in zip(_pk_columns(table_name), key, strict=True)))


def _read_row(conn, table_name: str, key: tuple) -> Row | None:
    table = Base.metadata.tables[table_name]
    row = conn.execute(select(table).where(_where(table_name, key))).mappings().first()
    return dict(row) if row is not None else None


def _read_rows(conn, keys: list[Key]) -> dict[Key, Row | None]:
    """Images of many rows: one IN query per table (and per 500 keys) instead of one query per row."""
    result: dict[Key, Row | None] = {key: None for key in keys}
    by_table: dict[str, list[tuple]] = {}
    for table_name, key in keys:
        by_table.setdefault(table_name, []).append(key)
    for table_name, table_keys in by_table.items():
        columns = _pk_columns(table_name)
        if len(columns) != 1:
            for key in table_keys:
                result[(table_name, key)] = _read_row(conn, table_name, key)
            continue
        table = Base.metadata.tables[table_name]
        for start in range(0, len(table_keys), 500):
            chunk = [key[0] for key in table_keys[start:start + 500]]
            for row in conn.execute(select(table).where(columns[0].in_(chunk))).mappings():
                result[(table_name, (row[columns[0].name],))] = dict(row)
    return result


def _identity(obj) -> Key | None:
    state = inspect(obj)
    table = state.mapper.local_table.name
    if table in NOT_RECORDED:
        return None
    key = state.identity or state.mapper.primary_key_from_instance(obj)
    if key is None or any(value is None for value in key):
        return None
    return table, tuple(key)


class _Recorder:
    def __init__(self, session: Session):
        self.session = session
        self.before: dict[Key, Row | None] = {}  # first image seen in this unit of work
        self.order: list[Key] = []
        self.flushing = False
        self.opaque = False

    def note(self, connection, obj, *, inserted: bool) -> None:
        key = _identity(obj)
        if key is not None and key not in self.before:
            self.before[key] = None if inserted else _read_row(connection, *key)
            self.order.append(key)

    def before_flush(self, session, *_args) -> None:
        """Read the before-images of the flush's known updates and deletes in a few queries; rows the flush
        reaches by cascade are read one by one in `note`."""
        self.flushing = True
        keys = [key for obj in [*session.dirty, *session.deleted]
                if (key := _identity(obj)) is not None and key not in self.before]
        for key, row in _read_rows(session.connection(), keys).items():
            self.before[key] = row
            self.order.append(key)

    def after_flush_postexec(self, *_args) -> None:
        self.flushing = False

    def before_cursor_execute(self, _conn, _cursor, statement: str, *_args) -> None:
        if not self.flushing and statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE", "REPLAC"):
            self.opaque = True

    def changeset(self) -> Changeset:
        afters = _read_rows(self.session.connection(), self.order)
        changes = []
        for key in self.order:
            after = afters[key]
            before = self.before[key]
            if before != after:
                changes.append(RowChange(key[0], key[1], before, after))
        return Changeset(changes, self.opaque)


_ACTIVE: weakref.WeakKeyDictionary[Session, _Recorder] = weakref.WeakKeyDictionary()


# Mapper events fire for every row the flush writes, cascaded deletes included; they find the recorder
# of the object's session (if any is recording).
@event.listens_for(Base, "before_update", propagate=True)
def _before_update(_mapper, connection, target) -> None:
    recorder = _ACTIVE.get(object_session(target))
    if recorder is not None:
        recorder.note(connection, target, inserted=False)


@event.listens_for(Base, "before_delete", propagate=True)
def _before_delete(mapper, connection, target) -> None:
    recorder = _ACTIVE.get(object_session(target))
    if recorder is None:
        return
    recorder.note(connection, target, inserted=False)
    if _database_cascades(connection, mapper.local_table, target):
        recorder.opaque = True  # SQLite itself will delete or null rows we never see


def _database_cascades(connection, table, target) -> bool:
    """Rows that ON DELETE CASCADE / SET NULL would change behind the ORM's back (the ORM deletes the
    children it manages before their parent, so those are gone by now)."""
    for other in Base.metadata.tables.values():
        for fk in other.foreign_keys:
            if fk.column.table is table and (fk.ondelete or "").upper() in ("CASCADE", "SET NULL"):
                value = getattr(target, fk.column.key)
                if connection.execute(select(fk.parent).where(fk.parent == value).limit(1)).first():
                    return True
    return False


@event.listens_for(Base, "after_insert", propagate=True)
def _after_insert(_mapper, connection, target) -> None:
    recorder = _ACTIVE.get(object_session(target))
    if recorder is not None:
        recorder.note(connection, target, inserted=True)


@contextmanager
def recording(session: Session) -> Iterator[Changeset]:
    """Record the unit of work done in the block; the yielded Changeset is filled when it ends."""
    recorder = _Recorder(session)
    conn = session.connection()
    hooks = [(session, "before_flush", recorder.before_flush),
             (session, "after_flush_postexec", recorder.after_flush_postexec),
             (conn, "before_cursor_execute", recorder.before_cursor_execute)]
    for target, name, fn in hooks:
        event.listen(target, name, fn)
    _ACTIVE[session] = recorder
    result = Changeset()
    try:
        yield result
        session.flush()
        recorded = recorder.changeset()
        result.changes, result.opaque = recorded.changes, recorded.opaque
    finally:
        _ACTIVE.pop(session, None)
        for target, name, fn in hooks:
            event.remove(target, name, fn)
