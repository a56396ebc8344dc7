"""A table model fed by SQL keyset pages: the first page on reload, the next ones as the view scrolls.

Subclasses say how to read a page after the last row's key; the model never holds more than the user has
scrolled through, so a year of 10,000 records opens as fast as a month.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex

from ...core.storage.db import Database

_ROOT = QModelIndex()  # the invisible root: Qt's default parent argument
PAGE = 200


class KeysetTableModel(QAbstractTableModel):
    columns: Sequence[str] = ()

    def __init__(self, db: Database, parent=None):
        super().__init__(parent)
        self.db = db
        self.rows: list[Any] = []
        self._exhausted = True

    def read_page(self, session, after: Any | None, limit: int) -> list:
        """Up to `limit` rows after the row whose key is `after` (None: from the start)."""
        raise NotImplementedError

    def key_of(self, row: Any) -> Any:
        raise NotImplementedError

    def after_reload(self, session) -> None:
        """Hook for figures read with the first page (e.g. totals), in the same session."""

    def reload(self) -> None:
        self.beginResetModel()
        with self.db.read() as session:
            self.rows = self.read_page(session, None, PAGE)
            self.after_reload(session)
        self._exhausted = len(self.rows) < PAGE
        self.endResetModel()

    def canFetchMore(self, parent=_ROOT) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent=_ROOT) -> None:
        if parent.isValid() or self._exhausted or not self.rows:
            return
        with self.db.read() as session:
            more = self.read_page(session, self.key_of(self.rows[-1]), PAGE)
        self._exhausted = len(more) < PAGE
        if more:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
            self.rows.extend(more)
            self.endInsertRows()

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def row_at(self, row: int) -> Any:
        return self.rows[row]
