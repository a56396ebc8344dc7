"""Demo step for 培训: attendance sheets drawn in SQL follow the crediting rules and look like a real year."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

from sqlalchemy import select

from dangjian.core.demo.build import DemoContext
from dangjian.core.demo.members import build_members
from dangjian.core.demo.training import add_training
from dangjian.core.models import Course, CourseAttendance
from dangjian.core.training.targets import target_members
from member_helpers import TODAY, make_orgs


def build(db, today: date, members: int = 600) -> DemoContext:
    with db.write() as session:
        make_orgs(session)
        ctx = DemoContext(session, members, today, random.Random(5))
        build_members(ctx)
        add_training(ctx)
    return ctx


def sheets(db) -> list:
    with db.read() as session:
        return session.execute(select(
            Course.target_group, Course.ends_on, Course.hours_tenths, CourseAttendance.member_id,
            CourseAttendance.status, CourseAttendance.credited_tenths, CourseAttendance.note,
        ).join(Course, Course.id == CourseAttendance.course_id)).all()


def test_sheets_follow_the_crediting_rules_and_look_real(db):
    ctx = build(db, TODAY)
    rows = sheets(db)
    assert ctx.summary["参训记录"] == len(rows)
    for _target, _ends, hours, _member, status, credited, note in rows:
        if status == "present":
            assert (credited, note) in ((hours, ""), (hours // 2, "中途离开"))
        else:
            assert status in ("leave", "absent") and (credited, note) == (0, "")
    statuses = Counter(status for *_, status, _credited, _note in rows)
    assert 0.75 < statuses["present"] / len(rows) < 0.92 and statuses["leave"] and statuses["absent"]
    assert 0 < sum(1 for r in rows if r.note) < 0.06 * len(rows)
    # Diligence is a member's own: some come rarely, to most courses for everyone.
    present = Counter(r.member_id for r in rows if r.target_group == "all" and r.status == "present")
    members = {r.member_id for r in rows if r.target_group == "all"}
    rarely = sum(1 for m in members if present[m] <= 2)
    assert 0.05 < rarely / len(members) < 0.25


def test_each_sheet_is_whom_the_course_targets(db):
    build(db, TODAY)
    with db.read() as session:
        courses = session.scalars(select(Course)).all()
        assert {c.target_group for c in courses} >= {"all", "leaders", "community_secretaries"}
        for course in courses:
            sheet = session.scalars(select(CourseAttendance.member_id).where(CourseAttendance.course_id == course.id))
            assert sorted(sheet) == sorted(session.scalars(target_members(course))), course.title


def test_courses_still_to_come_are_not_recorded_yet(db):
    today = date(TODAY.year, 3, 1)
    build(db, today)
    rows = sheets(db)
    assert {r.status for r in rows if r.ends_on > today} == {"pending"}
    assert {r.credited_tenths for r in rows if r.ends_on > today} == {0}
    assert "present" in {r.status for r in rows if r.ends_on <= today}
