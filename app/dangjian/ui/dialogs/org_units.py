"""组建单位 of a 联合组建 branch: an editable table saved as a whole (all rows valid or nothing saved)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QPushButton, QTableWidget, QTableWidgetItem, QWidget

from ...core.common.errors import ValidationError
from ...core.orgs.overview import OrgDetail
from ...core.orgs.tree import UnitFields, set_units
from .org_form import ServiceDialog

UNIT_COLUMNS = ("单位名称", "统一社会信用代码", "联系人", "联系电话", "正式党员数")


class EditableTable(QTableWidget):
    """A text grid with 添加/删除 buttons; `texts()` returns non-empty rows as stripped strings.

    Columns listed in `checkable` hold a check box instead of text and read as "是" or "".
    """

    def __init__(self, columns: tuple[str, ...], rows: list[list[str]], parent: QWidget | None = None, *,
                 checkable: tuple[int, ...] = ()):
        super().__init__(0, len(columns), parent)
        self.checkable = checkable
        self.setHorizontalHeaderLabels(list(columns))
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for values in rows:
            self.add_row(values)

    def add_row(self, values: list[str] | None = None) -> None:
        row = self.rowCount()
        self.insertRow(row)
        for column, value in enumerate(values or [""] * self.columnCount()):
            item = QTableWidgetItem(value)
            if column in self.checkable:
                item = QTableWidgetItem()
                flags = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                item.setFlags(flags)
                item.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
            self.setItem(row, column, item)
        self.setCurrentCell(row, 0)

    def remove_current(self) -> None:
        if self.currentRow() >= 0:
            self.removeRow(self.currentRow())

    def texts(self) -> list[list[str]]:
        result = []
        for row in range(self.rowCount()):
            values = [self._text(row, c) for c in range(self.columnCount())]
            if any(v for c, v in enumerate(values) if c not in self.checkable):
                result.append(values)
        return result

    def _text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        if item is None:
            return ""
        if column in self.checkable:
            return "是" if item.checkState() == Qt.CheckState.Checked else ""
        return item.text().strip()

    def buttons(self, add_text: str = "添加一行", remove_text: str = "删除所选行") -> QHBoxLayout:
        layout = QHBoxLayout()
        add, remove = QPushButton(add_text), QPushButton(remove_text)
        add.clicked.connect(lambda: self.add_row())
        remove.clicked.connect(self.remove_current)
        layout.addWidget(add)
        layout.addWidget(remove)
        layout.addStretch(1)
        return layout


def parse_count(text: str, field: str, row: int) -> int | None:
    if not text:
        return None
    if not text.isdigit():
        raise ValidationError(field, f"第{row}行的“{text}”不是整数")
    return int(text)


class UnitsDialog(ServiceDialog):
    def __init__(self, parent: QWidget | None, detail: OrgDetail):
        super().__init__(parent, f"组建单位 — {detail.name}")
        self.org_id = detail.id
        self.table = EditableTable(UNIT_COLUMNS, [
            [u.name, u.credit_code, u.contact_name, u.contact_phone,
             "" if u.formal_member_count is None else str(u.formal_member_count)] for u in detail.units])
        self.body.insertWidget(0, self.table, 1)
        self.body.insertLayout(1, self.table.buttons("添加单位", "删除所选单位"))
        self.resize(820, 380)

    def units(self) -> list[UnitFields]:
        return [UnitFields(name, code, contact, phone, parse_count(count, "正式党员数", number))
                for number, (name, code, contact, phone, count) in enumerate(self.table.texts(), start=1)]

    def build(self):
        units, org_id = self.units(), self.org_id
        return lambda session: len(set_units(session, org_id, units))
