"""Attendance mechanics shared by training courses and activities: statuses, crediting, batch checks.

Nothing here knows about courses. A caller hands over the marks someone entered, the 学时 a full
attendance earns, what is already recorded and who is expected; `check_marks` returns the rows to
write (credit resolved) plus warnings, or raises one Chinese error and nothing is written.

Crediting rule (the one place it lives): 出勤 earns the full 学时 unless a partial credit is given
(0 … full); 请假 and 缺勤 earn 0; 未登记 (enrolled, nothing recorded yet) earns 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..common.errors import UserError, ValidationError
from .hours import format_hours

PENDING = "pending"
PRESENT = "present"
LEAVE = "leave"
ABSENT = "absent"

# Order the attendance sheet cycles through with the space bar.
STATUS_CYCLE = (PRESENT, LEAVE, ABSENT)
RECORDED = frozenset(STATUS_CYCLE)


@dataclass(frozen=True)
class AttendanceMark:
    """One person's entry: status and, for 出勤, an optional partial credit in tenths."""

    member_id: int
    status: str
    credited_tenths: int | None = None  # None → full 学时 for 出勤
    note: str = ""


@dataclass(frozen=True)
class AttendeeRow:
    """One line of an attendance sheet or 签到表, whatever the event."""

    member_id: int
    name: str
    org: str
    id_tail: str  # last 4 characters of the 公民身份号码, to tell namesakes apart
    status: str
    credited_tenths: int
    note: str = ""


@dataclass(frozen=True)
class CheckedMark:
    member_id: int
    status: str
    credited_tenths: int
    note: str
    is_new: bool  # no row yet for this person (not even enrolled)


@dataclass
class CheckedBatch:
    marks: list[CheckedMark]
    warnings: list[str]


def next_status(status: str) -> str:
    """出勤 → 请假 → 缺勤 → 出勤; 未登记 starts at 出勤."""
    if status not in STATUS_CYCLE:
        return PRESENT
    return STATUS_CYCLE[(STATUS_CYCLE.index(status) + 1) % len(STATUS_CYCLE)]


def credit_for(status: str, full_tenths: int, credited_tenths: int | None = None, *,
               who: str = "") -> int:
    """学时 (tenths) a mark earns. Raises ValidationError for a credit the status cannot carry."""
    field = f"{who}的认定学时" if who else "认定学时"
    if status not in RECORDED and status != PENDING:
        raise ValidationError(f"{who}的出勤情况" if who else "出勤情况", f"无效的状态“{status}”")
    if status != PRESENT:
        if credited_tenths:
            raise ValidationError(field, "请假、缺勤或未登记不能认定学时")
        return 0
    if credited_tenths is None:
        return full_tenths
    if credited_tenths < 0:
        raise ValidationError(field, "不能为负数")
    if credited_tenths > full_tenths:
        raise ValidationError(field, f"{format_hours(credited_tenths)} 超过本次学时 "
                                     f"{format_hours(full_tenths)}")
    return credited_tenths


def check_marks(marks: Iterable[AttendanceMark], *, full_tenths: int, existing: Mapping[int, str],
                names: Mapping[int, str], expected: set[int] | None = None,
                allow_update: bool = False) -> CheckedBatch:
    """Validate a batch of marks as a whole.

    existing: member_id → status already stored (incl. 未登记 enrolments); names: member_id → 姓名
    for every member in the batch (a missing name means the member does not exist); expected: who is
    in the target group (None = anyone), others only warn. A person twice in the batch, or already
    recorded when `allow_update` is False, is refused.
    """
    seen: set[int] = set()
    checked: list[CheckedMark] = []
    warnings: list[str] = []
    for mark in marks:
        name = names.get(mark.member_id)
        if name is None:
            raise UserError(f"党员（编号 {mark.member_id}）不存在或已删除")
        if mark.member_id in seen:
            raise UserError(f"{name}在本次登记中出现了两次，请删除重复的一行")
        seen.add(mark.member_id)
        stored = existing.get(mark.member_id)
        if stored in RECORDED and not allow_update:
            raise UserError(f"{name}已登记为“{_label(stored)}”，不能重复登记")
        if mark.status == PENDING and stored in RECORDED:
            raise ValidationError(f"{name}的出勤情况", "已登记的出勤情况不能改回未登记")
        credited = credit_for(mark.status, full_tenths, mark.credited_tenths, who=name)
        if expected is not None and mark.member_id not in expected:
            warnings.append(f"{name}不在本次培训对象范围内")
        checked.append(CheckedMark(mark.member_id, mark.status, credited, mark.note.strip(), stored is None))
    return CheckedBatch(checked, warnings)


def _label(status: str) -> str:
    from ..common.labels import ATTENDANCE_STATUSES

    return ATTENDANCE_STATUSES.get(status, status)


@dataclass(frozen=True)
class AttendanceCounts:
    """应到 / 实到 / 请假 / 缺勤 / 未登记 of one event."""

    expected: int
    present: int
    leave: int
    absent: int
    pending: int


def counts_from(statuses: Mapping[str, int]) -> AttendanceCounts:
    """Counts from a status → number mapping (e.g. a GROUP BY status)."""
    return AttendanceCounts(sum(statuses.values()), statuses.get(PRESENT, 0), statuses.get(LEAVE, 0),
                            statuses.get(ABSENT, 0), statuses.get(PENDING, 0))
