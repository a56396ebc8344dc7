"""支出台账: recording, editing and voiding expenditures, and reading the ledger page by page.

Voided rows are never deleted: they stay in the ledger (printed struck through) and stop counting as
spent. Other capabilities (e.g. 活动经费) book through `record_expenditure` and read spending through
`spent_total` with their own filter conditions, so there is one ledger for every purpose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from ..common.errors import UserError, ValidationError
from ..common.money import Money, format_yuan
from ..common.textnorm import bounded_text
from ..models import Activity, Course, Expenditure, FundCategory, Organisation, ServiceProject
from ..system import audit
from ..system.trash import take_from_trash
from .standards import amount_fen, check_year, get_category, parse_day

PURPOSE_MAX, HANDLER_MAX, VOUCHER_MAX, PROJECT_MAX = 500, 40, 60, 120


def live_spending(year: int | None = None) -> tuple[ColumnElement[bool], ...]:
    """Conditions selecting the expenditures that count as spent (optionally charged to `year`)."""
    conditions = (Expenditure.voided_at.is_(None), Expenditure.deleted_at.is_(None))
    return conditions if year is None else (Expenditure.budget_year == year, *conditions)


def spent_total(session: Session, *conditions: ColumnElement[bool]) -> int:
    """分 spent by the live expenditures matching `conditions` (e.g. Expenditure.org_id == 3)."""
    return int(session.scalar(select(func.coalesce(func.sum(Expenditure.amount_fen), 0))
                              .where(*live_spending(), *conditions)))


@dataclass
class ExpenditureInput:
    """An expenditure as typed: amount as text in 元 (or int 分), dates as date or text."""

    spent_on: date | str
    org_id: int
    category_id: int
    amount: str | int
    purpose: str
    handler: str = ""
    voucher_no: str = ""
    budget_year: int | None = None  # default: the year of spent_on
    course_id: int | None = None
    project_name: str = ""
    # Link columns other capabilities add to the ledger (e.g. 活动's activity_id), already checked by them.
    links: dict = field(default_factory=dict)


def _validated(session: Session, data: ExpenditureInput) -> tuple[dict, Organisation, FundCategory]:
    """Column values for an expenditure, or a ValidationError naming the first bad field."""
    fen = amount_fen(data.amount, "金额")
    if fen <= 0:
        raise ValidationError("金额", "支出金额应大于零")
    spent_on = parse_day(data.spent_on, "支出日期")
    budget_year = check_year(data.budget_year if data.budget_year is not None else spent_on.year)
    org = session.get(Organisation, data.org_id) if data.org_id is not None else None
    if org is None or org.deleted_at is not None:
        raise ValidationError("党组织", "不存在或已删除")
    if org.status == "revoked" and (org.revoked_on is None or spent_on >= org.revoked_on):
        when = f"于{org.revoked_on:%Y-%m-%d}" if org.revoked_on else ""
        raise ValidationError("党组织", f"“{org.name}”已{when}撤销，不能登记撤销后的支出")
    category = get_category(session, data.category_id)
    if data.course_id is not None and session.get(Course, data.course_id) is None:
        raise ValidationError("关联培训班", "不存在")
    return dict(spent_on=spent_on, budget_year=budget_year, org_id=org.id, category_id=category.id,
                amount_fen=fen, purpose=bounded_text(data.purpose, "用途", PURPOSE_MAX, required=True),
                handler=bounded_text(data.handler, "经办人", HANDLER_MAX),
                voucher_no=bounded_text(data.voucher_no, "凭证号", VOUCHER_MAX),
                course_id=data.course_id, project_name=bounded_text(data.project_name, "项目名称", PROJECT_MAX),
                **data.links), org, category


def _check_project_budget(session: Session, row: Expenditure) -> None:
    """A 服务项目's spending never exceeds its budget, however the row got there (booked, edited, un-voided)."""
    if row.project_id is None:
        return
    project = session.get(ServiceProject, row.project_id)
    spent = spent_total(session, Expenditure.project_id == project.id)
    if spent > project.budget_fen:
        raise UserError(f"项目“{project.title}”的支出合计 {format_yuan(spent)} 将超过项目预算 "
                        f"{format_yuan(project.budget_fen)}。如确需追加，请先修改项目预算。")


