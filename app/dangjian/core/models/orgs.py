"""党组织: the tree of Party organisations of one 街道 and how each is set up."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, SoftDelete, Timestamps


class Organisation(Timestamps, SoftDelete, Base):
    __tablename__ = "organisations"
    __table_args__ = (
        UniqueConstraint("parent_id", "name"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        CheckConstraint("formation IN ('single', 'joint', 'attached')", name="formation"),
        CheckConstraint("status IN ('active', 'revoked')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    code: Mapped[str | None] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(30))  # labels.ORG_KINDS
    domain: Mapped[str] = mapped_column(String(30), default="community")  # labels.ORG_DOMAINS
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    formation: Mapped[str] = mapped_column(String(20), default="single")
    host_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"))
    approved_on: Mapped[date | None] = mapped_column(Date)
    approval_doc_no: Mapped[str] = mapped_column(String(60), default="")
    status: Mapped[str] = mapped_column(String(20), default="active")
    revoked_on: Mapped[date | None] = mapped_column(Date)
    revoked_doc_no: Mapped[str] = mapped_column(String(60), default="")
    revoked_reason: Mapped[str] = mapped_column(Text, default="")
    # Counts recorded by hand, used by the rules while the roster holds no members for this org.
    recorded_formal_count: Mapped[int | None] = mapped_column(Integer)
    recorded_probationary_count: Mapped[int | None] = mapped_column(Integer)
    address: Mapped[str] = mapped_column(String(200), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    parent: Mapped[Organisation | None] = relationship(remote_side=[id], foreign_keys=[parent_id])
    units: Mapped[list[OrgUnit]] = relationship(
        back_populates="org", cascade="all, delete-orphan", order_by="OrgUnit.sort_order"
    )
    terms: Mapped[list[Term]] = relationship(back_populates="org", cascade="all, delete-orphan",
                                             order_by="Term.number")
    seats: Mapped[list[CommitteeSeat]] = relationship(back_populates="org", cascade="all, delete-orphan")


class OrgUnit(Base):
    """A unit taking part in a 联合组建 branch."""

    __tablename__ = "org_units"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    credit_code: Mapped[str] = mapped_column(String(18), default="")  # 统一社会信用代码, GB 32100
    contact_name: Mapped[str] = mapped_column(String(40), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    formal_member_count: Mapped[int | None] = mapped_column(Integer)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    org: Mapped[Organisation] = relationship(back_populates="units")


class CommitteeSeat(Base):
    """A seat on an org's committee, held by a roster member or (兼职委员) a person from a 驻区单位."""

    __tablename__ = "committee_seats"
    __table_args__ = (
        CheckConstraint("member_id IS NOT NULL OR person_name <> ''", name="has_person"),
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(30))  # labels.SEAT_ROLES
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    person_name: Mapped[str] = mapped_column(String(40), default="")
    person_unit: Mapped[str] = mapped_column(String(100), default="")
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    org: Mapped[Organisation] = relationship(back_populates="seats")


class Term(Base):
    """届: one committee term of an org. The latest term's planned end drives 换届提醒."""

    __tablename__ = "terms"
    __table_args__ = (
        UniqueConstraint("org_id", "number"),
        CheckConstraint("planned_end_on > started_on", name="dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 第N届
    started_on: Mapped[date] = mapped_column(Date)
    planned_end_on: Mapped[date] = mapped_column(Date)
    elected_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    org: Mapped[Organisation] = relationship(back_populates="terms")


class Election(Base):
    """选举 record: turnout and votes, checked against the validity rules in core/orgs/rules.py."""

    __tablename__ = "elections"
    __table_args__ = (CheckConstraint("present_count <= eligible_count", name="turnout"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    term_id: Mapped[int | None] = mapped_column(ForeignKey("terms.id", ondelete="SET NULL"))
    held_on: Mapped[date] = mapped_column(Date)
    eligible_count: Mapped[int] = mapped_column(Integer)  # 应到 (正式党员 with a vote)
    present_count: Mapped[int] = mapped_column(Integer)  # 实到
    seats: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")

    candidates: Mapped[list[ElectionCandidate]] = relationship(
        back_populates="election", cascade="all, delete-orphan", order_by="ElectionCandidate.id"
    )


class ElectionCandidate(Base):
    __tablename__ = "election_candidates"

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("elections.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    votes: Mapped[int] = mapped_column(Integer, default=0)
    elected: Mapped[bool] = mapped_column(Boolean, default=False)

    election: Mapped[Election] = relationship(back_populates="candidates")
