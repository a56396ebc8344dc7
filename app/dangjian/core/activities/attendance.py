"""Who is expected at an activity and who came: 出席/请假/缺席 with 应到/实到/请假 derived.

The rules (status cycle, crediting, batch checks) are the shared ones in `training.attendance`. The rows live in
`activity_attendance`, or — for an activity that credits 学时 — in its course's `course_attendance`; both
tables have the same shape, so one code path serves both (`_sheet`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, insert, literal, select, union_all, update
from sqlalchemy.orm import Session

from ..models import (
    Activity,
    ActivityAttendance,
    ActivityOrg,
    CommitteeSeat,
    Course,
    CourseAttendance,
    Member,
    Organisation,
)
from ..system import audit
from ..training import attendance
from ..training.attendance import AttendanceCounts, AttendanceMark, AttendeeRow
from .lookup import describe, get_activity

# Meetings of a committee expect its seat holders; every other activity the members of its orgs.
COMMITTEE_TYPES = frozenset({"committee_meeting"})


@dataclass(frozen=True)
class Sheet:
    table: type
    key_column: object
    key: int
    full_tenths: int


def _sheet(session: Session, activity: Activity) -> Sheet:
    if activity.course_id is not None:
        hours = session.scalar(select(Course.hours_tenths).where(Course.id == activity.course_id)) or 0
        return Sheet(CourseAttendance, CourseAttendance.course_id, activity.course_id, hours)
    return Sheet(ActivityAttendance, ActivityAttendance.activity_id, activity.id, 0)


def _org_subtrees(activity_id: int):
    """Ids of the activity's orgs and every live org below them."""
    tree = select(ActivityOrg.org_id.label("id")).where(ActivityOrg.activity_id == activity_id).cte(
        "activity_orgs_tree", recursive=True)
    return tree.union(select(Organisation.id).where(Organisation.parent_id == tree.c.id,
                                                    Organisation.deleted_at.is_(None)))


def expected_members(activity: Activity):
    """Select of the member ids an activity expects (应到): active members of its orgs' subtrees, or for a
    支委会 the members holding a seat on those orgs' committees at the time."""
    active = (Member.deleted_at.is_(None), Member.party_status == "normal")
    if activity.activity_type in COMMITTEE_TYPES:
        day = activity.planned_start.date()
        seats = select(CommitteeSeat.member_id).where(
            CommitteeSeat.org_id.in_(select(ActivityOrg.org_id).where(ActivityOrg.activity_id == activity.id)),
            CommitteeSeat.member_id.is_not(None), CommitteeSeat.started_on <= day,
            (CommitteeSeat.ended_on.is_(None)) | (CommitteeSeat.ended_on >= day))
        return select(Member.id).where(*active, Member.id.in_(seats))
    return select(Member.id).where(*active, Member.org_id.in_(select(_org_subtrees(activity.id).c.id)))


def enrol_expected(session: Session, activity_id: int) -> int:
    """Add the expected members not on the sheet yet as 未登记; returns how many."""
    activity = get_activity(session, activity_id)
    sheet = _sheet(session, activity)
    already = select(sheet.table.member_id).where(sheet.key_column == sheet.key)
    source = expected_members(activity).where(Member.id.not_in(already)).with_only_columns(
        literal(sheet.key), Member.id, literal(attendance.PENDING), literal(0), literal(""))
    key_name = sheet.key_column.key
    session.execute(insert(sheet.table).from_select([key_name, "member_id", "status", "credited_tenths", "note"],
                                                    source))
    added = session.scalar(select(func.changes())) or 0
    if added:
        audit.record(session, "enrol", "activity", activity.id, f"{describe(activity)}应到人员增加 {added} 人")
    return added


@dataclass(frozen=True)
class ActivityAttendanceResult:
    created: int
    updated: int
    warnings: list[str]


