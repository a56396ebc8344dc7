"""减免: months of a year at a lower monthly amount (0 = 免交), with reason, approver and date."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from ...core.common.money import parse_yuan
from ...core.dues.ledger import WaiverInput
from ...core.dues.status import MemberYear
from ..widgets.controls import date_edit, date_of, month_spin
from .budget_form import InputDialog
from .dues_common import keep_last_after_first


class WaiverDialog(InputDialog):
    def __init__(self, parent: QWidget | None, row: MemberYear, year: int, first: int):
        super().__init__(parent, f"党费减免 {row.name}")
        self.row, self.year = row, year
        self.first, self.last = month_spin(first), month_spin(first)
        keep_last_after_first(self.first, self.last)
        self.monthly = QLineEdit("0")
        self.monthly.setToolTip("减免后每月应交的金额；0 表示免交")
        self.reason = QLineEdit()
        self.approved_by = QLineEdit()
        self.approved_on = date_edit()
        self.form.addRow("党员", QLabel(f"{row.name}（{row.org}）"))
        self.form.addRow("年度", QLabel(f"{year}年"))
        self.form.addRow("起始月份", self.first)
        self.form.addRow("截止月份", self.last)
        self.form.addRow("减免后每月 (元)", self.monthly)
        self.form.addRow("减免原因", self.reason)
        self.form.addRow("审批人", self.approved_by)
        self.form.addRow("批准日期", self.approved_on)

    def values(self) -> WaiverInput:
        return WaiverInput(self.row.member_id, self.year, self.first.value(), self.last.value(),
                           parse_yuan(self.monthly.text() or "0", field="减免后每月金额"), self.reason.text(),
                           self.approved_by.text(), date_of(self.approved_on))
