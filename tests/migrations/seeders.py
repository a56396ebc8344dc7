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


def seed_0002(path: Path) -> None:
    org = ("INSERT INTO organisations (id, name, code, kind, domain, parent_id, formation, host_org_id, "
           "approval_doc_no, status, revoked_doc_no, revoked_reason, recorded_formal_count, address, "
           "contact_phone, note, sort_order, created_at, updated_at) VALUES ")
    _run(path,
         org + "(1, '湘龙街道党工委', 'XL', 'street_committee', 'community', NULL, 'single', NULL, '', 'active', "
               "'', '', NULL, '', '', '', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
         org + "(2, '朝阳社区党委', 'XL01', 'party_committee', 'community', 1, 'single', NULL, '星组〔2021〕3号', "
               "'active', '', '', 60, '', '', '', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
         org + "(3, '朝阳社区两新联合党支部', NULL, 'branch', 'enterprise', 2, 'joint', NULL, '', 'active', '', '', "
               "5, '', '', '', 2, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
         "INSERT INTO org_units (org_id, name, credit_code, contact_name, contact_phone, formal_member_count, "
         "sort_order) VALUES (3, '长沙某某科技有限公司', '91350100M000100Y43', '李华', '13800000000', 2, 0)",
         "INSERT INTO terms (id, org_id, number, started_on, planned_end_on, elected_on, note) VALUES "
         "(1, 2, 3, '2021-06-01', '2026-06-01', '2021-06-01', '')",
         "INSERT INTO elections (id, org_id, term_id, held_on, eligible_count, present_count, seats, note) VALUES "
         "(1, 2, 1, '2021-06-01', 50, 45, 5, '')",
         "INSERT INTO election_candidates (election_id, name, votes, elected) VALUES (1, '王芳', 40, 1)")


def check_0002(conn: sqlite3.Connection) -> None:
    assert conn.execute("SELECT count(*) FROM organisations").fetchone()[0] == 3
    assert conn.execute("SELECT parent_id, formation FROM organisations WHERE id = 3").fetchone() == (2, "joint")
    assert conn.execute("SELECT credit_code FROM org_units").fetchone()[0] == "91350100M000100Y43"
    assert conn.execute("SELECT planned_end_on FROM terms").fetchone()[0] == "2026-06-01"
    assert conn.execute("SELECT votes FROM election_candidates").fetchone()[0] == 40


def seed_0003(path: Path) -> None:
    _run(path,
         "INSERT INTO members (id, name, name_initials, gender, id_number, ethnicity, birth_date, education, "
         "category, org_id, joined_on, joined_precision, confirmed_on, confirmed_precision, "
         "probation_extension_months, party_status, employment, job, phone, address, is_mobile, "
         "is_lost_contact, is_hardship, dual_registered, note, created_at, updated_at) VALUES "
         "(1, '王芳', 'wf', '女', '430121198507011221', '汉族', '1985-07-01', '本科', 'formal', 2, "
         "'2008-07-01', 'month', '2009-07-01', 'day', 0, 'normal', 'employed', '社区书记', '13800000001', "
         "'朝阳社区', 0, 0, 0, 1, '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
         "INSERT INTO member_transfers (member_id, transferred_on, from_org_id, to_org_id, outside_org_name, "
         "note) VALUES (1, '2015-03-01', NULL, 2, '星沙街道某社区党委', '转入')",
         "INSERT INTO committee_seats (org_id, role, member_id, person_name, person_unit, started_on, note) "
         "VALUES (2, 'secretary', 1, '', '', '2021-06-01', '')",
         "INSERT INTO committee_seats (org_id, role, member_id, person_name, person_unit, started_on, note) "
         "VALUES (2, 'part_time', NULL, '赵强', '长沙县第一中学', '2021-06-01', '')")


def check_0003(conn: sqlite3.Connection) -> None:
    assert conn.execute("SELECT id_number, joined_precision FROM members").fetchone() == ("430121198507011221",
                                                                                          "month")
    assert conn.execute("SELECT outside_org_name FROM member_transfers").fetchone()[0] == "星沙街道某社区党委"
    assert conn.execute("SELECT count(*) FROM committee_seats").fetchone()[0] == 2


