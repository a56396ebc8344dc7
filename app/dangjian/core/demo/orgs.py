"""Demo steps for 党组织设置: the 湘龙街道 tree (before the roster) and committees/terms (after it).

The tree follows the seed: 朝阳社区 (志愿服务), 祥泰社区 (商圈党建), 南市社区 (学校社区共建), 小区 and
楼宇 branches, a 联合 branch of four 两新 units and 挂靠 branches. A few set-ups are deliberately off
(a branch below 3 正式党员, an overdue term, a weak election...) so that every kind of finding shows.
Everything goes through the services, so the demo also exercises their validation and audit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..common.dates import add_months, years_between
from ..common.uscc import make_uscc
from ..models import Member, Organisation
from ..orgs.committees import (
    CandidateFields,
    ElectionFields,
    SeatFields,
    add_seat,
    add_term,
    record_election,
    term_length_setting,
)
from ..orgs.queries import roster_counts
from ..orgs.tree import OrgFields, UnitFields, create_org, revoke_org, set_units, subtree_ids
from ..system import settings
from .build import DemoContext

ROOT_CODE = "4301210100"


@dataclass(frozen=True)
class DemoOrg:
    key: str
    name: str
    kind: str
    domain: str
    parent: str | None
    plan: dict | None = None  # member_plan entry: {"weight": w} or exact {"formal": f, "probationary": p}
    formation: str = "single"
    host: str | None = None
    founded_years_ago: int = 8
    note: str = ""


W = "weight"  # weights are about the member count of each branch in the default 800-member demo
ORGS = [
    DemoOrg("root", "湘龙街道党工委", "street_committee", "community", None, founded_years_ago=15),
    DemoOrg("organ", "湘龙街道机关党支部", "branch", "institution", "root", {W: 36}, founded_years_ago=15),
    DemoOrg("health", "湘龙街道社区卫生服务中心党支部", "branch", "institution", "root", {W: 28}),
    DemoOrg("enforce", "湘龙街道综合执法大队党支部", "branch", "institution", "root", {W: 24}),
    DemoOrg("chaoyang", "朝阳社区党委", "party_committee", "community", "root", founded_years_ago=14,
            note="重点打造志愿者服务队"),
    DemoOrg("cy1", "朝阳社区第一党支部", "branch", "community", "chaoyang", {W: 40}, founded_years_ago=14),
    DemoOrg("cy2", "朝阳社区第二党支部", "branch", "community", "chaoyang", {W: 38}, founded_years_ago=14),
    DemoOrg("cy_retired", "朝阳社区离退休党支部", "branch", "community", "chaoyang", {W: 42}, founded_years_ago=10),
    DemoOrg("cy_group", "朝阳社区离退休党支部第一党小组", "group", "community", "cy_retired"),
    DemoOrg("cy_xincun", "朝阳新村小区党支部", "branch", "residential", "chaoyang", {W: 33}, founded_years_ago=4),
    DemoOrg("cy_jinse", "金色家园小区党支部", "branch", "residential", "chaoyang", {W: 15}, founded_years_ago=3),
    DemoOrg("cy_tower", "汇金大厦楼宇党支部", "branch", "building", "chaoyang", {"formal": 4, "probationary": 1},
            formation="attached", host="chaoyang", founded_years_ago=3, note="楼内企业党员少，挂靠社区党委"),
    DemoOrg("xiangtai", "祥泰社区党总支", "general_branch", "community", "root", founded_years_ago=12,
            note="重点培育商圈党建"),
    DemoOrg("xt1", "祥泰社区第一党支部", "branch", "community", "xiangtai", {W: 40}, founded_years_ago=12),
    DemoOrg("xt2", "祥泰社区第二党支部", "branch", "community", "xiangtai", {W: 38}, founded_years_ago=12),
    DemoOrg("xt_mall", "祥泰商圈楼宇党支部", "branch", "building", "xiangtai", {W: 92}, founded_years_ago=5),
    DemoOrg("xt_garden", "祥泰花园小区党支部", "branch", "residential", "xiangtai", {W: 34}, founded_years_ago=4),
    DemoOrg("xt_retired", "祥泰社区离退休党支部", "branch", "community", "xiangtai", {W: 36}, founded_years_ago=8),
    DemoOrg("xt_joint", "祥泰商圈两新组织联合党支部", "branch", "enterprise", "xiangtai",
            {"formal": 6, "probationary": 1}, formation="joint", founded_years_ago=2),
    DemoOrg("nanshi", "南市社区党委", "party_committee", "community", "root", founded_years_ago=14,
            note="重点开展学校社区共驻共建"),
    DemoOrg("ns1", "南市社区第一党支部", "branch", "community", "nanshi", {W: 42}, founded_years_ago=14),
    DemoOrg("ns2", "南市社区第二党支部", "branch", "community", "nanshi", {W: 19}, founded_years_ago=14),
    DemoOrg("ns3", "南市社区第三党支部", "branch", "community", "nanshi", {W: 40}, founded_years_ago=9),
    DemoOrg("ns_retired", "南市社区离退休党支部", "branch", "community", "nanshi", {W: 40}, founded_years_ago=9),
    DemoOrg("ns_xuefu", "学府小区党支部", "branch", "residential", "nanshi", {W: 32}, founded_years_ago=4),
    DemoOrg("ns_hemei", "和美小区党支部", "branch", "residential", "nanshi", {"formal": 2, "probationary": 1},
            founded_years_ago=1, note="正式党员不足3名，拟与邻近小区联合组建"),
    DemoOrg("ns_school", "南市社区共建党小组", "group", "community", "ns1"),
    DemoOrg("logistics", "湖南星城物流有限公司党支部", "branch", "enterprise", "root", {W: 26}, founded_years_ago=6),
    DemoOrg("construction", "长沙湘龙建设集团有限公司党支部", "branch", "enterprise", "root", {W: 30}),
    DemoOrg("housekeeping", "湘龙家政服务中心党支部", "branch", "social_org", "root",
            {"formal": 3, "probationary": 0}, formation="attached", founded_years_ago=1, note="挂靠党组织待明确"),
    DemoOrg("new_tower", "星沙国际楼宇党支部", "branch", "building", "root", {"formal": 3, "probationary": 1},
            founded_years_ago=0),
]
REVOKED = DemoOrg("cy_old", "朝阳社区原第三党支部", "branch", "community", "chaoyang", founded_years_ago=9)
JOINT_UNITS = [
    ("长沙祥泰商贸有限公司", "刘建华", 2), ("湖南湘龙电子科技有限公司", "陈晓燕", 3),
    ("长沙县祥泰餐饮管理有限公司", "周国强", 2), ("湖南星沙文化传媒有限公司", "彭丽", 1),
]
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _doc_no(ctx: DemoContext, year: int, issuer: str = "湘龙党工发") -> str:
    return f"{issuer}〔{year}〕{ctx.rng.randint(3, 48)}号"


def _approved_on(ctx: DemoContext, years_ago: int) -> date:
    return min(ctx.today - timedelta(days=30), ctx.today - timedelta(days=365 * years_ago + ctx.rng.randint(0, 200)))


def build_orgs(ctx: DemoContext) -> None:
    """Demo step 1: the org tree; leaves ctx.extra["member_plan"] and ["demo_orgs"] (key -> id)."""
    session, ids, codes, plan = ctx.session, {}, {}, {}
    children: dict[str, int] = {}
    for spec in [*ORGS, REVOKED]:
        parent_id = ids.get(spec.parent) if spec.parent else None
        if spec.parent is None:
            code = ROOT_CODE
        else:
            children[spec.parent] = children.get(spec.parent, 0) + 1
            code = f"{codes[spec.parent]}{children[spec.parent]:02d}"
        approved = _approved_on(ctx, spec.founded_years_ago)
        org = create_org(session, OrgFields(
            name=spec.name, kind=spec.kind, domain=spec.domain, parent_id=parent_id, code=code,
            formation=spec.formation, host_org_id=ids.get(spec.host) if spec.host else None,
            approved_on=approved,
            approval_doc_no=_doc_no(ctx, approved.year, "湘龙党工发" if parent_id else "长县组发"),
            address=f"长沙县湘龙街道{spec.name[:2]}路{ctx.rng.randint(1, 200)}号" if parent_id else "湘龙街道办事处",
            contact_phone=f"0731-8{ctx.rng.randint(1000000, 9999999)}", note=spec.note))
        ids[spec.key], codes[spec.key] = org.id, code
        if spec.plan:
            plan[org.id] = dict(spec.plan)
    set_units(session, ids["xt_joint"], [
        UnitFields(name, _credit_code(ctx), contact, f"139{ctx.rng.randint(10_000_000, 99_999_999)}", formal)
        for name, contact, formal in JOINT_UNITS])
    revoke_org(session, ids["cy_old"], ctx.today - timedelta(days=400), _doc_no(ctx, (ctx.today - timedelta(400)).year),
               "所在片区拆迁，党员组织关系已转入朝阳社区第一党支部")
    ctx.extra["member_plan"] = plan
    ctx.extra["demo_orgs"] = ids
    ctx.summary["党组织"] = len(ids)


def _credit_code(ctx: DemoContext) -> str:
    """A valid 统一社会信用代码 of a company registered in 长沙县 (91 + 430121 + MA4 + 6 + check)."""
    return make_uscc("91430121MA4" + "".join(ctx.rng.choice(USCC_CHARS[:30]) for _ in range(6)))


# --- after the roster -------------------------------------------------------------------------


PART_TIME = [("chaoyang", "谭志明", "国网长沙县供电公司湘龙供电所"), ("nanshi", "黄海燕", "长沙县南市中学"),
             ("xiangtai", "易建军", "祥泰购物中心")]


def build_committees(ctx: DemoContext) -> None:
    """Demo step 3 (after members): seats from each org's roster, terms and elections."""
    session = ctx.session
    ids: dict[str, int] = ctx.extra.get("demo_orgs") or {
        o.name: o.id for o in session.scalars(select(Organisation).where(Organisation.deleted_at.is_(None)))}
    by_key = {o.key: o for o in ORGS}
    orgs = {key: session.get(Organisation, org_id) for key, org_id in ids.items()}
    roster = _Roster(session)
    seats = terms = 0
    for key, org in orgs.items():
        if org is None or org.status != "active" or org.kind == "group":
            continue
        spec = by_key.get(key)
        seats += _seat_committee(ctx, roster, org, key)
        if spec is None or key == "new_tower":  # founded this year: no term recorded yet
            continue
        terms += _record_terms(ctx, roster, org, key)
    for key, name, unit in PART_TIME:
        if key in ids:
            add_seat(session, ids[key], SeatFields("part_time", add_months(ctx.today, -20), person_name=name,
                                                   person_unit=unit, note="驻区单位兼职委员"))
            seats += 1
    ctx.summary["班子成员"] = seats
    ctx.summary["届次"] = terms