def _describe(values: dict, org: Organisation, category: FundCategory) -> str:
    return (f"{values['spent_on']:%Y-%m-%d} {org.name} {category.name} {format_yuan(values['amount_fen'])}"
            f" {values['purpose']}")


def record_expenditure(session: Session, data: ExpenditureInput) -> Expenditure:
    """Add a ledger row. Inactive categories take no new spending."""
    values, org, category = _validated(session, data)
    if not category.active:
        raise ValidationError("经费类别", f"“{category.name}”已停用")
    row = Expenditure(**values)
    session.add(row)
    session.flush()
    _check_project_budget(session, row)
    audit.record(session, "create", "expenditure", row.id, "登记支出：" + _describe(values, org, category))
    return row


def get_expenditure(session: Session, expenditure_id: int) -> Expenditure:
    row = session.get(Expenditure, expenditure_id)
    if row is None or row.deleted_at is not None:
        raise UserError("支出记录不存在")
    return row


def update_expenditure(session: Session, expenditure_id: int, data: ExpenditureInput) -> Expenditure:
    row = get_expenditure(session, expenditure_id)
    if row.voided_at is not None:
        raise UserError("已作废的支出不能修改，如需更正请先撤销作废")
    values, org, category = _validated(session, data)
    changed = [k for k, v in values.items() if getattr(row, k) != v]
    if not changed:
        return row
    before = format_yuan(row.amount_fen)
    for key in changed:
        setattr(row, key, values[key])
    session.flush()
    _check_project_budget(session, row)
    audit.record(session, "update", "expenditure", row.id,
                 f"修改支出（原金额 {before}）：" + _describe(values, org, category))
    return row


def void_expenditure(session: Session, expenditure_id: int, reason: str) -> Expenditure:
    """作废: the row stays visible (struck through) and no longer counts as spent."""
    row = get_expenditure(session, expenditure_id)
    if row.voided_at is not None:
        raise UserError("该支出已作废")
    row.void_reason = bounded_text(reason, "作废原因", PURPOSE_MAX, required=True)
    row.voided_at = datetime.now().replace(microsecond=0)
    audit.record(session, "void", "expenditure", row.id, f"作废支出 {row.spent_on:%Y-%m-%d} "
                 f"{format_yuan(row.amount_fen)} {row.purpose}：{row.void_reason}")
    return row


def restore_expenditure(session: Session, expenditure_id: int) -> None:
    """Out of the 回收站: counted as spent again, so a project's budget cap applies."""
    row = take_from_trash(session, Expenditure, expenditure_id, "expenditure",
                          lambda r: f"支出 {r.spent_on:%Y-%m-%d} {format_yuan(r.amount_fen)} {r.purpose}",
                          f"支出（编号 {expenditure_id}）不存在")
    _check_project_budget(session, row)


def unvoid_expenditure(session: Session, expenditure_id: int) -> Expenditure:
    row = get_expenditure(session, expenditure_id)
    if row.voided_at is None:
        raise UserError("该支出未作废")
    org = session.get(Organisation, row.org_id)
    if org.status == "revoked" and (org.revoked_on is None or row.spent_on >= org.revoked_on):
        raise UserError(f"“{org.name}”已撤销，不能恢复撤销后的支出")
    row.voided_at, row.void_reason = None, ""
    session.flush()
    _check_project_budget(session, row)
    audit.record(session, "unvoid", "expenditure", row.id,
                 f"撤销作废 {row.spent_on:%Y-%m-%d} {format_yuan(row.amount_fen)} {row.purpose}")
    return row