def seed_0004(path: Path) -> None:
    """培训 for 王芳 (member 1 from seed_0003): a course with partial attendance, an enrolment, external hours."""
    _run(path,
         "INSERT INTO courses (id, title, course_type, organiser, starts_on, ends_on, place, hours_tenths, "
         "target_group, target_org_id, note, created_at, updated_at) VALUES (9004, '社区书记集中培训班', "
         "'community_secretary', '湘龙街道党工委', '2026-04-15', '2026-04-16', '党群服务中心', 160, "
         "'community_secretaries', 2, '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
         "INSERT INTO course_attendance (course_id, member_id, status, credited_tenths, note) VALUES "
         "(9004, 1, 'present', 125, '中途离开')",
         "INSERT INTO external_hours (member_id, earned_on, title, hours_tenths, proof_note) VALUES "
         "(1, '2026-06-01', '县委党校网络学院', 40, '结业证书 2026-118')")


def check_0004(conn: sqlite3.Connection) -> None:
    assert conn.execute("SELECT hours_tenths, target_group FROM courses WHERE id = 9004").fetchone() == (
        160, "community_secretaries")
    assert conn.execute("SELECT status, credited_tenths FROM course_attendance WHERE course_id = 9004"
                        ).fetchone() == ("present", 125)
    assert conn.execute("SELECT sum(hours_tenths) FROM external_hours WHERE member_id = 1").fetchone()[0] == 40


def seed_0005(path: Path) -> None:
    """经费 for 朝阳社区党委 (org 2 from seed_0002): a standard, a line with an adjustment, a live and a voided
    expenditure (ids 9005+)."""
    _run(path,
         "INSERT INTO fund_standards (id, year, category_id, per_org_fen, per_member_fen, qualifying_kinds, "
         "qualifying_domains, county_share_pct, street_share_pct, member_cutoff_on, note) VALUES "
         "(9005, 2026, 1, 20000000, 0, '[\"party_committee\"]', '[]', 60, 40, '2025-12-31', '')",
         "INSERT INTO budget_lines (id, year, org_id, category_id, standard_fen, member_count, county_share_pct, "
         "generated_at) VALUES (9005, 2026, 2, 1, 20000000, NULL, 60, '2026-01-05 09:00:00')",
         "INSERT INTO budget_adjustments (line_id, amount_fen, reason, adjusted_on, doc_no) VALUES "
         "(9005, 500000, '追加老旧小区改造配套', '2026-04-01', '湘龙党工委〔2026〕3号')",
         "INSERT INTO expenditures (spent_on, budget_year, org_id, category_id, amount_fen, purpose, handler, "
         "voucher_no, project_name, void_reason) VALUES ('2026-03-02', 2026, 2, 1, 123450, '社区办公用品采购', "
         "'王丽', '记-2026-0001', '', '')",
         "INSERT INTO expenditures (spent_on, budget_year, org_id, category_id, amount_fen, purpose, handler, "
         "voucher_no, project_name, voided_at, void_reason) VALUES ('2026-03-03', 2026, 2, 1, 99900, "
         "'重复登记', '王丽', '', '', '2026-03-04 10:00:00', '重复')")


def check_0005(conn: sqlite3.Connection) -> None:
    assert conn.execute("SELECT standard_fen, county_share_pct FROM budget_lines WHERE id = 9005").fetchone() == (
        20000000, 60)
    assert conn.execute("SELECT sum(amount_fen) FROM budget_adjustments WHERE line_id = 9005").fetchone()[0] == 500000
    assert conn.execute("SELECT sum(amount_fen) FROM expenditures WHERE org_id = 2 AND voided_at IS NULL"
                        ).fetchone()[0] == 123450
    assert conn.execute("SELECT count(*) FROM expenditures WHERE org_id = 2").fetchone()[0] == 2


