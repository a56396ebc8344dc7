"""培训: crediting, role-based requirements at their boundaries, bad input, duplicates, statistics."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from dangjian.core.common.errors import UserError, ValidationError
from dangjian.core.models import AuditEntry, Course, CourseAttendance
from dangjian.core.system import settings_edit
from dangjian.core.training import courses as training
from dangjian.core.training import stats as training_stats
from dangjian.core.training.attendance import AttendanceMark, next_status
from dangjian.core.training.courses import CourseData
from dangjian.core.training.hours import DayUnits, format_hours, parse_hours
from training_world import add_member, add_seat, build_world

YEAR = 2025


def course_data(**overrides) -> CourseData:
    values = dict(title="集中轮训班（第一期）", course_type="集中轮训班", starts_on=date(YEAR, 3, 3),
                  ends_on=date(YEAR, 3, 5), hours="24")
    values.update(overrides)
    return CourseData(**values)


@pytest.fixture
def world(db):
    with db.write() as session:
        return build_world(session, YEAR)


def make_course(db, **overrides) -> int:
    with db.write() as session:
        return training.create_course(session, course_data(**overrides)).id


def attend(db, course_id, marks, **kw):
    with db.write() as session:
        return training.record_attendance(session, course_id, marks, **kw)


def count(db, model) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(model))


# --- 学时 parsing ------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "tenths"), [
    ("1.5", 15), ("32", 320), ("8学时", 80), ("一天", 80), ("半天", 40), ("2天", 160), ("两天半", 200),
    ("0.5", 5), (" ３ ", 30), (Decimal("31.5"), 315), (4, 40),
])
def test_parse_hours(text, tenths):
    assert parse_hours(text) == tenths


def test_parse_hours_uses_the_day_settings():
    assert parse_hours("一天", units=DayUnits(75, 35)) == 75
    assert parse_hours("半天", units=DayUnits(75, 35)) == 35


@pytest.mark.parametrize(("text", "message"), [
    ("-2", "学时：不能为负数"), ("1.25", "学时：最多保留一位小数"),
    ("很多", "学时：“很多”不是有效学时，请填写如 1.5、一天、半天"), ("", "学时：不能为空"),
])
def test_parse_hours_refuses(text, message):
    with pytest.raises(ValidationError) as caught:
        parse_hours(text)
    assert str(caught.value) == message


def test_format_hours():
    assert [format_hours(t) for t in (315, 320, 0, 5, -15)] == ["31.5", "32", "0", "0.5", "-1.5"]


# --- courses: bad input ----------------------------------------------------------------------


@pytest.mark.parametrize(("overrides", "message"), [
    ({"hours": "-1"}, "学时：不能为负数"),
    ({"hours": "24.5"}, "学时：24.5 超过培训时长（3天 × 8学时 = 24学时）"),
    ({"ends_on": date(YEAR, 3, 2)}, "结束日期：2025-03-02 早于开始日期 2025-03-03"),
    ({"title": "  "}, "培训班名称：不能为空"),
    ({"course_type": "茶话会"}, "培训类型：只能是：集中轮训班、高级研修班、学习考察、社区书记集中培训班、"
                              "两新组织书记培训班、党员冬训、网络学习、其他"),
    ({"starts_on": None}, "开始日期：不能为空"),
])
def test_bad_course_is_refused_and_nothing_written(db, overrides, message):
    with pytest.raises(ValidationError) as caught, db.write() as session:
        training.create_course(session, course_data(**overrides))
    assert str(caught.value) == message
    assert count(db, Course) == 0


def test_course_length_follows_the_day_setting(db):
    with db.write() as session:
        settings_edit.set_value(session, "training.day_hours", "6")
    with pytest.raises(ValidationError, match="3天 × 6学时 = 18学时"):
        make_course(db, hours="20")
    assert make_course(db, hours="三天") and count(db, Course) == 1


def test_create_course_is_audited_and_listed(db, world):
    course_id = make_course(db, hours="一天", target_group="社区书记")
    with db.read() as session:
        course = session.get(Course, course_id)
        assert (course.hours_tenths, course.target_group, course.course_type) == (80, "community_secretaries",
                                                                                  "rotation")
        assert "新建培训班“集中轮训班（第一期）”（2025-03-03，8学时）" in session.scalar(
            select(AuditEntry.summary).where(AuditEntry.entity == "course"))
        assert training.course_data(session, course_id).hours == "8"
        listed = training.list_courses(session, YEAR)
        assert [c.id for c in listed] == [course_id] and training.list_courses(session, YEAR + 1) == []


# --- enrolment -------------------------------------------------------------------------------


def test_enrol_by_org_includes_sub_orgs_and_never_twice(db, world):
    course_id = make_course(db)
    with db.write() as session:
        assert training.enrol_by_org(session, course_id, world.orgs["朝阳社区党委"]) == 7
        assert training.enrol_by_org(session, course_id, world.orgs["朝阳社区党委"]) == 0
        assert training.enrol_by_org(session, course_id, world.orgs["湘龙街道党工委"],
                                     include_sub_orgs=False) == 0
        assert training.enrol_members(session, course_id, [world.members["郑党员"]]) == 1
    with db.read() as session:
        rows = training.attendees(session, course_id)
    assert len(rows) == 8 and {r.status for r in rows} == {"pending"}
    assert rows[0].id_tail == world.ids[rows[0].name][-4:]


def test_enrol_by_role_finds_community_secretaries_only(db, world):
    course_id = make_course(db, course_type="社区书记集中培训班")
    with db.write() as session:
        assert training.enrol_by_role(session, course_id, "secretary", ("community",)) == 1
    with db.read() as session:
        assert [r.name for r in training.attendees(session, course_id)] == ["张书记"]


def test_enrol_by_role_ignores_seats_outside_the_course_dates(db, world):
    with db.write() as session:
        add_member(session, world, "陈前书记", "朝阳社区第一党支部")
        add_seat(session, world, "朝阳社区第一党支部", "陈前书记", "secretary", date(2020, 1, 1),
                 date(YEAR, 2, 28))
    course_id = make_course(db)  # March
    with db.write() as session:
        assert training.enrol_by_role(session, course_id, "secretary") == 2  # 张书记, 吴书记


def test_enrol_unknown_member_is_refused(db, world):
    course_id = make_course(db)
    with pytest.raises(UserError, match="编号 9999"), db.write() as session:
        training.enrol_members(session, course_id, [world.members["王党员"], 9999])
    assert count(db, CourseAttendance) == 0


# --- attendance and crediting ----------------------------------------------------------------


def test_present_credits_the_course_hours_leave_and_absent_credit_nothing(db, world):
    course_id = make_course(db)
    m = world.members
    result = attend(db, course_id, [AttendanceMark(m["王党员"], "present"),
                                    AttendanceMark(m["赵党员"], "present", 125),
                                    AttendanceMark(m["钱党员"], "leave"),
                                    AttendanceMark(m["孙党员"], "absent")])
    assert (result.created, result.updated, result.warnings) == (4, 0, [])
    with db.read() as session:
        credited = {r.name: (r.status, r.credited_tenths) for r in training.attendees(session, course_id)}
    assert credited == {"王党员": ("present", 240), "赵党员": ("present", 125), "钱党员": ("leave", 0),
                        "孙党员": ("absent", 0)}


@pytest.mark.parametrize(("mark", "message"), [
    (("leave", 40), "王党员的认定学时：请假、缺勤或未登记不能认定学时"),
    (("present", 241), "王党员的认定学时：24.1 超过本次学时 24"),
    (("present", -5), "王党员的认定学时：不能为负数"),
    (("late", None), "王党员的出勤情况：无效的状态“late”"),
])
def test_bad_credit_is_refused_and_nothing_written(db, world, mark, message):
    course_id = make_course(db)
    marks = [AttendanceMark(world.members["赵党员"], "present"),
             AttendanceMark(world.members["王党员"], *mark)]
    with pytest.raises(ValidationError) as caught:
        attend(db, course_id, marks)
    assert str(caught.value) == message
    assert count(db, CourseAttendance) == 0


def test_duplicate_attendance_is_refused(db, world):
    course_id = make_course(db)
    wang = world.members["王党员"]
    with pytest.raises(UserError, match="王党员在本次登记中出现了两次"):
        attend(db, course_id, [AttendanceMark(wang, "present"), AttendanceMark(wang, "leave")])
    assert count(db, CourseAttendance) == 0
    attend(db, course_id, [AttendanceMark(wang, "present")])
    with pytest.raises(UserError, match="王党员已登记为“出勤”，不能重复登记"):
        attend(db, course_id, [AttendanceMark(world.members["赵党员"], "present"),
                               AttendanceMark(wang, "absent")])
    assert count(db, CourseAttendance) == 1
    updated = attend(db, course_id, [AttendanceMark(wang, "absent")], allow_update=True)
    assert (updated.created, updated.updated) == (0, 1)


def test_enrolled_members_are_recorded_in_place(db, world):
    course_id = make_course(db)
    with db.write() as session:
        training.enrol_by_org(session, course_id, world.orgs["朝阳社区第一党支部"])
    result = attend(db, course_id, [AttendanceMark(world.members["孙党员"], "present")])
    assert (result.created, result.updated) == (0, 1)
    assert count(db, CourseAttendance) == 2


def test_member_outside_the_target_group_is_a_warning(db, world):
    course_id = make_course(db, course_type="社区书记集中培训班", target_group="社区书记")
    result = attend(db, course_id, [AttendanceMark(world.members["张书记"], "present"),
                                    AttendanceMark(world.members["郑党员"], "present")])
    assert result.warnings == ["郑党员不在本次培训对象范围内"]
    assert count(db, CourseAttendance) == 2


def test_target_org_limits_the_group(db, world):
    course_id = make_course(db, target_org_id=world.orgs["朝阳社区党委"])
    result = attend(db, course_id, [AttendanceMark(world.members["孙党员"], "present"),
                                    AttendanceMark(world.members["吴书记"], "present")])
    assert result.warnings == ["吴书记不在本次培训对象范围内"]


def test_space_bar_cycle():
    assert [next_status(s) for s in ("pending", "present", "leave", "absent")] == [
        "present", "leave", "absent", "present"]


def test_changing_course_hours_moves_full_credits_and_protects_partial_ones(db, world):
    course_id = make_course(db)
    attend(db, course_id, [AttendanceMark(world.members["王党员"], "present"),
                           AttendanceMark(world.members["赵党员"], "present", 200)])
    with pytest.raises(ValidationError, match="有1人的认定学时超过 16"), db.write() as session:
        training.update_course(session, course_id, course_data(hours="16"))
    with db.write() as session:
        training.update_course(session, course_id, course_data(hours="20"))
    with db.read() as session:
        assert {r.name: r.credited_tenths for r in training.attendees(session, course_id)} == {
            "王党员": 200, "赵党员": 200}


# --- yearly requirement at its boundaries ----------------------------------------------------


def hours_of(db, name, world, year=YEAR):
    with db.read() as session:
        return training_stats.member_year(session, world.members[name], year)


def test_31_5_hours_is_short_32_is_enough(db, world):
    first = make_course(db, hours="24")
    second = make_course(db, title="党员冬训", course_type="党员冬训", starts_on=date(YEAR, 11, 3),
                         ends_on=date(YEAR, 11, 3), hours="8")
    attend(db, first, [AttendanceMark(world.members["王党员"], "present"),
                       AttendanceMark(world.members["赵党员"], "present")])
    attend(db, second, [AttendanceMark(world.members["王党员"], "present", 75),
                        AttendanceMark(world.members["赵党员"], "present")])
    wang, zhao = hours_of(db, "王党员", world), hours_of(db, "赵党员", world)
    assert (wang.achieved_tenths, wang.required_tenths, wang.met, wang.shortfall_tenths) == (
        315, 320, False, 5)
    assert (zhao.achieved_tenths, zhao.met, zhao.shortfall_tenths) == (320, True, 0)
    with db.read() as session:
        assert [r.name for r in training_stats.shortfall_list(session, YEAR)][-1] != "赵党员"
        assert "赵党员" not in {r.name for r in training_stats.shortfall_list(session, YEAR)}


def test_external_hours_count_and_need_proof(db, world):
    with pytest.raises(ValidationError, match="证明材料"), db.write() as session:
        training.add_external_hours(session, world.members["王党员"], date(YEAR, 6, 1), "网络学院专题", "32",
                                    " ")
    with db.write() as session:
        training.add_external_hours(session, world.members["王党员"], date(YEAR, 6, 1), "网络学院专题", "32",
                                    "结业证书 2025-118")
        training.add_external_hours(session, world.members["王党员"], date(YEAR + 1, 1, 2), "下一年", "4",
                                    "证书")
    assert hours_of(db, "王党员", world).met
    with db.read() as session:
        history = training_stats.member_history(session, world.members["王党员"])
    assert [(h.on.year, h.credited_tenths) for h in history] == [(YEAR + 1, 40), (YEAR, 320)]


def test_leader_requirement_for_a_seat_held_part_of_the_year(db, world):
    with db.write() as session:
        add_seat(session, world, "朝阳社区第一党支部", "孙党员", "secretary", date(YEAR - 2, 1, 1),
                 date(YEAR, 3, 31))  # stepped down in March
        add_seat(session, world, "朝阳社区第一党支部", "周党员", "secretary", date(YEAR, 12, 31))  # 31 Dec on
        add_seat(session, world, "朝阳社区党委", "钱党员", "member", date(YEAR - 3, 1, 1),
                 date(YEAR - 1, 12, 31))
    assert hours_of(db, "孙党员", world).required_tenths == 560
    assert hours_of(db, "孙党员", world, YEAR + 1).required_tenths == 320
    assert hours_of(db, "周党员", world).required_tenths == 560
    assert hours_of(db, "周党员", world, YEAR - 1).required_tenths == 320
    assert hours_of(db, "钱党员", world).required_tenths == 320
    assert hours_of(db, "钱党员", world, YEAR - 1).required_tenths == 560
    assert hours_of(db, "李委员", world).is_leader


def test_requirements_are_yearly_settings(db, world):
    with db.write() as session:
        settings_edit.set_value(session, "training.member_hours", "30", year=YEAR)
        settings_edit.set_value(session, "training.leader_hours", "48.5", year=YEAR)
    assert hours_of(db, "王党员", world).required_tenths == 300
    assert hours_of(db, "张书记", world).required_tenths == 485
    assert hours_of(db, "王党员", world, YEAR - 1).required_tenths == 320


def test_filters_and_org_completion(db, world):
    course_id = make_course(db, hours="24")
    second = make_course(db, title="研修", course_type="高级研修班", starts_on=date(YEAR, 5, 6),
                         ends_on=date(YEAR, 5, 6), hours="8")
    for cid in (course_id, second):
        attend(db, cid, [AttendanceMark(world.members[n], "present") for n in ("王党员", "孙党员", "吴书记")])
    with db.read() as session:
        chaoyang = world.orgs["朝阳社区党委"]
        assert {r.name for r in training_stats.yearly_hours(session, YEAR, org_id=chaoyang)} == {
            "张书记", "李委员", "王党员", "赵党员", "钱党员", "孙党员", "周党员"}
        assert {r.name for r in training_stats.yearly_hours(session, YEAR, role="leader")} == {
            "张书记", "李委员", "吴书记"}
        assert {r.name for r in training_stats.yearly_hours(session, YEAR, org_id=chaoyang, role="member",
                                                            short_only=True)} == {
            "赵党员", "钱党员", "周党员"}
        completion = {c.org: (c.depth, c.members, c.met, c.rate, c.leaders)
                      for c in training_stats.org_completion(session, YEAR)}
        summary = training_stats.year_summary(session, YEAR)
    assert completion == {
        "湘龙街道党工委": (0, 9, 2, "22.2%", 3),
        "朝阳社区党委": (1, 7, 2, "28.6%", 2),
        "朝阳社区第一党支部": (2, 2, 1, "50.0%", 0),
        "星沙科技党支部": (1, 2, 0, "0.0%", 1),  # 吴书记 has 32 of the 56 a 书记 needs
    }
    assert (summary.members, summary.met, summary.leaders, summary.achieved_tenths) == (9, 2, 3, 960)


def test_deleted_course_stops_counting_until_restored(db, world):
    course_id = make_course(db, hours="24")
    attend(db, course_id, [AttendanceMark(world.members["王党员"], "present")])
    with db.write() as session:
        training.delete_course(session, course_id)
    assert hours_of(db, "王党员", world).achieved_tenths == 0
    with db.write() as session:
        training.restore_course(session, course_id)
    assert hours_of(db, "王党员", world).achieved_tenths == 240


def test_findings_after_the_year_ended(db, world):
    course_id = make_course(db, hours="24")
    attend(db, course_id, [AttendanceMark(world.members[n], "present") for n in world.members])
    with db.read() as session:
        assert training_stats.training_findings(session, date(YEAR, 12, 31)) == []
        assert training_stats.training_findings(session, date(YEAR + 2, 1, 1)) == []
        findings = training_stats.training_findings(session, date(YEAR + 1, 1, 1))
    by_org = {f.org: f.message for f in findings}
    assert by_org["朝阳社区第一党支部"] == "2025年有2名党员学时未达到要求（孙党员、周党员），共差 16 学时"
    assert "共差 88 学时" in by_org["朝阳社区党委"]  # 张书记, 李委员 24 of 56; three members 24 of 32
    assert all(f.severity == "warning" and f.rule == "training.yearly_hours" for f in findings)


# --- demo ------------------------------------------------------------------------------------


def test_demo_step_builds_a_year_of_training_from_existing_members(db, world):
    import random

    from dangjian.core.common.labels import COURSE_TYPES
    from dangjian.core.demo.build import DemoContext
    from dangjian.core.demo.training import add_training
    from dangjian.core.models import CommitteeSeat

    today = date(YEAR, 11, 25)
    with db.write() as session:
        for i in range(60):
            add_member(session, world, f"党员{i:02d}", "朝阳社区第一党支部" if i % 2 else "星沙科技党支部")
        ctx = DemoContext(session, 0, today, random.Random(3))
        add_training(ctx)
    handover = ctx.extra["training_handover"]
    assert ctx.summary["年中更换书记"] == 1 and ctx.summary["培训班"] == 9
    with db.read() as session:
        courses = training.list_courses(session, YEAR)
        assert {c.course_type for c in courses} == set(COURSE_TYPES)
        assert all(c.present > 0 for c in courses if c.target_group == "all")
        seats = session.scalars(select(CommitteeSeat).where(CommitteeSeat.org_id == handover["org_id"],
                                                            CommitteeSeat.role == "secretary")).all()
        assert sorted((s.member_id, s.ended_on) for s in seats) == sorted(
            [(handover["former"], date(YEAR, 6, 30)), (handover["successor"], None)])
        former = training_stats.member_year(session, handover["former"], YEAR)
        assert former.is_leader and former.required_tenths == 560
        short = training_stats.shortfall_list(session, YEAR)
        summary = training_stats.year_summary(session, YEAR)
    assert 0 < len(short) < summary.members


def test_check_cli_reports_last_years_shortfall(cli, db_path, db):
    import json

    last_year = date.today().year - 1
    with db.write() as session:
        world = build_world(session, last_year)
        course = training.create_course(session, course_data(starts_on=date(last_year, 5, 6),
                                                             ends_on=date(last_year, 5, 8)))
        training.record_attendance(session, course.id, [AttendanceMark(world.members["王党员"], "present")])
    code, out, _ = cli("--db", db_path, "check", "--json")
    findings = [f for f in json.loads(out)["findings"] if f["rule"] == "training.yearly_hours"]
    assert code == 0 and {f["org"] for f in findings} == {"朝阳社区党委", "朝阳社区第一党支部", "星沙科技党支部"}
    assert all(f["setting"] == "training.member_hours" for f in findings)
