"""活动 list as a table model: SQL keyset pages of 200 rows, fetched as the view scrolls."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...core.activities.listing import ActivityFilter, ActivityRow, list_activities
from ...core.common.labels import ACTIVITY_STATUSES, ACTIVITY_TYPES
from ...core.common.money import format_yuan
from ...core.storage.db import Database
from .keyset import KeysetTableModel

COLUMNS = ["日期", "时间", "类型", "活动名称", "党组织", "地点", "状态", "经费"]
_STATUS_COLOURS = {"planned": "#1f5fa8", "held": "#1b7a3d", "cancelled": "#777777"}


class ActivityListModel(KeysetTableModel):
    columns = COLUMNS

    def __init__(self, db: Database, parent=None):
        super().__init__(db, parent)
        self.filter = ActivityFilter()
        self.flagged: set[int] = set()  # activities with findings, marked in the list
        self._brushes = {code: QBrush(QColor(c)) for code, c in _STATUS_COLOURS.items()}

    def set_filter(self, flt: ActivityFilter, flagged: set[int] | None = None) -> None:
        self.filter = flt
        if flagged is not None:
            self.flagged = flagged
        self.reload()

    def read_page(self, session, after, limit: int) -> list[ActivityRow]:
        return list_activities(session, self.filter, after=after, limit=limit)

    def key_of(self, row: ActivityRow):
        return row.planned_start, row.id

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def row_of(self, activity_id: int) -> int | None:
        return next((n for n, r in enumerate(self.rows) if r.id == activity_id), None)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            money = ""
            if item.requested_fen:
                money = format_yuan(item.requested_fen) + ("（已批）" if item.approved_fen is not None else "（待批）")
            title = ("⚠ " if item.id in self.flagged else "") + item.title
            return [f"{item.planned_start:%Y-%m-%d}", f"{item.planned_start:%H:%M}",
                    ACTIVITY_TYPES.get(item.activity_type, item.activity_type), title, item.orgs, item.place,
                    ACTIVITY_STATUSES.get(item.status, item.status), money][column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 6:
            return self._brushes.get(item.status)
        if role == Qt.ItemDataRole.ToolTipRole and item.id in self.flagged:
            return "该活动有待处理的问题，见下方“问题”"
        return None