class _Roster:
    """Active members as the committees step picks them. Per org and category it reads the first LIMIT
    by 转正 date (then id) once, through the org index: a query over each org's subtree instead would
    scan the whole roster for the 街道 and again for each 社区."""

    LIMIT = 40

    def __init__(self, session: Session):
        self.session = session
        self.formal = {org_id: formal for org_id, (formal, _) in roster_counts(session).items()}
        self._first: dict[tuple[int, str], list] = {}

    def _first_of(self, org_id: int, category: str) -> list:
        if (org_id, category) not in self._first:
            self._first[org_id, category] = self.session.execute(
                select(Member.id, Member.name, Member.category, Member.confirmed_on)
                .where(Member.org_id == org_id, Member.category == category, Member.deleted_at.is_(None),
                       Member.party_status == "normal")
                .order_by(Member.confirmed_on, Member.id).limit(self.LIMIT)).all()
        return self._first[org_id, category]

    def members_for(self, org: Organisation, limit: int = LIMIT) -> tuple[list, int]:
        """The first formal-ish members of the org, else of its sub-organisations (leaders of a 党委 sit in
        its branches), and the subtree's count of 正式党员."""
        subtree = subtree_ids(self.session, org.id)
        rows = []
        for category, count in (("formal", limit), ("probationary", 5)):
            below = [m for o in subtree if o != org.id for m in self._first_of(o, category)]
            below.sort(key=lambda m: (m.confirmed_on is not None, m.confirmed_on or date.min, m.id))  # NULLs first
            rows += (self._first_of(org.id, category) + below)[:count]
        return rows, sum(self.formal.get(o, 0) for o in subtree)


