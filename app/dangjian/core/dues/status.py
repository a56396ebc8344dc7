"""Who owes what: each member's months of a year as 已交 / 免交 / 未交 / —, what each month is due, and the
runs of unpaid months the 党章 rule looks at. Reads only; every figure is an integer 分."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import DuesBase, DuesPayment, DuesWaiver, Member, Organisation
from ..orgs.queries import subtree_ids

MONTHS = range(1, 13)


@dataclass(frozen=True)
class Waiver:
    first_month: int
    last_month: int
    monthly_fen: int

    def covers(self, month: int) -> bool:
        return self.first_month <= month <= self.last_month


@dataclass(slots=True)
class MemberYear:
    """One member's dues for one year, as the month grid and the reports show it."""

    member_id: int
    name: str
    id_number: str
    org_id: int
    org: str
    category: str
    joined_on: date | None
    base_monthly_fen: int | None = None  # None: no base for the year yet (未核定)
    basis: str = ""
    income_fen: int = 0
    waivers: list[Waiver] = field(default_factory=list)
    paid: dict[int, int] = field(default_factory=dict)  # month -> 分 paid for it (a payment spread evenly)
    paid_fen: int = 0
    back_paid_fen: int = 0

    def first_due_month(self, year: int) -> int | None:
        """Dues start in the month of 入党; None when the member joined after this year."""
        if self.joined_on is None or self.joined_on.year < year:
            return 1
        return self.joined_on.month if self.joined_on.year == year else None

    def due_fen(self, month: int) -> int | None:
        """What `month` is due (a 减免 overrides the base); None when no base is recorded."""
        for waiver in self.waivers:
            if waiver.covers(month):
                return waiver.monthly_fen
        return self.base_monthly_fen

    def state(self, year: int, month: int, until: int) -> str:
        """labels.DUES_MONTH_STATES code for `month`, counting months after `until` as not yet due."""
        if month in self.paid:
            return "paid"
        first = self.first_due_month(year)
        if first is None or month < first or month > until:
            return "not_due"
        return "waived" if self.due_fen(month) == 0 else "due"

    def expected_fen(self, year: int, until: int = 12) -> int:
        """应交 for months first-due..until (months without a base count 0: nobody can owe an unknown sum)."""
        first = self.first_due_month(year)
        if first is None:
            return 0
        return sum(self.due_fen(m) or 0 for m in range(first, until + 1))

    def unpaid_months(self, year: int, until: int) -> list[int]:
        return [m for m in MONTHS if self.state(year, m, until) == "due"]


def spread(amount_fen: int, first: int, last: int) -> dict[int, int]:
    """A payment for months first..last as 分 per month: even shares, the odd 分 to the earliest months,
    so the months always add up to the payment."""
    share, extra = divmod(amount_fen, last - first + 1)
    return {month: share + (1 if n < extra else 0) for n, month in enumerate(range(first, last + 1))}


def last_due_month(year: int, today: date) -> int:
    """The last month of `year` whose collection is over by `today`: December for a past year, last month
    in the current one (this month is still being collected: it shows as — until paid, never as 未交)."""
    if year < today.year:
        return 12
    return today.month - 1 if year == today.year else 0


def member_years(session: Session, year: int, org_id: int | None = None,
                 member_ids: Iterable[int] | None = None) -> list[MemberYear]:
    """Every live member in good standing (of `org_id`'s subtree, or the given ids) with the year's base,
    waivers and payments; in org order, then by name. Four set-based queries, whatever the roster size:
    the bases, waivers and payments are chosen by the members' conditions as a subquery, never by a
    list of 100,000 ids."""
    conditions = [Member.deleted_at.is_(None), Member.party_status == "normal"]
    if org_id is not None:
        conditions.append(Member.org_id.in_(subtree_ids(session, org_id)))
    if member_ids is not None:
        conditions.append(Member.id.in_(list(member_ids)))
    query = (select(Member.id, Member.name, Member.id_number, Member.org_id, Organisation.name, Member.category,
                    Member.joined_on)
             .join(Organisation, Organisation.id == Member.org_id).where(*conditions)
             .order_by(Organisation.sort_order, Organisation.name, Member.name_initials, Member.id))
    connection = session.connection()  # plain rows: the ORM's per-row work would double the time at 100,000
    rows = {r[0]: MemberYear(*r) for r in connection.execute(query)}
    if not rows:
        return []
    scope = select(Member.id).where(*conditions)
    for member_id, basis, income, monthly in connection.execute(
            select(DuesBase.member_id, DuesBase.basis, DuesBase.income_fen, DuesBase.monthly_fen)
            .where(DuesBase.year == year, DuesBase.member_id.in_(scope))):
        row = rows[member_id]
        row.basis, row.income_fen, row.base_monthly_fen = basis, income, monthly
    for member_id, first, last, monthly in connection.execute(
            select(DuesWaiver.member_id, DuesWaiver.first_month, DuesWaiver.last_month, DuesWaiver.monthly_fen)
            .where(DuesWaiver.year == year, DuesWaiver.member_id.in_(scope)).order_by(DuesWaiver.id)):
        rows[member_id].waivers.append(Waiver(first, last, monthly))
    for member_id, first, last, amount, kind in connection.execute(
            select(DuesPayment.member_id, DuesPayment.first_month, DuesPayment.last_month, DuesPayment.amount_fen,
                   DuesPayment.kind)
            .where(DuesPayment.year == year, DuesPayment.member_id.in_(scope), DuesPayment.voided_at.is_(None))):
        row = rows[member_id]
        paid = row.paid
        if first == last:  # most payments: one month, no spreading
            paid[first] = paid.get(first, 0) + amount
        else:
            for month, share in spread(amount, first, last).items():
                paid[month] = paid.get(month, 0) + share
        row.paid_fen += amount
        if kind == "back_pay":
            row.back_paid_fen += amount
    return list(rows.values())


def covered_months(session: Session, member_ids: list[int], first_year: int, last_year: int
                   ) -> dict[int, set[tuple[int, int]]]:
    """(year, month) pairs each member has paid or is fully excused from (减免 to 0), over the years given."""
    covered: dict[int, set[tuple[int, int]]] = defaultdict(set)
    paid = (select(DuesPayment.member_id, DuesPayment.year, DuesPayment.first_month, DuesPayment.last_month)
            .where(DuesPayment.voided_at.is_(None), DuesPayment.year.between(first_year, last_year)))
    excused = (select(DuesWaiver.member_id, DuesWaiver.year, DuesWaiver.first_month, DuesWaiver.last_month)
               .where(DuesWaiver.monthly_fen == 0, DuesWaiver.year.between(first_year, last_year)))
    wanted = set(member_ids)
    for query in (paid, excused):
        for member_id, year, first, last in session.execute(query):
            if member_id in wanted:
                covered[member_id].update((year, m) for m in range(first, last + 1))
    return covered


def unpaid_run(covered: set[tuple[int, int]], joined_on: date | None, today: date, limit: int = 36) -> int:
    """Consecutive months with nothing paid and nothing excused, counted back from last month (this month
    is still being collected) to the month of 入党 (at most `limit`)."""
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    start = (joined_on.year, joined_on.month) if joined_on else (0, 0)
    run = 0
    while run < limit and (year, month) >= start and (year, month) not in covered:
        run += 1
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return run
