"""The budget grid: orgs × fund categories (+ 合计), showing one chosen figure per cell.

Built from one ExecutionSummary, so the 合计 row and column are the same integer sums the reports
print; every cell also carries its 执行率 in ‰ for the progress delegate.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from ...core.budgets.execution import ExecutionSummary, Figures, rate_text
from ...core.common.money import format_yuan

_ROOT = QModelIndex()  # the invisible root: Qt's default parent argument

METRICS = {"rate": "执行率", "budget": "预算", "spent": "已支出", "balance": "结余"}
RateRole = Qt.ItemDataRole.UserRole + 1  # 执行率 ‰ or None
KeyRole = Qt.ItemDataRole.UserRole + 2  # (org_id | None, category_id | None); None = 合计


def figures_tooltip(figures: Figures) -> str:
    return (f"预算 {format_yuan(figures.budget)}\n已支出 {format_yuan(figures.spent)}\n"
            f"结余 {format_yuan(figures.balance)}\n执行率 {rate_text(figures.permille)}\n"
            f"县级承担 {format_yuan(figures.county)}　街道承担 {format_yuan(figures.street)}")


class BudgetGridModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.summary: ExecutionSummary | None = None
        self.metric = "rate"

    def set_summary(self, summary: ExecutionSummary | None) -> None:
        self.beginResetModel()
        self.summary = summary
        self.endResetModel()

    def set_metric(self, metric: str) -> None:
        self.metric = metric
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 1), self.index(self.rowCount() - 1, self.columnCount() - 1))

    # rows: orgs in tree order, then 合计; columns: 党组织, categories..., 合计
    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() or self.summary is None else len(self.summary.orgs) + 1

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() or self.summary is None else len(self.summary.categories) + 2

    def key(self, row: int, column: int) -> tuple[int | None, int | None]:
        assert self.summary is not None
        org = self.summary.orgs[row].id if row < len(self.summary.orgs) else None
        category = self.summary.categories[column - 1][0] if 0 < column <= len(self.summary.categories) else None
        return org, category

    def figures(self, row: int, column: int) -> Figures:
        assert self.summary is not None
        org, category = self.key(row, column)
        if org is not None and category is not None:
            return self.summary.line(org, category)
        if org is not None:
            return self.summary.by_org(org)
        if category is not None:
            return self.summary.by_category(category)
        return self.summary.total

    def _cell_text(self, figures: Figures) -> str:
        if self.metric == "rate":
            return rate_text(figures.permille)
        return format_yuan(getattr(figures, self.metric))

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.summary is None:
            return None
        row, column = index.row(), index.column()
        is_total = row == len(self.summary.orgs) or column == self.columnCount() - 1
        if column == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                if row == len(self.summary.orgs):
                    return "合计"
                org = self.summary.orgs[row]
                return "　" * org.depth + org.name
            if role == Qt.ItemDataRole.FontRole and is_total:
                return _bold()
            return None
        figures = self.figures(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            org, category = self.key(row, column)
            if org is not None and category is not None and (org, category) not in self.summary.lines:
                return ""
            return self._cell_text(figures)
        if role == RateRole:
            return figures.permille
        if role == KeyRole:
            return self.key(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return figures_tooltip(figures)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and is_total:
            return _bold()
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal or not self.summary:
            return None
        if section == 0:
            return "党组织"
        if section == self.columnCount() - 1:
            return "合计"
        return self.summary.categories[section - 1][1]


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font