def seed_0006(path: Path) -> None:
    """活动: a held 支部党员大会 of 朝阳社区党委 (org 2) hosted by 王芳 (member 1), who attended, with an
    approved budget of 经费 category 1 (ids 9006)."""
    _run(path,
         "INSERT INTO activities (id, activity_type, title, planned_start, planned_end, place, host_member_id, "
         "host_name, recorder_name, observers, content, resolution, status, requested_fen, fund_plan, "
         "approved_fen, approver, approval_opinion, approval_level, note) VALUES (9006, 'member_meeting', "
         "'第二季度党员大会', '2026-04-20 09:00:00', '2026-04-20 11:00:00', '党群服务中心', 1, '王芳', '李明', '', "
         "'学习贯彻会议精神', '通过发展对象名单', 'held', 80000, '茶歇、资料印刷', 60000, '张书记', '同意', "
         "'street', '')",
         "INSERT INTO activity_orgs (activity_id, org_id, position) VALUES (9006, 2, 0)",
         "INSERT INTO activity_attendance (activity_id, member_id, status, credited_tenths, note) VALUES "
         "(9006, 1, 'present', 20, '')")


def check_0006(conn: sqlite3.Connection) -> None:
    assert conn.execute("SELECT status, requested_fen, approved_fen FROM activities WHERE id = 9006").fetchone() == (
        "held", 80000, 60000)
    assert conn.execute("SELECT org_id FROM activity_orgs WHERE activity_id = 9006").fetchall() == [(2,)]
    assert conn.execute("SELECT member_id, credited_tenths FROM activity_attendance WHERE activity_id = 9006"
                        ).fetchall() == [(1, 20)]


def seed_0008(path: Path) -> None:
    """党费: 王芳's (member 1) 2026 base, a remitted 1—3月 payment, a voided one and a 减免 (ids 9008)."""
    _run(path,
         "INSERT INTO dues_bases (id, member_id, year, basis, income_fen, monthly_fen, note) VALUES "
         "(9008, 1, 2026, 'working', 400000, 4000, '')",
         "INSERT INTO dues_remittances (id, org_id, remitted_on, collected_until, amount_fen, receiver, receipt_no, "
         "handled_by, note) VALUES (9008, 2, '2026-04-08', '2026-03-31', 12000, '长沙县委组织部', 'DF1', '王丽', '')",
         "INSERT INTO dues_payments (id, member_id, org_id, year, first_month, last_month, amount_fen, paid_on, way, "
         "receipt_no, kind, reason, approved_by, remittance_id, voided_at, note) VALUES "
         "(9008, 1, 2, 2026, 1, 3, 12000, '2026-01-10', 'cash', '', 'regular', '', '', 9008, NULL, ''), "
         "(9009, 1, 2, 2026, 4, 4, 4000, '2026-04-10', 'wechat', '', 'regular', '', '', NULL, "
         "'2026-04-11 09:00:00.000000', '')",
         "INSERT INTO dues_waivers (id, member_id, year, first_month, last_month, monthly_fen, reason, approved_by, "
         "approved_on) VALUES (9008, 1, 2026, 6, 8, 0, '住院治疗', '张书记', '2026-06-01')")


def check_0008(conn: sqlite3.Connection) -> None:
    assert conn.execute("SELECT monthly_fen FROM dues_bases WHERE id = 9008").fetchone() == (4000,)
    assert conn.execute("SELECT id, remittance_id, voided_at IS NOT NULL FROM dues_payments WHERE member_id = 1 "
                        "ORDER BY id").fetchall() == [(9008, 9008, 0), (9009, None, 1)]
    assert conn.execute("SELECT amount_fen FROM dues_remittances WHERE id = 9008").fetchone() == (12000,)
    assert conn.execute("SELECT first_month, last_month, monthly_fen FROM dues_waivers WHERE id = 9008"
                        ).fetchone() == (6, 8, 0)


