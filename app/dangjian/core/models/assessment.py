"""党建责任与考核: the four lists per org and year (责任, 问题, 整改, 考核), the monthly 调度 round, and
书记 述职评议 (双述双评). Scores are integer tenths of a point, like 学时."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, SoftDelete, Timestamps


class DutyItem(SoftDelete, Timestamps, Base):
    """责任清单: a task an org answers for in a year; the 书记 is 第一责任人, `owner` the person doing it."""

    __tablename__ = "duty_items"
    __table_args__ = (CheckConstraint("source IN ('meeting', 'document', 'plan', 'other')", name="source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    task: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(10), default="plan")  # labels.DUTY_SOURCES
    source_ref: Mapped[str] = mapped_column(String(100), default="")  # 文号 or the meeting
    deadline: Mapped[date | None] = mapped_column(Date, default=None)


class DutyReport(Timestamps, Base):
    """月调度: one month's progress on a 责任 item."""

    __tablename__ = "duty_reports"
    __table_args__ = (
        UniqueConstraint("duty_id", "year", "month"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month"),
        CheckConstraint("status IN ('not_started', 'on_track', 'delayed', 'done')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    duty_id: Mapped[int] = mapped_column(ForeignKey("duty_items.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12))  # labels.DUTY_STATUSES
    note: Mapped[str] = mapped_column(Text, default="")
    reported_on: Mapped[date] = mapped_column(Date)


class Problem(SoftDelete, Timestamps, Base):
    """问题清单: found by 督查, 观摩, 调度 or a rule finding (`finding_rule` then names the rule, and the
    problem is 销号 by itself once the finding clears)."""

    __tablename__ = "problems"
    __table_args__ = (
        CheckConstraint("source IN ('inspection', 'observation', 'dispatch', 'finding', 'other')", name="source"),
        CheckConstraint("closed_how IN ('', 'rectified', 'cleared')", name="closed_how"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    description: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(12))  # labels.PROBLEM_SOURCES
    found_on: Mapped[date] = mapped_column(Date)
    found_by: Mapped[str] = mapped_column(String(40), default="")
    finding_rule: Mapped[str] = mapped_column(String(60), default="", index=True)
    closed_on: Mapped[date | None] = mapped_column(Date, default=None)
    closed_how: Mapped[str] = mapped_column(String(10), default="")


class Rectification(Timestamps, Base):
    """整改清单: a measure against a problem, its 责任人 and deadline; 销号 with a note (and evidence)."""

    __tablename__ = "rectifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"), index=True)
    measure: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(40))
    deadline: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date, default=None)
    closing_note: Mapped[str] = mapped_column(Text, default="")


class RectificationNote(Base):
    """整改进展: a dated progress note."""

    __tablename__ = "rectification_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    rectification_id: Mapped[int] = mapped_column(ForeignKey("rectifications.id", ondelete="CASCADE"), index=True)
    noted_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text)


class Indicator(Timestamps, Base):
    """考核清单: a yearly indicator. An org's weighted score is score / max_score × weight; the weights of a
    year add up to 100. `method` other than 'manual' computes the score from the data already here."""

    __tablename__ = "indicators"
    __table_args__ = (
        UniqueConstraint("year", "name"),
        CheckConstraint("weight > 0 AND weight <= 100", name="weight"),
        CheckConstraint("max_score > 0", name="max_score"),
        CheckConstraint("method IN ('manual', 'meetings', 'training', 'budget', 'terms', 'rectification')",
                        name="method"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(60))
    weight: Mapped[int] = mapped_column(Integer)
    max_score: Mapped[int] = mapped_column(Integer, default=100)
    method: Mapped[str] = mapped_column(String(14), default="manual")  # labels.INDICATOR_METHODS
    criteria: Mapped[str] = mapped_column(Text, default="")  # 评分方法, printed


class IndicatorScore(Timestamps, Base):
    """A hand-entered score of one org on one manual indicator."""

    __tablename__ = "indicator_scores"
    __table_args__ = (UniqueConstraint("indicator_id", "org_id"),
                      CheckConstraint("score_tenths >= 0", name="score"))

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    score_tenths: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")


class SecretaryReview(Timestamps, Base):
    """双述双评: a 书记's 述职 for a year and the 评议 votes on it (counts per grade, out of 应到)."""

    __tablename__ = "secretary_reviews"
    __table_args__ = (
        UniqueConstraint("org_id", "year"),
        CheckConstraint("expected >= 0 AND excellent >= 0 AND good >= 0 AND fair >= 0 AND poor >= 0", name="counts"),
        CheckConstraint("excellent + good + fair + poor <= expected", name="votes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    secretary: Mapped[str] = mapped_column(String(40))
    reported_on: Mapped[date | None] = mapped_column(Date, default=None)  # 述职日期
    expected: Mapped[int] = mapped_column(Integer, default=0)  # 应到评议人数
    excellent: Mapped[int] = mapped_column(Integer, default=0)  # 好
    good: Mapped[int] = mapped_column(Integer, default=0)  # 较好
    fair: Mapped[int] = mapped_column(Integer, default=0)  # 一般
    poor: Mapped[int] = mapped_column(Integer, default=0)  # 差
    note: Mapped[str] = mapped_column(Text, default="")
