"""活动: one record drives attendance, 学时, the ledger and the pack; the 回收站; bad input refused."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from activity_world import DAY, build, education_id, lecture, make
from dangjian.core.activities.attendance import activity_attendees, counts_for, record_activity_attendance
from dangjian.core.activities.checks import detailed_findings
from dangjian.core.activities.funds import ExpenseInput, approve_funds, book_expense, funds_summary, request_funds
from dangjian.core.activities.listing import ActivityFilter, list_activities, month_calendar
from dangjian.core.activities.pack import meeting_pack
from dangjian.core.activities.records import (
    copy_of_last_month,
    create_activity,
    delete_activity,
    from_template,
    update_activity,
)
from dangjian.core.budgets.ledger import LedgerFilter, ledger_rows
from dangjian.core.common.errors import UserError, ValidationError
from dangjian.core.models import Activity, ActivityAttendance, AuditEntry, Course, CourseAttendance, Expenditure
from dangjian.core.system import settings_edit, trash
from dangjian.core.training.attendance import AttendanceMark
from dangjian.core.training.stats import member_year


def test_one_record_drives_attendance_hours_ledger_and_pack(db):
    with db.write() as s:
        world = build(s)
        activity_id = make(s, world, status="held", content="学习了……", resolution="按期落实")
        m = world.members
        result = record_activity_attendance(s, activity_id, [
            AttendanceMark(m["王芳"], "present"), AttendanceMark(m["李建国"], "present"),
            AttendanceMark(m["张敏"], "leave"), AttendanceMark(m["刘洋"], "absent")])
        assert result.warnings == []
        request_funds(s, activity_id, category_id=education_id(s), amount="800", plan="学习资料和场地")
        approve_funds(s, activity_id, approver="支部书记", approved_on=DAY, amount="800", level="branch")
        row = book_expense(s, activity_id, ExpenseInput(DAY, "650.50", "党课学习资料", "王丽", "记-1"))
    with db.read() as s:
        counts = counts_for(s, activity_id)
        assert (counts.expected, counts.present, counts.leave, counts.absent) == (4, 2, 1, 1)
        # 学时 come from the linked course: 培训 statistics see them with no second entry
        course_id = s.get(Activity, activity_id).course_id
        assert s.get(Course, course_id).hours_tenths == 20
        assert member_year(s, m["王芳"], 2026).achieved_tenths == 20
        assert member_year(s, m["张敏"], 2026).achieved_tenths == 0
        assert s.scalar(select(func.count()).select_from(ActivityAttendance)) == 0  # one table only
        assert s.get(Expenditure, row.id).activity_id == activity_id
        funds = funds_summary(s, activity_id)
        assert (funds.requested, funds.approved, funds.spent, funds.balance) == (80000, 80000, 65050, 14950)
        pack = meeting_pack(s, activity_id)
        assert len(pack.attendees) == 4
        assert pack.counts.present == 2 and pack.expenses[0].purpose == "党课学习资料"


def test_editing_the_activity_keeps_its_course_in_step(db):
    with db.write() as s:
        world = build(s)
        activity_id = make(s, world, status="held")
        record_activity_attendance(s, activity_id, [AttendanceMark(world.members["王芳"], "present")])
        update_activity(s, activity_id, lecture(world, status="held", title="改名后的党课", hours="3"))
    with db.read() as s:
        course = s.get(Course, s.get(Activity, activity_id).course_id)
        assert (course.title, course.hours_tenths) == ("改名后的党课", 30)
        assert member_year(s, world.members["王芳"], 2026).achieved_tenths == 30


def test_meeting_without_hours_keeps_its_own_sheet_and_expected_attendees(db):
    with db.write() as s:
        world = build(s)
        data = from_template("party_congress", [world.orgs["朝阳社区党委"]], DAY)
        activity = create_activity(s, data)
        assert activity.course_id is None
        assert activity.title == "3月党员大会" and len(activity.agenda) == 3
        # 应到: members of the org and the orgs below it, recorded as 未登记
        assert counts_for(s, activity.id).expected == 4 and counts_for(s, activity.id).pending == 4


def test_delete_goes_to_the_recycle_bin_and_takes_nothing_else(db):
    with db.write() as s:
        world = build(s)
        activity_id = make(s, world, status="held")
        record_activity_attendance(s, activity_id, [AttendanceMark(world.members["王芳"], "present")])
        request_funds(s, activity_id, category_id=education_id(s), amount="100", plan="资料")
        book_expense(s, activity_id, ExpenseInput(DAY, "50", "资料"))
        delete_activity(s, activity_id)
    with db.read() as s:
        activity = s.get(Activity, activity_id)
        assert activity.deleted_at is not None
        assert list_activities(s, ActivityFilter()) == []
        assert s.scalar(select(func.count()).select_from(CourseAttendance)) == 4  # 应到 4, one 出席
        assert s.get(Course, activity.course_id).deleted_at is None
        assert s.scalar(select(Expenditure.activity_id)) == activity_id
        row = ledger_rows(s, LedgerFilter())[0]
        assert row.activity_note == "活动“3月党课”（已移入回收站）" and not row.voided
        assert s.scalar(select(AuditEntry.summary).where(AuditEntry.action == "delete")).endswith("（移入回收站）")
    with db.read() as s:
        listed = trash.items(s, "activity")
        assert [item.id for item in listed] == [activity_id] and listed[0].title.startswith("3月党课（")
    with db.write() as s:
        trash.restore(s, "activity", activity_id)  # what the 回收站 page does
    with db.read() as s:
        assert len(list_activities(s, ActivityFilter())) == 1
        assert trash.items(s, "activity") == []


def test_ending_before_it_starts_is_refused_and_nothing_written(db):
    with db.write() as s:
        world = build(s)
    with pytest.raises(ValidationError) as err, db.write() as s:
        make(s, world, planned_end=datetime(2026, 3, 10, 8))
    assert str(err.value) == "计划结束时间：2026-03-10 08:00 早于开始时间 2026-03-10 09:00"
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Activity)) == 0
        assert s.scalar(select(func.count()).select_from(Course)) == 0


def test_attendance_outside_the_orgs_warns_but_is_recorded(db):
    with db.write() as s:
        world = build(s)
        activity_id = make(s, world)
        result = record_activity_attendance(s, activity_id, [AttendanceMark(world.members["陈静"], "present")])
        assert result.warnings == ["陈静不属于参加本次活动的党组织"]
        assert [a.name for a in activity_attendees(s, activity_id) if a.status == "present"] == ["陈静"]


def test_spending_beyond_the_approved_amount_is_refused(db):
    with db.write() as s:
        world = build(s)
        activity_id = make(s, world)
        request_funds(s, activity_id, category_id=education_id(s), amount="500", plan="方案")
        approve_funds(s, activity_id, approver="书记", approved_on=DAY, amount="400", level="branch")
        book_expense(s, activity_id, ExpenseInput(DAY, "300", "资料"))
    with pytest.raises(UserError) as err, db.write() as s:
        book_expense(s, activity_id, ExpenseInput(DAY, "100.01", "资料"))
    assert str(err.value).startswith("报销后合计 ¥400.01 将超过批准金额 ¥400.00（已报销 ¥300.00）")
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Expenditure)) == 1


def test_above_the_threshold_only_the_street_may_approve(db):
    with db.write() as s:
        world = build(s)
        settings_edit.set_value(s, "activity.approval_threshold", "5000", 2026)
        activity_id = make(s, world)
        request_funds(s, activity_id, category_id=education_id(s), amount="6800", plan="方案")
        with pytest.raises(ValidationError, match="须由街道党工委审批"):
            approve_funds(s, activity_id, approver="书记", approved_on=DAY, amount="6800", level="branch")
        approve_funds(s, activity_id, approver="周书记", approved_on=DAY, amount="6000", level="street")
        assert funds_summary(s, activity_id).level == "street"


def test_unapproved_spending_is_flagged(db):
    with db.write() as s:
        world = build(s)
        activity_id = make(s, world)
        request_funds(s, activity_id, category_id=education_id(s), amount="300", plan="方案")
        book_expense(s, activity_id, ExpenseInput(DAY, "120", "资料"))
    with db.read() as s:
        rules = {(f.finding.rule, f.activity_id) for f in detailed_findings(s, date(2026, 4, 1))}
    assert ("activity.unapproved_spending", activity_id) in rules


def test_findings_for_gaps_minutes_and_overdue_plans(db):
    with db.write() as s:
        world = build(s)
        branch = world.orgs["朝阳社区第一党支部"]
        for month in (1, 2, 4):
            data = from_template("theme_day", [branch], date(2026, month, 10))
            data.status, data.content, data.resolution = "held", "内容", "决议"
            record_activity_attendance(s, create_activity(s, data).id,
                                       [AttendanceMark(world.members["王芳"], "present")])
        bare = from_template("party_congress", [branch], date(2026, 3, 20))
        bare.status = "held"
        bare_id = create_activity(s, bare).id
        planned_id = create_activity(s, from_template("party_lecture", [branch], date(2026, 4, 20))).id
    with db.read() as s:
        found = detailed_findings(s, date(2026, 5, 15))
    mine = {f.finding.rule: f for f in found if f.finding.org == "朝阳社区第一党支部"}
    assert "2026年3月没有召开记录" in mine["activity.frequency.theme_day"].finding.message
    assert mine["activity.missing_minutes"].activity_id == bare_id
    assert mine["activity.missing_attendance"].activity_id == bare_id
    assert mine["activity.not_held"].activity_id == planned_id


def test_copy_of_last_month_and_the_month_view(db):
    with db.write() as s:
        world = build(s)
        activity_id = make(s, world, title="3月党课", status="held", content="记录")
        copy = copy_of_last_month(s, world.orgs["朝阳社区第一党支部"], "party_lecture", date(2026, 4, 8))
        assert (copy.title, copy.planned_start, copy.status, copy.content) == (
            "4月党课", datetime(2026, 4, 8, 9), "planned", "")
        assert copy.agenda == ["专题党课", "交流研讨"]
        days = month_calendar(s, 2026, 3)
        assert [r.id for r in days[10]] == [activity_id]
        with pytest.raises(UserError, match="此前没有组织生活会可复制"):
            copy_of_last_month(s, world.orgs["朝阳社区第一党支部"], "life_meeting", date(2026, 4, 8))


def test_a_meeting_that_becomes_a_lecture_takes_its_attendance_into_the_course(db):
    with db.write() as s:
        world = build(s)
        data = lecture(world, activity_type="group_meeting", status="held")
        activity_id = create_activity(s, data).id
        record_activity_attendance(s, activity_id, [AttendanceMark(world.members["王芳"], "present")])
        update_activity(s, activity_id, lecture(world, status="held", hours="1.5"))
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(ActivityAttendance)) == 0
        assert counts_for(s, activity_id).present == 1
        assert member_year(s, world.members["王芳"], 2026).achieved_tenths == 15
