"""经费: fund categories, yearly standards, budget lines with adjustments, and the expenditure ledger.
All money is integer 分."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, SoftDelete, Timestamps


class FundCategory(Base):
    __tablename__ = "fund_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class FundStandard(Base):
    """A year's standard for one category: per-org and/or per-member amounts, shared 县:街道."""

    __tablename__ = "fund_standards"
    __table_args__ = (
        UniqueConstraint("year", "category_id"),
        CheckConstraint("per_org_fen >= 0 AND per_member_fen >= 0", name="amounts"),
        CheckConstraint("county_share_pct >= 0 AND street_share_pct >= 0 "
                        "AND county_share_pct + street_share_pct = 100", name="shares"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    category_id: Mapped[int] = mapped_column(ForeignKey("fund_categories.id", ondelete="RESTRICT"))
    per_org_fen: Mapped[int] = mapped_column(Integer, default=0)
    per_member_fen: Mapped[int] = mapped_column(Integer, default=0)
    qualifying_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)  # org kinds; empty = all
    qualifying_domains: Mapped[list[str]] = mapped_column(JSON, default=list)  # 领域; empty = all
    county_share_pct: Mapped[int] = mapped_column(Integer, default=50)
    street_share_pct: Mapped[int] = mapped_column(Integer, default=50)
    member_cutoff_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class BudgetLine(Base):
    """One org's budget for one category and year: the generated standard amount plus manual adjustments."""

    __tablename__ = "budget_lines"
    __table_args__ = (
        UniqueConstraint("year", "org_id", "category_id"),
        CheckConstraint("standard_fen >= 0", name="standard"),
        CheckConstraint("county_share_pct >= 0 AND county_share_pct <= 100", name="share"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("fund_categories.id", ondelete="RESTRICT"))
    standard_fen: Mapped[int] = mapped_column(Integer, default=0)
    member_count: Mapped[int | None] = mapped_column(Integer)  # at the standard's cut-off date
    county_share_pct: Mapped[int] = mapped_column(Integer, default=50)
    generated_at: Mapped[datetime | None] = mapped_column(DateTime)

    adjustments: Mapped[list[BudgetAdjustment]] = relationship(
        back_populates="line", cascade="all, delete-orphan", order_by="BudgetAdjustment.adjusted_on"
    )


class BudgetAdjustment(Base):
    """A manual change to a line (追加/调减), kept apart so re-generation never overwrites it."""

    __tablename__ = "budget_adjustments"
    __table_args__ = (CheckConstraint("amount_fen <> 0", name="amount"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("budget_lines.id", ondelete="CASCADE"), index=True)
    amount_fen: Mapped[int] = mapped_column(Integer)  # signed
    reason: Mapped[str] = mapped_column(Text)
    adjusted_on: Mapped[date] = mapped_column(Date)
    doc_no: Mapped[str] = mapped_column(String(60), default="")

    line: Mapped[BudgetLine] = relationship(back_populates="adjustments")


class Expenditure(Timestamps, SoftDelete, Base):
    """A ledger row. Voided rows stay (struck through) so the ledger never silently changes."""

    __tablename__ = "expenditures"
    __table_args__ = (CheckConstraint("amount_fen > 0", name="amount"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    spent_on: Mapped[date] = mapped_column(Date, index=True)
    # The budget year charged; usually spent_on's year, but a December activity paid in January may be
    # charged to the old year (flagged as spending outside the budget year).
    budget_year: Mapped[int] = mapped_column(Integer, index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("fund_categories.id", ondelete="RESTRICT"))
    amount_fen: Mapped[int] = mapped_column(Integer)
    purpose: Mapped[str] = mapped_column(Text)  # 用途
    handler: Mapped[str] = mapped_column(String(40), default="")  # 经办人
    voucher_no: Mapped[str] = mapped_column(String(60), default="")  # 凭证号
    course_id: Mapped[int | None] = mapped_column(ForeignKey("courses.id", ondelete="SET NULL"))
    project_name: Mapped[str] = mapped_column(String(120), default="")
    # RESTRICT: an activity with ledger rows can go to the 回收站 but never be purged from under them.
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id", ondelete="RESTRICT"), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("service_projects.id", ondelete="RESTRICT"), index=True)
    voided_at: Mapped[datetime | None] = mapped_column(DateTime)
    void_reason: Mapped[str] = mapped_column(Text, default="")
