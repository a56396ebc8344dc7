"""上缴: every payment an org collected up to a day and not remitted yet goes to the higher level."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from ...core.dues.ledger import RemittanceInput
from ..widgets.controls import date_edit, date_of
from .budget_form import InputDialog


class RemittanceDialog(InputDialog):
    def __init__(self, parent: QWidget | None, org_id: int, org_name: str):
        super().__init__(parent, f"上缴党费 {org_name}")
        self.org_id = org_id
        self.collected_until = date_edit()
        self.remitted_on = date_edit()
        self.receiver = QLineEdit()
        self.receiver.setPlaceholderText("如 街道党工委")
        self.receipt = QLineEdit()
        self.handled_by = QLineEdit()
        self.form.addRow("党组织", QLabel(org_name))
        self.form.addRow("收缴截止日期", self.collected_until)
        self.form.addRow("上缴日期", self.remitted_on)
        self.form.addRow("接收单位", self.receiver)
        self.form.addRow("收据号", self.receipt)
        self.form.addRow("经手人", self.handled_by)
        self.form.addRow(QLabel("截止日期前收缴、尚未上缴的党费全部计入本次上缴。"))

    def values(self) -> RemittanceInput:
        return RemittanceInput(self.org_id, date_of(self.collected_until), date_of(self.remitted_on),
                               self.receiver.text(), self.receipt.text(), self.handled_by.text())
