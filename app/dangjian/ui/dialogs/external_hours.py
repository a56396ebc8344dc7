"""登记外部学时: hours a member earned outside the 街道's courses, with the proof noted."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QLineEdit

from ...core.training import courses as training
from .budget_form import FormDialog


class ExternalHoursDialog(FormDialog):
    def __init__(self, parent, member_id: int, member_name: str):
        super().__init__(parent, getattr(parent, "ctx", None), f"登记外部学时 — {member_name}")
        self.member_id = member_id
        today = date.today()
        self.earned = QDateEdit(QDate(today.year, today.month, today.day))
        self.earned.setCalendarPopup(True)
        self.earned.setDisplayFormat("yyyy-MM-dd")
        self.title = QLineEdit()
        self.title.setPlaceholderText("如：县委党校网络学院专题班")
        self.hours = QLineEdit()
        self.hours.setPlaceholderText("如 4、1.5、一天")
        self.proof = QLineEdit()
        self.proof.setPlaceholderText("结业证书编号、上级通知文号等")
        self.form.addRow("取得日期", self.earned)
        self.form.addRow("培训名称", self.title)
        self.form.addRow("学时", self.hours)
        self.form.addRow("证明材料", self.proof)

    def save(self) -> None:
        member_id, earned = self.member_id, self.earned.date().toPython()
        title, hours, proof = self.title.text(), self.hours.text(), self.proof.text()

        def write(session):
            training.add_external_hours(session, member_id, earned, title, hours, proof)

        self.run_write(write, {"training"})
