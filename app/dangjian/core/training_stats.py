"""学时统计: yearly hours per member against the requirement of their role, shortfalls, completion rates.

Everything is one SQL statement with GROUP BY (100,000 members × 1M attendance rows in well under
2 s). A member's year draws on every credit source in CREDIT_SOURCES — courses and external hours
here; another capability (e.g. 党课 activities) adds its own source to the list instead of
copying the totals. A committee seat held at any time of the year makes the member a 书记/班子成员
for that whole year (training.leader_hours), everyone else needs training.member_hours.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from sqlalchemy import Select, case, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from . import settings
from .budgets import orgs_in_tree_order, subtrees
from .findings import Finding
from .hours import format_hours, to_tenths
from .models import Course, CourseAttendance, ExternalHours, Member, Organisation
from .training import active_member_filter, org_subtree, seat_holders


def course_credits(first: date, last: date) -> Select:
    """Credited tenths per member from live courses starting in [first, last]."""
    return (
        select(CourseAttendance.member_id.label("member_id"),
               func.sum(CourseAttendance.credited_tenths).label("tenths"))
        .join(Course, Course.id == CourseAttendance.course_id)
        .where(Course.deleted_at.is_(None), Course.starts_on.between(first, last),
               CourseAttendance.credited_tenths > 0)
        .group_by(CourseAttendance.member_id)
    )


def external_credits(first: date, last: date) -> Select:
    """Hours earned outside the 街道's courses in [first, last], per member."""
    return (
        select(ExternalHours.member_id.label("member_id"),
               func.sum(ExternalHours.hours_tenths).label("tenths"))
        .where(ExternalHours.earned_on.between(first, last))
        .group_by(ExternalHours.member_id)
    )


# "module:function" returning select(member_id, tenths) for a date range; summed per member.
CREDIT_SOURCES: list[str] = [
    "dangjian.core.training_stats:course_credits",
    "dangjian.core.training_stats:external_credits",
]


def _credit_sources():
    for spec in CREDIT_SOURCES:
        module, _, name = spec.partition(":")
        yield getattr(importlib.import_module(module), name)


@dataclass(frozen=True)
class Requirement:
    member_tenths: int
    leader_tenths: int

    def for_role(self, is_leader: bool) -> int:
        return self.leader_tenths if is_leader else self.member_tenths


def requirement(session: Session, year: int) -> Requirement:
    """The year's 学时 requirements (settings training.member_hours / training.leader_hours)."""
    return Requirement(to_tenths(settings.get(session, "training.member_hours", year)),
                       to_tenths(settings.get(session, "training.leader_hours", year)))


class MemberHours(NamedTuple):
    member_id: int
    name: str
    org_id: int
    org: str
    is_leader: bool
    required_tenths: int
    achieved_tenths: int

    @property
    def shortfall_tenths(self) -> int:
        return max(self.required_tenths - self.achieved_tenths, 0)

    @property
    def met(self) -> bool:
        return self.achieved_tenths >= self.required_tenths


def yearly_hours_query(session: Session, year: int, *, org_id: int | None = None, role: str | None = None,
                       short_only: bool = False, search: str = "") -> Select:
    """SELECT (member_id, name, org_id, is_leader, required_tenths, achieved_tenths, initials) for
    every active member of the year (filters optional).

    role: "leader" (书记/班子成员) or "member"; search: part of the name or 拼音首字母.
    """
    first, last = date(year, 1, 1), date(year, 12, 31)
    need = requirement(session, year)
    credits = union_all(*(source(first, last) for source in _credit_sources())).subquery("credits")
    totals = (select(credits.c.member_id, func.sum(credits.c.tenths).label("achieved"))
              .group_by(credits.c.member_id).subquery("totals"))
    leaders = seat_holders(first, last).distinct().subquery("leaders")
    is_leader = leaders.c.member_id.is_not(None)
    required = case((is_leader, literal(need.leader_tenths)), else_=literal(need.member_tenths))
    achieved = func.coalesce(totals.c.achieved, 0)
    # No join to organisations here: with it SQLite may drive the plan from the orgs and read 100k
    # members in random order; org names and tree order are applied from the (small) org list instead.
    query = (
        select(Member.id.label("member_id"), Member.name.label("name"), Member.org_id.label("org_id"),
               is_leader.label("is_leader"), required.label("required_tenths"),
               achieved.label("achieved_tenths"), Member.name_initials.label("initials"))
        .outerjoin(leaders, leaders.c.member_id == Member.id)
        .outerjoin(totals, totals.c.member_id == Member.id)
        .where(active_member_filter(), or_(Member.joined_on.is_(None), Member.joined_on <= last))
    )
    if org_id is not None:
        query = query.where(Member.org_id.in_(select(org_subtree(org_id).c.id)))
    if role == "leader":
        query = query.where(is_leader)
    elif role == "member":
        query = query.where(leaders.c.member_id.is_(None))
    if short_only:
        query = query.where(achieved < required)
    if search.strip():
        text = search.strip()
        query = query.where(or_(Member.name.contains(text), Member.name_initials.startswith(text.lower())))
    return query


