"""培训 services: courses, who is enrolled, attendance and credited 学时, hours earned elsewhere.

Functions take a session and never commit. Bad input raises one Chinese error naming the field and
writes nothing. Yearly totals and compliance live in `stats`; the crediting rule itself in
`attendance` (shared with activities).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Select, case, delete, func, insert, literal, select, update
from sqlalchemy.orm import Session

from ..common.errors import UserError, ValidationError
from ..common.labels import COURSE_TYPES, TRAINING_TARGETS, code_for
from ..models import Course, CourseAttendance, ExternalHours, Member, Organisation
from ..system import audit
from ..system.trash import move_to_trash, take_from_trash
from . import attendance
from .attendance import AttendanceMark, AttendeeRow
from .hours import day_units, format_hours, parse_hours
from .targets import active_member_filter, org_subtree, seat_holders, target_members


@dataclass
class CourseData:
    """A course as entered: 学时 as typed ("8", "1.5", "一天") or Decimal/int hours."""

    title: str
    course_type: str
    starts_on: date | None
    ends_on: date | None
    hours: str | Decimal | int
    organiser: str = ""
    place: str = ""
    target_group: str = "all"
    target_org_id: int | None = None
    note: str = ""


@dataclass(frozen=True)
class AttendanceResult:
    created: int
    updated: int
    warnings: list[str]


# --- courses ---------------------------------------------------------------------------------


def get_course(session: Session, course_id: int) -> Course:
    course = session.get(Course, course_id)
    if course is None or course.deleted_at is not None:
        raise UserError(f"培训班（编号 {course_id}）不存在或已删除")
    return course


def course_data(session: Session, course_id: int) -> CourseData:
    """A course as editable values (学时 as text), safe to hand to another thread."""
    course = get_course(session, course_id)
    return CourseData(course.title, course.course_type, course.starts_on, course.ends_on,
                      format_hours(course.hours_tenths), course.organiser, course.place, course.target_group,
                      course.target_org_id, course.note)


def _validated(session: Session, data: CourseData) -> dict:
    title = (data.title or "").strip()
    if not title:
        raise ValidationError("培训班名称", "不能为空")
    if len(title) > 120:
        raise ValidationError("培训班名称", "不能超过120个字")
    course_type = code_for(COURSE_TYPES, data.course_type or "")
    if course_type is None:
        raise ValidationError("培训类型", f"只能是：{'、'.join(COURSE_TYPES.values())}")
    if data.starts_on is None:
        raise ValidationError("开始日期", "不能为空")
    if data.ends_on is None:
        raise ValidationError("结束日期", "不能为空")
    if data.ends_on < data.starts_on:
        raise ValidationError("结束日期", f"{data.ends_on:%Y-%m-%d} 早于开始日期 {data.starts_on:%Y-%m-%d}")
    units = day_units(session)
    tenths = parse_hours(data.hours, "学时", units=units)
    assert tenths is not None
    days = (data.ends_on - data.starts_on).days + 1
    if tenths > days * units.day_tenths:
        raise ValidationError("学时", f"{format_hours(tenths)} 超过培训时长（{days}天 × "
                                      f"{format_hours(units.day_tenths)}学时 = "
                                      f"{format_hours(days * units.day_tenths)}学时）")
    target = code_for(TRAINING_TARGETS, data.target_group or "all")
    if target is None:
        raise ValidationError("培训对象", f"只能是：{'、'.join(TRAINING_TARGETS.values())}")
    if data.target_org_id is not None:
        org = session.get(Organisation, data.target_org_id)
        if org is None or org.deleted_at is not None:
            raise ValidationError("培训对象所在党组织", "不存在或已删除")
    return {
        "title": title, "course_type": course_type, "organiser": (data.organiser or "").strip()[:100],
        "starts_on": data.starts_on, "ends_on": data.ends_on, "place": (data.place or "").strip()[:100],
        "hours_tenths": tenths, "target_group": target, "target_org_id": data.target_org_id,
        "note": (data.note or "").strip(),
    }


def _describe(course: Course) -> str:
    return f"“{course.title}”（{course.starts_on:%Y-%m-%d}，{format_hours(course.hours_tenths)}学时）"


def create_course(session: Session, data: CourseData) -> Course:
    course = Course(**_validated(session, data))
    session.add(course)
    session.flush()
    audit.record(session, "create", "course", course.id, f"新建培训班{_describe(course)}")
    return course


def update_course(session: Session, course_id: int, data: CourseData) -> Course:
    """Save edits. When 学时 change, full credits follow; a partial credit above the new 学时 is refused."""
    course = get_course(session, course_id)
    values = _validated(session, data)
    old_tenths = course.hours_tenths
    new_tenths = values["hours_tenths"]
    if new_tenths != old_tenths:
        over = session.scalar(select(func.count()).where(
            CourseAttendance.course_id == course.id, CourseAttendance.status == attendance.PRESENT,
            CourseAttendance.credited_tenths != old_tenths, CourseAttendance.credited_tenths > new_tenths))
        if over:
            raise ValidationError("学时", f"有{over}人的认定学时超过 {format_hours(new_tenths)}，"
                                          "请先修改他们的认定学时")
        session.execute(update(CourseAttendance).where(
            CourseAttendance.course_id == course.id, CourseAttendance.status == attendance.PRESENT,
            CourseAttendance.credited_tenths == old_tenths).values(credited_tenths=new_tenths))
    for key, value in values.items():
        setattr(course, key, value)
    session.flush()
    audit.record(session, "update", "course", course.id, f"修改培训班{_describe(course)}")
    return course


def delete_course(session: Session, course_id: int) -> None:
    """Move a course (with its attendance) to the 回收站; its 学时 stop counting until restored."""
    course = get_course(session, course_id)
    move_to_trash(session, course, "course", f"删除培训班{_describe(course)}")


def restore_course(session: Session, course_id: int) -> Course:
    return take_from_trash(session, Course, course_id, "course", lambda c: f"培训班{_describe(c)}",
                           f"培训班（编号 {course_id}）不存在")


@dataclass(frozen=True)
class CourseSummary:
    id: int
    title: str
    course_type: str
    organiser: str
    starts_on: date
    ends_on: date
    place: str
    hours_tenths: int
    target_group: str
    target_org: str
    enrolled: int
    present: int
    leave: int
    absent: int


def list_courses(session: Session, year: int | None = None, search: str = "") -> list[CourseSummary]:
    """Live courses (of `year`, by start date), newest first, with attendance counts from one GROUP BY."""
    counts = (
        select(CourseAttendance.course_id,
               func.count().label("enrolled"),
               *[func.sum(case((CourseAttendance.status == s, 1), else_=0)).label(s)
                 for s in (attendance.PRESENT, attendance.LEAVE, attendance.ABSENT)])
        .group_by(CourseAttendance.course_id).subquery()
    )
    query = (
        select(Course.id, Course.title, Course.course_type, Course.organiser, Course.starts_on,
               Course.ends_on, Course.place, Course.hours_tenths, Course.target_group,
               func.coalesce(Organisation.name, ""),
               *[func.coalesce(getattr(counts.c, c), 0) for c in ("enrolled", "present", "leave", "absent")])
        .outerjoin(Organisation, Organisation.id == Course.target_org_id)
        .outerjoin(counts, counts.c.course_id == Course.id)
        .where(Course.deleted_at.is_(None))
        .order_by(Course.starts_on.desc(), Course.id.desc())
    )
    if year is not None:
        query = query.where(Course.starts_on.between(date(year, 1, 1), date(year, 12, 31)))
    if search.strip():
        query = query.where(Course.title.contains(search.strip()))
    return [CourseSummary(*row) for row in session.execute(query)]


# --- enrolment and attendance ----------------------------------------------------------------


def _enrol_from(session: Session, course: Course, members: Select, how: str) -> int:
    """Enrol (未登记) the members `members` selects who are not on the course yet; returns how many."""
    already = select(CourseAttendance.member_id).where(CourseAttendance.course_id == course.id)
    source = members.where(Member.id.not_in(already)).with_only_columns(
        literal(course.id), Member.id, literal(attendance.PENDING), literal(0), literal(""))
    session.execute(insert(CourseAttendance).from_select(
        ["course_id", "member_id", "status", "credited_tenths", "note"], source))
    # pysqlite reports rowcount -1 for INSERT … SELECT led by a WITH clause; SQLite itself knows.
    added = session.scalar(select(func.changes()))
    if added:
        audit.record(session, "enrol", "course", course.id, f"培训班“{course.title}”{how}报名 {added} 人")
    return added


def enrol_members(session: Session, course_id: int, member_ids: Iterable[int]) -> int:
    """Enrol members picked by hand; unknown or deleted members are refused."""
    course = get_course(session, course_id)
    ids = set(member_ids)
    found = set(session.scalars(select(Member.id).where(Member.id.in_(ids), Member.deleted_at.is_(None))))
    if ids - found:
        raise UserError(f"党员（编号 {min(ids - found)}）不存在或已删除")
    return _enrol_from(session, course, select(Member.id).where(Member.id.in_(ids)), "手动")


def enrol_by_org(session: Session, course_id: int, org_id: int, *, include_sub_orgs: bool = True) -> int:
    """Enrol every active member of an org (and its sub-orgs)."""
    course = get_course(session, course_id)
    org = session.get(Organisation, org_id)
    if org is None or org.deleted_at is not None:
        raise ValidationError("党组织", "不存在或已删除")
    orgs = select(org_subtree(org_id).c.id) if include_sub_orgs else select(literal(org_id))
    members = select(Member.id).where(active_member_filter(), Member.org_id.in_(orgs))
    return _enrol_from(session, course, members, f"按党组织（{org.name}）")


def enrol_by_role(session: Session, course_id: int, role: str | None,
                  domains: Iterable[str] = ()) -> int:
    """Enrol holders of a committee seat during the course, e.g. role='secretary', domains=('community',)
    for all 社区书记; role None means any seat (班子成员)."""
    course = get_course(session, course_id)
    holders = seat_holders(course.starts_on, course.ends_on, role, domains)
    members = select(Member.id).where(active_member_filter(), Member.id.in_(holders))
    return _enrol_from(session, course, members, "按职务")


def enrol_target_group(session: Session, course_id: int) -> int:
    """Enrol everyone in the course's own target group."""
    course = get_course(session, course_id)
    return _enrol_from(session, course, target_members(course), "按培训对象")


