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

from ..common.findings import Finding
from ..models import Course, CourseAttendance, ExternalHours, Member, Organisation
from ..orgs.order import orgs_in_tree_order, subtrees
from ..system import settings
from .hours import format_hours, to_tenths
from .targets import active_member_filter, org_subtree, seat_holders


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
    "dangjian.core.training.stats:course_credits",
    "dangjian.core.training.stats:external_credits",
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
    is_leader: bool  # truthy; 1/0 when read straight from SQLite
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
    """SELECT of the MemberHours columns (then `initials`) for every active member of the year.

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
    # The org name is a scalar subquery, not a join: with a join SQLite may drive the plan from the
    # orgs and read 100k members in random order.
    org_name = select(Organisation.name).where(Organisation.id == Member.org_id).scalar_subquery()
    query = (
        select(Member.id.label("member_id"), Member.name.label("name"), Member.org_id.label("org_id"),
               org_name.label("org"), is_leader.label("is_leader"), required.label("required_tenths"),
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
    rank = {org_id: i for i, (org_id, _name, _depth) in enumerate(org_tree(session, None))}
    query = yearly_hours_query(session, year, **filters).order_by(Member.name_initials, Member.name,
                                                                  Member.id)
    # Plain DB-API tuples (no dates among the columns): building 100k Row objects costs a third as
    # much as the aggregate itself.
    result = session.connection().execute(query)
    try:
        rows = result.cursor.fetchall()
    finally:
        result.close()
    rows.sort(key=lambda r: rank.get(r[2], len(rank)))  # stable: names stay sorted within an org
    return [MemberHours._make(row[:7]) for row in rows]


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
    leaders: int
    achieved_tenths: int


def _tree_rows(session: Session, root_id: int | None) -> list:
    """Live orgs in tree order: all of them, or `root_id` and everything below it."""
    tree = orgs_in_tree_order(session)
    if root_id is None:
        return tree
    inside = subtrees(tree).get(root_id, frozenset())
    return [row for row in tree if row.id in inside]


def org_tree(session: Session, root_id: int | None = None) -> list[tuple[int, str, int]]:
    """(id, name, depth) of live orgs in tree order, from `root_id` (depth 0) or the whole tree."""
    tree = _tree_rows(session, root_id)
    top = tree[0].depth if tree and root_id is not None else 0
    return [(row.id, row.name, row.depth - top) for row in tree]


def org_completion(session: Session, year: int, org_id: int | None = None) -> list[OrgCompletion]:
    """Per org (counting its sub-orgs' members too): members, how many met the requirement, leaders.

    SQL groups the members by their own org; the few hundred org totals are then added up the tree.
    """
    base = yearly_hours_query(session, year, org_id=org_id).subquery("base")
    met = func.sum(case((base.c.achieved_tenths >= base.c.required_tenths, 1), else_=0))
    leaders = func.sum(case((base.c.is_leader, 1), else_=0))
    totals: dict[int, list[int]] = {
        org: list(values) for org, *values in session.execute(
            select(base.c.org_id, func.count(), met, leaders, func.sum(base.c.achieved_tenths))
            .group_by(base.c.org_id))
    }
    tree = _tree_rows(session, org_id)
    for row in reversed(tree):  # descendants come after their org in tree order: add them upwards
        if row.id in totals and row.parent_id is not None and row.id != org_id:
            parent = totals.setdefault(row.parent_id, [0, 0, 0, 0])
            for i, value in enumerate(totals[row.id]):
                parent[i] += value
    top = tree[0].depth if tree else 0
    return [OrgCompletion(row.id, row.name, row.depth - top, *totals[row.id]) for row in tree
            if totals.get(row.id, [0])[0]]


@dataclass(frozen=True)
class YearSummary(_Completion):
    year: int
    members: int
    met: int
    leaders: int
    achieved_tenths: int


def year_summary(session: Session, year: int, org_id: int | None = None, *,
                 completion: list[OrgCompletion] | None = None) -> YearSummary:
    """Totals of the year (of one org incl. sub-orgs): the top rows of org_completion, which may be
    passed in when already computed (saves a second pass over the attendance)."""
    if completion is None:
        completion = org_completion(session, year, org_id)
    tops = [c for c in completion if c.depth == 0]
    return YearSummary(year, sum(c.members for c in tops), sum(c.met for c in tops),
                       sum(c.leaders for c in tops), sum(c.achieved_tenths for c in tops))


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
    return MemberHours._make(row[:7]) if row else None


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
        select(base.c.org_id, base.c.org, func.count(),
               func.sum(base.c.required_tenths - base.c.achieved_tenths), func.group_concat(base.c.name, "、"))
        .group_by(base.c.org_id, base.c.org).order_by(base.c.org)
    ).all()
    findings = []
    for org_id, org, count, missing, names in rows:
        listed = names.split("、")
        shown = "、".join(listed[:5]) + (f"等{count}人" if count > 5 else "")
        findings.append(Finding(
            "warning", "training.yearly_hours",
            f"{year}年有{count}名党员学时未达到要求（{shown}），共差 {format_hours(missing)} 学时",
            org_id, org, "training.member_hours"))
    return findings
