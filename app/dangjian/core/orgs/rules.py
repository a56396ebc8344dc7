"""党组织设置 rules: pure functions over plain facts, each returning `Finding`s.

The rule functions never touch a session: `org_findings` (registered in core/checks.PROVIDERS) gathers
`OrgFacts` and `OrgLimits` from the database and the settings, then calls them. Every number is a
setting, named in the finding's `setting_key`, so the office can see which standard an advice follows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from sqlalchemy.orm import Session

from ..common.dates import add_months, years_between
from ..common.findings import Finding, sort_findings
from ..common.labels import SEAT_ROLES
from ..system import settings
from .facts import OrgFacts
from .gather import gather_org_facts

COMMITTEE_EXEMPT_ROLES = {"part_time"}  # 兼职委员 from 驻区单位 sit beside the committee, not in its size
LEADER_ROLES = {"secretary", "deputy_secretary"}
NO_RULE_KINDS = {"group"}  # 党小组: no committee, no term, no size rules


@dataclass(frozen=True)
class OrgLimits:
    """The settings the rules read, loaded once per check."""

    min_formal: int = 3
    joint_max_units: int = 5
    branch_max: int = 50
    general_branch_max: int = 100
    committee_required_at: int = 7
    committee_min: int = 3
    committee_max: int = 7
    secretary_min_years: int = 1
    due_soon_months: int = 3
    quorum_percent: int = 80
    win_percent: int = 50
    surplus_percent: int = 20

    KEYS: ClassVar[dict[str, str]] = {
        "min_formal": "org.min_formal_members", "joint_max_units": "org.joint_max_units",
        "branch_max": "org.branch_max_members", "general_branch_max": "org.general_branch_max_members",
        "committee_required_at": "org.committee_required_at", "committee_min": "org.committee_min_size",
        "committee_max": "org.committee_max_size", "secretary_min_years": "org.secretary_min_party_years",
        "due_soon_months": "term.due_soon_months", "quorum_percent": "election.quorum_percent",
        "win_percent": "election.win_percent", "surplus_percent": "election.surplus_percent",
    }

    @classmethod
    def load(cls, session: Session) -> OrgLimits:
        return cls(**{name: settings.get(session, key) for name, key in cls.KEYS.items()})


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _finding(org: OrgFacts, severity: str, rule: str, message: str, key: str | None) -> Finding:
    return Finding(severity, rule, message, org.id, org.name, key)


def _has_rules(org: OrgFacts) -> bool:
    return org.kind not in NO_RULE_KINDS


def _below_street(org: OrgFacts) -> bool:
    return org.kind not in NO_RULE_KINDS and org.kind != "street_committee"


# --- set-up -----------------------------------------------------------------------------------


def check_min_formal(org: OrgFacts, limits: OrgLimits) -> list[Finding]:
    """A 单独组建 org without sub-organisations needs ≥ min 正式党员; 预备党员 don't count."""
    if (not _below_street(org) or org.formation != "single" or org.child_count
            or org.formal >= limits.min_formal):
        return []
    extra = f"（另有预备党员{org.probationary}名，不计入）" if org.probationary else ""
    return [_finding(org, "error", "org.min_formal_members",
                     f"正式党员{org.formal}名{extra}，少于单独组建所需的{limits.min_formal}名，建议联合组建或挂靠组建",
                     "org.min_formal_members")]


def check_joint_units(org: OrgFacts, limits: OrgLimits) -> list[Finding]:
    """联合组建: at most `joint_max_units` units, each with fewer than `min_formal` 正式党员."""
    if org.formation != "joint" or not _below_street(org):
        return []
    found = []
    if len(org.units) < 2:
        found.append(_finding(org, "warning", "org.joint_units_missing",
                              f"联合组建应登记参加联建的单位，现登记{len(org.units)}个", None))
    if len(org.units) > limits.joint_max_units:
        found.append(_finding(org, "error", "org.joint_max_units",
                              f"联合组建的单位有{len(org.units)}个，一般不超过{limits.joint_max_units}个",
                              "org.joint_max_units"))
    for unit in org.units:
        if unit.formal is not None and unit.formal >= limits.min_formal:
            found.append(_finding(org, "warning", "org.joint_unit_can_stand_alone",
                                  f"组建单位“{unit.name}”有正式党员{unit.formal}名，达到{limits.min_formal}名，"
                                  "应单独组建党支部", "org.min_formal_members"))
    return found


