"""活动与会议 services: create/edit/cancel/delete an activity, templates, the list and the month view.

Functions take a session and never commit. Bad input raises one Chinese error naming the field and writes
nothing. Attendance lives in `attendance`, money in `funds`, files in `attachments`.

学时: an activity of a type in `HOURS_TYPES` with 学时 > 0 owns a Course (created and kept in step here), and
its attendance is stored in that course's attendance — so 培训 statistics count it with no second entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from ..common.errors import UserError, ValidationError
from ..common.labels import ACTIVITY_STATUSES, ACTIVITY_TYPES, code_for
from ..common.textnorm import bounded_text
from ..models import (
    Activity,
    ActivityAttendance,
    ActivityOrg,
    ActivityUnit,
    AgendaItem,
    Course,
    CourseAttendance,
    Organisation,
    Venue,
)
from ..system import audit
from ..system.trash import move_to_trash, take_from_trash
from .attendance import enrol_expected
from .lookup import describe, get_activity

HOURS_TYPES = frozenset({"party_lecture"})
TITLE_MAX, TEXT_MAX, NAME_MAX = 120, 100, 40


@dataclass(frozen=True)
class Template:
    title: str
    agenda: tuple[str, ...]
    minutes: int
    hours: str = "0"


# Per type: default title ({org}/{month} filled in), agenda and duration. Offices edit the result.
TEMPLATES: dict[str, Template] = {
    "party_congress": Template("{month}月党员大会", ("传达学习上级会议精神", "通报支部近期工作",
                                                  "讨论决定有关事项"), 120),
    "committee_meeting": Template("{month}月支委会", ("研究本月党建工作安排", "讨论党员发展和教育管理事项",
                                                    "研究党费收缴使用情况"), 90),
    "group_meeting": Template("{month}月党小组会", ("学习近期重要讲话精神", "交流思想和工作情况"), 60),
    "party_lecture": Template("{month}月党课", ("专题党课", "交流研讨"), 120, "2"),
    "theme_day": Template("{month}月主题党日", ("重温入党誓词", "集中学习", "志愿服务"), 180),
    "life_meeting": Template("{year}年度组织生活会", ("通报班子检视问题情况", "开展批评和自我批评",
                                                  "明确整改措施"), 180),
    "member_review": Template("{year}年度民主评议党员", ("党员个人总结", "党员互评", "组织评议"), 180),
    "joint_meeting": Template("{month}月大工委联席会议", ("通报辖区重点工作", "驻区单位认领共建项目",
                                                      "议定下阶段任务及责任单位"), 120),
    "volunteer": Template("{month}月志愿服务活动", ("集合分组", "开展志愿服务", "总结"), 180),
    "other": Template("{month}月活动", ("活动内容",), 60),
}


@dataclass
class ActivityData:
    """An activity as entered. Times are datetimes; 学时 as typed ("2", "半天") for 党课."""

    activity_type: str
    title: str
    org_ids: list[int]
    planned_start: datetime | None
    planned_end: datetime | None
    place: str = ""
    host_name: str = ""
    recorder_name: str = ""
    host_member_id: int | None = None
    recorder_member_id: int | None = None
    observers: str = ""
    agenda: list[str] = field(default_factory=list)
    content: str = ""
    resolution: str = ""
    status: str = "planned"
    actual_start: datetime | None = None
    actual_end: datetime | None = None
    units: list[tuple[str, str]] = field(default_factory=list)  # (驻区单位, 兼职委员)
    hours: str | Decimal | int = "0"
    note: str = ""
    venue_id: int | None = None  # 阵地 (党群服务中心, 活动室); the place text defaults to its name


def _check_span(start: datetime | None, end: datetime | None, what: str) -> None:
    if start is None:
        raise ValidationError(f"{what}开始时间", "不能为空")
    if end is None:
        raise ValidationError(f"{what}结束时间", "不能为空")
    if end < start:
        raise ValidationError(f"{what}结束时间", f"{end:%Y-%m-%d %H:%M} 早于开始时间 {start:%Y-%m-%d %H:%M}")


def _validated(session: Session, data: ActivityData) -> tuple[dict, list[Organisation], int]:
    """Column values, the orgs in order and the 学时 in tenths — or a ValidationError."""
    from ..training.hours import day_units, parse_hours

    kind = code_for(ACTIVITY_TYPES, data.activity_type or "")
    if kind is None:
        raise ValidationError("活动类型", f"只能是：{'、'.join(ACTIVITY_TYPES.values())}")
    status = code_for(ACTIVITY_STATUSES, data.status or "planned")
    if status is None:
        raise ValidationError("状态", f"只能是：{'、'.join(ACTIVITY_STATUSES.values())}")
    _check_span(data.planned_start, data.planned_end, "计划")
    actual_start, actual_end = data.actual_start, data.actual_end
    if status == "held" and actual_start is None:  # held as planned unless told otherwise
        actual_start, actual_end = data.planned_start, data.planned_end
    if actual_start is not None or actual_end is not None:
        _check_span(actual_start, actual_end or actual_start, "实际")
    ids = list(dict.fromkeys(data.org_ids))
    if not ids:
        raise ValidationError("参加党组织", "至少选择一个党组织")
    orgs = {o.id: o for o in session.scalars(select(Organisation).where(
        Organisation.id.in_(ids), Organisation.deleted_at.is_(None)))}
    missing = [i for i in ids if i not in orgs]
    if missing:
        raise ValidationError("参加党组织", f"编号 {missing[0]} 不存在或已删除")
    place = bounded_text(data.place, "地点", TEXT_MAX)
    if data.venue_id is not None:
        venue = session.get(Venue, data.venue_id)
        if venue is None or venue.deleted_at is not None:
            raise ValidationError("活动阵地", "不存在或已删除")
        place = place or venue.name[:TEXT_MAX]
    tenths = 0
    if kind in HOURS_TYPES:
        tenths = parse_hours(data.hours, "学时", units=day_units(session), allow_empty=True) or 0
    agenda = [bounded_text(item, f"第{n}项议题", 500) for n, item in enumerate(data.agenda, 1)]
    values = dict(
        activity_type=kind, title=bounded_text(data.title, "活动名称", TITLE_MAX, required=True),
        planned_start=data.planned_start, planned_end=data.planned_end, actual_start=actual_start,
        actual_end=actual_end or actual_start, place=place, venue_id=data.venue_id,
        host_name=bounded_text(data.host_name, "主持人", NAME_MAX),
        recorder_name=bounded_text(data.recorder_name, "记录人", NAME_MAX),
        host_member_id=data.host_member_id, recorder_member_id=data.recorder_member_id,
        observers=bounded_text(data.observers, "列席人员", 500), content=(data.content or "").strip(),
        resolution=(data.resolution or "").strip(), status=status, note=(data.note or "").strip(),
    )
    values["agenda"] = [a for a in agenda if a]
    values["units"] = [(bounded_text(u, "驻区单位", TEXT_MAX, required=True), bounded_text(d, "兼职委员", NAME_MAX))
                       for u, d in data.units]
    return values, [orgs[i] for i in ids], tenths


def _apply(session: Session, activity: Activity, values: dict, orgs: list[Organisation], tenths: int) -> None:
    agenda, units = values.pop("agenda"), values.pop("units")
    for key, value in values.items():
        setattr(activity, key, value)
    activity.orgs = [ActivityOrg(org_id=o.id, position=n) for n, o in enumerate(orgs)]
    old_agenda = {a.position: a for a in activity.agenda}
    activity.agenda = [AgendaItem(position=n, text=text, follow_up=getattr(old_agenda.get(n), "follow_up", ""))
                       for n, text in enumerate(agenda)]
    activity.units = [ActivityUnit(unit_name=u, delegate=d, position=n) for n, (u, d) in enumerate(units)]
    session.flush()
    _sync_course(session, activity, orgs[0], tenths)


def _sync_course(session: Session, activity: Activity, org: Organisation, tenths: int) -> None:
    """Keep the Course that carries this activity's 学时 in step (created on first need, never deleted here)."""
    from ..training import courses as training

    if tenths == 0 and activity.course_id is None:
        return
    start = (activity.actual_start or activity.planned_start).date()
    end = (activity.actual_end or activity.planned_end).date()
    data = training.CourseData(title=activity.title, course_type="other", starts_on=start, ends_on=end,
                               hours=Decimal(tenths) / 10, organiser=org.name, place=activity.place,
                               target_org_id=org.id, note=f"由{describe(activity)}生成，请在活动中修改")
    if activity.course_id is None:
        activity.course_id = training.create_course(session, data).id
        _move_sheet_to_course(session, activity, tenths)
    else:
        training.update_course(session, activity.course_id, data)


