"""A read-only table of row objects (a RowsTableModel): whole-row single selection, Enter or double-click
opens the current row, Delete asks to delete it, and a reload keeps the same record selected."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ..models.rows import RowsTableModel


class RowTable(QTableView):
    opened = Signal()  # Enter or double-click on a row
    deleted = Signal()  # Delete pressed on a row (only here, so Delete in a field or another table is theirs)

    def __init__(self, model: RowsTableModel, widths: Sequence[int] = (), stretch: int | None = None,
                 key: Callable[[Any], Any] = lambda row: row.id):
        super().__init__()
        self.rows_model = model
        self._key = key
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setStretchLastSection(stretch is None)
        for column, width in enumerate(widths):
            self.setColumnWidth(column, width)
        if stretch is not None:
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.doubleClicked.connect(lambda _index: self.opened.emit())

    def current(self) -> Any | None:
        """The row object under the cursor (or selected), None when there is none."""
        index = self.currentIndex()
        if not index.isValid():
            rows = self.selectionModel().selectedRows()
            index = rows[0] if rows else index
        return self.rows_model.row_at(index.row()) if index.isValid() else None

    def set_rows(self, rows: Sequence, select: Any = None) -> None:
        """Show `rows`, making the record keyed `select` current, else keeping the current one (by key)."""
        previous = self.current()
        column = max(self.currentIndex().column(), 0)
        self.rows_model.set_rows(rows)
        if select is not None and self.select_key(select, column):
            return
        if previous is not None:
            self.select_key(self._key(previous), column)

    def select_key(self, key: Any, column: int = 0) -> bool:
        row = self.rows_model.position(lambda r: self._key(r) == key)
        if row is None:
            return False
        self.setCurrentIndex(self.rows_model.index(row, column))
        self.selectRow(row)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.opened.emit()
            return
        if event.key() == Qt.Key.Key_Delete and self.currentIndex().isValid():
            self.deleted.emit()
            return
        super().keyPressEvent(event)
