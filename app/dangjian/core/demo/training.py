"""Demo step for 培训: this year's courses of every type with attendance, some members short of their
学时, and one 书记 who handed over mid-year. Works from whatever orgs and members are in the database."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Column, Integer, MetaData, Table, and_, case, insert, literal, select, update

from ..models import CommitteeSeat, Course, CourseAttendance, Member, Organisation
from ..storage.db import bulk_insert
from ..training import attendance
from ..training import courses as training
from ..training.courses import CourseData
from ..training.targets import active_member_filter, target_members
from .build import DemoContext, indexes_dropped

# (title, type, first day as (month, day), days, 学时, target group)
_COURSES = [
    ("党员冬训", "winter", (1, 8), 3, "12", "all"),
    ("全街道党员集中轮训班（第一期）", "rotation", (3, 11), 2, "16", "all"),
    ("社区书记集中培训班", "community_secretary", (4, 15), 2, "16", "community_secretaries"),
    ("“学习强国”网络专题学习", "online", (5, 6), 30, "10", "all"),
    ("党组织书记高级研修班", "seminar", (6, 10), 3, "24", "leaders"),
    ("两新组织书记培训班", "two_new_secretary", (7, 8), 1, "8", "two_new_secretaries"),
    ("红色教育基地学习考察", "study_tour", (9, 16), 1, "8", "leaders"),
    ("全街道党员集中轮训班（第二期）", "rotation", (10, 21), 1, "8", "all"),
    ("“七一”专题党课", "other", (6, 28), 1, "半天", "all"),
]


def add_training(ctx: DemoContext) -> None:
    session, rng, year = ctx.session, ctx.rng, ctx.today.year
    members = list(session.scalars(select(Member.id).where(active_member_filter())))
    if not members:
        return
    _handover_mid_year(ctx, year)
    draws = _draw_members(ctx, members)
    courses = rows = 0
    # Sheets arrive course by course: in the order of the other indexes, not of the one by member.
    with indexes_dropped(session.connection(), CourseAttendance.__tablename__, ("ix_course_attendance_member_id",)):
        for title, kind, (month, day), days, hours, target in _COURSES:
            starts = date(year, month, day)
            course = training.create_course(session, CourseData(
                f"{year}年{title}", kind, starts, starts + timedelta(days=days - 1), hours,
                organiser="湘龙街道党工委", place="湘龙街道党群服务中心", target_group=target))
            courses += 1
            rows += _attendance(ctx, course, draws)
            if ctx.progress:
                ctx.progress(courses, len(_COURSES))
    draws.drop(session.connection())
    outside = rng.sample(members, max(1, len(members) // 20))
    bulk_insert(session, [
        {"member_id": m, "earned_on": date(year, 8, 1) + timedelta(days=rng.randrange(60)),
         "title": "县委党校网络学院专题班", "hours_tenths": rng.choice((40, 80)),
         "proof_note": f"结业证书 {year}-{rng.randrange(1000, 9999)}"} for m in outside], table="external_hours")
    ctx.summary["培训班"] = courses
    ctx.summary["参训记录"] = rows


# Attendance sheets are written by SQLite itself (INSERT … SELECT): a district demo means ~500,000 rows,
# which would take seconds to draw and bind one by one in Python. Python draws once per member; each
# course then scrambles that number with its own random affine map modulo a prime (a permutation).
_PRIME = 2_147_483_647  # 2^31 - 1: draw × multiplier stays within SQLite's 64-bit integers


def _draw_members(ctx: DemoContext, members: list[int]) -> Table:
    """A temporary table, one row per active member (so exactly whom a course for all expects): each
    member's diligence (‰ of courses attended: most nearly always, some rarely, so they fall short of
    their 学时) and a random number for the per-course draws."""
    draws = Table("demo_training_draws", MetaData(), Column("member_id", Integer, primary_key=True),
                  Column("keen", Integer), Column("draw", Integer), prefixes=["TEMPORARY"])
    connection = ctx.session.connection()
    draws.create(connection)
    random = ctx.rng.random
    connection.exec_driver_sql("INSERT INTO demo_training_draws VALUES (?, ?, ?)", [
        (m, 350 if random() < 0.15 else 930, int(random() * _PRIME)) for m in members])
    return draws


def _attendance(ctx: DemoContext, course: Course, draws: Table) -> int:
    """The course's sheet for everyone it targets: 出勤/请假/缺勤 and a few who left at half time once
    held, 未登记 while still to come."""
    status, credited, note = literal(attendance.PENDING), literal(0), literal("")
    if course.ends_on <= ctx.today:
        randint = ctx.rng.randrange
        roll = (draws.c.draw * randint(1, _PRIME) + randint(_PRIME)) % _PRIME % 1000  # uniform in 0‥999
        early = (draws.c.draw * randint(1, _PRIME) + randint(_PRIME)) % _PRIME % 100 < 3  # left at half time
        status = case((roll < draws.c.keen, attendance.PRESENT), (roll < draws.c.keen + 40, attendance.LEAVE),
                      else_=attendance.ABSENT)
        credited = case((roll >= draws.c.keen, 0), (early, course.hours_tenths // 2), else_=course.hours_tenths)
        note = case((and_(early, roll < draws.c.keen), "中途离开"), else_="")
    sheet = select(literal(course.id), draws.c.member_id, status, credited, note)
    if course.target_group != "all" or course.target_org_id is not None:  # else: everyone in `draws`
        expected = target_members(course).subquery()
        sheet = sheet.join_from(expected, draws, draws.c.member_id == expected.c.id)
    return ctx.session.execute(insert(CourseAttendance).from_select(
        ["course_id", "member_id", "status", "credited_tenths", "note"], sheet)).rowcount


def _handover_mid_year(ctx: DemoContext, year: int) -> None:
    """End one community 书记's seat on 30 June and seat a successor from 1 July.

    Uses an existing secretary seat when the committees step made some; otherwise seats 书记 for a few
    orgs first, so the demo always shows someone who counts as 书记 for part of the year."""
    session = ctx.session
    handover = date(year, 6, 30)
    if handover > ctx.today:  # early in the year: hand over yesterday instead
        handover = ctx.today - timedelta(days=1)
    seat = session.scalar(
        select(CommitteeSeat).join(Organisation, Organisation.id == CommitteeSeat.org_id)
        .where(CommitteeSeat.role == "secretary", CommitteeSeat.member_id.is_not(None),
               CommitteeSeat.ended_on.is_(None), CommitteeSeat.started_on < handover,
               Organisation.deleted_at.is_(None))
        .order_by((Organisation.domain == "community").desc(), CommitteeSeat.id).limit(1))
    if seat is None:
        seat = _seat_secretaries(ctx, handover)
        if seat is None:
            return
    successor = session.scalar(
        select(Member.id).where(active_member_filter(), Member.org_id == seat.org_id,
                                Member.id != seat.member_id).order_by(Member.id).limit(1))
    if successor is None:
        return
    session.execute(update(CommitteeSeat).where(CommitteeSeat.id == seat.id).values(ended_on=handover))
    session.add(CommitteeSeat(org_id=seat.org_id, role="secretary", member_id=successor,
                              started_on=handover + timedelta(days=1), note="年中换任（演示）"))
    session.flush()
    ctx.summary["年中更换书记"] = 1
    ctx.extra["training_handover"] = {"org_id": seat.org_id, "former": seat.member_id, "successor": successor,
                                      "date": handover}


def _seat_secretaries(ctx: DemoContext, before: date) -> CommitteeSeat | None:
    """Seat a 书记 (a member of the org) in up to 5 orgs, community ones first; return one of the seats."""
    session = ctx.session
    orgs = session.execute(
        select(Organisation.id).where(Organisation.deleted_at.is_(None),
                                      Organisation.id.in_(select(Member.org_id).where(
                                          active_member_filter())))
        .order_by((Organisation.domain == "community").desc(), Organisation.id).limit(5)).scalars().all()
    first = None
    for org_id in orgs:
        holder = session.scalar(select(Member.id).where(Member.org_id == org_id, active_member_filter())
                                .order_by(Member.id.desc()).limit(1))
        seat = CommitteeSeat(org_id=org_id, role="secretary", member_id=holder,
                             started_on=date(before.year - 2, 5, 1))
        session.add(seat)
        first = first or seat
    session.flush()
    return first