def _move_sheet_to_course(session: Session, activity: Activity, tenths: int) -> None:
    """An activity that starts crediting 学时 takes its attendance along into its course (moved, not copied:
    the course's attendance is then the one sheet)."""
    rows = session.execute(select(ActivityAttendance.member_id, ActivityAttendance.status, ActivityAttendance.note)
                           .where(ActivityAttendance.activity_id == activity.id)).all()
    if not rows:
        return
    session.execute(insert(CourseAttendance), [
        {"course_id": activity.course_id, "member_id": member_id, "status": status,
         "credited_tenths": tenths if status == "present" else 0, "note": note} for member_id, status, note in rows])
    session.execute(delete(ActivityAttendance).where(ActivityAttendance.activity_id == activity.id))


def create_activity(session: Session, data: ActivityData, *, enrol: bool = True) -> Activity:
    """Add an activity; its expected attendees (应到) are filled from its orgs unless `enrol` is False."""
    values, orgs, tenths = _validated(session, data)
    activity = Activity(activity_type=values["activity_type"], title=values["title"],
                        planned_start=values["planned_start"], planned_end=values["planned_end"])
    session.add(activity)
    _apply(session, activity, values, orgs, tenths)
    audit.record(session, "create", "activity", activity.id, f"新建{describe(activity)}")
    if enrol:
        enrol_expected(session, activity.id)
    return activity


