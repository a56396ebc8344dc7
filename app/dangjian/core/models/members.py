"""党员花名册: members, each in one organisation, with their transfer history."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, SoftDelete, Timestamps

_PRECISIONS = "('year', 'month', 'day')"
# The search box finds members by their ID's last characters (身份证后四位): an index on that tail makes it
# a lookup. Queries must spell the expression exactly so (see core.member_query) for SQLite to use it.
ID_TAIL_LENGTH = 4
ID_TAIL = f"substr(id_number, -{ID_TAIL_LENGTH})"


class Member(Timestamps, SoftDelete, Base):
    __tablename__ = "members"
    __table_args__ = (
        CheckConstraint("gender IN ('男', '女')", name="gender"),
        CheckConstraint("category IN ('formal', 'probationary')", name="category"),
        CheckConstraint(f"joined_precision IN {_PRECISIONS}", name="joined_precision"),
        CheckConstraint(f"confirmed_precision IN {_PRECISIONS}", name="confirmed_precision"),
        CheckConstraint("confirmed_on IS NULL OR joined_on IS NULL OR confirmed_on >= joined_on",
                        name="confirmed_after_joined"),
        Index("ix_members_id_tail", text(ID_TAIL)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), index=True)
    name_initials: Mapped[str] = mapped_column(String(40), default="", index=True)  # 拼音首字母
    gender: Mapped[str] = mapped_column(String(2))
    id_number: Mapped[str] = mapped_column(String(18), unique=True)  # normalised, uppercase X
    ethnicity: Mapped[str] = mapped_column(String(20), default="汉族")
    birth_date: Mapped[date | None] = mapped_column(Date)
    education: Mapped[str] = mapped_column(String(20), default="")
    category: Mapped[str] = mapped_column(String(20), default="formal")
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    # Partial dates from spreadsheets keep their precision instead of inventing a day (first_day stored).
    joined_on: Mapped[date | None] = mapped_column(Date)
    joined_precision: Mapped[str] = mapped_column(String(5), default="day")
    confirmed_on: Mapped[date | None] = mapped_column(Date)  # 转正日期
    confirmed_precision: Mapped[str] = mapped_column(String(5), default="day")
    probation_extension_months: Mapped[int] = mapped_column(Integer, default=0)
    party_status: Mapped[str] = mapped_column(String(20), default="normal")  # labels.PARTY_STATUSES
    employment: Mapped[str] = mapped_column(String(20), default="employed")  # labels.EMPLOYMENT
    job: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(40), default="", index=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    is_mobile: Mapped[bool] = mapped_column(Boolean, default=False)  # 流动党员
    is_lost_contact: Mapped[bool] = mapped_column(Boolean, default=False)  # 失联党员
    is_hardship: Mapped[bool] = mapped_column(Boolean, default=False)  # 困难党员
    dual_registered: Mapped[bool] = mapped_column(Boolean, default=False)  # 双报到
    note: Mapped[str] = mapped_column(Text, default="")

    transfers: Mapped[list[MemberTransfer]] = relationship(
        back_populates="member", cascade="all, delete-orphan", order_by="MemberTransfer.transferred_on"
    )


class MemberTransfer(Base):
    """组织关系转接. Transfers out of or into the 街道 name the outside org in text."""

    __tablename__ = "member_transfers"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    transferred_on: Mapped[date] = mapped_column(Date)
    from_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"))
    to_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"))
    outside_org_name: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    member: Mapped[Member] = relationship(back_populates="transfers")
