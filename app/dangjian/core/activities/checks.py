"""活动 findings for `dangjian check` and the 活动 page: 三会一课 frequency per org (settings
activity.frequency.*), held meetings without minutes or attendance, planned dates passed without a held
record, 经费 spent without or beyond approval, attachment files missing or altered."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import Integer, and_, cast, exists, func, select
from sqlalchemy.orm import Session

from ..budgets.ledger import live_spending
from ..common.findings import Finding
from ..common.labels import ACTIVITY_TYPES
from ..common.money import format_yuan
from ..models import Activity, ActivityOrg, CommitteeSeat, Expenditure, Organisation
from ..system import settings
from .attachments import verify_attachments
from .attendance import attendance_counts

MEETING_TYPES = ("party_congress", "committee_meeting", "group_meeting", "party_lecture", "theme_day",
                 "life_meeting", "member_review")
MINUTES_TYPES = frozenset(MEETING_TYPES) | {"joint_meeting"}
PERIODS = {"monthly": 12, "quarterly": 4, "half_yearly": 2, "yearly": 1}  # periods per year


@dataclass(frozen=True)
class ActivityFinding:
    finding: Finding
    activity_id: int | None  # None for per-org frequency findings


def activity_findings(session: Session, today: date) -> list[Finding]:
    """Provider for core.checks."""
    return [item.finding for item in detailed_findings(session, today)]


def detailed_findings(session: Session, today: date) -> list[ActivityFinding]:
    return [*_frequency(session, today), *_records(session, today), *_funds(session), *_attachments(session)]


def _period_of(month: int, per_year: int) -> int:
    return (month - 1) * per_year // 12


def _period_name(year: int, period: int, per_year: int) -> str:
    if per_year == 12:
        return f"{period + 1}月"
    if per_year == 4:
        return f"第{period + 1}季度"
    if per_year == 2:
        return "上半年" if period == 0 else "下半年"
    return f"{year}年"


def _required_orgs(session: Session, kind: str, today: date) -> dict[int, str]:
    """Orgs a meeting type applies to: 党小组会 → 党小组; 支委会 → orgs with a committee (≥2 seats now);
    the others → every 党委/党总支/党支部. Revoked and deleted orgs are left out."""
    live = (Organisation.deleted_at.is_(None), Organisation.status == "active")
    query = select(Organisation.id, Organisation.name).where(*live)
    if kind == "group_meeting":
        query = query.where(Organisation.kind == "group")
    else:
        query = query.where(Organisation.kind.in_(("party_committee", "general_branch", "branch")))
    if kind == "committee_meeting":
        seats = (select(func.count()).where(CommitteeSeat.org_id == Organisation.id, CommitteeSeat.started_on <= today,
                                            (CommitteeSeat.ended_on.is_(None)) | (CommitteeSeat.ended_on >= today))
                 .scalar_subquery())
        query = query.where(seats >= 2)
    return dict(session.execute(query).all())


class PeriodGap(NamedTuple):
    kind: str  # meeting type
    frequency: str
    per_year: int
    org_id: int
    org: str
    elapsed: int  # periods of the year that are over
    missing: list[int]  # of those, the periods without a held meeting


def period_gaps(session: Session, year: int, today: date) -> Iterator[PeriodGap]:
    """Per meeting type and org it applies to: the year's periods that are over and those without a held
    meeting. A past year is over entirely; the current period of this year is still open."""
    held_when = func.coalesce(Activity.actual_start, Activity.planned_start)
    held = session.execute(
        select(ActivityOrg.org_id, Activity.activity_type, cast(func.strftime("%m", held_when), Integer))
        .join(Activity, Activity.id == ActivityOrg.activity_id)
        .where(Activity.deleted_at.is_(None), Activity.status == "held",
               func.strftime("%Y", held_when) == str(year))).all()
    day = min(today, date(year, 12, 31))
    for kind in MEETING_TYPES:
        frequency = settings.get(session, f"activity.frequency.{kind}", year)
        per_year = PERIODS.get(frequency)
        if per_year is None:
            continue
        elapsed = per_year if year < today.year else _period_of(today.month, per_year) if year == today.year else 0
        if elapsed == 0:
            continue
        done = {(org, _period_of(month, per_year)) for org, k, month in held if k == kind}
        for org_id, name in _required_orgs(session, kind, day).items():
            yield PeriodGap(kind, frequency, per_year, org_id, name, elapsed,
                            [p for p in range(elapsed) if (org_id, p) not in done])


def meeting_completion(session: Session, year: int, today: date) -> dict[int, tuple[int, int]]:
    """org id → (periods with the required meeting held, periods required) over every meeting type, for the
    periods of `year` that are over (三会一课完成率)."""
    result: dict[int, tuple[int, int]] = {}
    for gap in period_gaps(session, year, today):
        held, required = result.get(gap.org_id, (0, 0))
        result[gap.org_id] = (held + gap.elapsed - len(gap.missing), required + gap.elapsed)
    return result


def _frequency(session: Session, today: date) -> list[ActivityFinding]:
    """Per org and meeting type: the elapsed periods of this year with no held meeting of that type."""
    year = today.year
    result = []
    for gap in period_gaps(session, year, today):
        if gap.missing:
            periods = "、".join(_period_name(year, p, gap.per_year) for p in gap.missing)
            message = (f"{ACTIVITY_TYPES[gap.kind]}应{settings.FREQUENCIES[gap.frequency]}至少召开一次，"
                       f"{year}年{periods}没有召开记录")
            key = f"activity.frequency.{gap.kind}"
            result.append(ActivityFinding(Finding("warning", key, message, gap.org_id, gap.org, key), None))
    return result


def _records(session: Session, today: date) -> list[ActivityFinding]:
    rows = session.execute(
        select(Activity.id, Activity.activity_type, Activity.title, Activity.planned_start, Activity.status,
               Activity.content, Activity.resolution, Organisation.id, Organisation.name)
        .join(ActivityOrg, and_(ActivityOrg.activity_id == Activity.id, ActivityOrg.position == 0))
        .join(Organisation, Organisation.id == ActivityOrg.org_id)
        .where(Activity.deleted_at.is_(None), Activity.status != "cancelled",
               Activity.planned_start >= datetime(today.year - 1, 1, 1),
               Activity.planned_start < datetime.combine(today, datetime.min.time()))).all()
    counts = attendance_counts(session, Activity.id.in_([r[0] for r in rows if r[4] == "held"]))
    result = []
    for activity_id, kind, title, start, status, content, resolution, org_id, org_name in rows:
        what = f"{start:%Y-%m-%d}{ACTIVITY_TYPES.get(kind, '')}“{title}”"
        if status == "planned":
            result.append(ActivityFinding(Finding("warning", "activity.not_held",
                                                  f"{what}计划日期已过，尚无召开记录（请登记召开情况或取消）",
                                                  org_id, org_name), activity_id))
            continue
        if kind in MINUTES_TYPES and (not content.strip() or not resolution.strip()):
            missing = "、".join(t for t, v in (("会议内容", content), ("决议", resolution)) if not v.strip())
            result.append(ActivityFinding(Finding("warning", "activity.missing_minutes",
                                                  f"{what}已召开，会议记录缺少{missing}", org_id, org_name),
                                          activity_id))
        tally = counts.get(activity_id)
        if tally is None or tally.present == 0:
            result.append(ActivityFinding(Finding("warning", "activity.missing_attendance",
                                                  f"{what}已召开，未登记出席情况", org_id, org_name), activity_id))
    return result


def _funds(session: Session) -> list[ActivityFinding]:
    spent = (select(func.sum(Expenditure.amount_fen)).where(Expenditure.activity_id == Activity.id,
                                                            *live_spending()).scalar_subquery())
    rows = session.execute(
        select(Activity.id, Activity.title, Activity.approved_fen, spent, Organisation.id, Organisation.name)
        .join(ActivityOrg, and_(ActivityOrg.activity_id == Activity.id, ActivityOrg.position == 0))
        .join(Organisation, Organisation.id == ActivityOrg.org_id)
        .where(Activity.deleted_at.is_(None),
               exists().where(Expenditure.activity_id == Activity.id, *live_spending()))).all()
    result = []
    for activity_id, title, approved, total, org_id, org_name in rows:
        if approved is None:
            result.append(ActivityFinding(Finding(
                "warning", "activity.unapproved_spending",
                f"活动“{title}”未经审批已报销 {format_yuan(total)}，请补办经费审批", org_id, org_name), activity_id))
        elif total > approved:
            result.append(ActivityFinding(Finding(
                "error", "activity.over_approved",
                f"活动“{title}”已报销 {format_yuan(total)}，超过批准金额 {format_yuan(approved)}",
                org_id, org_name, "activity.approval_threshold"), activity_id))
    return result


def _attachments(session: Session) -> list[ActivityFinding]:
    words = {"missing": "文件已丢失", "altered": "文件已被改动（内容校验不符）"}
    return [ActivityFinding(Finding("error", f"activity.attachment_{row.problem}",
                                    f"活动“{title}”的附件“{row.filename}”{words[row.problem]}，请从备份恢复或重新添加"),
                            row.activity_id) for row, title in verify_attachments(session)]