def update_activity(session: Session, activity_id: int, data: ActivityData) -> Activity:
    activity = get_activity(session, activity_id)
    values, orgs, tenths = _validated(session, data)
    _apply(session, activity, values, orgs, tenths)
    audit.record(session, "update", "activity", activity.id, f"修改{describe(activity)}")
    return activity


def activity_hours_tenths(session: Session, activity: Activity) -> int:
    if activity.course_id is None:
        return 0
    return session.scalar(select(Course.hours_tenths).where(Course.id == activity.course_id)) or 0


def data_of(session: Session, activity: Activity) -> ActivityData:
    """The editable form of a stored activity (for the editor and for copying)."""
    from ..training.hours import format_hours

    return ActivityData(
        activity.activity_type, activity.title, [o.org_id for o in activity.orgs], activity.planned_start,
        activity.planned_end, activity.place, activity.host_name, activity.recorder_name,
        activity.host_member_id, activity.recorder_member_id, activity.observers,
        [a.text for a in activity.agenda], activity.content, activity.resolution, activity.status,
        activity.actual_start, activity.actual_end, [(u.unit_name, u.delegate) for u in activity.units],
        format_hours(activity_hours_tenths(session, activity)), activity.note, activity.venue_id)


def from_template(kind: str, org_ids: list[int], day: date, start_hour: int = 9) -> ActivityData:
    """A new activity of `kind` on `day` with the type's default title, agenda and duration."""
    template = TEMPLATES[kind]
    start = datetime.combine(day, datetime.min.time()).replace(hour=start_hour)
    return ActivityData(kind, template.title.format(month=day.month, year=day.year), list(org_ids), start,
                        start + timedelta(minutes=template.minutes), agenda=list(template.agenda),
                        hours=template.hours)


def copy_of_last_month(session: Session, org_id: int, kind: str, day: date) -> ActivityData:
    """The newest earlier activity of `kind` for `org_id`, moved to `day` (same time of day), record cleared."""
    source = session.scalars(
        select(Activity).join(ActivityOrg).where(
            ActivityOrg.org_id == org_id, Activity.activity_type == kind, Activity.deleted_at.is_(None),
            Activity.planned_start < datetime.combine(day, datetime.min.time()))
        .order_by(Activity.planned_start.desc()).limit(1)).first()
    if source is None:
        raise UserError(f"该党组织此前没有{ACTIVITY_TYPES[kind]}可复制")
    data = data_of(session, source)
    shift = datetime.combine(day, source.planned_start.time()) - source.planned_start
    data.planned_start, data.planned_end = source.planned_start + shift, source.planned_end + shift
    data.title = data.title.replace(f"{source.planned_start.month}月", f"{day.month}月", 1)
    data.status, data.actual_start, data.actual_end, data.content, data.resolution = "planned", None, None, "", ""
    return data


def set_status(session: Session, activity_id: int, status: str) -> Activity:
    """召开 (held, as planned unless actual times are set) or 取消 (cancelled)."""
    activity = get_activity(session, activity_id)
    data = data_of(session, activity)
    data.status = status
    return update_activity(session, activity_id, data)


def delete_activity(session: Session, activity_id: int) -> None:
    """Move to the 回收站. Attendance, attachments, its course and its ledger rows all stay as they are."""
    activity = get_activity(session, activity_id)
    move_to_trash(session, activity, "activity", f"删除{describe(activity)}")


def restore_activity(session: Session, activity_id: int) -> Activity:
    return take_from_trash(session, Activity, activity_id, "activity", describe,
                           f"活动（编号 {activity_id}）不存在")
