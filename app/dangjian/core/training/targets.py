"""Who a course is for: active members, org subtrees, committee-seat holders, a course's target group.

Plain SELECTs that training, its statistics, the attendance import and the demo compose; they query the
orgs and committee_seats tables directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from ..models import CommitteeSeat, Course, Member, Organisation

TWO_NEW_DOMAINS = ("enterprise", "social_org")


def active_member_filter():
    """Members who count: not in the 回收站 and with 党籍 正常."""
    return and_(Member.deleted_at.is_(None), Member.party_status == "normal")


def org_subtree(org_id: int):
    """Recursive CTE of the ids of an org and every live org below it."""
    tree = select(Organisation.id).where(Organisation.id == org_id).cte("org_subtree", recursive=True)
    return tree.union_all(
        select(Organisation.id).where(Organisation.parent_id == tree.c.id, Organisation.deleted_at.is_(None))
    )


def seat_holders(first: date, last: date, role: str | None = None, domains: Iterable[str] = ()) -> Select:
    """Member ids holding a committee seat (of `role`, in orgs of `domains`) at any time in [first, last]."""
    query = select(CommitteeSeat.member_id).where(
        CommitteeSeat.member_id.is_not(None),
        CommitteeSeat.started_on <= last,
        or_(CommitteeSeat.ended_on.is_(None), CommitteeSeat.ended_on >= first),
    )
    if role:
        query = query.where(CommitteeSeat.role == role)
    domains = tuple(domains)
    if domains:
        query = query.join(Organisation, Organisation.id == CommitteeSeat.org_id).where(
            Organisation.domain.in_(domains), Organisation.deleted_at.is_(None))
    return query


_TARGET_ROLES = {
    "leaders": (None, ()),
    "secretaries": ("secretary", ()),
    "community_secretaries": ("secretary", ("community",)),
    "two_new_secretaries": ("secretary", TWO_NEW_DOMAINS),
}


def target_members(course: Course) -> Select:
    """Ids of the active members a course is meant for (its target group within its target org)."""
    query = select(Member.id).where(active_member_filter())
    if course.target_group in _TARGET_ROLES:
        role, domains = _TARGET_ROLES[course.target_group]
        query = query.where(Member.id.in_(seat_holders(course.starts_on, course.ends_on, role, domains)))
    if course.target_org_id is not None:
        query = query.where(Member.org_id.in_(select(org_subtree(course.target_org_id).c.id)))
    return query


def find_members(session: Session, text: str, limit: int = 50) -> list[tuple[int, str]]:
    """(id, "姓名（党组织，尾号1234）") of active members whose name contains `text`, for picking by hand."""
    query = (select(Member.id, Member.name, Organisation.name, func.substr(Member.id_number, -4))
             .join(Organisation, Organisation.id == Member.org_id)
             .where(active_member_filter(), Member.name.contains(text.strip()))
             .order_by(Member.name, Member.id).limit(limit))
    return [(mid, f"{name}（{org}，尾号{tail}）") for mid, name, org, tail in session.execute(query)]