def yearly_hours(session: Session, year: int, **filters) -> list[MemberHours]:
    """Every member's hours for the year, in org tree order then by name (filters as in
    yearly_hours_query)."""
    tree = org_tree(session, None)
    rank = {org_id: i for i, (org_id, _name, _depth) in enumerate(tree)}
    names = {org_id: name for org_id, name, _depth in tree}
    # Index access on rows: attribute access on 100k Rows costs more than the SQL itself.
    query = yearly_hours_query(session, year, **filters).order_by(Member.name_initials, Member.name,
                                                                  Member.id)
    rows = session.execute(query).all()
    rows.sort(key=lambda r: rank.get(r[2], len(rank)))  # stable: names stay sorted within an org
    return [MemberHours(r[0], r[1], r[2], names.get(r[2], ""), bool(r[3]), r[4], r[5]) for r in rows]


def shortfall_list(session: Session, year: int, org_id: int | None = None) -> list[MemberHours]:
    """Members short of their requirement, biggest shortfall first."""
    rows = yearly_hours(session, year, org_id=org_id, short_only=True)
    return sorted(rows, key=lambda r: -r.shortfall_tenths)


def percent(part: int, whole: int) -> str:
    """96.5% with one decimal, rounded half up in integers; '—' without a whole."""
    if whole <= 0:
        return "—"
    permille = (part * 2000 + whole) // (2 * whole)
    return f"{permille // 10}.{permille % 10}%"


class _Completion:
    """short and 达标率 of anything with `members` and `met` counts."""

    members: int
    met: int

    @property
    def short(self) -> int:
        return self.members - self.met

    @property
    def rate(self) -> str:
        return percent(self.met, self.members)


@dataclass(frozen=True)
class OrgCompletion(_Completion):
    org_id: int
    org: str
    depth: int  # 0 for the top of the listed tree
    members: int  # incl. sub-orgs
    met: int


def org_tree(session: Session, root_id: int | None = None) -> list[tuple[int, str, int]]:
    """(id, name, depth) of live orgs in tree order, from `root_id` (depth 0) or the whole tree."""
    tree = orgs_in_tree_order(session)
    if root_id is None:
        return [(row.id, row.name, row.depth) for row in tree]
    inside = subtrees(tree).get(root_id, frozenset())
    top = next((row.depth for row in tree if row.id == root_id), 0)
    return [(row.id, row.name, row.depth - top) for row in tree if row.id in inside]


def org_completion(session: Session, year: int, org_id: int | None = None) -> list[OrgCompletion]:
    """Per org (counting its sub-orgs' members too): members, how many met the requirement."""
    base = yearly_hours_query(session, year, org_id=org_id).subquery("base")
    closure = select(Organisation.id.label("ancestor"), Organisation.id.label("org_id")).cte(
        "closure", recursive=True)
    closure = closure.union_all(
        select(closure.c.ancestor, Organisation.id).where(Organisation.parent_id == closure.c.org_id))
    met = func.sum(case((base.c.achieved_tenths >= base.c.required_tenths, 1), else_=0))
    counts = {
        ancestor: (members, met_count)
        for ancestor, members, met_count in session.execute(
            select(closure.c.ancestor, func.count(), met)
            .join(base, base.c.org_id == closure.c.org_id)
            .group_by(closure.c.ancestor))
    }
    return [OrgCompletion(oid, name, depth, *counts[oid])
            for oid, name, depth in org_tree(session, org_id) if oid in counts]


@dataclass(frozen=True)
class YearSummary(_Completion):
    year: int
    members: int
    met: int
    leaders: int
    achieved_tenths: int


