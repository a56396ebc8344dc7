"""党费 writes: the yearly base, payments (按月 or 补交), 减免, voiding, and 上缴 to the higher level.

Functions take a session and never commit. Bad input raises one Chinese error naming the field and writes
nothing. Audit entries name the member with a masked 公民身份号码 and never the income (it is private).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..common.errors import UserError, ValidationError
from ..common.labels import DUES_BASES, PAYMENT_WAYS, label
from ..common.money import format_yuan
from ..common.textnorm import bounded_text
from ..members.roster import describe
from ..models import DuesBase, DuesPayment, DuesRemittance, DuesWaiver, Member
from ..orgs.queries import get_org, subtree_ids
from ..system import audit
from .rates import DuesRates, default_basis
from .status import member_years

TEXT_MAX = 40


def _member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None or member.deleted_at is not None:
        raise UserError(f"党员（编号 {member_id}）不存在或已删除")
    return member


def _months(first: int, last: int) -> None:
    if not (1 <= first <= 12 and 1 <= last <= 12):
        raise ValidationError("月份", "只能是1至12月")
    if last < first:
        raise ValidationError("月份", "截止月份不能早于起始月份")


def _span(first: int, last: int) -> str:
    return f"{first}月" if first == last else f"{first}—{last}月"


def set_base(session: Session, member_id: int, year: int, *, income_fen: int, basis: str | None = None,
             note: str = "") -> DuesBase:
    """Record (or change) a member's monthly income for `year` and store the amount the year's rates give."""
    member = _member(session, member_id)
    basis = basis or default_basis(member.employment, member.is_hardship)
    if basis not in DUES_BASES:
        raise ValidationError("交纳类别", f"只能是：{'、'.join(DUES_BASES.values())}")
    if basis == "fixed":
        income_fen = 0
    monthly = DuesRates.load(session, year).monthly_fen(basis, income_fen)
    base = session.scalars(select(DuesBase).where(DuesBase.member_id == member_id, DuesBase.year == year)).first()
    if base is None:
        base = DuesBase(member_id=member_id, year=year)
        session.add(base)
    base.basis, base.income_fen, base.monthly_fen, base.note = basis, income_fen, monthly, (note or "").strip()
    session.flush()
    audit.record(session, "update", "dues_base", base.id, f"核定党员 {describe(member)} {year}年党费基数"
                 f"（{label(DUES_BASES, basis)}），每月 {format_yuan(monthly)}")
    return base


@dataclass(frozen=True)
class PaymentInput:
    member_id: int
    year: int
    first_month: int
    last_month: int
    amount_fen: int
    paid_on: date
    way: str = "cash"
    receipt_no: str = ""
    back_pay: bool = False  # 补交: months already past, with reason and approver
    reason: str = ""
    approved_by: str = ""
    note: str = ""


def record_payment(session: Session, data: PaymentInput) -> DuesPayment:
    """One payment for months first..last of a year. A month already paid is refused (void that payment
    first); 补交 needs its reason and who approved it."""
    member = _member(session, data.member_id)
    _months(data.first_month, data.last_month)
    if not 2000 <= data.year <= 2100:
        raise ValidationError("年度", "年份不正确")
    if isinstance(data.amount_fen, bool) or not isinstance(data.amount_fen, int) or data.amount_fen < 0:
        raise ValidationError("金额", "必须是不小于0的金额")
    if data.way not in PAYMENT_WAYS:
        raise ValidationError("交纳方式", f"只能是：{'、'.join(PAYMENT_WAYS.values())}")
    reason = (data.reason or "").strip()
    approved_by = bounded_text(data.approved_by, "审批人", TEXT_MAX, required=data.back_pay)
    if data.back_pay and not reason:
        raise ValidationError("补交原因", "不能为空")
    clash = session.execute(
        select(DuesPayment.first_month, DuesPayment.last_month).where(
            DuesPayment.member_id == member.id, DuesPayment.year == data.year, DuesPayment.voided_at.is_(None),
            DuesPayment.first_month <= data.last_month, DuesPayment.last_month >= data.first_month)).first()
    if clash:
        raise UserError(f"{member.name}{data.year}年{_span(*clash)}的党费已登记，不能重复登记"
                        "（如登记有误，请先作废原记录）")
    payment = DuesPayment(member_id=member.id, org_id=member.org_id, year=data.year, first_month=data.first_month,
                          last_month=data.last_month, amount_fen=data.amount_fen, paid_on=data.paid_on, way=data.way,
                          receipt_no=bounded_text(data.receipt_no, "收据号", TEXT_MAX),
                          kind="back_pay" if data.back_pay else "regular",
                          reason=reason if data.back_pay else "", approved_by=approved_by if data.back_pay else "",
                          note=(data.note or "").strip())
    session.add(payment)
    session.flush()
    what = "补交" if data.back_pay else "交纳"
    audit.record(session, "create", "dues_payment", payment.id,
                 f"党员 {describe(member)} {what}{data.year}年{_span(data.first_month, data.last_month)}党费 "
                 f"{format_yuan(data.amount_fen)}")
    return payment


def record_month(session: Session, member_ids: list[int], year: int, month: int, paid_on: date,
                 way: str = "cash") -> int:
    """Batch entry: each selected member pays `month` at the amount due. Refused whole when any member has
    no base for the year or has that month recorded already."""
    rows = {r.member_id: r for r in member_years(session, year, member_ids=member_ids)}
    missing = [str(i) for i in member_ids if i not in rows]
    if missing:
        raise UserError(f"党员（编号 {'、'.join(missing)}）不存在、已删除或党籍不正常")
    no_base = [r.name for r in rows.values() if r.due_fen(month) is None]
    if no_base:
        raise UserError(f"以下党员尚未核定{year}年党费基数：{'、'.join(no_base[:10])}"
                        + ("等" if len(no_base) > 10 else ""))
    done = [r.name for r in rows.values() if month in r.paid]
    if done:
        raise UserError(f"以下党员{year}年{month}月的党费已登记：{'、'.join(done[:10])}"
                        + ("等" if len(done) > 10 else ""))
    for member_id in member_ids:
        record_payment(session, PaymentInput(member_id, year, month, month, rows[member_id].due_fen(month) or 0,
                                             paid_on, way))
    return len(member_ids)


def _payment(session: Session, payment_id: int) -> DuesPayment:
    payment = session.get(DuesPayment, payment_id)
    if payment is None:
        raise UserError(f"党费记录（编号 {payment_id}）不存在")
    session.refresh(payment)  # a 上缴 in this session marks payments by a bulk UPDATE
    return payment


def void_payment(session: Session, payment_id: int) -> DuesPayment:
    """Mark a payment entered by mistake as 作废: kept and printed, no longer counted. Refused once remitted."""
    payment = _payment(session, payment_id)
    if payment.remittance_id is not None:
        raise UserError("该笔党费已上缴，不能作废")
    if payment.voided_at is None:
        payment.voided_at = datetime.now()
        audit.record(session, "void", "dues_payment", payment.id,
                     f"作废党员 {describe(_member(session, payment.member_id))} {payment.year}年"
                     f"{_span(payment.first_month, payment.last_month)}党费 {format_yuan(payment.amount_fen)}")
    return payment


def unvoid_payment(session: Session, payment_id: int) -> DuesPayment:
    payment = _payment(session, payment_id)
    if payment.voided_at is not None:
        clash = session.scalar(select(func.count()).where(
            DuesPayment.member_id == payment.member_id, DuesPayment.year == payment.year, DuesPayment.id != payment.id,
            DuesPayment.voided_at.is_(None), DuesPayment.first_month <= payment.last_month,
            DuesPayment.last_month >= payment.first_month))
        if clash:
            raise UserError("这些月份已另有交纳记录，不能恢复该笔记录")
        payment.voided_at = None
        audit.record(session, "unvoid", "dues_payment", payment.id, "恢复已作废的党费记录")
    return payment


@dataclass(frozen=True)
class WaiverInput:
    member_id: int
    year: int
    first_month: int
    last_month: int
    monthly_fen: int  # what each month owes instead; 0 = 免交
    reason: str
    approved_by: str
    approved_on: date


def add_waiver(session: Session, data: WaiverInput) -> DuesWaiver:
    """减免 for months of a year, with reason and approval. Overlapping 减免 are refused."""
    member = _member(session, data.member_id)
    _months(data.first_month, data.last_month)
    if isinstance(data.monthly_fen, bool) or not isinstance(data.monthly_fen, int) or data.monthly_fen < 0:
        raise ValidationError("减免后每月金额", "必须是不小于0的金额")
    reason = (data.reason or "").strip()
    if not reason:
        raise ValidationError("减免原因", "不能为空")
    approved_by = bounded_text(data.approved_by, "审批人", TEXT_MAX, required=True)
    overlap = session.scalar(select(func.count()).where(
        DuesWaiver.member_id == member.id, DuesWaiver.year == data.year,
        DuesWaiver.first_month <= data.last_month, DuesWaiver.last_month >= data.first_month))
    if overlap:
        raise UserError(f"{member.name}{data.year}年{_span(data.first_month, data.last_month)}已有减免记录")
    waiver = DuesWaiver(member_id=member.id, year=data.year, first_month=data.first_month,
                        last_month=data.last_month, monthly_fen=data.monthly_fen, reason=reason,
                        approved_by=approved_by, approved_on=data.approved_on)
    session.add(waiver)
    session.flush()
    what = "免交" if data.monthly_fen == 0 else f"减为每月 {format_yuan(data.monthly_fen)}"
    audit.record(session, "create", "dues_waiver", waiver.id,
                 f"党员 {describe(member)} {data.year}年{_span(data.first_month, data.last_month)}党费{what}")
    return waiver


def remove_waiver(session: Session, waiver_id: int) -> None:
    waiver = session.get(DuesWaiver, waiver_id)
    if waiver is None:
        raise UserError(f"减免记录（编号 {waiver_id}）不存在")
    audit.record(session, "delete", "dues_waiver", waiver.id,
                 f"删除党员 {describe(_member(session, waiver.member_id))} {waiver.year}年"
                 f"{_span(waiver.first_month, waiver.last_month)}的党费减免")
    session.delete(waiver)


@dataclass(frozen=True)
class RemittanceInput:
    org_id: int
    collected_until: date  # payments made up to and including this day
    remitted_on: date
    receiver: str  # 接收单位, e.g. the 街道党工委 or the 县委组织部
    receipt_no: str = ""
    handled_by: str = ""
    note: str = ""


def unremitted(session: Session, org_id: int, collected_until: date) -> list:
    """Conditions for the live payments collected in `org_id`'s subtree up to a day and not remitted yet."""
    return [DuesPayment.org_id.in_(subtree_ids(session, org_id)), DuesPayment.remittance_id.is_(None),
            DuesPayment.voided_at.is_(None), DuesPayment.paid_on <= collected_until]


