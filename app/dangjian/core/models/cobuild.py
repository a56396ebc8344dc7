"""共建与服务: 服务项目书 (项目化服务, 惠民项目, 共建项目) with partners, milestones and spending through the one
ledger; 在职党员 双报到 at their residence community; 志愿服务 teams and service hours; 阵地 (党群服务中心,
活动室) and 一社区一品牌. Hours are integer tenths, money integer 分, like everywhere else."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, SoftDelete, Timestamps


class ServiceBrand(SoftDelete, Timestamps, Base):
    """特色品牌 (一社区一品牌)."""

    __tablename__ = "service_brands"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    year: Mapped[int] = mapped_column(Integer)  # 创建年度
    description: Mapped[str] = mapped_column(Text, default="")


class ServiceProject(SoftDelete, Timestamps, Base):
    """服务项目书: what a lead org and its partners commit to, for whom, with which money. Spending is ledger
    rows (expenditures.project_id) of `category_id`, never more than `budget_fen` in all."""

    __tablename__ = "service_projects"
    __table_args__ = (
        CheckConstraint("kind IN ('service', 'livelihood', 'cobuild')", name="kind"),
        CheckConstraint("status IN ('approved', 'running', 'accepted')", name="status"),
        CheckConstraint("chosen_by IN ('', 'vote', 'council')", name="chosen_by"),
        CheckConstraint("budget_fen >= 0", name="budget"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(12), default="service")  # labels.PROJECT_KINDS
    year: Mapped[int] = mapped_column(Integer, index=True)
    lead_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    content: Mapped[str] = mapped_column(Text, default="")  # 服务内容
    beneficiaries: Mapped[str] = mapped_column(Text, default="")  # 服务对象
    category_id: Mapped[int | None] = mapped_column(ForeignKey("fund_categories.id", ondelete="RESTRICT"))
    budget_fen: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(10), default="approved")  # 立项 → 实施 → 验收
    approved_on: Mapped[date] = mapped_column(Date)  # 立项日期
    started_on: Mapped[date | None] = mapped_column(Date)
    accepted_on: Mapped[date | None] = mapped_column(Date)  # 验收日期
    outcome: Mapped[str] = mapped_column(Text, default="")  # 成效
    chosen_by: Mapped[str] = mapped_column(String(8), default="")  # 惠民项目: how residents chose it
    votes: Mapped[int | None] = mapped_column(Integer)  # 居民投票 for it
    council_on: Mapped[date | None] = mapped_column(Date)  # 居民议事会 date
    brand_id: Mapped[int | None] = mapped_column(ForeignKey("service_brands.id", ondelete="SET NULL"), index=True)


class ProjectPartner(Base):
    """A partner of a project: another party org, or a 驻区单位 named in text, and what it commits to."""

    __tablename__ = "project_partners"
    __table_args__ = (CheckConstraint("org_id IS NOT NULL OR unit_name <> ''", name="who"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("service_projects.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    unit_name: Mapped[str] = mapped_column(String(100), default="")
    commitment: Mapped[str] = mapped_column(Text, default="")  # 责任与承诺


class ProjectMilestone(Base):
    __tablename__ = "project_milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("service_projects.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)


class DualRegistration(Timestamps, Base):
    """双报到: an 在职党员 registered at the community where they live (while `ended_on` is empty)."""

    __tablename__ = "dual_registrations"
    __table_args__ = (CheckConstraint("ended_on IS NULL OR ended_on >= registered_on", name="dates"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    community_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    work_unit: Mapped[str] = mapped_column(String(100), default="")  # the 驻区单位 the member works at
    registered_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class VolunteerTeam(SoftDelete, Timestamps, Base):
    """志愿服务队."""

    __tablename__ = "volunteer_teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    leader: Mapped[str] = mapped_column(String(40), default="")
    founded_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class VolunteerTeamMember(Base):
    __tablename__ = "volunteer_team_members"
    __table_args__ = (UniqueConstraint("team_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("volunteer_teams.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    joined_on: Mapped[date] = mapped_column(Date)


class ServiceRecord(Timestamps, Base):
    """志愿服务记录: hours a member served, for a project, an activity or a team (any of them, or none)."""

    __tablename__ = "service_records"
    __table_args__ = (CheckConstraint("hours_tenths > 0", name="hours"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    served_on: Mapped[date] = mapped_column(Date, index=True)
    hours_tenths: Mapped[int] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("service_projects.id", ondelete="SET NULL"), index=True)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id", ondelete="SET NULL"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("volunteer_teams.id", ondelete="SET NULL"), index=True)


class Venue(SoftDelete, Timestamps, Base):
    """阵地: 党群服务中心, 党员活动室, 党群服务站 — where activities are held."""

    __tablename__ = "venues"
    __table_args__ = (CheckConstraint("kind IN ('center', 'room', 'station')", name="kind"),
                      CheckConstraint("area_m2 >= 0", name="area"))

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(8), default="room")  # labels.VENUE_KINDS
    address: Mapped[str] = mapped_column(String(200), default="")
    area_m2: Mapped[int] = mapped_column(Integer, default=0)
    facilities: Mapped[str] = mapped_column(Text, default="")
    opening_hours: Mapped[str] = mapped_column(String(100), default="")
