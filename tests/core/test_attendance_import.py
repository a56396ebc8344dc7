"""Importing a sign-in list: row-numbered Chinese errors, all-or-nothing, dry run, backup, CLI."""

from __future__ import annotations

import json
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from dangjian.core.common.errors import UserError
from dangjian.core.models import CourseAttendance
from dangjian.core.spreadsheets.importing import ImportOptions
from dangjian.core.training import courses as training
from dangjian.core.training.attendance_import import import_attendance
from dangjian.core.training.courses import CourseData
from training_world import add_member, build_world

YEAR = 2025


@pytest.fixture
def setup(db):
    with db.write() as session:
        world = build_world(session, YEAR)
        add_member(session, world, "王党员", "星沙科技党支部", serial=500)  # a namesake of 朝阳's 王党员
        course = training.create_course(session, CourseData(
            "社区书记集中培训班", "社区书记集中培训班", date(YEAR, 4, 1), date(YEAR, 4, 1), "8",
            target_group="community_secretaries"))
        return world, course.id


def sheet(path, rows, header=("姓名", "身份证后四位", "出勤情况", "认定学时", "备注")):
    book = Workbook()
    ws = book.active
    ws.append(["社区书记集中培训班签到表"])
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    ws.append(["制表人：张敏"])
    book.save(path)
    return path


def attendance_count(db) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(CourseAttendance))


def test_clean_sheet_is_recorded_after_a_backup(db, setup, tmp_path):
    world, course_id = setup
    path = sheet(tmp_path / "签到.xlsx", [
        ("张书记", world.ids["张书记"][-4:], "", "", ""),
        ("李委员", world.ids["李委员"][-4:], "请假", "", "外出"),
        ("赵党员", world.ids["赵党员"][-4:], "√", "4", "半天"),
    ])
    result = import_attendance(db, path, ImportOptions(course_id=course_id))
    assert result.ok and result.written and result.backup.exists()
    assert (result.rows, result.created) == (3, 3)
    assert [(p.row, p.message) for p in result.warnings] == [(4, "李委员不在本次培训对象范围内"),
                                                            (5, "赵党员不在本次培训对象范围内")]
    assert [p["处理"] for p in result.preview] == ["登记"] * 3
    assert result.preview[2]["认定学时"] == "4" and result.preview[0]["所在党组织"] == "朝阳社区党委"
    with db.read() as session:
        rows = {r.name: (r.status, r.credited_tenths, r.note) for r in training.attendees(session, course_id)}
    assert rows == {"张书记": ("present", 80, ""), "李委员": ("leave", 0, "外出"), "赵党员": ("present", 40, "半天")}


def test_every_bad_row_is_listed_and_nothing_written(db, setup, tmp_path):
    world, course_id = setup
    path = sheet(tmp_path / "签到.xlsx", [
        ("张书记", world.ids["张书记"][-4:], "出勤", "", ""),  # row 3, fine
        ("查无此人", "1234", "", "", ""),  # row 4
        ("王党员", world.ids["王党员"][-4:][:0] + "0000", "", "", ""),  # row 5: no 王党员 with that tail
        ("张书记", world.ids["张书记"][-4:], "", "", ""),  # row 6: duplicate of row 3
        ("李委员", world.ids["李委员"][-4:], "迟到", "", ""),  # row 7
        ("赵党员", world.ids["赵党员"][-4:], "请假", "2", ""),  # row 8: leave with hours
        ("钱党员", world.ids["钱党员"][-4:], "", "9", ""),  # row 9: more than the course
        ("孙党员", "", "", "", ""),  # row 10: no tail
    ])
    result = import_attendance(db, path, ImportOptions(course_id=course_id))
    assert not result.ok and not result.written and result.backup is None
    assert [(p.row, p.column, p.message) for p in result.errors] == [
        (4, "姓名", "党员名册中没有“查无此人”"),
        (5, "身份证后四位", "党员名册中没有姓名为“王党员”、身份证尾号为0000的党员"),
        (6, "姓名", "与第3行是同一人（张书记），请删除重复的一行"),
        (7, "出勤情况", "“迟到”不是有效的出勤情况，可填：出勤、请假、缺勤（留空视为出勤）"),
        (8, "认定学时", "请假、缺勤或未登记不能认定学时"),
        (9, "认定学时", "9 超过本次学时 8"),
        (10, "身份证后四位", "不能为空（用于区分同名党员），请填写身份证后四位或完整号码"),
    ]
    assert attendance_count(db) == 0


