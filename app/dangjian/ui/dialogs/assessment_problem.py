"""问题清单 item (新增/修改) and the 整改 dialogs: a measure, a progress note, and 销号 with its evidence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from ...core.assessment.problems import MeasureFields, MeasureRow, ProblemFields, ProblemRow
from ...core.assessment.scope import AssessedOrg
from ...core.common.errors import ValidationError
from ...core.common.labels import PROBLEM_SOURCES
from ..widgets.controls import date_edit, date_of, text_box
from .assessment_common import FileField, assessed_combo, chosen_org
from .budget_form import InputDialog

FROM_FINDING = "finding"  # set by 从规则检查生成, never chosen by hand


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def problem_title(row: ProblemRow | MeasureRow) -> str:
    text = row.description if isinstance(row, ProblemRow) else row.problem
    return f"{row.org}：{text[:40]}" + ("…" if len(text) > 40 else "")


class ProblemDialog(InputDialog):
    def __init__(self, parent: QWidget | None, orgs: list[AssessedOrg], year: int, found_on: date,
                 problem: ProblemRow | None = None, org_id: int | None = None):
        super().__init__(parent, "修改问题" if problem else "新增问题")
        self.resize(520, 0)
        self.year = year
        self.org = assessed_combo(orgs, problem.org_id if problem else org_id)
        self.description = text_box(3, problem.description if problem else "")
        self.source = QComboBox()
        finding = problem is not None and problem.source == FROM_FINDING
        for code, text in PROBLEM_SOURCES.items():
            if (code == FROM_FINDING) == finding:
                self.source.addItem(text, code)
        self.source.setCurrentIndex(max(self.source.findData(problem.source if problem else "inspection"), 0))
        self.source.setEnabled(not finding)
        self.found_on = date_edit(problem.found_on if problem else found_on)
        self.found_on.setDateRange(QDate(year, 1, 1), QDate(year, 12, 31))
        self.found_by = QLineEdit(problem.found_by if problem else "")
        self.found_by.setPlaceholderText("如 街道党工委督查组")
        self.form.addRow("年度", QLabel(f"{year}年"))
        self.form.addRow("党组织", self.org)
        self.form.addRow("问题描述", self.description)
        self.form.addRow("来源", self.source)
        self.form.addRow("发现日期", self.found_on)
        self.form.addRow("发现人", self.found_by)

    def values(self) -> ProblemFields:
        return ProblemFields(chosen_org(self.org), self.year, self.description.toPlainText(),
                             self.source.currentData(), date_of(self.found_on), self.found_by.text())


@dataclass(frozen=True)
class MeasureInput:
    problem_id: int
    fields: MeasureFields


class MeasureDialog(InputDialog):
    """A measure against a problem: chosen from the year's open problems, or fixed when editing."""

    def __init__(self, parent: QWidget | None, problems: list[ProblemRow], deadline: date,
                 problem_id: int | None = None, measure: MeasureRow | None = None):
        super().__init__(parent, "修改整改措施" if measure else "新增整改措施")
        self.resize(560, 0)
        self.problem = QComboBox()
        self.problem.setMinimumContentsLength(30)
        if measure is not None:
            self.problem.addItem(problem_title(measure), measure.problem_id)
            self.problem.setEnabled(False)
        else:
            for row in problems:
                if row.closed_on is None:
                    self.problem.addItem(problem_title(row), row.id)
            self.problem.setCurrentIndex(max(self.problem.findData(problem_id), 0))
        self.measure = text_box(3, measure.measure if measure else "")
        self.owner = QLineEdit(measure.owner if measure else "")
        self.deadline = date_edit(measure.deadline if measure else deadline)
        self.form.addRow("问题", self.problem)
        self.form.addRow("整改措施", self.measure)
        self.form.addRow("责任人", self.owner)
        self.form.addRow("整改时限", self.deadline)

    def values(self) -> MeasureInput:
        problem_id = self.problem.currentData()
        if problem_id is None:
            raise ValidationError("问题", "本年度没有未销号的问题，请先在“问题清单”中新增")
        return MeasureInput(problem_id, MeasureFields(self.measure.toPlainText(), self.owner.text(),
                                                      date_of(self.deadline)))


@dataclass(frozen=True)
class NoteInput:
    rectification_id: int
    on: date
    note: str
    evidence: Path | None = None


class ProgressDialog(InputDialog):
    """填写进展: a dated note on an open measure."""

    def __init__(self, parent: QWidget | None, measure: MeasureRow, today: date):
        super().__init__(parent, "填写整改进展")
        self.resize(480, 0)
        self.measure_id = measure.id
        self.on = date_edit(today)
        self.note = text_box(3)
        self.form.addRow("整改措施", _wrapped(measure.measure))
        self.form.addRow("日期", self.on)
        self.form.addRow("进展情况", self.note)

    def values(self) -> NoteInput:
        return NoteInput(self.measure_id, date_of(self.on), self.note.toPlainText())


class CloseMeasureDialog(InputDialog):
    """销号: the date, what was done, and optionally the evidence file (a scan, photo or document)."""

    def __init__(self, parent: QWidget | None, measure: MeasureRow, today: date):
        super().__init__(parent, "整改销号")
        self.resize(520, 0)
        self.measure_id = measure.id
        self.on = date_edit(today, latest=today)
        self.note = text_box(3)
        self.note.setPlaceholderText("整改完成情况")
        self.evidence = FileField("选择销号佐证材料")
        self.form.addRow("问题", _wrapped(problem_title(measure)))
        self.form.addRow("整改措施", _wrapped(measure.measure))
        self.form.addRow("销号日期", self.on)
        self.form.addRow("销号说明", self.note)
        self.form.addRow("佐证材料", self.evidence)

    def values(self) -> NoteInput:
        return NoteInput(self.measure_id, date_of(self.on), self.note.toPlainText(), self.evidence.path())
