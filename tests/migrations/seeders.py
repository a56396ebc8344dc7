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


_ORG_COLUMNS = ("id, name, code, kind, domain, parent_id, formation, host_org_id, approval_doc_no, status, "
                "revoked_on, revoked_doc_no, revoked_reason, recorded_formal_count, address, contact_phone, note, "
                "sort_order")


def seed_0002(path: Path) -> None:
    _run(path,
         f"INSERT INTO organisations ({_ORG_COLUMNS}) VALUES (1, '湘龙街道党工委', '4301210100', "
         "'street_committee', 'community', NULL, 'single', NULL, '', 'active', NULL, '', '', NULL, '', '', '', 1)",
         f"INSERT INTO organisations ({_ORG_COLUMNS}) VALUES (2, '祥泰商圈联合党支部', '430121010001', 'branch', "
         "'enterprise', 1, 'joint', NULL, '湘龙党工发〔2024〕3号', 'active', NULL, '', '', 6, '', '', '', 1)",
         f"INSERT INTO organisations ({_ORG_COLUMNS}) VALUES (3, '原第三党支部', NULL, 'branch', 'community', 1, "
         "'attached', 1, '', 'revoked', '2025-06-30', '湘龙党工发〔2025〕12号', '拆迁', 2, '', '', '', 2)",
         "INSERT INTO org_units (org_id, name, credit_code, contact_name, contact_phone, formal_member_count, "
         "sort_order) VALUES (2, '长沙祥泰商贸有限公司', '91350100M000100Y43', '刘建华', '', 2, 1)",
         "INSERT INTO terms (id, org_id, number, started_on, planned_end_on, elected_on, note) VALUES "
         "(1, 2, 1, '2024-03-01', '2027-03-01', '2024-03-01', '')",
         "INSERT INTO elections (id, org_id, term_id, held_on, eligible_count, present_count, seats, note) "
         "VALUES (1, 2, 1, '2024-03-01', 6, 6, 3, '')",
         "INSERT INTO election_candidates (election_id, name, votes, elected) VALUES (1, '刘建华', 6, 1)")


def check_0002(conn: sqlite3.Connection) -> None:
    assert conn.execute("SELECT name, formation FROM organisations WHERE id = 2").fetchone() == (
        "祥泰商圈联合党支部", "joint")
    assert conn.execute("SELECT status, revoked_doc_no, host_org_id FROM organisations WHERE id = 3").fetchone() == (
        "revoked", "湘龙党工发〔2025〕12号", 1)
    assert conn.execute("SELECT credit_code FROM org_units").fetchone()[0] == "91350100M000100Y43"
    assert conn.execute("SELECT planned_end_on FROM terms WHERE id = 1").fetchone()[0] == "2027-03-01"
    assert conn.execute("SELECT votes, elected FROM election_candidates").fetchone() == (6, 1)


SEEDERS: dict[str, Callable[[Path], None]] = {"0001": seed_0001, "0002": seed_0002}
CHECKS: dict[str, Callable[[sqlite3.Connection], None]] = {"0001": check_0001, "0002": check_0002}


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
