"""Qt table models for the 培训 page: courses, yearly hours per member, a member's hours history.

Rows arrive as plain tuples computed off the GUI thread (core queries); the models only format them.
Long lists are revealed in chunks through canFetchMore/fetchMore so the view stays quick with 100k rows.
"""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor

from ...core.common.labels import ATTENDANCE_STATUSES, COURSE_TYPES, TRAINING_TARGETS, label
from ...core.training.courses import CourseSummary
from ...core.training.hours import format_hours
from ...core.training.stats import MemberHours
from .rows import RowsTableModel

_SHORT = QBrush(QColor("#b3261e"))


def _dates(c: CourseSummary) -> str:
    return f"{c.starts_on:%Y-%m-%d}" if c.starts_on == c.ends_on else f"{c.starts_on:%m-%d}～{c.ends_on:%m-%d}"


class CourseListModel(RowsTableModel):
    columns = (
        ("日期", _dates),
        ("培训班名称", lambda c: c.title),
        ("类别", lambda c: label(COURSE_TYPES, c.course_type)),
        ("学时", lambda c: format_hours(c.hours_tenths)),
        ("培训对象", lambda c: label(TRAINING_TARGETS, c.target_group) + (f"（{c.target_org}）" if c.target_org
                                                                      else "")),
        ("应到", lambda c: c.enrolled),
        ("出勤", lambda c: c.present),
        ("请假", lambda c: c.leave),
        ("缺勤", lambda c: c.absent),
    )
    centred = frozenset({0, 3, 5, 6, 7, 8})


class MemberHoursModel(RowsTableModel):
    columns = (
        ("姓名", lambda r: r.name),
        ("所在党组织", lambda r: r.org),
        ("身份", lambda r: "书记/班子成员" if r.is_leader else "党员"),
        ("要求学时", lambda r: format_hours(r.required_tenths)),
        ("已获学时", lambda r: format_hours(r.achieved_tenths)),
        ("差额", lambda r: format_hours(r.shortfall_tenths) if r.shortfall_tenths else ""),
    )
    centred = frozenset({2, 3, 4, 5})

    def foreground(self, row: MemberHours, column: int) -> QBrush | None:
        return None if row.met else _SHORT


class OrgCompletionModel(RowsTableModel):
    columns = (
        ("党组织", lambda c: "　" * c.depth + c.org),
        ("党员数", lambda c: c.members),
        ("达标", lambda c: c.met),
        ("达标率", lambda c: c.rate),
    )
    centred = frozenset({1, 2, 3})


class HoursHistoryModel(RowsTableModel):
    columns = (
        ("日期", lambda e: f"{e.on:%Y-%m-%d}"),
        ("培训名称", lambda e: e.title),
        ("类别", lambda e: label(COURSE_TYPES, e.kind) if e.kind else "外部学时"),
        ("出勤", lambda e: label(ATTENDANCE_STATUSES, e.status) if e.status else "—"),
        ("学时", lambda e: format_hours(e.credited_tenths)),
        ("备注/证明", lambda e: e.note),
    )
    centred = frozenset({0, 3, 4})
