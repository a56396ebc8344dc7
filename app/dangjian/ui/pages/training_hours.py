"""学时统计 tab: yearly hours per member with filters, org completion, and a member's hours history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.common.labels import TRAINING_ROLES
from ...core.training import courses as training
from ...core.training import stats as training_stats
from ...core.training.hours import format_hours
from ...reports.engine.registry import ExportOptions
from ..dialogs.course_dialog import org_combo
from ..dialogs.external_hours import ExternalHoursDialog
from ..dialogs.pdf_preview import preview_export
from ..models.training import HoursHistoryModel, MemberHoursModel, OrgCompletionModel
from ..operations import Op, read_op, write_op
from ..widgets.controls import code_combo


@dataclass(frozen=True)
class _Stats:
    rows: list
    summary: training_stats.YearSummary
    completion: list
    orgs: list


def _table(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    return view


class HoursTab(QWidget):
    def __init__(self, page):
        super().__init__(page)
        self.page = page
        self.ctx = page.ctx
        self.loaded = False
        self.member: tuple[int, str] | None = None

        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.year.setPrefix("年度 ")
        self.org = org_combo([], "全部党组织")
        self.role = code_combo(TRAINING_ROLES, all_label="全部身份")
        self.short_only = QCheckBox("只看未达标")
        self.search = QLineEdit()
        self.search.setPlaceholderText("姓名或拼音首字母")
        query = QPushButton("统计")
        query.setDefault(True)
        for signal in (self.year.valueChanged, self.org.activated, self.role.activated, self.short_only.toggled):
            signal.connect(lambda *_: self.reload())
        self.search.returnPressed.connect(self.reload)
        query.clicked.connect(self.reload)
        summary_print, cards_print = QPushButton("打印汇总表…"), QPushButton("打印学时卡…")
        summary_print.clicked.connect(lambda: self._preview("training"))
        cards_print.clicked.connect(lambda: self._preview("hourscard"))

        self.summary = QLabel()
        self.members = MemberHoursModel(self)
        self.members_view = _table(self.members)
        self.members_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.members_view.selectionModel().currentRowChanged.connect(self._member_selected)
        self.completion = OrgCompletionModel(self)
        self.completion_view = _table(self.completion)
        self.completion_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        self.history_title = QLabel("选择一名党员查看学时记录")
        self.history = HoursHistoryModel(self)
        self.history_view = _table(self.history)
        self.history_view.horizontalHeader().setStretchLastSection(False)
        self.history_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 90), (2, 90), (3, 56), (4, 56), (5, 150)):
            self.history_view.setColumnWidth(column, width)
        add_external, drop_external = QPushButton("登记外部学时…"), QPushButton("删除外部学时")
        add_external.clicked.connect(self.add_external)
        drop_external.clicked.connect(self.delete_external)

        filters = QHBoxLayout()
        for widget in (self.year, self.org, self.role, self.short_only, self.search, query):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(summary_print)
        filters.addWidget(cards_print)
        history_bar = QHBoxLayout()
        history_bar.addWidget(self.history_title, 1)
        history_bar.addWidget(add_external)
        history_bar.addWidget(drop_external)
        history = QWidget()
        history_layout = QVBoxLayout(history)
        history_layout.setContentsMargins(0, 0, 0, 0)
        history_layout.addLayout(history_bar)
        history_layout.addWidget(self.history_view)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.completion_view)
        right.addWidget(history)
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(self.members_view)
        main.addWidget(right)
        main.setStretchFactor(0, 3)
        main.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(main, 1)

    def reload(self) -> None:
        self.loaded = True
        year, org_id, role = self.year.value(), self.org.currentData(), self.role.currentData()
        short, search = self.short_only.isChecked(), self.search.text()

        def work(ctx):
            with ctx.db.read() as session:
                rows = training_stats.yearly_hours(session, year, org_id=org_id, role=role, short_only=short,
                                                   search=search)
                ctx.progress(1, 2)
                completion = training_stats.org_completion(session, year, org_id)
                return _Stats(rows, training_stats.year_summary(session, year, org_id, completion=completion),
                              completion, training_stats.org_tree(session))

        Op(self, work).with_progress("正在统计学时…").success(self._show).run_in_background()

    def _show(self, stats: _Stats) -> None:
        if self.org.count() == 1:  # fill the org filter once
            for org_id, name, depth in stats.orgs:
                self.org.addItem("　" * depth + name, org_id)
        self.members.set_rows(stats.rows)
        self.completion.set_rows(stats.completion)
        s = stats.summary
        self.summary.setText(f"{s.year}年：统计 {s.members} 人（书记/班子成员 {s.leaders} 人），达标 {s.met} 人，"
                             f"未达标 {s.short} 人，达标率 {s.rate}；列表中 {len(stats.rows)} 人")
        if self.member:
            self._load_history(*self.member)

    def _member_selected(self, current, _previous) -> None:
        if current.isValid():
            row = self.members.row_at(current.row())
            self._load_history(row.member_id, row.name)

    def _load_history(self, member_id: int, name: str) -> None:
        self.member = (member_id, name)
        year = self.year.value()

        def load(session):
            return (training_stats.member_history(session, member_id),
                    training_stats.member_year(session, member_id, year))

        read_op(self, load).success(self._show_history).run_in_background()

    def _show_history(self, data) -> None:
        entries, this_year = data
        assert self.member is not None
        self.history.set_rows(entries)
        text = f"{self.member[1]} 的学时记录"
        if this_year is not None:
            text += (f"（{self.year.value()}年 已获 {format_hours(this_year.achieved_tenths)} / 要求 "
                     f"{format_hours(this_year.required_tenths)} 学时）")
        self.history_title.setText(text)

    def add_external(self) -> None:
        if self.member and ExternalHoursDialog(self, *self.member).exec():
            self.page.status("已登记外部学时")

    def delete_external(self) -> None:
        index = self.history_view.currentIndex()
        if not index.isValid():
            return
        entry = self.history.row_at(index.row())
        if entry.source != "external":
            QMessageBox.information(self, "删除外部学时", "培训班的学时请在“培训班与出勤”中修改。")
            return
        if QMessageBox.question(self, "删除外部学时", f"删除“{entry.title}”{format_hours(entry.credited_tenths)}"
                                "学时？") == QMessageBox.StandardButton.Yes:
            write_op(self, lambda session: training.delete_external_hours(session, entry.source_id),
                     {"training"}, undo_text=f"删除外部学时 {entry.title}").run_in_background()

    def _preview(self, kind: str) -> None:
        org = self.org.currentText().strip() if self.org.currentData() is not None else None
        preview_export(self, kind, ExportOptions(year=self.year.value(), org=org))
