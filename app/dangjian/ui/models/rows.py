"""A table model over a list of row objects computed off the GUI thread: one (title, text) pair per column,
optional per-cell colour, font and tooltip hooks; long lists are revealed in chunks (canFetchMore/fetchMore)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
CHUNK = 500


class RowsTableModel(QAbstractTableModel):
    """Formats a list of row objects with one function per column; reveals rows in chunks."""

    columns: Sequence[tuple[str, Callable[[Any], Any]]] = ()
    centred: frozenset[int] = frozenset()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list = []
        self._shown = 0

    def set_rows(self, rows: Sequence) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._shown = min(len(self._rows), CHUNK)
        self.endResetModel()

    def row_at(self, row: int):
        return self._rows[row]

    @property
    def rows(self) -> list:
        return self._rows

    @property
    def total(self) -> int:
        return len(self._rows)

    def position(self, matches: Callable[[Any], bool]) -> int | None:
        """Row number of the first row `matches`, revealing rows up to it; None when none does."""
        found = next((n for n, row in enumerate(self._rows) if matches(row)), None)
        if found is not None and found >= self._shown:
            self.beginInsertRows(QModelIndex(), self._shown, found)
            self._shown = found + 1
            self.endInsertRows()
        return found

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: _Index = _ROOT) -> bool:
        return not parent.isValid() and self._shown < len(self._rows)

    def fetchMore(self, parent: _Index = _ROOT) -> None:
        more = min(CHUNK, len(self._rows) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section][0]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[column][1](row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.centred:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row, column)
        if role == Qt.ItemDataRole.FontRole:
            return self.font(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column)
        return None

    def foreground(self, row, column: int) -> QBrush | None:
        return None

    def font(self, row, column: int) -> QFont | None:
        return None

    def tooltip(self, row, column: int) -> str | None:
        return None


def bold_font() -> QFont:
    font = QFont()
    font.setBold(True)
    return font