def check_attached_host(org: OrgFacts) -> list[Finding]:
    """挂靠组建 must name a host organisation that still exists."""
    if org.formation != "attached" or not _below_street(org):
        return []
    if org.host_org_id is None:
        return [_finding(org, "error", "org.attached_host", "挂靠组建未登记挂靠的党组织", None)]
    if not org.host_active:
        return [_finding(org, "error", "org.attached_host", "挂靠的党组织已撤销，请重新确定挂靠党组织", None)]
    return []


def check_size(org: OrgFacts, limits: OrgLimits) -> list[Finding]:
    """A 党支部 over `branch_max` → 党总支; a 党支部/党总支 over `general_branch_max` → 基层党委."""
    total = org.formal + org.probationary
    if org.kind in ("branch", "general_branch") and total > limits.general_branch_max:
        return [_finding(org, "warning", "org.general_branch_max_members",
                         f"党员{total}名，超过{limits.general_branch_max}名，经批准可成立基层党委",
                         "org.general_branch_max_members")]
    if org.kind == "branch" and total > limits.branch_max:
        return [_finding(org, "warning", "org.branch_max_members",
                         f"党员{total}名，超过{limits.branch_max}名，建议分设党支部或成立党总支",
                         "org.branch_max_members")]
    return []


# --- committee --------------------------------------------------------------------------------


def committee_size(org: OrgFacts) -> int:
    return sum(1 for s in org.seats if s.role not in COMMITTEE_EXEMPT_ROLES)


def check_committee(org: OrgFacts, limits: OrgLimits) -> list[Finding]:
    """≥ `committee_required_at` 正式党员: a committee of min–max with a 书记; below: 书记/副书记 only."""
    if not _has_rules(org):
        return []
    size = committee_size(org)
    has_secretary = any(s.role == "secretary" for s in org.seats)
    found = []
    if not has_secretary:
        found.append(_finding(org, "error" if org.formal >= limits.committee_required_at else "warning",
                              "org.secretary_missing", "未配备书记", None))
    if org.kind == "street_committee":
        return found
    if org.formal >= limits.committee_required_at:
        if not any(s.role not in LEADER_ROLES | COMMITTEE_EXEMPT_ROLES for s in org.seats):
            found.append(_finding(org, "error", "org.committee_required",
                                  f"正式党员{org.formal}名，达到{limits.committee_required_at}名，应设立委员会"
                                  f"（{limits.committee_min}至{limits.committee_max}名委员）",
                                  "org.committee_required_at"))
        elif size < limits.committee_min:
            found.append(_finding(org, "warning", "org.committee_size",
                                  f"委员会现有{size}名委员，少于{limits.committee_min}名", "org.committee_min_size"))
        elif size > limits.committee_max:
            found.append(_finding(org, "warning", "org.committee_size",
                                  f"委员会现有{size}名委员，一般不超过{limits.committee_max}名",
                                  "org.committee_max_size"))
    else:
        extra = sorted({SEAT_ROLES.get(s.role, s.role) for s in org.seats
                        if s.role not in LEADER_ROLES | COMMITTEE_EXEMPT_ROLES})
        if extra:
            found.append(_finding(org, "warning", "org.committee_not_needed",
                                  f"正式党员{org.formal}名，不足{limits.committee_required_at}名，不设委员会，"
                                  f"只设书记（可设副书记），现有{'、'.join(extra)}",
                                  "org.committee_required_at"))
    return found