def seed_0009(path: Path) -> None:
    """考核: a 责任 item with its May 调度, a problem with a closed measure, a note and its evidence file record,
    an indicator scored for org 3, and org 3's 述职评议 (ids 9009)."""
    _run(path,
         "INSERT INTO duty_items (id, org_id, year, task, owner, source, source_ref, deadline, deleted_at) VALUES "
         "(9009, 3, 2026, '推进楼宇党建阵地建设', '王芳', 'document', '长组通〔2026〕3号', '2026-10-31', NULL)",
         "INSERT INTO duty_reports (id, duty_id, year, month, status, note, reported_on) VALUES "
         "(9009, 9009, 2026, 5, 'on_track', '选址完成', '2026-05-25')",
         "INSERT INTO problems (id, org_id, year, description, source, found_on, found_by, finding_rule, closed_on, "
         "closed_how, deleted_at) VALUES (9009, 3, 2026, '三会一课记录不规范', 'inspection', '2026-03-10', '督查组', "
         "'', '2026-04-20', 'rectified', NULL)",
         "INSERT INTO rectifications (id, problem_id, measure, owner, deadline, closed_on, closing_note) VALUES "
         "(9009, 9009, '规范会议记录本', '王芳', '2026-04-30', '2026-04-20', '已整改')",
         "INSERT INTO rectification_notes (id, rectification_id, noted_on, note) VALUES "
         "(9009, 9009, '2026-04-01', '已购置记录本')",
         "INSERT INTO attachments (id, rectification_id, review_id, filename, size, sha256, added_at) "
         "VALUES (9009, 9009, NULL, '记录本.jpg', 4, '" + "a" * 64 + "', '2026-04-20 10:00:00')",
         "INSERT INTO indicators (id, year, position, name, weight, max_score, method, criteria) VALUES "
         "(9009, 2026, 1, '阵地建设', 100, 10, 'manual', '按实地查看评分')",
         "INSERT INTO indicator_scores (id, indicator_id, org_id, score_tenths, note) VALUES (9009, 9009, 3, 85, '')",
         "INSERT INTO secretary_reviews (id, org_id, year, secretary, reported_on, expected, excellent, good, fair, "
         "poor, note) VALUES (9009, 3, 2026, '王芳', '2026-12-20', 20, 15, 3, 1, 0, '')")


def check_0009(conn: sqlite3.Connection) -> None:
    assert conn.execute("SELECT d.task, r.status FROM duty_items d JOIN duty_reports r ON r.duty_id = d.id "
                        "WHERE d.id = 9009").fetchone() == ("推进楼宇党建阵地建设", "on_track")
    assert conn.execute("SELECT closed_how, closed_on FROM problems WHERE id = 9009").fetchone() == (
        "rectified", "2026-04-20")
    assert conn.execute("SELECT filename FROM attachments WHERE rectification_id = 9009").fetchone() == (
        "记录本.jpg",)
    assert conn.execute("SELECT score_tenths FROM indicator_scores WHERE indicator_id = 9009").fetchone() == (85,)
    assert conn.execute("SELECT expected, excellent FROM secretary_reviews WHERE id = 9009").fetchone() == (20, 15)


