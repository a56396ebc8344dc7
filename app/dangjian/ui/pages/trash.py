"""回收站: deleted records of every kind; 恢复 puts one back, 彻底删除 removes it for good (confirmed)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ...core.system import trash
from ..operations import read_op, write_op
from .base import Page

LIMIT = 500


class TrashPage(Page):
    domains = frozenset({"orgs", "members", "training", "budgets", "activities", "assessment", "trash"})

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.items: list[trash.TrashItem] = []
        title = QLabel("回收站")
        title.setObjectName("pageTitle")
        self.kind = QComboBox()
        self.kind.addItem("全部类别", None)
        for kind in trash.KINDS.values():
            self.kind.addItem(kind.label, kind.key)
        self.kind.currentIndexChanged.connect(lambda _i: self.load())
        self.search = QLineEdit()
        self.search.setPlaceholderText("按名称查找")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.load)
        self.restore_button = QPushButton("恢复")
        self.restore_button.clicked.connect(self.restore_selected)
        self.purge_button = QPushButton("彻底删除…")
        self.purge_button.clicked.connect(self.purge_selected)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.kind)
        top.addWidget(self.search)
        top.addWidget(self.restore_button)
        top.addWidget(self.purge_button)

        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["类别", "名称", "删除时间"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 110)
        self.table.setColumnWidth(2, 170)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())

        kinds = "、".join(kind.label for kind in trash.KINDS.values())
        self.note = QLabel(f"删除的记录（{kinds}）先放在这里，可以随时恢复；"
                           "“彻底删除”后不能再恢复（操作前的自动备份中仍有）。")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        self._update_buttons()

    def on_first_show(self) -> None:
        self.load()

    def refresh(self, changes: set[str]) -> None:
        self.load()

    def load(self) -> None:
        kind, search = self.kind.currentData(), self.search.text().strip()
        read_op(self, lambda session: trash.items(session, kind, search=search, limit=LIMIT)).success(
            self._show).run_in_background()

    def _show(self, items: list[trash.TrashItem]) -> None:
        self.items = items
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            cells = [item.label, item.title, f"{item.deleted_at:%Y-%m-%d %H:%M}"]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column != 1:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, cell)
        if not items:
            self.note.setText("回收站是空的。" if not self.search.text() else "没有符合条件的记录。")
        self._update_buttons()

    def selected(self) -> list[trash.TrashItem]:
        return [self.items[index.row()] for index in self.table.selectionModel().selectedRows()]

    def _update_buttons(self) -> None:
        has = bool(self.table.selectionModel().selectedRows())
        self.restore_button.setEnabled(has and not self.ctx.read_only)
        self.purge_button.setEnabled(has and not self.ctx.read_only)

    def _domains(self, items: list[trash.TrashItem]) -> set[str]:
        return {"trash"} | {trash.KINDS[i.kind].domain for i in items if trash.KINDS[i.kind].domain}

    def restore_selected(self) -> None:
        items = self.selected()
        if not items:
            return
        names = "、".join(i.title for i in items[:3]) + (f" 等 {len(items)} 条" if len(items) > 3 else "")

        def apply(session) -> int:
            for item in items:
                trash.restore(session, item.kind, item.id)
            return len(items)

        write_op(self, apply, self._domains(items), undo_text=f"恢复 {names}").success(
            lambda n: self._status(f"已恢复 {n} 条：{names}")).run_in_background()

    def purge_selected(self) -> None:
        items = self.selected()
        if not items:
            return
        listing = "\n".join(f"{i.label}：{i.title}" for i in items[:10]) + ("\n……" if len(items) > 10 else "")
        answer = QMessageBox.warning(
            self, "彻底删除", f"确定彻底删除以下 {len(items)} 条记录吗？删除后不能从回收站恢复。\n\n{listing}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return

        def apply(session) -> int:
            for item in items:
                trash.purge(session, item.kind, item.id)
            return len(items)

        write_op(self, apply, self._domains(items)).success(
            lambda n: self._status(f"已彻底删除 {n} 条记录")).run_in_background()

    def _status(self, text: str) -> None:
        self.window().statusBar().showMessage(text, 6000)
