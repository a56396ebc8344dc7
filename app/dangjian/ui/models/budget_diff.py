"""Rows of the regeneration diff (core.budgets.BudgetDiff) for the 确认生成预算 dialog."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ...core.budgets.yearly import BudgetDiff, LineChange
from ...core.common.labels import BUDGET_DIFF_STATUSES
from ...core.common.money import format_yuan

_ROOT = QModelIndex()  # the invisible root: Qt's default parent argument

COLUMNS = ["变化", "党组织", "经费类别", "原标准额", "新标准额", "手工调整", "原预算", "新预算", "说明"]
STATUS_COLOURS = {"new": "#1b5e20", "changed": "#0d47a1", "removed": "#b71c1c", "unchanged": "#757575"}


def _money(fen: int | None) -> str:
    return "—" if fen is None else format_yuan(fen)


class BudgetDiffModel(QAbstractTableModel):
    def __init__(self, diff: BudgetDiff, parent=None):
        super().__init__(parent)
        self.diff = diff
        self.rows: list[LineChange] = []
        self.set_only_changes(True)

    def set_only_changes(self, only: bool) -> None:
        self.beginResetModel()
        self.rows = [c for c in self.diff.changes if not only or c.status != "unchanged"]
        self.endResetModel()

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        change = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return [BUDGET_DIFF_STATUSES[change.status], change.org_name, change.category_name,
                    _money(change.old_standard), _money(change.new_standard),
                    format_yuan(change.adjustments) if change.adjustments else "",
                    _money(change.old_total), _money(change.new_total), change.note][column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return QColor(STATUS_COLOURS[change.status])
        if role == Qt.ItemDataRole.TextAlignmentRole and 3 <= column <= 7:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None
