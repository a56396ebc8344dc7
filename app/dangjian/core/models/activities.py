"""活动与会议: one record per meeting or activity — orgs, agenda, attendance, funds and attachments.

Times are local datetimes. Money is integer 分. Attendance of an activity that credits 学时 (党课) lives in
the course_attendance of the Course the activity owns (`course_id`), so 学时 have one source of truth;
every other activity keeps its attendance in activity_attendance (same shape, same mechanics).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, SoftDelete, Timestamps


class Activity(Timestamps, SoftDelete, Base):
    __tablename__ = "activities"
    __table_args__ = (
        CheckConstraint("planned_end >= planned_start", name="planned"),
        CheckConstraint("actual_end IS NULL OR actual_start IS NULL OR actual_end >= actual_start", name="actual"),
        CheckConstraint("status IN ('planned', 'held', 'cancelled')", name="status"),
        CheckConstraint("requested_fen >= 0 AND (approved_fen IS NULL OR approved_fen >= 0)", name="money"),
        CheckConstraint("approval_level IN ('', 'branch', 'street')", name="approval_level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_type: Mapped[str] = mapped_column(String(30), index=True)  # labels.ACTIVITY_TYPES
    title: Mapped[str] = mapped_column(String(120))
    planned_start: Mapped[datetime] = mapped_column(DateTime, index=True)
    planned_end: Mapped[datetime] = mapped_column(DateTime)
    actual_start: Mapped[datetime | None] = mapped_column(DateTime)
    actual_end: Mapped[datetime | None] = mapped_column(DateTime)
    place: Mapped[str] = mapped_column(String(100), default="")
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venues.id", ondelete="SET NULL"), index=True)  # 阵地
    host_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    host_name: Mapped[str] = mapped_column(String(40), default="")  # 主持人
    recorder_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    recorder_name: Mapped[str] = mapped_column(String(40), default="")  # 记录人
    observers: Mapped[str] = mapped_column(Text, default="")  # 列席人员
    content: Mapped[str] = mapped_column(Text, default="")  # 内容 (会议记录)
    resolution: Mapped[str] = mapped_column(Text, default="")  # 决议
    status: Mapped[str] = mapped_column(String(10), default="planned")  # labels.ACTIVITY_STATUSES
    course_id: Mapped[int | None] = mapped_column(ForeignKey("courses.id", ondelete="SET NULL"))
    # 经费申请 and its approval (one request per activity)
    fund_category_id: Mapped[int | None] = mapped_column(ForeignKey("fund_categories.id", ondelete="RESTRICT"))
    requested_fen: Mapped[int] = mapped_column(Integer, default=0)
    fund_plan: Mapped[str] = mapped_column(Text, default="")  # 方案 / 预算说明
    requested_on: Mapped[date | None] = mapped_column(Date)
    approved_fen: Mapped[int | None] = mapped_column(Integer)
    approver: Mapped[str] = mapped_column(String(40), default="")
    approved_on: Mapped[date | None] = mapped_column(Date)
    approval_opinion: Mapped[str] = mapped_column(Text, default="")
    approval_level: Mapped[str] = mapped_column(String(10), default="")  # labels.APPROVAL_LEVELS
    note: Mapped[str] = mapped_column(Text, default="")

    orgs: Mapped[list[ActivityOrg]] = relationship(cascade="all, delete-orphan", order_by="ActivityOrg.position")
    units: Mapped[list[ActivityUnit]] = relationship(cascade="all, delete-orphan",
                                                     order_by="ActivityUnit.position")
    agenda: Mapped[list[AgendaItem]] = relationship(cascade="all, delete-orphan", order_by="AgendaItem.position")


class ActivityOrg(Base):
    """An org taking part; the first (position 0) is the organiser."""

    __tablename__ = "activity_orgs"

    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), primary_key=True,
                                        index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class ActivityUnit(Base):
    """A 驻区单位 at a 联席会议, with its 兼职委员 (a committee seat when recorded there)."""

    __tablename__ = "activity_units"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    unit_name: Mapped[str] = mapped_column(String(100))
    delegate: Mapped[str] = mapped_column(String(40), default="")  # 兼职委员
    seat_id: Mapped[int | None] = mapped_column(ForeignKey("committee_seats.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(Integer, default=0)


class AgendaItem(Base):
    """议题, in order, with who follows it up."""

    __tablename__ = "activity_agenda"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    follow_up: Mapped[str] = mapped_column(String(100), default="")  # 落实人/单位


class ActivityAttendance(Base):
    """出席/请假/缺席 of an activity that credits no 学时; 'pending' = expected (应到), not yet recorded."""

    __tablename__ = "activity_attendance"
    __table_args__ = (
        UniqueConstraint("activity_id", "member_id"),
        CheckConstraint("status IN ('pending', 'present', 'leave', 'absent')", name="status"),
        CheckConstraint("credited_tenths >= 0", name="credited"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    credited_tenths: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")


class ActivityAttachment(Base):
    """A file kept under the data dir's attachments/<sha256[:2]>/<sha256>; the DB holds what it is."""

    __tablename__ = "activity_attachments"
    __table_args__ = (CheckConstraint("size >= 0", name="size"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="other")  # labels.ATTACHMENT_KINDS
    filename: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    added_at: Mapped[datetime] = mapped_column(DateTime)