def year_summary(session: Session, year: int, org_id: int | None = None) -> YearSummary:
    base = yearly_hours_query(session, year, org_id=org_id).subquery("base")
    members, met, leaders, achieved = session.execute(select(
        func.count(),
        func.coalesce(func.sum(case((base.c.achieved_tenths >= base.c.required_tenths, 1), else_=0)), 0),
        func.coalesce(func.sum(case((base.c.is_leader, 1), else_=0)), 0),
        func.coalesce(func.sum(base.c.achieved_tenths), 0),
    )).one()
    return YearSummary(year, members, met, leaders, achieved)


# --- one member's hours ----------------------------------------------------------------------


class HoursEntry(NamedTuple):
    on: date
    source: str  # "course" | "external"
    source_id: int  # course id or external_hours id
    title: str
    kind: str  # course type code, or "" for external hours
    status: str  # attendance status, "" for external hours
    credited_tenths: int
    note: str  # attendance note or proof note


def member_history(session: Session, member_id: int, year: int | None = None) -> list[HoursEntry]:
    """A member's courses and external hours (of one year or all years), newest first."""
    courses = (
        select(Course.starts_on, literal("course"), Course.id, Course.title, Course.course_type,
               CourseAttendance.status, CourseAttendance.credited_tenths, CourseAttendance.note)
        .join(Course, Course.id == CourseAttendance.course_id)
        .where(CourseAttendance.member_id == member_id, Course.deleted_at.is_(None))
    )
    external = (
        select(ExternalHours.earned_on, literal("external"), ExternalHours.id, ExternalHours.title,
               literal(""), literal(""), ExternalHours.hours_tenths, ExternalHours.proof_note)
        .where(ExternalHours.member_id == member_id)
    )
    if year is not None:
        courses = courses.where(Course.starts_on.between(date(year, 1, 1), date(year, 12, 31)))
        external = external.where(ExternalHours.earned_on.between(date(year, 1, 1), date(year, 12, 31)))
    rows = union_all(courses, external).subquery()
    query = select(rows).order_by(rows.c[0].desc(), rows.c[2].desc())
    return [HoursEntry(*row) for row in session.execute(query)]


def member_year(session: Session, member_id: int, year: int) -> MemberHours | None:
    """One member's row of the yearly statistics (None when not an active member that year)."""
    row = session.execute(yearly_hours_query(session, year).where(Member.id == member_id)).first()
    if row is None:
        return None
    org = session.scalar(select(Organisation.name).where(Organisation.id == row.org_id)) or ""
    return MemberHours(row.member_id, row.name, row.org_id, org, bool(row.is_leader), row.required_tenths,
                       row.achieved_tenths)


def years_with_training(session: Session) -> list[int]:
    """Years that have courses or external hours, newest first (for year pickers)."""
    course_years = select(func.strftime("%Y", Course.starts_on)).where(Course.deleted_at.is_(None))
    external_years = select(func.strftime("%Y", ExternalHours.earned_on))
    return sorted({int(y) for (y,) in session.execute(union_all(course_years, external_years)) if y},
                  reverse=True)


# --- findings --------------------------------------------------------------------------------


def training_findings(session: Session, today: date) -> list[Finding]:
    """After a year has ended: per org, the members who stayed short of their 学时 requirement.

    Only for a year in which training was recorded at all (a database started this year has no
    record of last year's training, and flagging everyone would be noise).
    """
    year = today.year - 1
    if year not in years_with_training(session):
        return []
    base = yearly_hours_query(session, year, short_only=True).subquery("short")
    rows = session.execute(
        select(base.c.org_id, func.count(), func.sum(base.c.required_tenths - base.c.achieved_tenths),
               func.group_concat(base.c.name, "、"))
        .group_by(base.c.org_id)
    ).all()
    org_names = dict(session.execute(select(Organisation.id, Organisation.name)).all())
    findings = []
    for org_id, count, missing, names in rows:
        org = org_names.get(org_id, "")
        listed = names.split("、")
        shown = "、".join(listed[:5]) + (f"等{count}人" if count > 5 else "")
        findings.append(Finding(
            "warning", "training.yearly_hours",
            f"{year}年有{count}名党员学时未达到要求（{shown}），共差 {format_hours(missing)} 学时",
            org_id, org, "training.member_hours"))
    return findings
