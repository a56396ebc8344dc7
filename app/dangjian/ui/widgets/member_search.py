"""Picking members by name: a search box (Enter looks the name up on the worker) and a list of the members
found, "姓名（党组织，尾号1234）", either to tick several or to choose one. The owner lays the two widgets out."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QWidget

from ...core.training.targets import find_members
from ..operations import read_op


class MemberSearch(QObject):
    def __init__(self, owner: QWidget, *, checkable: bool, on_empty: Callable[[str], None] | None = None):
        super().__init__(owner)
        self.owner = owner
        self.checkable = checkable
        self.on_empty = on_empty
        self.search = QLineEdit()
        self.search.setPlaceholderText("输入姓名后回车查找")
        self.search.returnPressed.connect(self.run_search)
        self.found = QListWidget()

    def run_search(self) -> None:
        text = self.search.text()
        read_op(self.owner, lambda session: find_members(session, text)).success(self.show_found) \
            .run_in_background()

    def show_found(self, rows: Sequence[tuple[int, str]]) -> None:
        """The members found; ticked ones stay (a team's members are kept while another name is looked up)."""
        kept = [(self.found.item(i).data(Qt.ItemDataRole.UserRole), self.found.item(i).text())
                for i in range(self.found.count()) if self.is_checked(i)]
        self.found.clear()
        self.add(kept, checked=True)
        self.add([row for row in rows if row[0] not in {k for k, _ in kept}], checked=False)
        if not rows and self.on_empty is not None:
            self.on_empty("没有找到该姓名的党员")
        elif rows and not self.checkable:
            self.found.setCurrentRow(0)

    def add(self, rows: Sequence[tuple[int, str]], *, checked: bool) -> None:
        for member_id, text in rows:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, member_id)
            if self.checkable:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.found.addItem(item)

    def is_checked(self, row: int) -> bool:
        return self.checkable and self.found.item(row).checkState() == Qt.CheckState.Checked

    def checked_ids(self) -> list[int]:
        return [self.found.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.found.count())
                if self.is_checked(i)]

    def current_id(self) -> int | None:
        item = self.found.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None