def remove_attendees(session: Session, course_id: int, member_ids: Iterable[int]) -> int:
    """Take people off a course (their credited 学时 for it go too). The caller confirms first."""
    course = get_course(session, course_id)
    result = session.execute(delete(CourseAttendance).where(
        CourseAttendance.course_id == course.id, CourseAttendance.member_id.in_(set(member_ids))))
    removed = result.rowcount or 0
    if removed:
        audit.record(session, "unenrol", "course", course.id,
                     f"培训班“{course.title}”移除参训人员 {removed} 人")
    return removed


def record_attendance(session: Session, course_id: int, marks: Iterable[AttendanceMark], *,
                      allow_update: bool = False) -> AttendanceResult:
    """Record 出勤/请假/缺勤 for many members at once (all or nothing).

    Members not yet enrolled are added. Someone already recorded is refused unless `allow_update`
    (the attendance sheet edits existing rows; imports never overwrite). Members outside the
    course's target group are recorded with a warning.
    """
    course = get_course(session, course_id)
    marks = list(marks)
    ids = {m.member_id for m in marks}
    names = dict(session.execute(select(Member.id, Member.name).where(Member.id.in_(ids),
                                                                       Member.deleted_at.is_(None))).all())
    existing = dict(session.execute(select(CourseAttendance.member_id, CourseAttendance.status).where(
        CourseAttendance.course_id == course.id, CourseAttendance.member_id.in_(ids))).all())
    expected = set(session.scalars(target_members(course).where(Member.id.in_(ids))))
    batch = attendance.check_marks(marks, full_tenths=course.hours_tenths, existing=existing, names=names,
                                   expected=expected, allow_update=allow_update)
    new = [m for m in batch.marks if m.is_new]
    old = [m for m in batch.marks if not m.is_new]
    if new:
        session.execute(insert(CourseAttendance), [
            {"course_id": course.id, "member_id": m.member_id, "status": m.status,
             "credited_tenths": m.credited_tenths, "note": m.note} for m in new])
    for mark in old:  # a sheet saves tens of rows at a time; per-row UPDATE by the unique key is fine
        session.execute(update(CourseAttendance).where(
            CourseAttendance.course_id == course.id, CourseAttendance.member_id == mark.member_id,
        ).values(status=mark.status, credited_tenths=mark.credited_tenths, note=mark.note))
    if batch.marks:
        tally = {s: sum(1 for m in batch.marks if m.status == s) for s in attendance.RECORDED}
        audit.record(session, "attendance", "course", course.id,
                     f"培训班“{course.title}”登记出勤 {tally['present']}、请假 {tally['leave']}、"
                     f"缺勤 {tally['absent']} 人")
    return AttendanceResult(len(new), len(old), batch.warnings)


