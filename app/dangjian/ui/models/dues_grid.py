"""The 党费 month grid: one row per member, 1月…12月 as 已交 (the amount) / 免交 / 未交 / —.

Rows are MemberYear objects read off the GUI thread; the model only formats them. 未交 is bold as well as
red-tinted so a greyscale printout or screenshot still tells it apart. Long rosters are revealed in chunks.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...core.common.idcard import mask_id
from ...core.common.labels import DUES_BASES, DUES_BASES_SHORT, DUES_MONTH_STATES, label
from ...core.common.money import format_plain, format_yuan
from ...core.dues.status import MemberYear
from .rows import RowsTableModel, bold_font

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

FIXED_TITLES = ("姓名", "公民身份号码", "所在党组织", "交纳类别", "月应交 (¥)")
FIRST_MONTH_COLUMN = len(FIXED_TITLES)
TITLES = (*FIXED_TITLES, *(f"{m}月" for m in range(1, 13)), "已交合计", "欠交月数")
PAID_TOTAL_COLUMN = FIRST_MONTH_COLUMN + 12
UNPAID_COLUMN = PAID_TOTAL_COLUMN + 1
NO_BASE = "未核定"

MemberIdRole = Qt.ItemDataRole.UserRole + 1
StateRole = Qt.ItemDataRole.UserRole + 2  # labels.DUES_MONTH_STATES code of a month cell, else None

_BACKGROUNDS = {"paid": QBrush(QColor("#e3f2e6")), "waived": QBrush(QColor("#ececec")),
                "due": QBrush(QColor("#fbe3e1"))}
_FOREGROUNDS = {"due": QBrush(QColor("#a31b12")), "not_due": QBrush(QColor("#8a8a8a"))}
_NO_BASE_BRUSH = QBrush(QColor("#a35f00"))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)


def month_of(column: int) -> int | None:
    """1..12 for a month column, None for the others."""
    month = column - FIRST_MONTH_COLUMN + 1
    return month if 1 <= month <= 12 else None


class DuesGridModel(RowsTableModel):
    """Rows (and revealing them in chunks) come from RowsTableModel; the cells are formatted here."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._row_of: dict[int, int] = {}  # member id -> row
        self.year = 0
        self.until = 0  # months after this are not due yet (—)
        self._bold = bold_font()

    def set_rows(self, rows: Sequence[MemberYear], year: int = 0, until: int = 0) -> None:
        self.year, self.until = year, until
        self._row_of = {r.member_id: n for n, r in enumerate(rows)}
        super().set_rows(rows)

    def row_of(self, member_id: int) -> int | None:
        """Row of a member, revealing more rows when it lies beyond what the view has fetched."""
        rows = self.rows_of([member_id])
        return rows[0] if rows else None

    def rows_of(self, member_ids: list[int]) -> list[int]:
        """Rows of the members still listed, all revealed (one insert for however many are needed)."""
        rows = sorted(self._row_of[i] for i in member_ids if i in self._row_of)
        if rows and rows[-1] >= self._shown:
            self.beginInsertRows(QModelIndex(), self._shown, rows[-1])
            self._shown = rows[-1] + 1
            self.endInsertRows()
        return rows

    def state(self, row: MemberYear, month: int) -> str:
        return row.state(self.year, month, self.until)

    # --- Qt ------------------------------------------------------------------------------------

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(TITLES)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return TITLES[section]
        if role == Qt.ItemDataRole.ToolTipRole and month_of(section) is not None:
            return "已交显示金额（元）；未交 粗体；免交；— 未到交纳月份（或尚未入党）"
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        month = month_of(column)
        if role == MemberIdRole:
            return row.member_id
        if month is not None:
            return self._month_data(row, month, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (FIRST_MONTH_COLUMN - 1, PAID_TOTAL_COLUMN,
                                                                    UNPAID_COLUMN):
            return _RIGHT
        if column == FIRST_MONTH_COLUMN - 1 and row.base_monthly_fen is None:
            if role == Qt.ItemDataRole.ForegroundRole:
                return _NO_BASE_BRUSH
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"尚未核定{self.year}年党费交纳基数（选中后点“核定基数…”）"
        if role == Qt.ItemDataRole.ToolTipRole and column == 3 and row.basis:
            return label(DUES_BASES, row.basis)
        if column == UNPAID_COLUMN and role == Qt.ItemDataRole.FontRole and row.unpaid_months(self.year, self.until):
            return self._bold
        return None

    def _text(self, row: MemberYear, column: int) -> str:
        if column == 0:
            return row.name
        if column == 1:
            return mask_id(row.id_number)
        if column == 2:
            return row.org
        if column == 3:
            return DUES_BASES_SHORT.get(row.basis, "")
        if column == 4:
            return NO_BASE if row.base_monthly_fen is None else format_plain(row.base_monthly_fen)
        if column == PAID_TOTAL_COLUMN:
            return format_plain(row.paid_fen)
        return str(len(row.unpaid_months(self.year, self.until)))

    def _month_data(self, row: MemberYear, month: int, role: int):
        state = self.state(row, month)
        if role == Qt.ItemDataRole.DisplayRole:
            return format_plain(row.paid[month]) if state == "paid" else DUES_MONTH_STATES[state]
        if role == StateRole:
            return state
        if role == Qt.ItemDataRole.BackgroundRole:
            return _BACKGROUNDS.get(state)
        if role == Qt.ItemDataRole.ForegroundRole:
            return _FOREGROUNDS.get(state)
        if role == Qt.ItemDataRole.FontRole and state == "due":
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if state == "paid" else _CENTRE
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._month_tooltip(row, month, state)
        return None

    def _month_tooltip(self, row: MemberYear, month: int, state: str) -> str:
        head = f"{row.name} {self.year}年{month}月："
        due = row.due_fen(month)
        if state == "paid":
            return head + f"已交 {format_yuan(row.paid[month])}"
        if state == "waived":
            return head + "免交（已批准减免）"
        if state == "due":
            return head + ("未交，尚未核定基数" if due is None else f"未交，应交 {format_yuan(due)}")
        return head + "未到交纳月份"
