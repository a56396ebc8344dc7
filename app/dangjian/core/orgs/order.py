"""The org tree as one ordered list (parents before children, siblings by 排序 then name) and each org's
subtree: how budgets, training and activities list, group and total by organisation."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Organisation


@dataclass(frozen=True)
class TreeOrg:
    id: int
    name: str
    kind: str
    domain: str
    parent_id: int | None
    depth: int
    revoked: bool


def orgs_in_tree_order(session: Session) -> list[TreeOrg]:
    """Live (not deleted) orgs, parents before children, siblings by sort order then name.

    Revoked orgs stay in the tree (flagged) so their history still has a place and their children
    keep their depth; callers drop them where only working orgs make sense.
    """
    rows = session.execute(select(Organisation.id, Organisation.name, Organisation.kind, Organisation.domain,
                                  Organisation.parent_id, Organisation.sort_order, Organisation.status)
                           .where(Organisation.deleted_at.is_(None))).all()
    known = {r.id for r in rows}
    children: dict[int | None, list] = defaultdict(list)
    for row in rows:
        children[row.parent_id if row.parent_id in known else None].append(row)
    ordered: list[TreeOrg] = []
    stack = [(row, 0) for row in sorted(children[None], key=_sibling_order, reverse=True)]
    while stack:  # iterative depth-first walk: no recursion limit however deep the tree
        row, depth = stack.pop()
        ordered.append(TreeOrg(row.id, row.name, row.kind, row.domain, row.parent_id, depth,
                              row.status == "revoked"))
        stack.extend((child, depth + 1) for child in sorted(children[row.id], key=_sibling_order, reverse=True))
    return ordered


def _sibling_order(row) -> tuple:
    return row.sort_order, row.name, row.id


def subtrees(tree: list[TreeOrg]) -> dict[int, frozenset[int]]:
    """org id -> the org and all its descendants, from one tree-ordered list."""
    result: dict[int, set[int]] = {row.id: {row.id} for row in tree}
    parents = {row.id: row.parent_id for row in tree}
    for row in tree:
        parent = parents.get(row.id)
        while parent is not None and parent in result:
            result[parent].add(row.id)
            parent = parents.get(parent)
    return {org_id: frozenset(ids) for org_id, ids in result.items()}
