"""责任清单 item (新增/修改) and its 月调度 report (填报)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from ...core.assessment.duties import DispatchRow, DutyFields, DutyRow
from ...core.assessment.scope import AssessedOrg
from ...core.common.labels import DUTY_SOURCES, DUTY_STATUSES
from ..widgets.controls import code_combo, date_edit, date_of, text_box
from .assessment_common import assessed_combo, chosen_org
from .budget_form import InputDialog
from .org_form import OptionalDateEdit


class DutyDialog(InputDialog):
    def __init__(self, parent: QWidget | None, orgs: list[AssessedOrg], year: int, duty: DutyRow | None = None,
                 org_id: int | None = None):
        super().__init__(parent, "修改责任清单事项" if duty else "新增责任清单事项")
        self.resize(520, 0)
        self.year = year
        self.org = assessed_combo(orgs, duty.org_id if duty else org_id)
        self.task = text_box(3, duty.task if duty else "")
        self.owner = QLineEdit(duty.owner if duty else "")
        self.owner.setPlaceholderText("具体负责的班子成员或工作人员")
        self.source = code_combo(DUTY_SOURCES)
        self.source.setCurrentIndex(max(self.source.findData(duty.source if duty else "plan"), 0))
        self.source_ref = QLineEdit(duty.source_ref if duty else "")
        self.source_ref.setPlaceholderText("文号或会议（来源为联席会议决定、上级文件时必填）")
        self.deadline = OptionalDateEdit(duty.deadline if duty else None)
        self.deadline.setToolTip("留空表示全年持续推进")
        self.form.addRow("年度", QLabel(f"{year}年"))
        self.form.addRow("党组织", self.org)
        self.form.addRow("任务", self.task)
        self.form.addRow("责任人", self.owner)
        self.form.addRow(QLabel("第一责任人为该党组织书记，不用填写。"))
        self.form.addRow("来源", self.source)
        self.form.addRow("文号或会议", self.source_ref)
        self.form.addRow("完成时限", self.deadline)

    def values(self) -> DutyFields:
        return DutyFields(chosen_org(self.org), self.year, self.task.toPlainText(), self.owner.text(),
                          self.source.currentData(), self.source_ref.text(), self.deadline.value())


@dataclass(frozen=True)
class DispatchInput:
    duty_id: int
    month: int
    status: str
    note: str
    reported_on: date


class DispatchDialog(InputDialog):
    """One item's 调度 for a month: 进展情况 and a note (填报 again corrects it)."""

    def __init__(self, parent: QWidget | None, row: DispatchRow, year: int, month: int, today: date):
        super().__init__(parent, f"{month}月调度填报")
        self.resize(480, 0)
        self.row, self.month = row, month
        self.status = code_combo(DUTY_STATUSES)
        self.status.setCurrentIndex(max(self.status.findData(row.status or "on_track"), 0))
        self.note = text_box(3, row.note)
        self.note.setPlaceholderText("本月推进情况、存在困难")
        self.reported_on = date_edit(row.reported_on or today)
        self.form.addRow("党组织", QLabel(row.org))
        task = QLabel(row.task)
        task.setWordWrap(True)
        self.form.addRow("任务", task)
        self.form.addRow("调度月份", QLabel(f"{year}年{month}月"))
        self.form.addRow("进展情况", self.status)
        self.form.addRow("情况说明", self.note)
        self.form.addRow("报送日期", self.reported_on)

    def values(self) -> DispatchInput:
        return DispatchInput(self.row.duty_id, self.month, self.status.currentData(), self.note.toPlainText(),
                             date_of(self.reported_on))
