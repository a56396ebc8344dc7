"""Demo step for 培训: this year's courses of every type with attendance, some members short of their
学时, and one 书记 who handed over mid-year. Works from whatever orgs and members are in the database."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select, update

from . import attendance, training
from .db import bulk_insert
from .demo import DemoContext
from .models import CommitteeSeat, Member, Organisation
from .training import CourseData
from .training_targets import active_member_filter, target_members

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
    # A member's diligence decides how often they come: most come nearly always, some rarely (short).
    keen = {m: (0.35 if rng.random() < 0.15 else 0.93) for m in members}
    courses = rows = 0
    for title, kind, (month, day), days, hours, target in _COURSES:
        starts = date(year, month, day)
        course = training.create_course(session, CourseData(
            f"{year}年{title}", kind, starts, starts + timedelta(days=days - 1), hours,
            organiser="湘龙街道党工委", place="湘龙街道党群服务中心", target_group=target))
        courses += 1
        expected = list(session.scalars(target_members(course)))
        held = course.ends_on <= ctx.today
        batch = []
        for member_id in expected:
            status, credited = attendance.PENDING, None
            if held:
                roll = rng.random()
                status = (attendance.PRESENT if roll < keen[member_id]
                          else attendance.LEAVE if roll < keen[member_id] + 0.04 else attendance.ABSENT)
                if status == attendance.PRESENT and rng.random() < 0.03:
                    credited = course.hours_tenths // 2  # left at half time
            batch.append({"course_id": course.id, "member_id": member_id, "status": status,
                          "credited_tenths": attendance.credit_for(status, course.hours_tenths, credited),
                          "note": "中途离开" if credited is not None else ""})
        bulk_insert(session, batch, table="course_attendance")  # a district demo means ~1M rows
        rows += len(batch)
        if ctx.progress:
            ctx.progress(courses, len(_COURSES))
    outside = rng.sample(members, max(1, len(members) // 20))
    bulk_insert(session, [
        {"member_id": m, "earned_on": date(year, 8, 1) + timedelta(days=rng.randrange(60)),
         "title": "县委党校网络学院专题班", "hours_tenths": rng.choice((40, 80)),
         "proof_note": f"结业证书 {year}-{rng.randrange(1000, 9999)}"} for m in outside], table="external_hours")
    ctx.summary["培训班"] = courses
    ctx.summary["参训记录"] = rows


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
