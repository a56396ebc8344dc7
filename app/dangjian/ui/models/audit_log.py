"""Qt table model over the audit log: pages of 200 rows fetched as the view scrolls (keyset paging)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from ...core.common.labels import AUDIT_ACTIONS, AUDIT_ENTITIES
from ...core.system.audit_query import AuditFilter, AuditRow, audit_page

PAGE = 200
COLUMNS = ["时间", "操作员", "操作", "对象", "内容"]


class AuditLogModel(QAbstractTableModel):
    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.filters = AuditFilter()
        self.rows: list[AuditRow] = []
        self._exhausted = False

    def set_filter(self, filters: AuditFilter) -> None:
        self.beginResetModel()
        self.filters = filters
        self.rows = []
        self._exhausted = False
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def reload(self) -> None:
        self.set_filter(self.filters)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return [f"{row.at:%Y-%m-%d %H:%M:%S}", row.operator, AUDIT_ACTIONS.get(row.action, row.action),
                    AUDIT_ENTITIES.get(row.entity, row.entity), row.summary][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 4:
            return row.summary
        return None

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        before = self.rows[-1].id if self.rows else None
        with self.db.read() as session:
            page = audit_page(session, self.filters, before_id=before, limit=PAGE)
        self._exhausted = len(page) < PAGE
        if page:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
            self.rows.extend(page)
            self.endInsertRows()