# Roles by org: 党委/总支 5-seat committees; branches with ≥7 正式 a 3-seat committee, else 书记 (+副书记).
FULL_COMMITTEE = ("secretary", "deputy_secretary", "organisation", "publicity", "discipline")
BRANCH_COMMITTEE = ("secretary", "organisation", "publicity")
# Deliberate gaps for the demo's findings: no committee despite ≥7, a committee of 2, committee below 7.
SEATING = {"ns2": ("secretary", "deputy_secretary"), "cy_jinse": ("secretary", "organisation"),
           "cy_tower": ("secretary", "organisation"), "housekeeping": (), "new_tower": ()}


def _seat_committee(ctx: DemoContext, roster: _Roster, org: Organisation, key: str) -> int:
    members, formal_count = roster.members_for(org)
    formal = [m for m in members if m.category == "formal" and m.confirmed_on is not None]
    if not formal:
        return 0
    if key in SEATING:
        roles = SEATING[key]
    elif org.kind in ("street_committee", "party_committee", "general_branch"):
        roles = FULL_COMMITTEE
    else:
        roles = BRANCH_COMMITTEE if formal_count >= 7 else ("secretary",)
    if key == "cy_xincun":  # a 书记 with little 党龄 shows that rule: the latest confirmed or a 预备党员
        formal.sort(key=lambda m: m.confirmed_on, reverse=True)
        newcomers = [m for m in members if m.category == "probationary"]
        if years_between(formal[0].confirmed_on, ctx.today) >= 1 and newcomers:
            formal.insert(0, newcomers[0])
    chosen = formal[:len(roles)]
    started = add_months(ctx.today, -ctx.rng.randint(8, 30))
    for role, member in zip(roles, chosen, strict=False):
        add_seat(ctx.session, org.id, SeatFields(role, max(started, member.confirmed_on or started),
                                                 member_id=member.id))
    return len(chosen)


