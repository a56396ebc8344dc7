"""新建/修改培训班. Validation is core's (training.create_course / update_course); errors show inline."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QPlainTextEdit, QWidget

from ...core.common.labels import COURSE_TYPES, TRAINING_TARGETS
from ...core.training import courses as training
from ...core.training.courses import CourseData
from .budget_form import FormDialog


def org_combo(orgs: list[tuple[int, str, int]], first: str) -> QComboBox:
    """A combo of orgs in tree order (indented by depth); item data is the org id, None for `first`."""
    combo = QComboBox()
    combo.addItem(first, None)
    for org_id, name, depth in orgs:
        combo.addItem("　" * depth + name, org_id)
    return combo


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class CourseDialog(FormDialog):
    """Edit a course; on 确定 the write runs in the background and the dialog closes on success."""

    def __init__(self, parent: QWidget, orgs: list[tuple[int, str, int]], course_id: int | None = None,
                 course: CourseData | None = None):
        super().__init__(parent, getattr(parent, "ctx", None), "修改培训班" if course else "新建培训班")
        self.course_id = course_id
        self.resize(520, 0)
        today = date.today()

        self.title = QLineEdit(course.title if course else "")
        self.type = QComboBox()
        for code, name in COURSE_TYPES.items():
            self.type.addItem(name, code)
        self.organiser = QLineEdit(course.organiser if course else "")
        self.starts = QDateEdit(_qdate(course.starts_on if course else today))
        self.ends = QDateEdit(_qdate(course.ends_on if course else today))
        for edit in (self.starts, self.ends):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.starts.dateChanged.connect(self._keep_end_after_start)
        self.place = QLineEdit(course.place if course else "")
        self.hours = QLineEdit(str(course.hours) if course else "")
        self.hours.setPlaceholderText("如 8、1.5、一天、半天")
        self.target = QComboBox()
        for code, name in TRAINING_TARGETS.items():
            self.target.addItem(name, code)
        self.target_org = org_combo(orgs, "（不限党组织）")
        self.note = QPlainTextEdit(course.note if course else "")
        self.note.setFixedHeight(60)
        if course:
            self.type.setCurrentIndex(max(0, self.type.findData(course.course_type)))
            self.target.setCurrentIndex(max(0, self.target.findData(course.target_group)))
            self.target_org.setCurrentIndex(max(0, self.target_org.findData(course.target_org_id)))

        form = self.form
        form.addRow("培训班名称", self.title)
        form.addRow("培训类型", self.type)
        form.addRow("主办单位", self.organiser)
        form.addRow("开始日期", self.starts)
        form.addRow("结束日期", self.ends)
        form.addRow("地点", self.place)
        form.addRow("学时", self.hours)
        form.addRow("培训对象", self.target)
        form.addRow("对象所在党组织", self.target_org)
        form.addRow("备注", self.note)

    def _keep_end_after_start(self, start: QDate) -> None:
        if self.ends.date() < start:
            self.ends.setDate(start)

    def data(self) -> CourseData:
        return CourseData(
            title=self.title.text(), course_type=self.type.currentData(),
            starts_on=self.starts.date().toPython(), ends_on=self.ends.date().toPython(),
            hours=self.hours.text(), organiser=self.organiser.text(), place=self.place.text(),
            target_group=self.target.currentData(), target_org_id=self.target_org.currentData(),
            note=self.note.toPlainText())

    def save(self) -> None:
        data, course_id = self.data(), self.course_id

        def write(session):
            if course_id is None:
                return training.create_course(session, data).id
            return training.update_course(session, course_id, data).id

        self.run_write(write, {"training"})

    @property
    def saved_id(self) -> int | None:
        return self.result_value
