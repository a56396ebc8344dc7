"""Data put into a DB at each revision before it is upgraded, and the check that it survived.

Each capability adds a seeder for its revision: plain SQL, because models follow head, not the old
revision. `check_seeded` verifies every seeder up to the start revision after the upgrade.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path


def _run(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys=ON")
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def seed_0001(path: Path) -> None:
    _run(path,
         "INSERT INTO settings (key, year, value, updated_at) VALUES ('general.unit_name', NULL, "
         "'\"湘龙街道党工委\"', CURRENT_TIMESTAMP)",
         "INSERT INTO settings (key, year, value, updated_at) VALUES ('training.member_hours', 2025, "
         "'\"40\"', CURRENT_TIMESTAMP)",
         "INSERT INTO audit_log (at, operator, action, entity, entity_id, summary) VALUES "
         "(CURRENT_TIMESTAMP, '张敏', 'update', 'setting', 1, '单位名称：→ 湘龙街道党工委')")


def check_0001(conn: sqlite3.Connection) -> None:
    assert conn.execute("SELECT value FROM settings WHERE key='general.unit_name'").fetchone()[0] == '"湘龙街道党工委"'
    assert conn.execute("SELECT year FROM settings WHERE key='training.member_hours'").fetchone()[0] == 2025
    assert conn.execute("SELECT operator FROM audit_log").fetchone()[0] == "张敏"


SEEDERS: dict[str, Callable[[Path], None]] = {"0001": seed_0001}
CHECKS: dict[str, Callable[[sqlite3.Connection], None]] = {"0001": check_0001}


def check_seeded(path: Path, start: str) -> None:
    from dangjian.core import migrate

    revisions = migrate.known_revisions()
    conn = sqlite3.connect(path)
    try:
        for revision in revisions[: revisions.index(start) + 1]:
            if revision in CHECKS:
                CHECKS[revision](conn)
    finally:
        conn.close()
