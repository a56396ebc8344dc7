"""`dangjian demo`: a realistic 街道 for trying the app, training and benchmarks.

Each capability contributes one step; steps run in order in one transaction, so a demo is either
entirely there or not at all. Demo data is only ever written into an empty database.
"""

from __future__ import annotations

import gc
import importlib
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from ..common.errors import UserError
from ..storage.db import BULK_CACHE_KIB
from ..system import settings_edit

Progress = Callable[[int, int], None]


@dataclass
class DemoContext:
    session: Session
    members: int
    today: date
    rng: random.Random
    progress: Progress | None = None
    summary: dict[str, int] = field(default_factory=dict)  # Chinese label -> count, printed by the CLI
    extra: dict = field(default_factory=dict)  # hand-over between steps, e.g. "member_plan"


def _settings_step(ctx: DemoContext) -> None:
    settings_edit.set_value(ctx.session, "general.unit_name", "湘龙街道党工委")
    settings_edit.set_value(ctx.session, "general.county_name", "长沙县")


# "module:function" steps after the settings, in order; each takes a DemoContext. Order matters:
# orgs, then members (spread by the orgs step's "member_plan"), then committees (need members), then
# training and budgets (need both).
STEPS: list[str] = [
    "dangjian.core.demo.orgs:build_orgs",
    "dangjian.core.demo.members:build_members",
    "dangjian.core.demo.orgs:build_committees",
    "dangjian.core.demo.training:add_training",
    "dangjian.core.demo.budgets:build_budgets_demo",
    "dangjian.core.demo.activities:build_activities_demo",
    "dangjian.core.demo.dues:build_dues_demo",
    "dangjian.core.demo.assessment:build_assessment_demo",
    "dangjian.core.demo.cobuild:build_cobuild_demo",
]


@contextmanager
def indexes_dropped(connection: Connection, table: str, names: tuple[str, ...] = ()) -> Iterator[None]:
    """Drop the table's secondary indexes (or those `names`) for a bulk insert and create them again after
    it: building an index once from all rows beats updating it row by row when rows arrive out of its
    order. Their DDL comes from sqlite_master, so they come back identical. DDL is transactional in
    SQLite: a failure rolls the drops back too."""
    indexes = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        (table,)).all()
    indexes = [(name, sql) for name, sql in indexes if not names or name in names]
    for name, _sql in indexes:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _name, sql in indexes:
        connection.exec_driver_sql(sql)


def _is_empty(session: Session) -> bool:
    for table in ("organisations", "members"):
        if session.execute(text(f"SELECT EXISTS (SELECT 1 FROM {table})")).scalar_one():
            return False
    return True


# Session settings while the demo writes, restored after it:
_BULK_PRAGMAS = {
    # CHECK (x IN (...)) constraints cost SQLite ~2 µs a row (an ephemeral table each time), a third of a
    # 100,000-member demo. The demo's rows are valid by construction, and the demo tests run
    # PRAGMA integrity_check, which checks every CHECK constraint.
    "ignore_check_constraints": 1,
    "cache_size": BULK_CACHE_KIB,  # the indexes of half a million rows stay in memory
}


@contextmanager
def _bulk_writing(connection: Connection) -> Iterator[None]:
    before = {name: connection.exec_driver_sql(f"PRAGMA {name}").scalar() for name in _BULK_PRAGMAS}
    for name, value in _BULK_PRAGMAS.items():
        connection.exec_driver_sql(f"PRAGMA {name}={int(value)}")
    # Hundreds of thousands of rows are tuples the cyclic GC would walk again and again; none form cycles.
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
        for name, value in before.items():
            connection.exec_driver_sql(f"PRAGMA {name}={int(value)}")


def build_demo(session: Session, *, members: int = 800, today: date | None = None, seed: int = 20261125,
               progress: Progress | None = None) -> dict[str, int]:
    """Fill an empty, migrated database. Caller owns the transaction."""
    if members < 0 or members > 1_000_000:
        raise UserError("演示党员人数应在 0 到 1000000 之间")
    if not _is_empty(session):
        raise UserError("数据库中已有党组织或党员，演示数据只能写入空数据库（可用 --db 指定新文件）")
    ctx = DemoContext(session, members, today or date.today(), random.Random(seed), progress)
    with _bulk_writing(session.connection()):
        _settings_step(ctx)
        for spec in STEPS:
            module, _, name = spec.partition(":")
            getattr(importlib.import_module(module), name)(ctx)
    return ctx.summary
