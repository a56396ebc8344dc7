"""Small choice lists for pickers (report options, filters), shared by the UI and the CLI."""

from __future__ import annotations

from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

from .common.money import format_yuan


def org_names(session: Session, *, include_revoked: bool = False) -> list[str]:
    """Names of live organisations, root first, then by sort order and name."""
    status = "" if include_revoked else "AND status = 'active'"
    rows = session.execute(text(
        f"SELECT name FROM organisations WHERE deleted_at IS NULL {status} "
        "ORDER BY parent_id IS NOT NULL, sort_order, name"
    ))
    return [row[0] for row in rows]


def course_choices(session: Session, year: int | None = None) -> list[tuple[int, str]]:
    """(id, "2026-03-02 标题") of live courses, newest first."""
    where = "WHERE deleted_at IS NULL" + (" AND strftime('%Y', starts_on) = :year" if year else "")
    sql = f"SELECT id, starts_on, title FROM courses {where} ORDER BY starts_on DESC, id DESC"
    rows = session.execute(text(sql), {"year": str(year)} if year else {})
    return [(row[0], f"{row[1]} {row[2]}") for row in rows]


def activity_choices(session: Session, year: int | None = None) -> list[tuple[int, str]]:
    """(id, label) of live activities; empty until the activities capability exists."""
    if "activities" not in inspect(session.connection()).get_table_names():
        return []
    rows = session.execute(text("SELECT id, title FROM activities WHERE deleted_at IS NULL ORDER BY id DESC"))
    return [(row[0], row[1]) for row in rows]


def remittance_choices(session: Session) -> list[tuple[int, str]]:
    """(id, "2026-04-08 湘龙街道党工委 → 长沙县委组织部 ¥107,013.05") of 党费上缴 records, newest first."""
    from .dues.listing import remittances

    return [(r.id, f"{r.remitted_on:%Y-%m-%d} {r.org} → {r.receiver} {format_yuan(r.amount_fen)}")
            for r in remittances(session)]
