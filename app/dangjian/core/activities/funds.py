"""活动经费 from request to reimbursement: 经费申请 → 审批 (街道 above a threshold) → 报销 in the ledger.

Expenditures booked here are ordinary ledger rows (`ledger.record_expenditure`) carrying `activity_id`, so
the 经费 page, its reports and this panel read the same rows. Spending beyond the approved amount is
refused; the explicit way to spend more is a new approval of a higher amount (recorded and audited).
Spending with no approval is allowed (bills arrive late) but flagged by `activities.checks`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from ..budgets.ledger import ExpenditureInput, LedgerFilter, record_expenditure, spent_total
from ..budgets.standards import amount_fen, get_category, parse_day
from ..common.errors import UserError, ValidationError
from ..common.labels import APPROVAL_LEVELS
from ..common.money import Money, format_yuan
from ..models import Expenditure
from ..system import audit, settings
from .lookup import describe, get_activity


def approval_threshold(session: Session, year: int) -> int:
    """分 above which the 街道党工委 must approve (setting activity.approval_threshold, yearly)."""
    return int(settings.get(session, "activity.approval_threshold", year))


def request_funds(session: Session, activity_id: int, *, category_id: int, amount: str | int, plan: str,
                  requested_on: date | str | None = None) -> None:
    """Record or change the 经费申请. Changing it after approval withdraws the approval (it must be redone)."""
    activity = get_activity(session, activity_id)
    category = get_category(session, category_id)
    fen = amount_fen(amount, "申请金额")
    if fen <= 0:
        raise ValidationError("申请金额", "应大于零")
    plan = (plan or "").strip()
    if not plan:
        raise ValidationError("活动方案", "请填写活动方案及预算说明")
    day = parse_day(requested_on or activity.planned_start.date(), "申请日期")
    withdrawn = activity.approved_fen is not None and (fen, category.id) != (activity.requested_fen,
                                                                            activity.fund_category_id)
    activity.fund_category_id, activity.requested_fen, activity.fund_plan, activity.requested_on = (
        category.id, fen, plan, day)
    note = ""
    if withdrawn:
        activity.approved_fen, activity.approver, activity.approved_on = None, "", None
        activity.approval_opinion, activity.approval_level = "", ""
        note = "（原审批已撤回，需重新审批）"
    audit.record(session, "fund_request", "activity", activity.id,
                 f"{describe(activity)}申请经费 {format_yuan(fen)}（{category.name}）{note}")


def approve_funds(session: Session, activity_id: int, *, approver: str, approved_on: date | str,
                  amount: str | int, level: str, opinion: str = "") -> None:
    """Record the approval. Above the threshold only a 街道党工委 approval is accepted."""
    activity = get_activity(session, activity_id)
    if not activity.requested_fen:
        raise UserError("该活动还没有经费申请，请先填写申请")
    approver = (approver or "").strip()
    if not approver:
        raise ValidationError("审批人", "不能为空")
    if level not in APPROVAL_LEVELS or not level:
        raise ValidationError("审批层级", "请选择党组织审批或街道党工委审批")
    day = parse_day(approved_on, "审批日期")
    fen = amount_fen(amount, "批准金额")
    if fen <= 0:
        raise ValidationError("批准金额", "应大于零；不批准请在意见中说明并不登记审批")
    if fen > activity.requested_fen:
        raise ValidationError("批准金额", f"{format_yuan(fen)} 超过申请金额 {format_yuan(activity.requested_fen)}")
    threshold = approval_threshold(session, day.year)
    if level != "street" and fen > threshold:
        raise ValidationError("审批层级", f"批准金额 {format_yuan(fen)} 超过 {format_yuan(threshold)}，"
                                       "须由街道党工委审批")
    spent = spent_total(session, Expenditure.activity_id == activity.id)
    if fen < spent:
        raise ValidationError("批准金额", f"低于已报销的 {format_yuan(spent)}")
    activity.approved_fen, activity.approver, activity.approved_on = fen, approver, day
    activity.approval_opinion, activity.approval_level = (opinion or "").strip(), level
    audit.record(session, "fund_approve", "activity", activity.id,
                 f"{describe(activity)}经费由{APPROVAL_LEVELS[level]}批准 {format_yuan(fen)}（审批人 {approver}）")


@dataclass
class ExpenseInput:
    spent_on: date | str
    amount: str | int
    purpose: str
    handler: str = ""
    voucher_no: str = ""
    org_id: int | None = None  # default: the organising org
    category_id: int | None = None  # default: the request's category


def book_expense(session: Session, activity_id: int, data: ExpenseInput) -> Expenditure:
    """Book a 报销 against the activity as an ordinary ledger row. Refused beyond the approved amount."""
    activity = get_activity(session, activity_id)
    category_id = data.category_id or activity.fund_category_id
    if category_id is None:
        raise ValidationError("经费类别", "请选择，或先填写经费申请")
    org_id = data.org_id or activity.orgs[0].org_id
    fen = amount_fen(data.amount, "金额")
    if activity.approved_fen is not None:
        spent = spent_total(session, Expenditure.activity_id == activity.id)
        if spent + fen > activity.approved_fen:
            raise UserError(f"报销后合计 {format_yuan(spent + fen)} 将超过批准金额 "
                            f"{format_yuan(activity.approved_fen)}（已报销 {format_yuan(spent)}）。"
                            "如确需追加，请先重新审批更高的金额。")
    return record_expenditure(session, ExpenditureInput(
        spent_on=data.spent_on, org_id=org_id, category_id=category_id, amount=fen, purpose=data.purpose,
        handler=data.handler, voucher_no=data.voucher_no, project_name=activity.title[:120],
        links={"activity_id": activity.id}))


@dataclass(frozen=True)
class FundsSummary:
    category: str
    requested: Money
    approved: Money | None
    spent: Money
    level: str  # labels.APPROVAL_LEVELS code
    approver: str
    approved_on: date | None
    opinion: str
    plan: str
    threshold: Money

    @property
    def balance(self) -> Money | None:
        """结余: approved minus spent (None before approval)."""
        return None if self.approved is None else Money(self.approved - self.spent)

    @property
    def needs_street(self) -> bool:
        return self.requested > self.threshold


def funds_summary(session: Session, activity_id: int) -> FundsSummary:
    activity = get_activity(session, activity_id)
    category = get_category(session, activity.fund_category_id).name if activity.fund_category_id else ""
    spent = spent_total(session, Expenditure.activity_id == activity.id)
    return FundsSummary(category, Money(activity.requested_fen),
                        None if activity.approved_fen is None else Money(activity.approved_fen), Money(spent),
                        activity.approval_level, activity.approver, activity.approved_on,
                        activity.approval_opinion, activity.fund_plan,
                        Money(approval_threshold(session, activity.planned_start.year)))


def activity_ledger_filter(activity_id: int) -> LedgerFilter:
    """The ledger rows booked against one activity (voided ones included, as the ledger shows them)."""
    return LedgerFilter(conditions=(Expenditure.activity_id == activity_id,))

