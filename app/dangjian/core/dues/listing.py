"""党费 lists the page and the printouts share: one member's payments, the payments of a month, the
remittances of an org and what one remittance carries. Reads only; amounts are integer 分."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..common.errors import UserError
from ..models import DuesPayment, DuesRemittance, DuesWaiver, Member, Organisation
from ..orgs.queries import subtree_ids


@dataclass(frozen=True)
class PaymentRow:
    id: int
    member_id: int
    name: str
    org: str
    year: int
    first_month: int
    last_month: int
    amount_fen: int
    paid_on: date
    way: str
    receipt_no: str
    kind: str
    reason: str
    approved_by: str
    remittance_id: int | None
    voided_at: datetime | None
    note: str

    @property
    def months(self) -> str:
        if self.first_month == self.last_month:
            return f"{self.first_month}月"
        return f"{self.first_month}—{self.last_month}月"


def _payments_query():
    return (select(DuesPayment.id, DuesPayment.member_id, Member.name, Organisation.name, DuesPayment.year,
                   DuesPayment.first_month, DuesPayment.last_month, DuesPayment.amount_fen, DuesPayment.paid_on,
                   DuesPayment.way, DuesPayment.receipt_no, DuesPayment.kind, DuesPayment.reason,
                   DuesPayment.approved_by, DuesPayment.remittance_id, DuesPayment.voided_at, DuesPayment.note)
            .join(Member, Member.id == DuesPayment.member_id)
            .join(Organisation, Organisation.id == DuesPayment.org_id))


def member_payments(session: Session, member_id: int, year: int) -> list[PaymentRow]:
    """Every payment of a member for a year, voided ones included (they are shown struck out)."""
    query = (_payments_query().where(DuesPayment.member_id == member_id, DuesPayment.year == year)
             .order_by(DuesPayment.first_month, DuesPayment.id))
    return [PaymentRow(*r) for r in session.execute(query)]


def month_payments(session: Session, year: int, month: int, member_ids: list[int]) -> dict[int, PaymentRow]:
    """The live payment covering `month` of `year` for each of the members who have one."""
    query = _payments_query().where(DuesPayment.year == year, DuesPayment.voided_at.is_(None),
                                    DuesPayment.first_month <= month, DuesPayment.last_month >= month)
    wanted = set(member_ids)
    rows = (PaymentRow(*r) for r in session.execute(query))
    return {row.member_id: row for row in rows if row.member_id in wanted}


@dataclass(frozen=True)
class WaiverRow:
    id: int
    first_month: int
    last_month: int
    monthly_fen: int
    reason: str
    approved_by: str
    approved_on: date


def member_waivers(session: Session, member_id: int, year: int) -> list[WaiverRow]:
    query = (select(DuesWaiver.id, DuesWaiver.first_month, DuesWaiver.last_month, DuesWaiver.monthly_fen,
                    DuesWaiver.reason, DuesWaiver.approved_by, DuesWaiver.approved_on)
             .where(DuesWaiver.member_id == member_id, DuesWaiver.year == year).order_by(DuesWaiver.first_month))
    return [WaiverRow(*r) for r in session.execute(query)]


@dataclass(frozen=True)
class RemittanceRow:
    id: int
    org_id: int
    org: str
    remitted_on: date
    collected_until: date
    amount_fen: int
    receiver: str
    receipt_no: str
    handled_by: str
    note: str
    payments: int


def remittances(session: Session, org_id: int | None = None, year: int | None = None,
                remittance_id: int | None = None) -> list[RemittanceRow]:
    """上缴 records (of `org_id`'s subtree, made in `year`), newest first."""
    count = (select(func.count()).where(DuesPayment.remittance_id == DuesRemittance.id)
             .correlate(DuesRemittance).scalar_subquery())
    query = (select(DuesRemittance.id, DuesRemittance.org_id, Organisation.name, DuesRemittance.remitted_on,
                    DuesRemittance.collected_until, DuesRemittance.amount_fen, DuesRemittance.receiver,
                    DuesRemittance.receipt_no, DuesRemittance.handled_by, DuesRemittance.note, count)
             .join(Organisation, Organisation.id == DuesRemittance.org_id)
             .order_by(DuesRemittance.remitted_on.desc(), DuesRemittance.id.desc()))
    if org_id is not None:
        query = query.where(DuesRemittance.org_id.in_(subtree_ids(session, org_id)))
    if year is not None:
        query = query.where(DuesRemittance.remitted_on.between(date(year, 1, 1), date(year, 12, 31)))
    if remittance_id is not None:
        query = query.where(DuesRemittance.id == remittance_id)
    return [RemittanceRow(*r) for r in session.execute(query)]


def get_remittance(session: Session, remittance_id: int) -> RemittanceRow:
    rows = remittances(session, remittance_id=remittance_id)
    if not rows:
        raise UserError(f"上缴记录（编号 {remittance_id}）不存在")
    return rows[0]


@dataclass(frozen=True)
class RemittedGroup:
    """Payments of one org and one year inside a remittance."""

    org: str
    year: int
    first_month: int
    last_month: int
    payments: int
    members: int
    amount_fen: int


def remittance_breakdown(session: Session, remittance_id: int) -> list[RemittedGroup]:
    query = (select(Organisation.name, DuesPayment.year, func.min(DuesPayment.first_month),
                    func.max(DuesPayment.last_month), func.count(), func.count(DuesPayment.member_id.distinct()),
                    func.sum(DuesPayment.amount_fen))
             .join(Organisation, Organisation.id == DuesPayment.org_id)
             .where(DuesPayment.remittance_id == remittance_id)
             .group_by(Organisation.id, DuesPayment.year)
             .order_by(Organisation.sort_order, Organisation.name, DuesPayment.year))
    return [RemittedGroup(*r) for r in session.execute(query)]
