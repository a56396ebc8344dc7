"""附件 of one activity: list with kind, size and a check mark; add (type/size checked by core), open, remove."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.activities import attachments
from ...core.activities.attachments import AttachmentRow
from ...core.common.labels import ATTACHMENT_KINDS
from ..operations import write_op
from ..operations.files import open_stored_file
from ..widgets.controls import push_button

PROBLEMS = {"missing": "文件已丢失", "altered": "文件已被改动", "": "正常"}


class ActivityAttachmentsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.activity_id: int | None = None
        self.rows: list[AttachmentRow] = []
        self.kind = QComboBox()
        for code, label in ATTACHMENT_KINDS.items():
            self.kind.addItem(label, code)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["类别", "文件名", "大小", "添加时间", "状态"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        buttons = QHBoxLayout()
        buttons.addWidget(self.kind)
        buttons.addWidget(push_button("添加附件…", self.add))
        buttons.addWidget(push_button("打开", self.open_selected))
        buttons.addWidget(push_button("移除", self.remove_selected))
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)

    def show_attachments(self, activity_id: int, rows: list[AttachmentRow]) -> None:
        self.activity_id, self.rows = activity_id, rows
        self.table.setRowCount(len(rows))
        red = QBrush(QColor("#b3261e"))
        for n, row in enumerate(rows):
            cells = [ATTACHMENT_KINDS.get(row.kind, row.kind), row.filename, f"{row.size / 1024:,.0f} KB",
                     f"{row.added_at:%Y-%m-%d %H:%M}", PROBLEMS[row.problem]]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if row.problem:
                    item.setForeground(red)
                self.table.setItem(n, column, item)

    def _selected(self) -> AttachmentRow | None:
        index = self.table.currentIndex()
        return self.rows[index.row()] if index.isValid() else None

    def add(self) -> None:
        if self.activity_id is None:
            return
        paths, _ = QFileDialog.getOpenFileNames(self, "添加附件")
        activity_id, kind = self.activity_id, self.kind.currentData()

        def work(session):
            for path in paths:
                attachments.add_attachment(session, activity_id, Path(path), kind)

        if paths:
            write_op(self, work, {"activities"}).run_in_background()

    def open_selected(self) -> None:
        row = self._selected()
        if row is None:
            return
        open_stored_file(self, lambda s: attachments.open_path(s, row.id))

    def remove_selected(self) -> None:
        row = self._selected()
        if row is None:
            return
        answer = QMessageBox.question(self, "移除附件",
                                      f"从本活动中移除附件“{row.filename}”？\n（已备份的文件不受影响）")
        if answer == QMessageBox.StandardButton.Yes:
            write_op(self, lambda s: attachments.remove_attachment(s, row.id), {"activities"}).run_in_background()