def check_secretary_party_years(org: OrgFacts, limits: OrgLimits, today: date) -> list[Finding]:
    """A 书记 should have at least `secretary_min_years` 党龄 (counted from 转正; 预备期 not counted)."""
    found = []
    for seat in org.seats:
        if seat.role != "secretary":
            continue
        if seat.probationary:
            years, detail = 0, "为预备党员"
        elif seat.confirmed_on is None:
            continue
        else:
            years = years_between(seat.confirmed_on, today)
            detail = f"党龄{years}年（{seat.confirmed_on.year}年{seat.confirmed_on.month}月转正）"
        if years < limits.secretary_min_years:
            found.append(_finding(org, "warning", "org.secretary_party_years",
                                  f"书记{seat.person}{detail}，一般应有{limits.secretary_min_years}年以上党龄",
                                  "org.secretary_min_party_years"))
    return found


# --- terms and elections ----------------------------------------------------------------------


def check_term(org: OrgFacts, limits: OrgLimits, today: date) -> list[Finding]:
    """逾期未换届 after the planned end; 即将到期 within `due_soon_months` (the end day itself included)."""
    if not _has_rules(org):
        return []
    term = org.latest_term
    if term is None:
        return [_finding(org, "info", "term.missing", "未登记届次和任期", None)]
    end = term.planned_end_on
    if end < today:
        return [_finding(org, "error", "term.overdue",
                         f"第{term.number}届任期已于{cn_date(end)}届满，逾期未换届", term.length_setting)]
    if end <= add_months(today, limits.due_soon_months):
        when = "今天" if end == today else f"{cn_date(end)}"
        return [_finding(org, "warning", "term.due_soon",
                         f"第{term.number}届任期将于{when}届满，请做好换届准备", "term.due_soon_months")]
    return []


def check_election(org: OrgFacts, limits: OrgLimits) -> list[Finding]:
    """The latest election: 实到 > quorum% of 应到, each winner > win% of 实到, candidates ≥ seats + surplus%."""
    e = org.latest_election
    if e is None:
        return []
    found = []
    when = f"{cn_date(e.held_on)}选举"
    if e.present * 100 <= e.eligible * limits.quorum_percent:
        found.append(_finding(org, "error", "election.quorum",
                              f"{when}实到{e.present}人，未超过应到{e.eligible}人的{limits.quorum_percent}%，选举无效",
                              "election.quorum_percent"))
    for cand in e.candidates:
        if cand.elected and cand.votes * 100 <= e.present * limits.win_percent:
            found.append(_finding(org, "error", "election.win_votes",
                                  f"{when}当选人{cand.name}得{cand.votes}票，未超过实到{e.present}人的"
                                  f"{limits.win_percent}%，当选无效", "election.win_percent"))
    if len(e.candidates) * 100 < e.seats * (100 + limits.surplus_percent):
        needed = -(-e.seats * (100 + limits.surplus_percent) // 100)
        found.append(_finding(org, "warning", "election.surplus",
                              f"{when}候选人{len(e.candidates)}名，应选{e.seats}名，差额不足{limits.surplus_percent}%"
                              f"（至少应有{needed}名候选人）", "election.surplus_percent"))
    return found


def org_rule_findings(org: OrgFacts, limits: OrgLimits, today: date) -> list[Finding]:
    """Every rule for one org."""
    return [
        *check_min_formal(org, limits), *check_joint_units(org, limits), *check_attached_host(org),
        *check_size(org, limits), *check_committee(org, limits),
        *check_secretary_party_years(org, limits, today), *check_term(org, limits, today),
        *check_election(org, limits),
    ]


def all_rule_findings(orgs: Iterable[OrgFacts], limits: OrgLimits, today: date) -> list[Finding]:
    return sort_findings([f for org in orgs for f in org_rule_findings(org, limits, today)])


# --- provider ---------------------------------------------------------------------------------


def org_findings(session: Session, today: date) -> list[Finding]:
    """Findings for every active org (registered in core/checks.PROVIDERS)."""
    return all_rule_findings(gather_org_facts(session, today), OrgLimits.load(session), today)


def findings_by_org(session: Session, today: date) -> dict[int, list[Finding]]:
    """Findings grouped per org id, for the tree badges, the 提示 tab and the 一览表."""
    result: dict[int, list[Finding]] = {}
    for finding in org_findings(session, today):
        if finding.org_id is not None:
            result.setdefault(finding.org_id, []).append(finding)
    return result

