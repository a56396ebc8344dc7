"""登记外部学时: hours a member earned outside the 街道's courses, with the proof noted."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from ...core import training
from ..operations import describe_error, write_op


class ExternalHoursDialog(QDialog):
    def __init__(self, parent, member_id: int, member_name: str):
        super().__init__(parent)
        self.ctx = getattr(parent, "ctx", None)
        self.member_id = member_id
        self.setWindowTitle(f"登记外部学时 — {member_name}")
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
        form = QFormLayout()
        form.addRow("取得日期", self.earned)
        form.addRow("培训名称", self.title)
        form.addRow("学时", self.hours)
        form.addRow("证明材料", self.proof)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def save(self) -> None:
        member_id, earned = self.member_id, self.earned.date().toPython()
        title, hours, proof = self.title.text(), self.hours.text(), self.proof.text()

        def write(session):
            training.add_external_hours(session, member_id, earned, title, hours, proof)

        self.buttons.setEnabled(False)
        write_op(self, write, {"training"}).success(lambda _: self.accept()).failure(self._failed) \
            .run_in_background()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(describe_error(error))
