"""经费预算执行表: 经费预算表, 预算执行情况表 and 支出明细 for one year (optionally one org's subtree).

All figures come from core.budgets.execution, so every total here is the same integer sum the 经费 page
shows; Money cells print as ¥1,234.50 in the PDF and stay numeric 元 in the spreadsheet.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..core.budgets import ledger
from ..core.budgets import standards as budget_standards
from ..core.budgets.execution import ExecutionSummary, Figures, execution_summary, rate_text, rollup_by_community
from ..core.common.money import Money, format_wan
from ..core.orgs import order as org_order
from ..core.orgs.queries import find_org_by_name
from .engine.document import Column, Report
from .engine.registry import ExportOptions, export_kind, unit_name


def _money_columns(*titles: str, width: float = 26) -> list[Column]:
    return [Column(title, width, "right") for title in titles]


def _figures_cells(f: Figures) -> list:
    return [Money(f.budget), Money(f.spent), Money(f.balance), rate_text(f.permille), Money(f.county),
            Money(f.street)]


FIGURE_TITLES = ("预算", "已支出", "结余", "执行率", "县级承担", "街道承担")


def add_budget_table(report: Report, summary: ExecutionSummary, standards: list,
                     category_names: dict[int, str]) -> None:
    """经费预算表: the standards in force, then each org's budget per category with the 县/街道 shares."""
    report.heading(f"一、{summary.year}年度经费预算表", level=2)
    if not summary.lines:
        report.paragraph(f"{summary.year}年度尚未生成预算。")
    if standards:
        report.table([Column("经费类别", 40), Column("标准", 190), Column("党员数截止日", 37, "center")],
                     [[category_names.get(s.category_id, ""), budget_standards.describe_standard(s),
                       f"{s.member_cutoff_on:%Y-%m-%d}" if s.member_cutoff_on else ""] for s in standards],
                     caption="经费标准", sheet_name="经费标准")
    categories = summary.categories
    width = max(18, min(30, 150 // max(1, len(categories))))
    columns = [Column("党组织", 56), *_money_columns(*(name for _, name in categories), width=width),
               *_money_columns("预算合计", "县级承担", "街道承担", width=27)]
    rows, bold = [], []
    for org in summary.orgs:
        total = summary.by_org(org.id)
        rows.append(["　" * org.depth + org.name,
                     *(Money(summary.line(org.id, c).budget) if (org.id, c) in summary.lines else None
                       for c, _ in categories),
                     Money(total.budget), Money(total.county), Money(total.street)])
    total = summary.total
    rows.append(["合计", *(Money(summary.by_category(c).budget) for c, _ in categories), Money(total.budget),
                 Money(total.county), Money(total.street)])
    bold.append(len(rows) - 1)
    report.table(columns, rows, bold_rows=bold, font_size=8, sheet_name="经费预算表")
    adjustments = [line for line in summary.lines.values() if line.adjustments]
    if adjustments:
        names = {o.id: o.name for o in summary.orgs}
        category_names = dict(categories)
        report.table([Column("党组织", 70), Column("经费类别", 45), Column("标准额", 35, "right"),
                      Column("手工调整", 35, "right"), Column("预算", 35, "right")],
                     [[names.get(line.org_id, ""), category_names.get(line.category_id, ""), Money(line.standard),
                       Money(line.adjustments), Money(line.figures.budget)] for line in adjustments],
                     caption="其中经手工调整的预算（调整明细见经费页面）", sheet_name="预算调整")


def add_execution_tables(report: Report, summary: ExecutionSummary, tree: list[org_order.TreeOrg]) -> None:
    """预算执行情况表: per org and category, then per category and per community, each with totals."""
    total = summary.total
    report.heading(f"二、{summary.year}年度预算执行情况表", level=2)
    report.key_values([("预算合计", format_wan(total.budget)), ("已支出", format_wan(total.spent)),
                       ("结余", format_wan(total.balance)), ("执行率", rate_text(total.permille)),
                       ("县级承担", format_wan(total.county)), ("街道承担", format_wan(total.street))], columns=3)
    category_names = dict(summary.categories)
    columns = [Column("党组织", 58), Column("经费类别", 38), *_money_columns(*FIGURE_TITLES)]
    columns[5] = Column("执行率", 18, "right")
    rows, bold = [], []
    for org in summary.orgs:
        own = [(c, summary.lines[(org.id, c)]) for c, _ in summary.categories if (org.id, c) in summary.lines]
        for category_id, line in own:
            rows.append(["　" * org.depth + org.name, category_names[category_id], *_figures_cells(line.figures)])
        if len(own) > 1:
            rows.append(["", "小计", *_figures_cells(summary.by_org(org.id))])
            bold.append(len(rows) - 1)
    rows.append(["合计", "", *_figures_cells(total)])
    bold.append(len(rows) - 1)
    report.table(columns, rows, bold_rows=bold, font_size=8, sheet_name="预算执行情况")

    summary_columns = [Column("经费类别", 58), *_money_columns(*FIGURE_TITLES, width=30)]
    summary_columns[4] = Column("执行率", 20, "right")
    rows = [[name, *_figures_cells(summary.by_category(cid))] for cid, name in summary.categories]
    rows.append(["合计", *_figures_cells(total)])
    report.table(summary_columns, rows, bold_rows=[len(rows) - 1], caption="按经费类别汇总", sheet_name="按类别")
    communities = rollup_by_community(summary, tree)
    if communities:
        rows = [[name, *_figures_cells(f)] for name, f in communities]
        rows.append(["合计", *_figures_cells(total)])
        summary_columns[0] = Column("社区（含所属党组织）", 58)
        report.table(summary_columns, rows, bold_rows=[len(rows) - 1], caption="按社区汇总", sheet_name="按社区")


def add_ledger_table(report: Report, session: Session, year: int, org_ids: set[int] | None) -> None:
    """支出明细: every row of the year, voided ones struck through and left out of the total."""
    report.heading(f"三、{year}年度支出明细", level=2)
    flt = ledger.LedgerFilter(year=year, org_ids=frozenset(org_ids) if org_ids is not None else None)
    rows_data = ledger.ledger_rows(session, flt, limit=None)
    rows = [[r.spent_on, r.org_name, r.category_name, r.amount, r.purpose + (f"（作废：{r.void_reason}）"
                                                                            if r.voided else ""),
             r.handler, r.voucher_no or "（缺）"] for r in rows_data]
    struck = [i for i, r in enumerate(rows_data) if r.voided]
    totals = ledger.ledger_totals(session, flt)
    rows.append(["合计", f"{totals.rows - totals.voided} 笔", "", Money(totals.spent),
                 f"另有作废 {totals.voided} 笔，不计入合计" if totals.voided else "", "", ""])
    report.table([Column("日期", 24, "center"), Column("党组织", 52), Column("经费类别", 34),
                  Column("金额", 28, "right"), Column("用途", 82), Column("经办人", 18), Column("凭证号", 29)],
                 rows, struck_rows=struck, bold_rows=[len(rows) - 1], font_size=8, sheet_name="支出明细")


@export_kind("budget", "经费预算执行表", description="经费预算表、预算执行情况表（县级/街道分担）和支出明细")
def budget_report(session: Session, options: ExportOptions) -> Report:
    year = options.year_or_current
    org_ids = None
    subtitle = f"{year}年度"
    if options.org:
        org = find_org_by_name(session, options.org)
        org_ids = set(org_order.subtrees(org_order.orgs_in_tree_order(session))[org.id])
        subtitle += f"　{org.name}（含所属党组织）"
    summary = execution_summary(session, year, org_ids)
    report = Report(f"{year}年度党建经费预算执行情况", unit_name=unit_name(session), subtitle=subtitle,
                    landscape=True, printed_on=options.today)
    standards = budget_standards.standards_for_year(session, year)
    names = {c.id: c.name for c in budget_standards.categories(session, include_inactive=True)}
    add_budget_table(report, summary, standards, names)
    report.page_break()
    add_execution_tables(report, summary, org_order.orgs_in_tree_order(session))
    report.signature_line(("制表人", "审核人", "街道党工委（盖章）", "日期"))
    report.page_break()
    add_ledger_table(report, session, year, org_ids)
    report.signature_line()
    return report