def seed_0010(path: Path) -> None:
    """共建: a brand, a 惠民项目 paid through the ledger (expenditure 9010), a partner, a milestone, a file, a 阵地 an
    activity was held at, 王芳's (member 1) 双报到 and service hours in a team (ids 9010)."""
    _run(path,
         "INSERT INTO service_brands (id, org_id, name, year, description, deleted_at) VALUES "
         "(9010, 2, '红色管家', 2025, '', NULL)",
         "INSERT INTO service_projects (id, title, kind, year, lead_org_id, content, beneficiaries, category_id, "
         "budget_fen, status, approved_on, started_on, accepted_on, outcome, chosen_by, votes, council_on, brand_id, "
         "deleted_at) VALUES (9010, '加装楼道扶手', 'livelihood', 2026, 2, '', '', "
         "(SELECT id FROM fund_categories WHERE code = 'benefit'), 500000, 'running', '2026-03-01', '2026-03-08', "
         "NULL, '', 'council', NULL, '2026-02-20', 9010, NULL)",
         "INSERT INTO project_partners (id, project_id, position, org_id, unit_name, commitment) VALUES "
         "(9010, 9010, 0, NULL, '县供电公司', '党员电工安装')",
         "INSERT INTO project_milestones (id, project_id, title, due_on, done_on) VALUES "
         "(9010, 9010, '安装完成', '2026-05-01', NULL)",
         "INSERT INTO expenditures (id, spent_on, budget_year, org_id, category_id, amount_fen, purpose, handler, "
         "voucher_no, course_id, project_name, activity_id, project_id, voided_at, void_reason, deleted_at) VALUES "
         "(9010, '2026-03-20', 2026, 2, (SELECT id FROM fund_categories WHERE code = 'benefit'), 300000, '扶手材料', "
         "'', '', NULL, '加装楼道扶手', NULL, 9010, NULL, '', NULL)",
         "INSERT INTO attachments (id, rectification_id, review_id, project_id, filename, size, sha256, added_at) "
         "VALUES (9010, NULL, NULL, 9010, '项目书.pdf', 4, '" + "b" * 64 + "', '2026-03-01 10:00:00')",
         "INSERT INTO venues (id, org_id, name, kind, address, area_m2, facilities, opening_hours, deleted_at) VALUES "
         "(9010, 2, '朝阳社区党群服务中心', 'center', '朝阳路1号', 600, '', '', NULL)",
         "UPDATE activities SET venue_id = 9010 WHERE id = 9006",
         "INSERT INTO dual_registrations (id, member_id, community_org_id, work_unit, registered_on, ended_on, note) "
         "VALUES (9010, 1, 2, '县税务局', '2026-03-01', NULL, '')",
         "INSERT INTO volunteer_teams (id, org_id, name, leader, founded_on, note, deleted_at) VALUES "
         "(9010, 2, '朝阳红色志愿服务队', '', NULL, '', NULL)",
         "INSERT INTO volunteer_team_members (id, team_id, member_id, joined_on) VALUES (9010, 9010, 1, '2026-03-01')",
         "INSERT INTO service_records (id, member_id, served_on, hours_tenths, content, project_id, activity_id, "
         "team_id) VALUES (9010, 1, '2026-03-15', 25, '文明劝导', 9010, NULL, 9010)")


def check_0010(conn: sqlite3.Connection) -> None:
    assert conn.execute("SELECT sum(amount_fen) FROM expenditures WHERE project_id = 9010").fetchone() == (300000,)
    assert conn.execute("SELECT budget_fen, chosen_by, brand_id FROM service_projects WHERE id = 9010").fetchone() == (
        500000, "council", 9010)
    assert conn.execute("SELECT venue_id FROM activities WHERE id = 9006").fetchone() == (9010,)
    assert conn.execute("SELECT filename FROM attachments WHERE project_id = 9010").fetchone() == ("项目书.pdf",)
    assert conn.execute("SELECT work_unit FROM dual_registrations WHERE member_id = 1").fetchone() == ("县税务局",)
    assert conn.execute("SELECT hours_tenths FROM service_records WHERE team_id = 9010").fetchone() == (25,)


SEEDERS: dict[str, Callable[[Path], None]] = {"0001": seed_0001, "0002": seed_0002, "0003": seed_0003,
                                              "0004": seed_0004, "0005": seed_0005, "0006": seed_0006,
                                              "0008": seed_0008, "0009": seed_0009,
                                              "0010": seed_0010}
CHECKS: dict[str, Callable[[sqlite3.Connection], None]] = {"0001": check_0001, "0002": check_0002,
                                                           "0003": check_0003, "0004": check_0004,
                                                           "0005": check_0005, "0006": check_0006,
                                                           "0008": check_0008, "0009": check_0009,
                                                           "0010": check_0010}


def check_seeded(path: Path, start: str) -> None:
    from dangjian.core.storage import revisions

    chain = revisions.known_revisions()
    conn = sqlite3.connect(path)
    try:
        for revision in chain[: chain.index(start) + 1]:
            if revision in CHECKS:
                CHECKS[revision](conn)
    finally:
        conn.close()
