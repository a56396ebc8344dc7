"""Reading the organisation tree: find an org by name, a subtree's ids, and plain rows with member counts.

Other domains use these through `orgs/tree.py`, which re-exports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import case, func, select, text
from sqlalchemy.orm import Session

from ..common.errors import UserError
from ..common.labels import ORG_KINDS, label
from ..models import Member, Organisation


@dataclass(frozen=True)
class OrgRow:
    """One org for trees, lists and reports: plain values, member counts from the roster or as recorded.

    `formal`/`probationary` are the org's own members; `total_*` add every live descendant's.
    """

    id: int
    parent_id: int | None
    name: str
    kind: str
    domain: str
    formation: str
    status: str
    code: str
    host_org_id: int | None
    sort_order: int
    formal: int
    probationary: int
    counts_from_roster: bool
    total_formal: int = 0
    total_probationary: int = 0
    children: tuple[int, ...] = field(default=())

    @property
    def revoked(self) -> bool:
        return self.status == "revoked"

    @property
    def kind_label(self) -> str:
        return label(ORG_KINDS, self.kind)


def get_org(session: Session, org_id: int) -> Organisation:
    org = session.get(Organisation, org_id)
    if org is None or org.deleted_at is not None:
        raise UserError(f"党组织（编号 {org_id}）不存在或已删除")
    return org


def live_orgs():
    """SELECT of organisations not in the 回收站 (revoked ones included)."""
    return select(Organisation).where(Organisation.deleted_at.is_(None))


def org_path(session: Session, org_id: int) -> str:
    """'湘龙街道党工委 / 朝阳社区党委 / 第一小区党支部' — the name people use to tell namesakes apart."""
    names = []
    org: Organisation | None = get_org(session, org_id)
    while org is not None:
        names.append(org.name)
        org = org.parent
    return " / ".join(reversed(names))


def find_org_by_name(session: Session, name: str) -> Organisation:
    """The live org called `name` (or with that code). 'Parent/Child' tells namesakes apart.

    Raises a Chinese UserError when nothing or more than one org matches.
    """
    wanted = (name or "").strip()
    if not wanted:
        raise UserError("请填写党组织名称")
    parts = [p.strip() for p in wanted.replace("／", "/").split("/") if p.strip()]
    candidates = list(session.scalars(live_orgs().where(
        (Organisation.name == parts[-1]) | (Organisation.code == wanted))))
    if len(parts) > 1:
        candidates = [o for o in candidates if _path_ends_with(o, parts)]
    if not candidates:
        raise UserError(f"找不到党组织“{wanted}”，请检查名称是否与党组织设置中的一致")
    if len(candidates) > 1:
        active = [o for o in candidates if o.status == "active"]
        if len(active) == 1:
            return active[0]
        paths = "；".join(org_path(session, o.id) for o in candidates[:5])
        raise UserError(f"有{len(candidates)}个党组织名为“{wanted}”（{paths}），请写成“上级党组织/名称”以区分")
    return candidates[0]


def _path_ends_with(org: Organisation, parts: list[str]) -> bool:
    node: Organisation | None = org
    for part in reversed(parts):
        if node is None or node.name != part:
            return False
        node = node.parent
    return True


def subtree_ids(session: Session, org_id: int) -> list[int]:
    """`org_id` and every live descendant's id (revoked ones included), parents before children."""
    rows = session.execute(text(
        "WITH RECURSIVE sub(id, depth) AS (SELECT :root, 0 UNION ALL "
        "SELECT o.id, sub.depth + 1 FROM organisations o JOIN sub ON o.parent_id = sub.id "
        "WHERE o.deleted_at IS NULL) SELECT id FROM sub ORDER BY depth, id"), {"root": org_id})
    return [row[0] for row in rows]


def roster_counts(session: Session) -> dict[int, tuple[int, int]]:
    """org id -> (正式, 预备) members in the roster (live, 党籍正常)."""
    rows = session.execute(
        select(Member.org_id, func.sum(case((Member.category == "formal", 1), else_=0)),
               func.sum(case((Member.category == "probationary", 1), else_=0)))
        .where(Member.deleted_at.is_(None), Member.party_status == "normal")
        .group_by(Member.org_id))
    return {org_id: (int(formal or 0), int(prob or 0)) for org_id, formal, prob in rows}


def org_tree_rows(session: Session) -> list[OrgRow]:
    """Every live org (revoked included) in tree order, with own and subtree member counts.

    Counts come from the roster when it holds any member of the org, else from the recorded counts.
    Subtree totals leave out revoked descendants.
    """
    counts = roster_counts(session)
    query = live_orgs().with_only_columns(
        Organisation.id, Organisation.parent_id, Organisation.name, Organisation.kind, Organisation.domain,
        Organisation.formation, Organisation.status, Organisation.code, Organisation.host_org_id,
        Organisation.sort_order, Organisation.recorded_formal_count, Organisation.recorded_probationary_count,
    ).order_by(Organisation.sort_order, Organisation.id)
    raw = session.execute(query).all()
    own: dict[int, tuple[int, int, bool]] = {}
    children: dict[int | None, list[int]] = {}
    by_id = {}
    for r in raw:
        by_id[r.id] = r
        children.setdefault(r.parent_id, []).append(r.id)
        if r.id in counts:
            own[r.id] = (*counts[r.id], True)
        else:
            own[r.id] = (r.recorded_formal_count or 0, r.recorded_probationary_count or 0, False)

    result: list[OrgRow] = []
    roots = [i for i in children.get(None, [])] + [
        r.id for r in raw if r.parent_id is not None and r.parent_id not in by_id]

    def visit(org_id: int) -> tuple[int, int]:
        r = by_id[org_id]
        index = len(result)
        result.append(None)  # type: ignore[arg-type]  # placeholder keeps parents before children
        formal, prob, from_roster = own[org_id]
        total_f, total_p = formal, prob
        for child in children.get(org_id, []):
            f, p = visit(child)
            if by_id[child].status == "active":
                total_f, total_p = total_f + f, total_p + p
        result[index] = OrgRow(
            r.id, r.parent_id, r.name, r.kind, r.domain, r.formation, r.status, r.code or "",
            r.host_org_id, r.sort_order, formal, prob, from_roster, total_f, total_p,
            tuple(children.get(org_id, [])))
        return total_f, total_p

    for root in roots:
        visit(root)
    return result
