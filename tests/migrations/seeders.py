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


def seed_0005(path: Path) -> None:
    """经费: a standard, a line with an adjustment, and a live and a voided expenditure (ids 9005+)."""
    _run(path,
         "INSERT INTO organisations (id, name, kind, domain, formation, approval_doc_no, status, revoked_doc_no, "
         "revoked_reason, address, contact_phone, note, sort_order) VALUES (9005, '经费迁移测试社区党委', "
         "'party_committee', 'community', 'single', '', 'active', '', '', '', '', '', 0)",
         "INSERT INTO fund_standards (id, year, category_id, per_org_fen, per_member_fen, qualifying_kinds, "
         "qualifying_domains, county_share_pct, street_share_pct, member_cutoff_on, note) VALUES "
         "(9005, 2026, 1, 20000000, 0, '[\"party_committee\"]', '[]', 60, 40, '2025-12-31', '')",
         "INSERT INTO budget_lines (id, year, org_id, category_id, standard_fen, member_count, county_share_pct, "
         "generated_at) VALUES (9005, 2026, 9005, 1, 20000000, NULL, 60, '2026-01-05 09:00:00')",
         "INSERT INTO budget_adjustments (line_id, amount_fen, reason, adjusted_on, doc_no) VALUES "
         "(9005, 500000, '追加老旧小区改造配套', '2026-04-01', '湘龙党工委〔2026〕3号')",
         "INSERT INTO expenditures (spent_on, budget_year, org_id, category_id, amount_fen, purpose, handler, "
         "voucher_no, project_name, void_reason) VALUES ('2026-03-02', 2026, 9005, 1, 123450, '社区办公用品采购', "
         "'王丽', '记-2026-0001', '', '')",
         "INSERT INTO expenditures (spent_on, budget_year, org_id, category_id, amount_fen, purpose, handler, "
         "voucher_no, project_name, voided_at, void_reason) VALUES ('2026-03-03', 2026, 9005, 1, 99900, "
         "'重复登记', '王丽', '', '', '2026-03-04 10:00:00', '重复')")


def check_0005(conn: sqlite3.Connection) -> None:
    assert conn.execute("SELECT standard_fen, county_share_pct FROM budget_lines WHERE id = 9005").fetchone() == (
        20000000, 60)
    assert conn.execute("SELECT sum(amount_fen) FROM budget_adjustments WHERE line_id = 9005").fetchone()[0] == 500000
    assert conn.execute("SELECT sum(amount_fen) FROM expenditures WHERE org_id = 9005 AND voided_at IS NULL"
                        ).fetchone()[0] == 123450
    assert conn.execute("SELECT count(*) FROM expenditures WHERE org_id = 9005").fetchone()[0] == 2


SEEDERS: dict[str, Callable[[Path], None]] = {"0001": seed_0001, "0005": seed_0005}
CHECKS: dict[str, Callable[[sqlite3.Connection], None]] = {"0001": check_0001, "0005": check_0005}


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