def _record_terms(ctx: DemoContext, roster: _Roster, org: Organisation, key: str) -> int:
    """The previous term and the current one; some are opened by a recorded 换届选举."""
    years = settings.get(ctx.session, term_length_setting(org.kind, org.domain))
    offset_months = {"ns1": years * 12 + 2,  # 逾期未换届 by two months
                     "chaoyang": years * 12 - 2,  # 即将到期
                     }.get(key, ctx.rng.randint(6, years * 12 - 6))
    started = add_months(ctx.today, -offset_months)
    previous_start = add_months(started, -12 * years)
    number = 1 + max(0, (started - org.approved_on).days) // (365 * years)
    if number > 1:
        add_term(ctx.session, org.id, max(previous_start, org.approved_on), number=number - 1,
                 planned_end_on=started, elected_on=max(previous_start, org.approved_on))
    if key in ("chaoyang", "nanshi", "xiangtai", "cy1", "xt_mall"):
        record_election(ctx.session, org.id, _election(ctx, roster, org, key, started))
    else:
        add_term(ctx.session, org.id, started, elected_on=started)
    return 2 if number > 1 else 1


def _election(ctx: DemoContext, roster: _Roster, org: Organisation, key: str, held_on: date) -> ElectionFields:
    rng = ctx.rng
    seats = 5 if org.kind != "branch" else 3
    members, formal_count = roster.members_for(org)
    voters = max(10, formal_count)
    present = voters - rng.randint(0, voters // 10)
    if key == "xt_mall":  # 实到不足五分之四: the election must be held again
        present = voters * 3 // 4
    names = [m.name for m in members[:seats + 2]] or [f"候选人{i}" for i in range(seats + 2)]
    if key == "nanshi":  # 等额选举: 差额不足
        names = names[:seats]
    candidates = [CandidateFields(name, rng.randint(present // 2 + 1, present), True) for name in names[:seats]]
    candidates += [CandidateFields(name, rng.randint(0, present // 2)) for name in names[seats:]]
    if key == "cy1" and candidates:  # a winner with exactly half the votes: not elected by the rules
        candidates[0].votes = present // 2
    return ElectionFields(held_on, voters, present, seats, candidates, note="换届选举")
