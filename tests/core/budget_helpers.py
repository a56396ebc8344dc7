"""Small builders for budget tests: orgs and members written straight through the ORM."""

from __future__ import annotations

import itertools
from datetime import date

from dangjian.core.budgets.standards import StandardInput, categories, set_standard
from dangjian.core.models import Member, Organisation

_ids = itertools.count(1)


def make_org(session, name, *, kind="party_committee", domain="community", parent=None, status="active",
             revoked_on=None) -> Organisation:
    org = Organisation(name=name, kind=kind, domain=domain, parent_id=parent.id if parent else None,
                       status=status, revoked_on=revoked_on)
    session.add(org)
    session.flush()
    return org


def add_members(session, org, count, *, joined=date(2020, 1, 1), status="normal") -> list[Member]:
    members = [Member(name=f"党员{n}", gender="男", id_number=f"{next(_ids):018d}", org_id=org.id,
                      joined_on=joined, party_status=status) for n in range(count)]
    session.add_all(members)
    session.flush()
    return members


def category_ids(session) -> dict[str, int]:
    return {c.code: c.id for c in categories(session)}


def standard_setup(session, year=2026):
    """A 街道 with two communities and a 两新 branch, and the usual four standards."""
    street = make_org(session, "湘龙街道党工委", kind="street_committee")
    chaoyang = make_org(session, "朝阳社区党委", parent=street)
    xiangtai = make_org(session, "祥泰社区党总支", kind="general_branch", parent=street)
    company = make_org(session, "某科技公司党支部", kind="branch", domain="enterprise", parent=street)
    add_members(session, chaoyang, 30)
    add_members(session, xiangtai, 12)
    add_members(session, company, 5)
    ids = category_ids(session)
    community = ["party_committee", "general_branch", "branch"]
    set_standard(session, year, StandardInput(ids["operating"], "20万", 0, 50, 50, community, ["community"]))
    set_standard(session, year, StandardInput(ids["benefit"], "200,000", 0, 60, 40, community, ["community"]))
    set_standard(session, year, StandardInput(ids["party_building"], "30000.00", 0, 50, 50, community,
                                              ["community"]))
    set_standard(session, year, StandardInput(ids["education"], 0, "300元", 50, 50))
    return {"street": street, "chaoyang": chaoyang, "xiangtai": xiangtai, "company": company, "ids": ids}


COMMUNITIES = ["朝阳社区", "祥泰社区", "南市社区", "星沙社区", "湘龙社区", "泉塘社区", "东方社区", "檀木桥社区",
               "黄兴社区", "板仓社区", "金茂社区", "松雅社区"]


def sample_street(session, *, communities: int = 8, branches_per_community: int = 3, enterprises: int = 4,
                  members_per_branch: int = 12) -> dict[str, Organisation]:
    """A 街道 shaped like the demo: communities with 小区/楼宇 branches and a few 两新 branches."""
    street = make_org(session, "湘龙街道党工委", kind="street_committee")
    orgs = {street.name: street}
    for i in range(communities):
        name = COMMUNITIES[i % len(COMMUNITIES)] + ("" if i < len(COMMUNITIES) else str(i))
        community = make_org(session, f"{name}党委", parent=street)
        orgs[community.name] = community
        add_members(session, community, members_per_branch // 2)
        for j in range(branches_per_community):
            domain = "residential" if j % 2 == 0 else "building"
            branch = make_org(session, f"{name}第{j + 1}党支部", kind="branch", domain=domain, parent=community)
            orgs[branch.name] = branch
            add_members(session, branch, members_per_branch + (i + j) % 5)
    for k in range(enterprises):
        branch = make_org(session, f"两新企业{k + 1}党支部", kind="branch", domain="enterprise", parent=street)
        orgs[branch.name] = branch
        add_members(session, branch, 3 + k)
    return orgs
