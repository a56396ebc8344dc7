"""党费 findings: members with a run of unpaid months at the 党章 limit, members without a base for this
year, and payments that disagree with the amount their base gives. Silent until the office keeps dues
here at all, and months before its first record never count as unpaid."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..common.findings import Finding
from ..common.money import format_yuan
from ..models import DuesBase, DuesPayment, Member, Organisation
from ..system import settings
from .status import MemberYear, covered_months, member_years, unpaid_run

LOOKBACK_YEARS = 3


def _tracking_start(session: Session) -> date | None:
    """The first month the office recorded dues in: a base's January or a payment's first month."""
    base_year = session.scalar(select(func.min(DuesBase.year)))
    first_paid = session.execute(select(DuesPayment.year, DuesPayment.first_month)
                                 .order_by(DuesPayment.year, DuesPayment.first_month).limit(1)).first()
    starts = [date(base_year, 1, 1)] if base_year else []
    if first_paid:
        starts.append(date(first_paid[0], first_paid[1], 1))
    return min(starts) if starts else None


def dues_findings(session: Session, today: date) -> list[Finding]:
    start = _tracking_start(session)
    if start is None or start > today:
        return []
    this_year = member_years(session, today.year)  # read once: the base and amount checks both need it
    return [*_unpaid_runs(session, today, start), *_missing_bases(session, today, this_year),
            *_amounts(session, today, this_year)]


def _unpaid_runs(session: Session, today: date, start: date) -> list[Finding]:
    limit = settings.get(session, "dues.max_unpaid_months")
    members = session.execute(
        select(Member.id, Member.name, Member.joined_on, Member.org_id, Organisation.name)
        .join(Organisation, Organisation.id == Member.org_id)
        .where(Member.deleted_at.is_(None), Member.party_status == "normal")).all()
    covered = covered_months(session, [m[0] for m in members], max(start.year, today.year - LOOKBACK_YEARS),
                             today.year)
    last = date(today.year, today.month, 1) - timedelta(days=1)
    findings = []
    for member_id, name, joined_on, org_id, org in members:
        since = max(start, joined_on) if joined_on else start
        run = unpaid_run(covered.get(member_id, set()), since, today)
        if run >= limit:
            findings.append(Finding("warning", "dues.unpaid_months",
                                    f"{name}已连续{run}个月未交纳党费（截至{last.year}年{last.month}月），"
                                    "请了解情况、督促交纳；无正当理由连续六个月不交纳的按党章规定处理",
                                    org_id, org, "dues.max_unpaid_months"))
    return findings


def _missing_bases(session: Session, today: date, this_year: list[MemberYear]) -> list[Finding]:
    if not session.scalar(select(func.count()).select_from(DuesBase).where(DuesBase.year == today.year)):
        return []  # this year's bases not started: one reminder would only repeat the 党费 page
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for row in this_year:
        if row.base_monthly_fen is None:
            counts[(row.org_id, row.org)] += 1
    return [Finding("info", "dues.missing_base", f"{n}名党员未核定{today.year}年党费交纳基数", org_id, org)
            for (org_id, org), n in counts.items()]


def _amounts(session: Session, today: date, this_year: list[MemberYear]) -> list[Finding]:
    """A 按月 payment below what its months are due is a warning; above it, a note (自愿多交 is allowed)."""
    findings = []
    for year in (today.year - 1, today.year):
        rows = {r.member_id: r for r in (this_year if year == today.year else member_years(session, year))}
        payments = session.execute(
            select(DuesPayment.member_id, DuesPayment.first_month, DuesPayment.last_month, DuesPayment.amount_fen)
            .where(DuesPayment.year == year, DuesPayment.kind == "regular", DuesPayment.voided_at.is_(None)))
        for member_id, first, last, amount in payments:
            row = rows.get(member_id)
            due = [row.due_fen(m) for m in range(first, last + 1)] if row else [None]
            if None in due or amount == sum(due):
                continue
            expected = sum(due)
            months = f"{first}月" if first == last else f"{first}—{last}月"
            if amount < expected:
                findings.append(Finding("warning", "dues.amount_short",
                                        f"{row.name}{year}年{months}党费交纳 {format_yuan(amount)}，按基数应交 "
                                        f"{format_yuan(expected)}，少交 {format_yuan(expected - amount)}",
                                        row.org_id, row.org))
            else:
                findings.append(Finding("info", "dues.amount_over",
                                        f"{row.name}{year}年{months}党费交纳 {format_yuan(amount)}，多于按基数应交的 "
                                        f"{format_yuan(expected)}（自愿多交的请在备注中注明）", row.org_id, row.org))
    return findings
