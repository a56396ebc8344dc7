"""新建活动: pick type, org and day, then start from the type's template or copy last month's record."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QMessageBox, QWidget

from ...core.activities.records import ActivityData, copy_of_last_month, from_template
from ...core.common.errors import UserError
from ...core.common.labels import ACTIVITY_TYPES


class NewActivityDialog(QDialog):
    """`result_data` holds the prefilled ActivityData after 确定; nothing is written here."""

    def __init__(self, parent: QWidget | None, orgs: list[tuple[int, str]], db, *, org_id: int | None = None):
        super().__init__(parent)
        self.setWindowTitle("新建活动")
        self.db = db
        self.result_data: ActivityData | None = None
        self.kind = QComboBox()
        for code, label in ACTIVITY_TYPES.items():
            self.kind.addItem(label, code)
        self.org = QComboBox()
        self.org.setEditable(True)
        self.org.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for oid, name in orgs:
            self.org.addItem(name, oid)
        if org_id is not None:
            self.org.setCurrentIndex(max(self.org.findData(org_id), 0))
        self.day = QDateEdit(QDate.currentDate())
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setCalendarPopup(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("按模板新建")
        self.copy_button = buttons.addButton("复制上月", QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.from_template)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy_last)
        form = QFormLayout(self)
        form.addRow("活动类型", self.kind)
        form.addRow("组织单位", self.org)
        form.addRow("日期", self.day)
        form.addRow(buttons)

    def from_template(self) -> None:
        if self.org.currentData() is None:
            QMessageBox.warning(self, "新建活动", "请选择组织单位")
            return
        self.result_data = from_template(self.kind.currentData(), [self.org.currentData()],
                                         self.day.date().toPython())
        self.accept()

    def copy_last(self) -> None:
        try:
            with self.db.read() as session:
                self.result_data = copy_of_last_month(session, self.org.currentData(), self.kind.currentData(),
                                                      self.day.date().toPython())
        except UserError as exc:
            QMessageBox.information(self, "复制上月", str(exc))
            return
        self.accept()