def attendees(session: Session, course_id: int) -> list[AttendeeRow]:
    """Everyone on a course, in org then name order, for the attendance sheet and the 签到表."""
    course = get_course(session, course_id)
    query = (
        select(Member.id, Member.name, Organisation.name, func.substr(Member.id_number, -4),
               CourseAttendance.status, CourseAttendance.credited_tenths, CourseAttendance.note)
        .join(Member, Member.id == CourseAttendance.member_id)
        .join(Organisation, Organisation.id == Member.org_id)
        .where(CourseAttendance.course_id == course.id)
        .order_by(Organisation.sort_order, Organisation.name, Member.name_initials, Member.name, Member.id)
    )
    return [AttendeeRow(*row) for row in session.execute(query)]


# --- hours earned elsewhere ------------------------------------------------------------------


def add_external_hours(session: Session, member_id: int, earned_on: date | None, title: str,
                       hours: str | Decimal | int, proof_note: str) -> ExternalHours:
    """Hours from outside the 街道's courses (上级调训, 网络学院…); a proof note is required."""
    member = session.get(Member, member_id)
    if member is None or member.deleted_at is not None:
        raise UserError(f"党员（编号 {member_id}）不存在或已删除")
    if earned_on is None:
        raise ValidationError("取得日期", "不能为空")
    if not (title or "").strip():
        raise ValidationError("培训名称", "不能为空")
    tenths = parse_hours(hours, "学时", units=day_units(session))
    if not tenths:
        raise ValidationError("学时", "必须大于 0")
    if not (proof_note or "").strip():
        raise ValidationError("证明材料", "请注明证明材料（如结业证书编号、上级通知文号）")
    row = ExternalHours(member_id=member_id, earned_on=earned_on, title=title.strip()[:120],
                        hours_tenths=tenths, proof_note=proof_note.strip())
    session.add(row)
    session.flush()
    audit.record(session, "create", "external_hours", row.id,
                 f"{member.name}登记外部学时“{row.title}”{format_hours(tenths)}学时")
    return row


def delete_external_hours(session: Session, row_id: int) -> None:
    """Remove one external-hours entry (the caller confirms first; the audit log keeps what it was)."""
    row = session.get(ExternalHours, row_id)
    if row is None:
        raise UserError("该外部学时记录不存在")
    name = session.scalar(select(Member.name).where(Member.id == row.member_id))
    audit.record(session, "delete", "external_hours", row.id,
                 f"删除{name}的外部学时“{row.title}”{format_hours(row.hours_tenths)}学时（{row.proof_note}）")
    session.delete(row)
