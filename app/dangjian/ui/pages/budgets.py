"""经费: a year's budgets against spending — grid with 执行率, charts, the ledger and the standards.

Everything shown comes from one ExecutionSummary read off the GUI thread, so the grid's 合计, the
charts and the printed 执行情况表 are the same integer sums.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.budgets import ledger
from ...core.budgets import yearly as budgets
from ...core.budgets.execution import ExecutionSummary, execution_summary, rate_text, rollup_by_community
from ...core.budgets.standards import categories
from ...core.common.money import format_wan, format_yuan
from ...core.orgs import order as org_order
from ...reports.engine.registry import ExportOptions
from ..dialogs.budget_adjustment import AdjustmentDialog
from ..dialogs.budget_diff import RegenerateDiffDialog
from ..dialogs.pdf_preview import preview_export
from ..models.budget_grid import METRICS, BudgetGridModel, KeyRole, RateRole, figures_tooltip
from ..operations import read_op, write_op
from ..panels.budget_ledger import LedgerPanel
from ..panels.budget_standards import StandardsPanel
from ..widgets.bar_chart import Bar, BarChart
from ..widgets.controls import push_button, year_spin
from ..widgets.rate_delegate import RateDelegate
from .base import Page


@dataclass(frozen=True)
class YearData:
    year: int
    summary: ExecutionSummary
    tree: list[org_order.TreeOrg]
    live_orgs: list[tuple[int, str]]
    categories: list[tuple[int, str]]
    missing_vouchers: int  # live rows of the year without 凭证号


def load_year(session, year: int) -> YearData:
    tree = org_order.orgs_in_tree_order(session)
    live = [(o.id, o.name) for o in tree if not o.revoked]
    missing = ledger.ledger_totals(session, ledger.LedgerFilter(year=year, include_voided=False,
                                                                missing_voucher_only=True)).rows
    return YearData(year, execution_summary(session, year), tree, live,
                    [(c.id, c.name) for c in categories(session)], missing)


class BudgetsPage(Page):
    domains = frozenset({"budgets", "orgs", "members"})

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.data: YearData | None = None
        title = QLabel("经费")
        title.setObjectName("pageTitle")
        self.year = year_spin(lambda _y: self.load())
        self.generate_button = push_button("生成预算…", self.regenerate,
                                           "按本年度经费标准计算各党组织预算，先预览变化再确认")
        self.adjust_button = push_button("预算调整…", self.adjust)
        self.spend_button = push_button("登记支出…", self.add_expenditure)
        self.print_button = push_button("打印执行情况表…", self.print_report)
        self.alert = QLabel()
        self.alert.setStyleSheet("color: #b71c1c;")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addWidget(self.year)
        top.addWidget(self.alert, 1)
        for button in (self.generate_button, self.adjust_button, self.spend_button, self.print_button):
            top.addWidget(button)

        self.totals = QLabel()
        self.totals.setObjectName("budgetTotals")
        self.tabs = QTabWidget()
        self.tabs.addTab(self._grid_tab(), "预算执行")
        self.tabs.addTab(self._chart_tab(), "执行率图表")
        self.ledger = LedgerPanel(ctx)
        self.tabs.addTab(self.ledger, "支出台账")
        self.standards = StandardsPanel(ctx)
        self.tabs.addTab(self.standards, "经费标准")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.totals)
        layout.addWidget(self.tabs, 1)

    def _grid_tab(self) -> QWidget:
        self.metric = QComboBox()
        for code, label in METRICS.items():
            self.metric.addItem(label, code)
        self.grid_model = BudgetGridModel(self)
        self.metric.currentIndexChanged.connect(lambda _i: self.grid_model.set_metric(self.metric.currentData()))
        self.grid = QTableView()
        self.grid.setModel(self.grid_model)
        self.grid.setItemDelegate(RateDelegate(RateRole, self.grid))
        self.grid.verticalHeader().hide()
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.horizontalHeader().setMinimumSectionSize(110)
        self.grid.selectionModel().currentChanged.connect(lambda *_: self._show_detail())
        self.grid.doubleClicked.connect(lambda _i: self._open_ledger_for_cell())
        self.detail = QLabel("选择一个单元格查看明细；双击查看该项支出。")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("显示："))
        bar.addWidget(self.metric)
        bar.addWidget(QLabel("（底色为执行率：绿色正常，橙色≥90%，红色超支）"))
        bar.addStretch(1)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(bar)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.detail)
        return tab

    def _chart_tab(self) -> QWidget:
        self.category_chart = BarChart("按经费类别")
        self.community_chart = BarChart("按社区（含所属党支部）")
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.category_chart)
        layout.addWidget(self.community_chart)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        return scroll

    # --- loading --------------------------------------------------------------------------------

    def on_first_show(self) -> None:
        self.load()

    def refresh(self, changes: set[str]) -> None:
        self.load()

    def load(self) -> None:
        year = self.year.value()
        read_op(self, lambda session: load_year(session, year)).success(self.show_year).run_in_background()

    def show_year(self, data: YearData) -> None:
        if data.year != self.year.value():
            return  # the user already moved on to another year; its load is queued
        self.data = data
        summary = data.summary
        current = self.grid.currentIndex()
        row, column = current.row(), current.column()
        self.grid_model.set_summary(summary)
        self.grid.resizeColumnToContents(0)
        if current.isValid() and row < self.grid_model.rowCount() and column < self.grid_model.columnCount():
            self.grid.selectionModel().setCurrentIndex(self.grid_model.index(row, column),
                                                       QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self._show_detail()
        header = self.grid.horizontalHeader()
        for column in range(1, self.grid_model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        total = summary.total
        self.totals.setText(
            f"{data.year}年预算合计 {format_yuan(total.budget)}（{format_wan(total.budget)}；县级 "
            f"{format_yuan(total.county)}，街道 {format_yuan(total.street)}）　已支出 {format_yuan(total.spent)}"
            f"　结余 {format_yuan(total.balance)}　执行率 {rate_text(total.permille)}")
        over = sum(1 for line in summary.lines.values() if line.figures.spent > line.figures.budget)
        alerts = [f"超支 {over} 项（红色底色），请登记预算调整或核减支出"] if over else []
        if data.missing_vouchers:
            alerts.append(f"{data.missing_vouchers} 笔支出缺凭证号（支出台账可筛选）")
        self.alert.setText("；".join(alerts))
        if not summary.lines:
            self.detail.setText(f"{data.year}年还没有预算。请在“经费标准”中填写标准，然后点“生成预算…”。")
        self.category_chart.set_bars([
            Bar(name, f.permille, rate_text(f.permille), figures_tooltip(f))
            for cid, name in summary.categories if (f := summary.by_category(cid)).budget or f.spent])
        self.community_chart.set_bars([
            Bar(name, f.permille, rate_text(f.permille), figures_tooltip(f))
            for name, f in rollup_by_community(summary, data.tree)])
        self.ledger.set_choices(data.year, data.live_orgs, data.categories, org_order.subtrees(data.tree))
        with self.ctx.db.read() as session:
            self.standards.load(session, data.year)

    # --- grid cell ------------------------------------------------------------------------------

    def _cell(self) -> tuple[int | None, int | None]:
        index = self.grid.currentIndex()
        return index.data(KeyRole) or (None, None) if index.isValid() else (None, None)

    def _show_detail(self) -> None:
        if self.data is None:
            return
        org_id, category_id = self._cell()
        if org_id is None or category_id is None:
            return
        line = self.data.summary.lines.get((org_id, category_id))
        org = next((o.name for o in self.data.summary.orgs if o.id == org_id), "")
        category = dict(self.data.summary.categories).get(category_id, "")
        if line is None:
            self.detail.setText(f"{org} · {category}：无预算，无支出。")
            return
        f = line.figures
        members = f"（{line.member_count} 名党员）" if line.member_count is not None else ""
        adjusted = f" + 手工调整 {format_yuan(line.adjustments)}" if line.adjustments else ""
        self.detail.setText(
            f"{org} · {category}：标准额 {format_yuan(line.standard)}{members}{adjusted} = 预算 "
            f"{format_yuan(f.budget)}（县级 {format_yuan(f.county)}，街道 {format_yuan(f.street)}）；"
            f"已支出 {format_yuan(f.spent)}，结余 {format_yuan(f.balance)}，执行率 {rate_text(f.permille)}")

    def _open_ledger_for_cell(self) -> None:
        org_id, category_id = self._cell()
        self.ledger.show_line(org_id, category_id)
        self.tabs.setCurrentWidget(self.ledger)

    # --- actions --------------------------------------------------------------------------------

    def regenerate(self) -> None:
        year = self.year.value()
        read_op(self, lambda session: budgets.plan_budgets(session, year)).success(
            self._confirm_regeneration).run_in_background()

    def _confirm_regeneration(self, diff: budgets.BudgetDiff) -> RegenerateDiffDialog:
        dialog = RegenerateDiffDialog(self, diff)

        def apply() -> None:
            if not diff.has_changes:
                return
            write_op(self, lambda s: budgets.generate_budgets(s, diff.year, expected_fingerprint=diff.fingerprint),
                     {"budgets"}, undo_text=f"生成{diff.year}年预算").success(
                lambda done: self._status(done.summary())).run_in_background()

        dialog.accepted.connect(apply)
        dialog.open()
        self.diff_dialog = dialog
        return dialog

    def adjust(self) -> AdjustmentDialog | None:
        if self.data is None:
            return None
        org_id, category_id = self._cell()
        dialog = AdjustmentDialog(self, self.ctx, year=self.data.year, orgs=self.data.live_orgs,
                                  categories=self.data.categories, org_id=org_id, category_id=category_id)
        dialog.open()
        return dialog

    def add_expenditure(self):
        org_id, category_id = self._cell()
        return self.ledger.add(org_id, category_id)

    def print_report(self) -> None:
        preview_export(self, "budget", ExportOptions(year=self.year.value()))

    def _status(self, text: str) -> None:
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, 8000)
