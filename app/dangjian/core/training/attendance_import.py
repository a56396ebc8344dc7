"""Import a course's sign-in list (签到表) from xlsx: 姓名 plus 身份证后四位 or the full 公民身份号码.

Same guarantees as the member import: every row is checked first and listed with its row number in
Chinese; with any error nothing is written; --dry-run only checks; a backup is taken before writing.
Optional columns: 出勤情况 (出勤/请假/缺勤, √/×; blank = 出勤), 认定学时 (partial credit), 备注.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..common import idcard
from ..common.errors import UserError, ValidationError
from ..common.labels import ATTENDANCE_STATUSES
from ..members.matching import MatchedMember, MemberMatcher, NoMatch, read_people_sheet
from ..models import CourseAttendance, Member
from ..spreadsheets.importing import ImportOptions, ImportResult, Progress, RowProblem
from ..spreadsheets.sheets import SheetRow
from ..storage.backup import create_backup
from ..storage.db import Database
from . import attendance
from . import courses as training
from .attendance import AttendanceMark
from .hours import day_units, format_hours, parse_hours
from .targets import target_members

MAX_ROWS = 5_000

SYNONYMS = {
    "name": ("姓名", "党员姓名", "学员姓名", "名字"),
    "id_number": ("公民身份号码", "身份证号", "身份证号码", "身份证", "证件号码"),
    "id_tail": ("身份证后四位", "身份证尾号", "身份证号后四位", "尾号", "后四位", "证件尾号"),
    "status": ("出勤情况", "出勤", "考勤", "状态", "签到情况"),
    "hours": ("认定学时", "学时", "获得学时", "实得学时"),
    "note": ("备注", "说明"),
}

_STATUS_WORDS = {
    "": attendance.PRESENT, "√": attendance.PRESENT, "✓": attendance.PRESENT, "是": attendance.PRESENT,
    "到": attendance.PRESENT, "已签到": attendance.PRESENT, "签到": attendance.PRESENT,
    "假": attendance.LEAVE, "请假": attendance.LEAVE,
    "×": attendance.ABSENT, "✗": attendance.ABSENT, "否": attendance.ABSENT, "缺": attendance.ABSENT,
    "缺席": attendance.ABSENT, "未到": attendance.ABSENT,
}


@dataclass
class _Row:
    number: int
    preview: dict
    mark: AttendanceMark | None = None


class _Reader:
    """Turns sheet rows into marks, collecting row-numbered problems."""

    def __init__(self, session: Session, course_hours: int, header, result: ImportResult, names: set[str]):
        self.header = header
        self.result = result
        self.full = course_hours
        self.units = day_units(session)
        tail_column = "id_tail" if "id_tail" in header.columns else "id_number"
        self.matcher = MemberMatcher(session, names, tail_column=tail_column)
        self.seen: dict[int, int] = {}  # member id → first row number

    def column(self, key: str) -> str:
        return self.header.label(key) if key in self.header.columns else SYNONYMS[key][0]

    def problem(self, number: int, key: str, message: str) -> None:
        self.result.errors.append(RowProblem(number, self.column(key), message))

    def read(self, row: SheetRow) -> _Row:
        name = row.text("name")
        full_id, tail = row.text("id_number"), row.text("id_tail").upper()
        shown = idcard.mask_id(full_id) if len(full_id) >= 15 else full_id
        item = _Row(row.number, {"row": row.number, "姓名": name, "身份证号": shown or (f"尾号{tail}" if tail else ""),
                                 "所在党组织": "", "出勤情况": "", "认定学时": "", "处理": "错误"})
        errors_before = len(self.result.errors)
        person = self._person(row.number, name, full_id, tail)
        status = self._status(row)
        credited = self._hours(row)
        if person is None or status is None or len(self.result.errors) > errors_before:
            return item
        if person.member_id in self.seen:
            self.problem(row.number, "name", f"与第{self.seen[person.member_id]}行是同一人（{person.name}），"
                                             "请删除重复的一行")
            return item
        self.seen[person.member_id] = row.number
        try:
            earned = attendance.credit_for(status, self.full, credited)
        except ValidationError as exc:
            self.problem(row.number, "hours" if "学时" in exc.field else "status", exc.reason)
            return item
        item.preview.update({"所在党组织": person.org, "出勤情况": ATTENDANCE_STATUSES[status],
                             "认定学时": format_hours(earned), "处理": "登记"})
        item.mark = AttendanceMark(person.member_id, status, credited, row.text("note"))
        return item

    def _person(self, number: int, name: str, full_id: str, tail: str) -> MatchedMember | None:
        found = self.matcher.find(name, full_id, tail)
        if isinstance(found, NoMatch):
            self.problem(number, found.column, found.message)
            return None
        return found

    def _status(self, row: SheetRow) -> str | None:
        text = row.text("status")
        for code, label in ATTENDANCE_STATUSES.items():
            if text in (code, label) and code != attendance.PENDING:
                return code
        if text in _STATUS_WORDS:
            return _STATUS_WORDS[text]
        self.problem(row.number, "status", f"“{text}”不是有效的出勤情况，可填：出勤、请假、缺勤（留空视为出勤）")
        return None

    def _hours(self, row: SheetRow) -> int | None:
        try:
            return parse_hours(row.text("hours"), self.column("hours"), units=self.units, allow_empty=True)
        except ValidationError as exc:
            self.problem(row.number, "hours", exc.reason)
            return None


def import_attendance(db: Database, path: Path, options: ImportOptions,
                      progress: Progress | None = None) -> ImportResult:
    """Check every row of a sign-in list for course `options.course_id`; unless any row is an error
    (or dry_run), back up the database and record all rows in one transaction."""
    if options.course_id is None:
        raise UserError("导入签到需要指定培训班（命令行用 --course 编号）")
    sheet = read_people_sheet(path, options, SYNONYMS, MAX_ROWS)
    result, header, rows = ImportResult(digest=sheet.digest), sheet.header, sheet.rows
    with db.read() as session:
        course = training.get_course(session, options.course_id)
        reader = _Reader(session, course.hours_tenths, header, result, {r.text("name") for r in rows})
        parsed = []
        for done, row in enumerate(rows, start=1):
            parsed.append(reader.read(row))
            if progress and done % 200 == 0:
                progress(done, len(rows))
        _check_against_course(session, course, parsed, reader)
    result.rows = len(parsed)
    result.preview = [item.preview for item in parsed]
    result.errors.sort(key=lambda p: p.row)
    result.warnings.sort(key=lambda p: p.row)
    marks = [item.mark for item in parsed if item.mark is not None]
    if not result.ok:
        return result
    result.created = len(marks)
    if options.dry_run or not marks:
        return result
    result.backup = create_backup(db.path, reason="pre-import")
    with db.write() as session:
        training.record_attendance(session, options.course_id, marks)
    result.written = True
    return result


import_attendance.user_options = ("course_id",)  # what the import dialog must ask for


def _check_against_course(session: Session, course, parsed: list[_Row], reader: _Reader) -> None:
    """Already recorded → error; outside the course's target group → warning (row-numbered)."""
    ids = [item.mark.member_id for item in parsed if item.mark]
    recorded = dict(session.execute(select(CourseAttendance.member_id, CourseAttendance.status).where(
        CourseAttendance.course_id == course.id, CourseAttendance.member_id.in_(ids),
        CourseAttendance.status.in_(attendance.RECORDED))).all())
    expected = set(session.scalars(target_members(course).where(Member.id.in_(ids))))
    for item in parsed:
        if item.mark is None:
            continue
        member_id, name = item.mark.member_id, item.preview["姓名"]
        if member_id in recorded:
            status = ATTENDANCE_STATUSES[recorded[member_id]]
            reader.problem(item.number, "name", f"{name}在本培训班已登记为“{status}”，不能重复登记")
            item.preview["处理"] = "错误"
            item.mark = None
        elif member_id not in expected:
            reader.result.warnings.append(RowProblem(item.number, reader.column("name"),
                                                     f"{name}不在本次培训对象范围内"))
