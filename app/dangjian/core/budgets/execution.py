"""预算执行情况: budget, spent, 结余, 执行率 and 县/街道 shares per line, org, category and in total.

Every total is a sum of the same line integers, so the rows shown always add up to the totals to the 分.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..common.money import split_by_ratio
from ..models import BudgetAdjustment, BudgetLine, Expenditure, FundCategory, FundStandard
from ..orgs.order import TreeOrg, orgs_in_tree_order
from .ledger import live_spending


def rate_permille(spent: int, budget: int) -> int | None:
    """执行率 in ‰, rounded half up with integers only; None when there is no budget."""
    if budget <= 0:
        return None
    return (2 * 1000 * spent + budget) // (2 * budget)


def rate_text(permille: int | None) -> str:
    """87.5% from 875‰; '—' without a budget (same rounding as money.execution_rate)."""
    return "—" if permille is None else f"{permille // 10}.{permille % 10}%"


@dataclass(frozen=True)
class Figures:
    """Budget, spent and the 县/街道 shares of the budget, in 分."""

    budget: int = 0
    spent: int = 0
    county: int = 0
    street: int = 0

    @property
    def balance(self) -> int:  # 结余
        return self.budget - self.spent

    @property
    def permille(self) -> int | None:
        return rate_permille(self.spent, self.budget)

    def __add__(self, other: Figures) -> Figures:
        return Figures(self.budget + other.budget, self.spent + other.spent, self.county + other.county,
                       self.street + other.street)


@dataclass(frozen=True)
class LineFigures:
    org_id: int
    category_id: int
    standard: int
    adjustments: int
    member_count: int | None
    figures: Figures
    has_line: bool  # False: spending without any budget line


@dataclass
class ExecutionSummary:
    """预算执行情况 for one year (optionally one org's subtree). Totals are sums of the line integers."""

    year: int
    orgs: list[TreeOrg]  # rows in tree order that have a line or spending
    categories: list[tuple[int, str]]
    lines: dict[tuple[int, int], LineFigures]

    def line(self, org_id: int, category_id: int) -> Figures:
        found = self.lines.get((org_id, category_id))
        return found.figures if found else Figures()

    def by_org(self, org_id: int) -> Figures:
        return sum((self.line(org_id, c) for c, _ in self.categories), Figures())

    def by_category(self, category_id: int) -> Figures:
        return sum((self.line(o.id, category_id) for o in self.orgs), Figures())

    @property
    def total(self) -> Figures:
        return sum((lf.figures for lf in self.lines.values()), Figures())


def execution_summary(session: Session, year: int, org_ids: set[int] | None = None) -> ExecutionSummary:
    """Every line's budget (standard + adjustments), live spending and shares for `year`."""
    line_rows = session.execute(
        select(BudgetLine.id, BudgetLine.org_id, BudgetLine.category_id, BudgetLine.standard_fen,
               BudgetLine.member_count, BudgetLine.county_share_pct,
               func.coalesce(select(func.sum(BudgetAdjustment.amount_fen))
                             .where(BudgetAdjustment.line_id == BudgetLine.id).scalar_subquery(), 0))
        .where(BudgetLine.year == year)).all()
    spent = {(o, c): int(s) for o, c, s in session.execute(
        select(Expenditure.org_id, Expenditure.category_id, func.sum(Expenditure.amount_fen))
        .where(*live_spending(year)).group_by(Expenditure.org_id, Expenditure.category_id)).all()}
    lines: dict[tuple[int, int], LineFigures] = {}
    for _id, org_id, category_id, standard, members, pct, adjusted in line_rows:
        if org_ids is not None and org_id not in org_ids:
            continue
        budget = standard + int(adjusted)
        county, street = split_by_ratio(budget, [pct, 100 - pct]) if budget else (0, 0)
        lines[(org_id, category_id)] = LineFigures(
            org_id, category_id, standard, int(adjusted), members,
            Figures(budget, spent.get((org_id, category_id), 0), county, street), True)
    for (org_id, category_id), amount in spent.items():
        if (org_id, category_id) not in lines and (org_ids is None or org_id in org_ids):
            lines[(org_id, category_id)] = LineFigures(org_id, category_id, 0, 0, None,
                                                       Figures(0, amount, 0, 0), False)
    used_orgs = {o for o, _ in lines}
    used_categories = {c for _, c in lines}
    orgs = [o for o in orgs_in_tree_order(session) if o.id in used_orgs]
    categories = [(c.id, c.name) for c in session.scalars(
        select(FundCategory).order_by(FundCategory.sort_order, FundCategory.id))
        if c.id in used_categories or c.active]
    return ExecutionSummary(year, orgs, categories, lines)


def budget_years(session: Session) -> list[int]:
    """Years with standards, lines or spending, newest first."""
    years: set[int] = set()
    for column in (FundStandard.year, BudgetLine.year, Expenditure.budget_year):
        years.update(session.scalars(select(column).distinct()))
    return sorted(years, reverse=True)


def rollup_by_community(summary: ExecutionSummary, tree: list[TreeOrg]) -> list[tuple[str, Figures]]:
    """Figures per community (a top-level 社区 org with everything under it), then 其他党组织 for the rest."""
    top_of: dict[int, int | None] = {}
    for row in tree:  # parents come first, so a child's top is already known
        if row.depth == 0:
            top_of[row.id] = None
        elif row.depth == 1:
            top_of[row.id] = row.id if row.domain == "community" else None
        else:
            top_of[row.id] = top_of.get(row.parent_id)
    names = {row.id: row.name for row in tree}
    groups: dict[int | None, Figures] = {}
    for (org_id, _category), line in summary.lines.items():
        top = top_of.get(org_id)
        groups[top] = groups.get(top, Figures()) + line.figures
    ordered = [(names[org_id], groups[org_id]) for org_id, top in top_of.items()
               if top == org_id and org_id in groups]
    if None in groups:
        ordered.append(("其他党组织", groups[None]))
    return ordered