def remit(session: Session, data: RemittanceInput) -> DuesRemittance:
    """上缴: every payment of the org's subtree collected up to the day and not remitted yet goes up in one
    remittance whose amount is their sum (so the voucher always equals the payments it carries). The
    payments are selected by the same conditions, not by a list of ids: a 街道's year is 100,000s of them."""
    org = get_org(session, data.org_id)
    receiver = bounded_text(data.receiver, "接收单位", TEXT_MAX, required=True)
    pending = unremitted(session, org.id, data.collected_until)
    count, total = session.execute(select(func.count(), func.coalesce(func.sum(DuesPayment.amount_fen), 0))
                                   .where(*pending)).one()
    if not count or total == 0:
        raise UserError(f"{org.name}截至{data.collected_until:%Y-%m-%d}没有待上缴的党费")
    if data.remitted_on < data.collected_until:
        raise ValidationError("上缴日期", "不能早于收缴截止日期")
    remittance = DuesRemittance(org_id=org.id, remitted_on=data.remitted_on, collected_until=data.collected_until,
                                amount_fen=total, receiver=receiver,
                                receipt_no=bounded_text(data.receipt_no, "收据号", TEXT_MAX),
                                handled_by=bounded_text(data.handled_by, "经手人", TEXT_MAX),
                                note=(data.note or "").strip())
    session.add(remittance)
    session.flush()
    session.execute(update(DuesPayment).where(*pending).values(remittance_id=remittance.id),
                    execution_options={"synchronize_session": False})
    audit.record(session, "create", "dues_remittance", remittance.id,
                 f"{org.name}向{receiver}上缴党费 {format_yuan(total)}"
                 f"（{count}笔，收缴至{data.collected_until:%Y-%m-%d}）")
    return remittance
