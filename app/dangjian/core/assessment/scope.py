"""Which orgs are assessed (党委, 党总支, 党支部 that are live and not revoked) and who their 书记 is: the
书记 is 第一责任人 of every 责任 item and the one who 述职."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..common.errors import UserError
from ..models import CommitteeSeat, Member, Organisation
from ..orgs.order import orgs_in_tree_order, subtrees

ASSESSED_KINDS = ("party_committee", "general_branch", "branch")


class AssessedOrg(NamedTuple):
    id: int
    name: str
    depth: int
    secretary: str  # "" when the org has no 书记 on the day


def secretaries(session: Session, day: date) -> dict[int, str]:
    """org id → the name of its 书记 on `day`."""
    rows = session.execute(
        select(CommitteeSeat.org_id, func.coalesce(Member.name, CommitteeSeat.person_name))
        .outerjoin(Member, Member.id == CommitteeSeat.member_id)
        .where(CommitteeSeat.role == "secretary", CommitteeSeat.started_on <= day,
               or_(CommitteeSeat.ended_on.is_(None), CommitteeSeat.ended_on >= day))
        .order_by(CommitteeSeat.started_on))
    return dict(rows.all())  # the latest start wins


def assessed_orgs(session: Session, day: date, org_id: int | None = None) -> list[AssessedOrg]:
    """The assessed orgs in tree order, all of them or those in `org_id`'s subtree."""
    tree = orgs_in_tree_order(session)
    inside = subtrees(tree).get(org_id, frozenset()) if org_id is not None else None
    names = secretaries(session, day)
    rows = [row for row in tree if row.kind in ASSESSED_KINDS and not row.revoked
            and (inside is None or row.id in inside)]
    top = min((row.depth for row in rows), default=0)
    return [AssessedOrg(row.id, row.name, row.depth - top, names.get(row.id, "")) for row in rows]


def in_tree_order(session: Session, rows: list, org_of=lambda row: row.org_id) -> list:
    """`rows` sorted by their org's place in the tree (parents before children), keeping their order within an org:
    how every list of this domain reads, so a 社区's branches stay together."""
    position = {org.id: n for n, org in enumerate(orgs_in_tree_order(session))}
    return sorted(rows, key=lambda row: position.get(org_of(row), len(position)))


def org_filter(session: Session, org_id: int | None) -> frozenset[int] | None:
    """The ids of `org_id`'s subtree, None for the whole street."""
    if org_id is None:
        return None
    inside = subtrees(orgs_in_tree_order(session)).get(org_id)
    if inside is None:
        raise UserError("党组织不存在或已删除")
    return inside


def assessed_org(session: Session, org_id: int) -> Organisation:
    """An org that can carry 考核 records, or a Chinese refusal."""
    org = session.get(Organisation, org_id)
    if org is None or org.deleted_at is not None:
        raise UserError("党组织不存在或已删除")
    if org.kind not in ASSESSED_KINDS:
        raise UserError(f"“{org.name}”不是党委、党总支或党支部，不列入考核")
    if org.status == "revoked":
        raise UserError(f"“{org.name}”已撤销")
    return org
