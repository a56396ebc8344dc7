"""培训: courses, who attended, and hours earned elsewhere. 学时 are stored in tenths (exact sums)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, SoftDelete, Timestamps


class Course(Timestamps, SoftDelete, Base):
    __tablename__ = "courses"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="dates"),
        CheckConstraint("hours_tenths >= 0", name="hours"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    course_type: Mapped[str] = mapped_column(String(30))  # labels.COURSE_TYPES
    organiser: Mapped[str] = mapped_column(String(100), default="")
    starts_on: Mapped[date] = mapped_column(Date, index=True)
    ends_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(100), default="")
    hours_tenths: Mapped[int] = mapped_column(Integer)  # 学时 × 10
    target_group: Mapped[str] = mapped_column(String(100), default="all")  # labels.TRAINING_TARGETS
    target_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")

    attendance: Mapped[list[CourseAttendance]] = relationship(back_populates="course",
                                                              cascade="all, delete-orphan")


class CourseAttendance(Base):
    __tablename__ = "course_attendance"
    __table_args__ = (
        UniqueConstraint("course_id", "member_id"),
        CheckConstraint("status IN ('pending', 'present', 'leave', 'absent')", name="status"),
        CheckConstraint("credited_tenths >= 0", name="credited"),
        # Covers the yearly totals: a year's courses → their rows → credits, without touching the table.
        Index("ix_course_attendance_credits", "course_id", "member_id", "credited_tenths"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="pending")  # labels.ATTENDANCE_STATUSES
    credited_tenths: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")

    course: Mapped[Course] = relationship(back_populates="attendance")


class ExternalHours(Base):
    """Hours a member earned outside the 街道's courses (e.g. 网络学习), with proof."""

    __tablename__ = "external_hours"
    __table_args__ = (CheckConstraint("hours_tenths > 0", name="hours"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    earned_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(120))
    hours_tenths: Mapped[int] = mapped_column(Integer)
    proof_note: Mapped[str] = mapped_column(Text, default="")
