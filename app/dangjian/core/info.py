"""`dangjian info`: what is in the database, counted as live records."""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.orm import Session

# key -> SQL counting live records. Tables of capabilities not built yet count 0.
COUNTS: dict[str, tuple[str, str]] = {
    "orgs": ("organisations", "SELECT count(*) FROM organisations WHERE deleted_at IS NULL"),
    "members": ("members", "SELECT count(*) FROM members WHERE deleted_at IS NULL"),
    "budget_lines": ("budget_lines", "SELECT count(*) FROM budget_lines"),
    "expenditures": (
        "expenditures",
        "SELECT count(*) FROM expenditures WHERE deleted_at IS NULL AND voided_at IS NULL",
    ),
    "courses": ("courses", "SELECT count(*) FROM courses WHERE deleted_at IS NULL"),
    "attendance": (
        "course_attendance",
        "SELECT count(*) FROM course_attendance a JOIN courses c ON c.id = a.course_id "
        "WHERE c.deleted_at IS NULL",
    ),
    "activities": ("activities", "SELECT count(*) FROM activities WHERE deleted_at IS NULL"),
    "dues_payments": ("dues_payments", "SELECT count(*) FROM dues_payments WHERE voided_at IS NULL"),
    "duty_items": ("duty_items", "SELECT count(*) FROM duty_items WHERE deleted_at IS NULL"),
    "problems": ("problems", "SELECT count(*) FROM problems WHERE deleted_at IS NULL"),
    "service_projects": ("service_projects", "SELECT count(*) FROM service_projects WHERE deleted_at IS NULL"),
    "dual_registrations": ("dual_registrations", "SELECT count(*) FROM dual_registrations WHERE ended_on IS NULL"),
    "service_records": ("service_records", "SELECT count(*) FROM service_records"),
}


def record_counts(session: Session) -> dict[str, int]:
    conn = session.connection()
    tables = set(inspect(conn).get_table_names())
    return {
        key: (conn.exec_driver_sql(sql).scalar_one() if table in tables else 0)
        for key, (table, sql) in COUNTS.items()
    }
