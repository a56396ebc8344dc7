"""支出台账 as a table model: SQL keyset pages of 200 rows, fetched as the view scrolls."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from ...core.budgets.ledger import LedgerFilter, LedgerRow, LedgerTotals, ledger_rows, ledger_totals
from ...core.common.money import format_yuan
from ...core.storage.db import Database
from .keyset import KeysetTableModel

COLUMNS = ["日期", "党组织", "经费类别", "金额", "用途", "经办人", "凭证号", "项目名称", "状态"]
RowRole = Qt.ItemDataRole.UserRole + 1


class LedgerModel(KeysetTableModel):
    columns = COLUMNS

    def __init__(self, db: Database, parent=None):
        super().__init__(db, parent)
        self.filter = LedgerFilter()
        self.totals = LedgerTotals(0, 0, 0)

    def set_filter(self, flt: LedgerFilter) -> None:
        """Reload from the first page; totals cover every matching row, not only the loaded ones."""
        self.filter = flt
        self.reload()

    def read_page(self, session, after, limit: int) -> list[LedgerRow]:
        return ledger_rows(session, self.filter, after=after, limit=limit)

    def key_of(self, row: LedgerRow):
        return row.spent_on, row.id

    def after_reload(self, session) -> None:
        self.totals = ledger_totals(session, self.filter)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return [f"{item.spent_on:%Y-%m-%d}", item.org_name, item.category_name, format_yuan(item.amount),
                    item.purpose, item.handler, item.voucher_no or "（缺）",
                    item.activity_note or item.project_name,
                    "已作废" if item.voided else _year_note(item)][column]
        if role == RowRole:
            return item
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and item.voided:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if item.voided:
                return QColor("#9e9e9e")
            if column == 6 and not item.voucher_no:
                return QColor("#c62828")
        if role == Qt.ItemDataRole.ToolTipRole and item.voided:
            return f"作废原因：{item.void_reason}"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def totals_text(self) -> str:
        t = self.totals
        voided = f"（其中作废 {t.voided} 笔，不计入合计）" if t.voided else ""
        return f"共 {t.rows} 笔{voided}，合计支出 {format_yuan(t.spent)}"


def _year_note(item: LedgerRow) -> str:
    return "" if item.spent_on.year == item.budget_year else f"计入{item.budget_year}年"
