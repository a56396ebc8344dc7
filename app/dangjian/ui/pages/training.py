"""培训 page: courses with their attendance sheet, and the yearly 学时统计 (see training_hours.py)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.training import courses as training
from ...core.training import stats as training_stats
from ...core.training.hours import format_hours
from ...reports.engine.registry import ExportOptions
from ..dialogs.course_dialog import CourseDialog
from ..dialogs.course_enrol import CourseEnrolDialog
from ..dialogs.pdf_preview import preview_export
from ..models.training import CourseListModel
from ..operations import read_op, write_op
from ..widgets.attendance_sheet import AttendanceSheet
from .base import Page
from .training_hours import HoursTab


def _sheet_data(session, course_id: int) -> tuple[int, str, int, list]:
    course = training.get_course(session, course_id)
    dates = f"{course.starts_on:%Y-%m-%d}" + ("" if course.ends_on == course.starts_on
                                              else f" 至 {course.ends_on:%Y-%m-%d}")
    header = f"{course.title}　{dates}　{course.place or ''}　{format_hours(course.hours_tenths)}学时"
    return course_id, header, course.hours_tenths, training.attendees(session, course_id)


class CoursesTab(QWidget):
    """Course list on top; the selected course's attendance sheet below."""

    def __init__(self, page: TrainingPage):
        super().__init__(page)
        self.page = page
        self.ctx = page.ctx
        self.course_id: int | None = None
        self.orgs: list[tuple[int, str, int]] = []

        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.year.setPrefix("年度 ")
        self.year.valueChanged.connect(lambda _: self.reload())
        self.search = QLineEdit()
        self.search.setPlaceholderText("查找培训班名称")
        self.search.returnPressed.connect(self.reload)
        new, edit, remove = QPushButton("新建培训班…"), QPushButton("修改…"), QPushButton("删除")
        new.clicked.connect(self.new_course)
        edit.clicked.connect(self.edit_course)
        remove.clicked.connect(self.delete_course)

        self.model = CourseListModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _: self.edit_course())
        self.table.selectionModel().currentRowChanged.connect(self._course_selected)

        self.header = QLabel("请在上方选择培训班")
        self.header.setObjectName("sectionTitle")
        enrol, drop = QPushButton("报名…"), QPushButton("移出名单")
        signin, self.save_button = QPushButton("打印签到表…"), QPushButton("保存出勤 (Ctrl+S)")
        self.discard_button = QPushButton("放弃修改")
        enrol.clicked.connect(self.enrol)
        drop.clicked.connect(self.remove_attendee)
        signin.clicked.connect(self.print_signin)
        self.save_button.clicked.connect(self.save)
        self.discard_button.clicked.connect(lambda: self.load_sheet(self.course_id))
        self.sheet_buttons = [enrol, drop, signin]
        self.sheet = AttendanceSheet()
        self.sheet.edited.connect(self._sheet_edited)
        save = QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        top = QHBoxLayout()
        for widget in (self.year, self.search, new, edit, remove):
            top.addWidget(widget)
        top.insertStretch(2)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(top)
        upper_layout.addWidget(self.table)
        actions = QHBoxLayout()
        actions.addWidget(self.header, 1)
        for button in (enrol, drop, signin, self.discard_button, self.save_button):
            actions.addWidget(button)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(actions)
        lower_layout.addWidget(self.sheet, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([320, 520])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._sheet_edited([])

    # --- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        year, search = self.year.value(), self.search.text()

        def load(session):
            return training.list_courses(session, year, search), training_stats.org_tree(session)

        read_op(self, load).success(self._show_courses).run_in_background()

    def _show_courses(self, result) -> None:
        courses, self.orgs = result
        self.model.set_rows(courses)
        ids = [c.id for c in courses]
        row = ids.index(self.course_id) if self.course_id in ids else (0 if ids else -1)
        if row >= 0:
            previous = self.course_id
            self.table.selectRow(row)  # loads the sheet when the selection moves to another course
            if courses[row].id == previous:
                self.load_sheet(previous)  # same course: its list may have changed
        else:
            self.course_id = None
            self.sheet.load([], 0)
            self.header.setText("本年度还没有培训班，点“新建培训班”开始")

    def _course_selected(self, current, _previous) -> None:
        if not current.isValid():
            return
        course_id = self.model.row_at(current.row()).id
        if course_id != self.course_id and self.confirm_discard():
            self.load_sheet(course_id)

    def load_sheet(self, course_id: int | None) -> None:
        if course_id is None:
            return
        self.course_id = course_id
        read_op(self, lambda session: _sheet_data(session, course_id)).success(self._show_sheet).run_in_background()

    def _show_sheet(self, data) -> None:
        course_id, header, hours, rows = data
        if course_id != self.course_id:
            return  # the user moved on to another course meanwhile
        self.header.setText(header)
        self.sheet.load(rows, hours)

    def _sheet_edited(self, marks: list) -> None:
        self.save_button.setEnabled(bool(marks))
        self.discard_button.setEnabled(bool(marks))

    def has_unsaved(self) -> bool:
        return bool(self.sheet.edited_marks())

    def confirm_discard(self) -> bool:
        """True when it is fine to leave the current sheet (saved, discarded or nothing changed)."""
        if not self.has_unsaved():
            return True
        answer = QMessageBox.question(self, "未保存的出勤", "本培训班的出勤修改还没有保存，要保存吗？",
                                      QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                                      | QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Save:
            self.save()
        return answer != QMessageBox.StandardButton.Cancel

    # --- actions ------------------------------------------------------------------------------

    def save(self) -> None:
        marks, course_id = self.sheet.edited_marks(), self.course_id
        if not marks or course_id is None:
            return

        def write(session):
            return training.record_attendance(session, course_id, marks, allow_update=True)

        self.save_button.setEnabled(False)
        write_op(self, write, {"training"}, undo_text="登记出勤").success(self._saved).run_in_background()

    def _saved(self, result) -> None:
        text = f"已保存 {result.created + result.updated} 人的出勤"
        if result.warnings:
            text += "；" + "；".join(result.warnings[:3]) + ("等" if len(result.warnings) > 3 else "")
        self.page.status(text)
        self.sheet.model.mark_saved()

    def _selected_course(self):
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def new_course(self) -> None:
        dialog = CourseDialog(self, self.orgs)
        if dialog.exec():
            self.course_id = dialog.saved_id

    def edit_course(self) -> None:
        course_id = self.course_id
        if course_id is None:
            return

        def open_dialog(data):
            CourseDialog(self, self.orgs, course_id, data).exec()

        read_op(self, lambda session: training.course_data(session, course_id)).success(open_dialog) \
            .run_in_background()

    def delete_course(self) -> None:
        course = self._selected_course()
        if course is None:
            return
        if QMessageBox.question(self, "删除培训班", f"将“{course.title}”及其出勤记录移入回收站？"
                                "其中的学时不再计入统计，可从回收站恢复。") != QMessageBox.StandardButton.Yes:
            return
        self.course_id = None
        write_op(self, lambda session: training.delete_course(session, course.id), {"training"},
                 undo_text=f"删除培训班 {course.title}").run_in_background()

    def enrol(self) -> None:
        course = self._selected_course()
        if course is None or not self.confirm_discard():
            return
        dialog = CourseEnrolDialog(self, course.id, course.title, self.orgs)
        if dialog.exec():
            self.page.status(f"新报名 {dialog.added} 人" if dialog.added else "所选人员都已在名单中")

    def remove_attendee(self) -> None:
        index = self.sheet.view.currentIndex()
        if self.course_id is None or not index.isValid():
            return
        person = self.sheet.model.attendee(index.row())
        if QMessageBox.question(self, "移出名单", f"将{person.name}移出本培训班名单？其本班学时将不再计入。") \
                != QMessageBox.StandardButton.Yes:
            return
        course_id = self.course_id
        write_op(self, lambda session: training.remove_attendees(session, course_id, [person.member_id]),
                 {"training"}, undo_text=f"移出名单 {person.name}").run_in_background()

    def print_signin(self) -> None:
        if self.course_id is not None and self.confirm_discard():
            preview_export(self, "signin", ExportOptions(course_id=self.course_id))


class TrainingPage(Page):
    domains = frozenset({"training", "members", "orgs", "settings"})

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        title = QLabel("培训")
        title.setObjectName("pageTitle")
        self.courses = CoursesTab(self)
        self.hours = HoursTab(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.courses, "培训班与出勤")
        self.tabs.addTab(self.hours, "学时统计")
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)

    def on_first_show(self) -> None:
        self.courses.reload()

    def refresh(self, changes: set[str]) -> None:
        if not self.courses.has_unsaved():
            self.courses.reload()
        if self.hours.loaded:
            self.hours.reload()

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.hours and not self.hours.loaded:
            self.hours.reload()

    def status(self, text: str) -> None:
        bar = getattr(self.window(), "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 8000)