# --- reading the ledger ------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerFilter:
    year: int | None = None  # budget year
    org_ids: frozenset[int] | None = None
    category_id: int | None = None
    text: str = ""  # in 用途, 经办人, 凭证号 or 项目名称
    include_voided: bool = True
    missing_voucher_only: bool = False
    conditions: tuple = ()  # extra SQLAlchemy conditions, e.g. from 活动

    def where(self) -> list[ColumnElement[bool]]:
        clauses: list[ColumnElement[bool]] = [Expenditure.deleted_at.is_(None), *self.conditions]
        if self.year is not None:
            clauses.append(Expenditure.budget_year == self.year)
        if self.org_ids is not None:
            clauses.append(Expenditure.org_id.in_(self.org_ids))
        if self.category_id is not None:
            clauses.append(Expenditure.category_id == self.category_id)
        if self.text.strip():
            like = f"%{self.text.strip()}%"
            clauses.append(or_(Expenditure.purpose.like(like), Expenditure.handler.like(like),
                               Expenditure.voucher_no.like(like), Expenditure.project_name.like(like)))
        if not self.include_voided:
            clauses.append(Expenditure.voided_at.is_(None))
        if self.missing_voucher_only:
            clauses.append(Expenditure.voucher_no == "")
        return clauses


@dataclass(frozen=True)
class LedgerRow:
    id: int
    spent_on: date
    budget_year: int
    org_id: int
    org_name: str
    category_id: int
    category_name: str
    amount: Money
    purpose: str
    handler: str
    voucher_no: str
    project_name: str
    voided: bool
    void_reason: str
    activity_note: str = ""  # 活动 the row was booked for, e.g. 活动“七一主题党日”（已移入回收站）


def ledger_rows(session: Session, flt: LedgerFilter, *, after: tuple[date, int] | None = None,
                limit: int | None = 200) -> list[LedgerRow]:
    """Rows by date then id; `after` = (spent_on, id) of the last row already shown (keyset paging)."""
    query = (select(Expenditure.id, Expenditure.spent_on, Expenditure.budget_year, Expenditure.org_id,
                    Organisation.name, Expenditure.category_id, FundCategory.name, Expenditure.amount_fen,
                    Expenditure.purpose, Expenditure.handler, Expenditure.voucher_no,
                    Expenditure.project_name, Expenditure.voided_at, Expenditure.void_reason, Activity.title,
                    Activity.deleted_at)
             .join(Organisation, Organisation.id == Expenditure.org_id)
             .join(FundCategory, FundCategory.id == Expenditure.category_id)
             .outerjoin(Activity, Activity.id == Expenditure.activity_id)
             .where(*flt.where()).order_by(Expenditure.spent_on, Expenditure.id))
    if after is not None:
        day, last_id = after
        query = query.where(or_(Expenditure.spent_on > day, and_(Expenditure.spent_on == day,
                                                                  Expenditure.id > last_id)))
    if limit is not None:
        query = query.limit(limit)
    return [LedgerRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], Money(r[7]), r[8], r[9], r[10], r[11],
                      r[12] is not None, r[13], _activity_note(r[14], r[15])) for r in session.execute(query)]


def _activity_note(title: str | None, deleted_at: datetime | None) -> str:
    if title is None:
        return ""
    return f"活动“{title}”" + ("（已移入回收站）" if deleted_at is not None else "")


@dataclass(frozen=True)
class LedgerTotals:
    rows: int  # all matching rows, voided included when the filter shows them
    voided: int
    spent: int  # 分, live rows only


def ledger_totals(session: Session, flt: LedgerFilter) -> LedgerTotals:
    """Counts and the live sum of exactly the rows `ledger_rows` returns for the same filter."""
    voided = Expenditure.voided_at.is_not(None)
    rows, voided_count, spent = session.execute(
        select(func.count(), func.coalesce(func.sum(func.iif(voided, 1, 0)), 0),
               func.coalesce(func.sum(func.iif(voided, 0, Expenditure.amount_fen)), 0))
        .select_from(Expenditure).where(*flt.where())).one()
    return LedgerTotals(int(rows), int(voided_count), int(spent))
