"""党费: each member's yearly base, payments by month, 减免, and remittances (上缴) to the higher level.
All money is integer 分; a payment or waiver covers whole months of one year."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Timestamps

_MONTHS = "first_month BETWEEN 1 AND 12 AND last_month BETWEEN first_month AND 12"


class DuesBase(Timestamps, Base):
    """交纳基数: the monthly after-tax income (or pension) a member declared for a year, and the monthly
    amount computed from it with that year's rates. Stored, not recomputed, so a later change of the
    rates never rewrites what members were told to pay."""

    __tablename__ = "dues_bases"
    __table_args__ = (
        UniqueConstraint("member_id", "year"),
        CheckConstraint("basis IN ('working', 'retired', 'fixed')", name="basis"),
        CheckConstraint("income_fen >= 0 AND monthly_fen >= 0", name="amounts"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    basis: Mapped[str] = mapped_column(String(10))  # labels.DUES_BASES
    income_fen: Mapped[int] = mapped_column(Integer, default=0)  # monthly, after tax; 0 for a fixed amount
    monthly_fen: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")


class DuesRemittance(Timestamps, Base):
    """上缴: dues an org collected, handed to the higher level; the payments it carries point at it."""

    __tablename__ = "dues_remittances"
    __table_args__ = (CheckConstraint("amount_fen > 0", name="amount"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    remitted_on: Mapped[date] = mapped_column(Date)
    collected_until: Mapped[date] = mapped_column(Date)  # payments made up to this day are included
    amount_fen: Mapped[int] = mapped_column(Integer)
    receiver: Mapped[str] = mapped_column(String(100))  # 接收单位
    receipt_no: Mapped[str] = mapped_column(String(40), default="")
    handled_by: Mapped[str] = mapped_column(String(40), default="")  # 经手人
    note: Mapped[str] = mapped_column(Text, default="")


class DuesPayment(Timestamps, Base):
    """One payment covering months first..last of a year. 补交 (paying months already past) records why
    and who approved it."""

    __tablename__ = "dues_payments"
    __table_args__ = (
        CheckConstraint(_MONTHS, name="months"),
        CheckConstraint("amount_fen >= 0", name="amount"),
        CheckConstraint("kind IN ('regular', 'back_pay')", name="kind"),
        CheckConstraint("way IN ('cash', 'transfer', 'wechat', 'alipay', 'other')", name="way"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    first_month: Mapped[int] = mapped_column(Integer)
    last_month: Mapped[int] = mapped_column(Integer)
    amount_fen: Mapped[int] = mapped_column(Integer)
    paid_on: Mapped[date] = mapped_column(Date)
    way: Mapped[str] = mapped_column(String(10), default="cash")  # labels.PAYMENT_WAYS
    receipt_no: Mapped[str] = mapped_column(String(40), default="")
    kind: Mapped[str] = mapped_column(String(10), default="regular")
    reason: Mapped[str] = mapped_column(Text, default="")  # 补交 only
    approved_by: Mapped[str] = mapped_column(String(40), default="")  # 补交 only
    remittance_id: Mapped[int | None] = mapped_column(
        ForeignKey("dues_remittances.id", ondelete="RESTRICT"), index=True)
    voided_at: Mapped[datetime | None] = mapped_column(DateTime)  # kept, printed, no longer counted
    note: Mapped[str] = mapped_column(Text, default="")


class DuesWaiver(Timestamps, Base):
    """减免: months first..last of a year owe `monthly_fen` instead of the base (0 = 免交), approved."""

    __tablename__ = "dues_waivers"
    __table_args__ = (
        CheckConstraint(_MONTHS, name="months"),
        CheckConstraint("monthly_fen >= 0", name="amount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    first_month: Mapped[int] = mapped_column(Integer)
    last_month: Mapped[int] = mapped_column(Integer)
    monthly_fen: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str] = mapped_column(Text)
    approved_by: Mapped[str] = mapped_column(String(40))
    approved_on: Mapped[date] = mapped_column(Date)