def record_activity_attendance(session: Session, activity_id: int, marks: Iterable[AttendanceMark], *,
                               allow_update: bool = True) -> ActivityAttendanceResult:
    """Record 出席/请假/缺席 for many members at once (all or nothing). Members outside the activity's orgs
    are recorded with a warning (e.g. 列席 from another branch)."""
    activity = get_activity(session, activity_id)
    sheet = _sheet(session, activity)
    marks = list(marks)
    ids = {m.member_id for m in marks}
    names = dict(session.execute(select(Member.id, Member.name).where(Member.id.in_(ids),
                                                                       Member.deleted_at.is_(None))).all())
    existing = dict(session.execute(select(sheet.table.member_id, sheet.table.status).where(
        sheet.key_column == sheet.key, sheet.table.member_id.in_(ids))).all())
    in_orgs = set(session.scalars(select(Member.id).where(
        Member.id.in_(ids), Member.org_id.in_(select(_org_subtrees(activity.id).c.id)))))
    batch = attendance.check_marks(marks, full_tenths=sheet.full_tenths, existing=existing, names=names,
                                   allow_update=allow_update)
    warnings = [f"{names[m.member_id]}不属于参加本次活动的党组织" for m in batch.marks if m.member_id not in in_orgs]
    new = [m for m in batch.marks if m.is_new]
    old = [m for m in batch.marks if not m.is_new]
    if new:
        session.execute(insert(sheet.table), [
            {sheet.key_column.key: sheet.key, "member_id": m.member_id, "status": m.status,
             "credited_tenths": m.credited_tenths, "note": m.note} for m in new])
    for mark in old:
        session.execute(update(sheet.table).where(sheet.key_column == sheet.key,
                                                  sheet.table.member_id == mark.member_id)
                        .values(status=mark.status, credited_tenths=mark.credited_tenths, note=mark.note))
    if batch.marks:
        tally = {s: sum(1 for m in batch.marks if m.status == s) for s in attendance.RECORDED}
        audit.record(session, "attendance", "activity", activity.id,
                     f"{describe(activity)}登记出席 {tally['present']}、请假 {tally['leave']}、"
                     f"缺席 {tally['absent']} 人")
    return ActivityAttendanceResult(len(new), len(old), warnings)


def activity_attendees(session: Session, activity_id: int) -> list[AttendeeRow]:
    """Everyone on the sheet in org then name order, for the attendance widget and the 签到表."""
    activity = get_activity(session, activity_id)
    sheet = _sheet(session, activity)
    query = (select(Member.id, Member.name, Organisation.name, func.substr(Member.id_number, -4),
                    sheet.table.status, sheet.table.credited_tenths, sheet.table.note)
             .join(Member, Member.id == sheet.table.member_id)
             .join(Organisation, Organisation.id == Member.org_id)
             .where(sheet.key_column == sheet.key)
             .order_by(Organisation.sort_order, Organisation.name, Member.name_initials, Member.name, Member.id))
    return [AttendeeRow(*row) for row in session.execute(query)]


def attendance_counts(session: Session, *conditions) -> dict[int, AttendanceCounts]:
    """应到/实到/请假/缺席/未登记 per activity, for the activities matching `conditions` on Activity (e.g.
    Activity.id.in_(ids), or a year's window) — read from both sheet tables in one grouped query."""
    own = (select(ActivityAttendance.activity_id.label("activity_id"), ActivityAttendance.status.label("status"))
           .join(Activity, Activity.id == ActivityAttendance.activity_id).where(*conditions))
    via_course = (select(Activity.id.label("activity_id"), CourseAttendance.status.label("status"))
                  .join(CourseAttendance, CourseAttendance.course_id == Activity.course_id).where(*conditions))
    rows = union_all(own, via_course).subquery()
    by_activity: dict[int, dict[str, int]] = {}
    for activity_id, status, count in session.execute(
            select(rows.c.activity_id, rows.c.status, func.count()).group_by(rows.c.activity_id, rows.c.status)):
        by_activity.setdefault(activity_id, {})[status] = count
    return {key: attendance.counts_from(value) for key, value in by_activity.items()}


def counts_for(session: Session, activity_id: int) -> AttendanceCounts:
    return attendance_counts(session, Activity.id == activity_id).get(activity_id, attendance.counts_from({}))
