"""经费 findings for `dangjian check` and the 经费 page: overspend, spending outside the budget year,
missing 凭证号. Only recent budget years are checked (setting budget.check_years)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from ..common.findings import Finding
from ..common.money import format_yuan
from ..models import Expenditure, Organisation
from ..system import settings
from .execution import execution_summary
from .ledger import live_spending


def budget_findings(session: Session, today: date) -> list[Finding]:
    first_year = today.year - settings.get(session, "budget.check_years") + 1
    findings: list[Finding] = []
    for year in range(first_year, today.year + 1):
        findings.extend(_overspend(session, year))
    findings.extend(_per_org_rows(
        session, first_year, "budget.outside_year",
        extract("year", Expenditure.spent_on) != Expenditure.budget_year,
        lambda year, n, total: f"{year}年度有 {n} 笔支出（{format_yuan(total)}）的支出日期不在预算年度内，"
                               "请核对是否应计入该年度"))
    findings.extend(_per_org_rows(
        session, first_year, "budget.missing_voucher", Expenditure.voucher_no == "",
        lambda year, n, total: f"{year}年度有 {n} 笔支出（{format_yuan(total)}）未填写凭证号"))
    return findings


def _overspend(session: Session, year: int) -> list[Finding]:
    summary = execution_summary(session, year)
    names = {o.id: o.name for o in summary.orgs}
    categories = dict(summary.categories)
    findings = []
    for (org_id, category_id), line in summary.lines.items():
        figures = line.figures
        if figures.spent <= figures.budget:
            continue
        what = f"{year}年{categories.get(category_id, '')}"
        if line.has_line and figures.budget > 0:
            message = (f"{what}已支出 {format_yuan(figures.spent)}，超出预算 {format_yuan(figures.budget)} "
                       f"共 {format_yuan(-figures.balance)}；请核减支出或登记预算调整")
        else:
            message = f"{what}未编列预算，却已支出 {format_yuan(figures.spent)}；请登记预算调整或改正类别"
        findings.append(Finding("error", "budget.overspend", message, org_id, names.get(org_id, "")))
    return findings


def _per_org_rows(session: Session, first_year: int, rule: str, condition, message) -> list[Finding]:
    rows = session.execute(
        select(Expenditure.org_id, Organisation.name, Expenditure.budget_year, func.count(),
               func.sum(Expenditure.amount_fen))
        .join(Organisation, Organisation.id == Expenditure.org_id)
        .where(*live_spending(), Expenditure.budget_year >= first_year, condition)
        .group_by(Expenditure.org_id, Organisation.name, Expenditure.budget_year)
        .order_by(Expenditure.budget_year)).all()
    return [Finding("warning", rule, message(year, count, int(total)), org_id, name)
            for org_id, name, year, count, total in rows]