def test_namesakes_are_told_apart_by_id_tail_or_full_id(db, setup, tmp_path):
    world, course_id = setup  # world.ids["王党员"] is the 星沙科技 namesake added last
    path = sheet(tmp_path / "a.xlsx", [("王党员", world.ids["王党员"][-4:], "", "", "")])
    result = import_attendance(db, path, ImportOptions(course_id=course_id, dry_run=True))
    assert result.ok and result.preview[0]["所在党组织"] == "星沙科技党支部"
    full = sheet(tmp_path / "b.xlsx", [("王党员", world.ids["王党员"], "", "", "")],
                 header=("姓名", "公民身份号码", "出勤情况", "认定学时", "备注"))
    result = import_attendance(db, full, ImportOptions(course_id=course_id))
    assert result.written and result.preview[0]["身份证号"] == world.ids["王党员"][:6] + "********" + \
        world.ids["王党员"][-4:]
    with db.read() as session:
        assert [r.org for r in training.attendees(session, course_id)] == ["星沙科技党支部"]


def test_ambiguous_tail_is_an_error(db, setup, tmp_path):
    world, course_id = setup
    with db.write() as session:
        session.execute(CourseAttendance.__table__.delete())
        from dangjian.core.models import Member

        wang = session.get(Member, world.members["王党员"])
        twin = session.scalar(select(Member).where(Member.name == "王党员", Member.id != wang.id))
        twin.id_number = "11010519491231" + wang.id_number[-4:]  # same tail (checksum not needed here)
    result = import_attendance(db, sheet(tmp_path / "a.xlsx", [("王党员", world.ids["王党员"][-4:], "", "", "")]),
                               ImportOptions(course_id=course_id))
    assert [(p.row, p.message) for p in result.errors] == [
        (3, f"有2名同名党员“王党员”的身份证尾号都是{world.ids['王党员'][-4:]}，请改填完整的公民身份号码")]


def test_full_id_must_be_valid_and_known(db, setup, tmp_path):
    world, course_id = setup
    good = world.ids["张书记"]
    bad_check = good[:17] + ("0" if good[17] != "0" else "1")
    path = sheet(tmp_path / "a.xlsx", [("张书记", bad_check, "", "", ""), ("李委员", good, "", "", "")],
                 header=("姓名", "公民身份号码", "出勤情况", "认定学时", "备注"))
    result = import_attendance(db, path, ImportOptions(course_id=course_id))
    assert [(p.row, p.column) for p in result.errors] == [(3, "公民身份号码"), (4, "公民身份号码")]
    assert result.errors[0].message.startswith("校验码错误")
    assert "没有姓名为“李委员”" in result.errors[1].message


def test_dry_run_writes_nothing_and_reimport_is_a_duplicate(db, setup, tmp_path):
    world, course_id = setup
    path = sheet(tmp_path / "a.xlsx", [("张书记", world.ids["张书记"][-4:], "", "", "")])
    dry = import_attendance(db, path, ImportOptions(course_id=course_id, dry_run=True))
    assert dry.ok and not dry.written and dry.created == 1 and attendance_count(db) == 0
    assert import_attendance(db, path, ImportOptions(course_id=course_id)).written
    again = import_attendance(db, path, ImportOptions(course_id=course_id))
    assert [(p.row, p.message) for p in again.errors] == [(3, "张书记在本培训班已登记为“出勤”，不能重复登记")]
    assert attendance_count(db) == 1


def test_missing_course_or_id_columns_are_refused(db, setup, tmp_path):
    _world, course_id = setup
    path = sheet(tmp_path / "a.xlsx", [("张书记", "")], header=("姓名", "单位"))
    with pytest.raises(UserError, match="缺少“身份证后四位”或“公民身份号码”列"):
        import_attendance(db, path, ImportOptions(course_id=course_id))
    with pytest.raises(UserError, match="需要指定培训班"):
        import_attendance(db, path, ImportOptions())
    with pytest.raises(UserError, match="编号 999"):
        import_attendance(db, sheet(tmp_path / "b.xlsx", []), ImportOptions(course_id=999))


def test_cli_import_json(cli, db_path, db, setup, tmp_path):
    world, course_id = setup
    path = sheet(tmp_path / "a.xlsx", [("张书记", world.ids["张书记"][-4:], "", "", ""), ("谁", "1", "", "", "")])
    code, out, err = cli("--db", db_path, "import", "attendance", path, "--course", course_id, "--json")
    data = json.loads(out)
    assert code == 1 and data["ok"] is False and data["errors"][0]["row"] == 4
    assert "第4行“姓名”：党员名册中没有“谁”" in err
