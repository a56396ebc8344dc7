"""活动 page: list and month views with filters, the record editor, fast attendance, 经费, 附件, 问题 and
打印会议材料 — one activity entered once, everything else follows from it."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.activities import records as svc
from ...core.activities.attachments import list_attachments
from ...core.activities.attendance import activity_attendees, enrol_expected, record_activity_attendance
from ...core.activities.checks import ActivityFinding, detailed_findings
from ...core.activities.funds import activity_ledger_filter, funds_summary
from ...core.activities.listing import ActivityFilter, month_calendar, org_choices
from ...core.activities.lookup import get_activity
from ...core.activities.records import ActivityData
from ...core.budgets.ledger import ledger_rows
from ...core.budgets.standards import categories
from ...core.cobuild.venues import venue_choices
from ...core.common.labels import ACTIVITY_TYPES
from ...reports.engine.registry import ExportOptions
from ..dialogs.activity_new import NewActivityDialog
from ..dialogs.pdf_preview import preview_export
from ..models.activities import ActivityListModel
from ..operations import read_op, write_op
from ..panels.activity_attachments import ActivityAttachmentsPanel
from ..panels.activity_funds import ActivityFundsPanel
from ..widgets.activity_editor import ActivityEditor
from ..widgets.attendance_sheet import CREDIT_COLUMN, AttendanceSheet
from ..widgets.controls import code_combo, push_button
from .base import Page

CHANGES = {"activities"}


@dataclass
class Detail:
    """Everything the right-hand tabs show for one activity, read in one background op."""

    id: int
    data: ActivityData
    attendees: list
    hours_tenths: int
    funds: object
    ledger: list
    attachments: list


def _detail(session, activity_id: int) -> Detail:
    activity = get_activity(session, activity_id)
    funded = bool(activity.requested_fen)
    return Detail(activity_id, svc.data_of(session, activity), activity_attendees(session, activity_id),
                  svc.activity_hours_tenths(session, activity),
                  funds_summary(session, activity_id) if funded else None,
                  ledger_rows(session, activity_ledger_filter(activity_id), limit=None),
                  list_attachments(session, activity_id))


class ActivitiesPage(Page):
    domains = frozenset({"activities", "orgs", "members", "training", "budgets", "settings"})

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.activity_id: int | None = None
        self.findings: list[ActivityFinding] = []
        self.orgs: list[tuple[int, str]] = []
        self.model = ActivityListModel(ctx.db, self)
        # filters
        self.month = QComboBox()
        self.month.addItem("全年", 0)
        for m in range(1, 13):
            self.month.addItem(f"{m}月", m)
        self.month.setCurrentIndex(date.today().month)
        self.year = QComboBox()
        for y in range(date.today().year + 1, date.today().year - 6, -1):
            self.year.addItem(f"{y}年", y)
        self.year.setCurrentIndex(1)
        self.org_filter = QComboBox()
        self.org_filter.setEditable(True)
        self.org_filter.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.org_filter.setMinimumWidth(220)
        self.type_filter = code_combo(ACTIVITY_TYPES, all_label="全部类型")
        self.flagged_only = QCheckBox("只看有问题的")
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索名称、地点")
        for combo in (self.month, self.year, self.org_filter, self.type_filter):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.flagged_only.toggled.connect(self.apply_filter)
        self.search.returnPressed.connect(self.apply_filter)
        bar = QHBoxLayout()
        for widget in (self.year, self.month, self.org_filter, self.type_filter, self.flagged_only, self.search):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(push_button("新建活动…", self.new_activity, "按类型模板新建，或复制上月的记录"))
        bar.addWidget(push_button("删除", self.delete_activity, "移入回收站（出席、附件和经费记录保留）"))
        self.print_button = push_button("打印会议材料", self.print_pack, "会议通知、议程、签到表、会议记录、经费表")
        bar.addWidget(self.print_button)
        # list and month views
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column, width in enumerate((88, 46, 76, 200, 150, 120, 56, 110)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.currentPageChanged.connect(lambda y, m: self._sync_month(y, m))
        self.calendar.clicked.connect(self._day_clicked)
        self.day_list = QListWidget()
        self.day_list.itemActivated.connect(lambda item: self.show_activity(item.data(Qt.ItemDataRole.UserRole)))
        self.day_list.itemClicked.connect(lambda item: self.show_activity(item.data(Qt.ItemDataRole.UserRole)))
        month_view = QWidget()
        month_layout = QVBoxLayout(month_view)
        month_layout.addWidget(self.calendar, 3)
        month_layout.addWidget(self.day_list, 1)
        self.org_problems = QLabel()  # 三会一课 frequency gaps of the chosen org (or of all orgs, counted)
        self.org_problems.setWordWrap(True)
        self.org_problems.setStyleSheet("color: #a35f00")
        self.views = QTabWidget()
        self.views.addTab(self.table, "列表")
        self.views.addTab(month_view, "月历")
        # the record
        self.header = QLabel("请选择或新建一个活动")
        self.header.setObjectName("pageTitle")
        self.detail_tabs = QTabWidget()
        self.editor_box = QWidget()
        self.editor_layout = QVBoxLayout(self.editor_box)
        self.editor: ActivityEditor | None = None
        self.save_button = push_button("保存记录", self.save_record)
        self.sheet = AttendanceSheet()
        sheet_box = QWidget()
        sheet_layout = QVBoxLayout(sheet_box)
        sheet_layout.addWidget(self.sheet)
        sheet_buttons = QHBoxLayout()
        self.save_sheet_button = push_button("保存出席情况", self.save_attendance)
        sheet_buttons.addWidget(push_button("按参加党组织补全应到人员", self.enrol))
        sheet_buttons.addStretch(1)
        sheet_buttons.addWidget(self.save_sheet_button)
        sheet_layout.addLayout(sheet_buttons)
        self.funds = ActivityFundsPanel([])
        self.attachments = ActivityAttachmentsPanel()
        self.problems = QListWidget()
        self.detail_tabs.addTab(self.editor_box, "会议记录")
        self.detail_tabs.addTab(sheet_box, "出席")
        self.detail_tabs.addTab(self.funds, "经费")
        self.detail_tabs.addTab(self.attachments, "附件")
        self.detail_tabs.addTab(self.problems, "问题")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.header)
        right_layout.addWidget(self.detail_tabs, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.org_problems)
        left_layout.addWidget(self.views, 1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([640, 760])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self._set_enabled(False)

    # --- loading ------------------------------------------------------------------------------

    def on_first_show(self) -> None:
        def load(session):
            return org_choices(session), [(c.id, c.name) for c in categories(session)], venue_choices(session)

        read_op(self, load).success(self._choices_loaded).run_in_background()

    def _choices_loaded(self, result) -> None:
        self.orgs, cats, venues = result
        self.org_filter.blockSignals(True)
        self.org_filter.clear()
        self.org_filter.addItem("全部党组织", None)
        for org_id, name in self.orgs:
            self.org_filter.addItem(name, org_id)
        self.org_filter.blockSignals(False)
        self.funds.category.clear()
        for category_id, name in cats:
            self.funds.category.addItem(name, category_id)
        self.editor = ActivityEditor(self.orgs, venues=venues)
        self.editor_layout.addWidget(self.editor, 1)
        self.editor_layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        self.refresh({"all"})

    def refresh(self, changes: set[str]) -> None:
        today = date.today()
        read_op(self, lambda s: detailed_findings(s, today)).success(self._findings_loaded).run_in_background()

    def _findings_loaded(self, findings: list[ActivityFinding]) -> None:
        self.findings = findings
        self.apply_filter()
        if self.activity_id is not None:
            self.show_activity(self.activity_id)

    def current_filter(self) -> ActivityFilter:
        year, month = self.year.currentData(), self.month.currentData()
        first = date(year, month or 1, 1)
        last = date(year, 12, 31) if not month else date(year, month, monthrange(year, month)[1])
        org_id = self.org_filter.currentData()
        flagged = {f.activity_id for f in self.findings if f.activity_id is not None}
        return ActivityFilter(first, last, frozenset({org_id}) if org_id else None, self.type_filter.currentData(),
                              self.search.text(), frozenset(flagged) if self.flagged_only.isChecked() else None)

    def apply_filter(self) -> None:
        flt = self.current_filter()
        self.model.set_filter(flt, {f.activity_id for f in self.findings if f.activity_id is not None})
        self._paint_calendar(flt)
        self._show_org_problems(self.org_filter.currentData())
        if self.activity_id is not None:
            row = self.model.row_of(self.activity_id)
            if row is not None:
                self.table.selectRow(row)

    def _show_org_problems(self, org_id: int | None) -> None:
        gaps = [f.finding for f in self.findings if f.activity_id is None]
        if org_id is not None:
            text = "；".join(f.message for f in gaps if f.org_id == org_id)
        else:
            text = f"{len({f.org_id for f in gaps})} 个党组织的三会一课次数不足，选择党组织查看" if gaps else ""
        self.org_problems.setText(text)
        self.org_problems.setVisible(bool(text))

    def _paint_calendar(self, flt: ActivityFilter) -> None:
        year, month = self.year.currentData(), self.month.currentData() or date.today().month
        self.calendar.blockSignals(True)
        self.calendar.setSelectedDate(QDate(year, month, 1))  # else showing the view jumps back to today
        self.calendar.setCurrentPage(year, month)
        self.calendar.blockSignals(False)
        with self.ctx.db.read() as session:  # one month: a handful of rows
            self._days = month_calendar(session, year, month, flt)
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        bold.setBackground(Qt.GlobalColor.yellow)
        for day, rows in self._days.items():
            bold.setToolTip("\n".join(f"{r.planned_start:%H:%M} {r.title}" for r in rows))
            self.calendar.setDateTextFormat(QDate(year, month, day), bold)

    def _sync_month(self, year: int, month: int) -> None:
        self.year.setCurrentIndex(max(self.year.findData(year), 0))
        self.month.setCurrentIndex(month)

    def _day_clicked(self, day: QDate) -> None:
        self.day_list.clear()
        for row in getattr(self, "_days", {}).get(day.day(), []):
            self.day_list.addItem(f"{row.planned_start:%H:%M} {ACTIVITY_TYPES.get(row.activity_type, '')} "
                                  f"{row.title}（{row.orgs}）")
            self.day_list.item(self.day_list.count() - 1).setData(Qt.ItemDataRole.UserRole, row.id)

    def _row_changed(self, current, _previous) -> None:
        if current.isValid():
            self.show_activity(self.model.row_at(current.row()).id)

    def show_activity(self, activity_id: int) -> None:
        self.activity_id = activity_id
        read_op(self, lambda s: _detail(s, activity_id)).success(self._detail_loaded).run_in_background()

    def _detail_loaded(self, detail: Detail) -> None:
        if detail.id != self.activity_id or self.editor is None:
            return
        data = detail.data
        self.header.setText(f"{ACTIVITY_TYPES.get(data.activity_type, '')}：{data.title}"
                            f"（{data.planned_start:%Y-%m-%d %H:%M}）")
        self.editor.load(data)
        self.sheet.load(detail.attendees, detail.hours_tenths)
        self.sheet.view.setColumnHidden(CREDIT_COLUMN, detail.hours_tenths == 0)  # no 学时 to credit
        self.funds.show_funds(detail.id, detail.funds, detail.ledger)
        self.attachments.show_attachments(detail.id, detail.attachments)
        self.problems.clear()
        for item in self.findings:
            if item.activity_id == detail.id:
                self.problems.addItem(item.finding.message)
        count = self.problems.count()
        self.detail_tabs.setTabText(4, f"问题（{count}）" if count else "问题")
        if not count:
            self.problems.addItem("该活动没有待处理的问题")
        self._set_enabled(True)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.detail_tabs, self.print_button):
            widget.setEnabled(enabled)

    # --- actions ------------------------------------------------------------------------------

    def new_activity(self) -> None:
        dialog = NewActivityDialog(self, self.orgs, self.ctx.db, org_id=self.org_filter.currentData())
        if not dialog.exec() or dialog.result_data is None:
            return
        data = dialog.result_data
        write_op(self, lambda s: svc.create_activity(s, data).id, CHANGES).success(self._created).run_in_background()

    def _created(self, activity_id: int) -> None:
        self.activity_id = activity_id
        self.detail_tabs.setCurrentIndex(0)

    def save_record(self) -> None:
        if self.activity_id is None or self.editor is None:
            return
        activity_id, data = self.activity_id, self.editor.data()
        write_op(self, lambda s: svc.update_activity(s, activity_id, data), CHANGES, undo_text="编辑会议记录").success(
            lambda _a: self._status("已保存会议记录")).run_in_background()

    def save_attendance(self) -> None:
        marks, activity_id = self.sheet.edited_marks(), self.activity_id
        if not marks or activity_id is None:
            return
        write_op(self, lambda s: record_activity_attendance(s, activity_id, marks), CHANGES | {"training"}).success(
            self._attendance_saved).run_in_background()

    def _attendance_saved(self, result) -> None:
        self.sheet.model.mark_saved()
        text = f"已保存 {result.created + result.updated} 人的出席情况"
        if result.warnings:
            text += "；" + "；".join(result.warnings[:3]) + ("等" if len(result.warnings) > 3 else "")
        self._status(text)

    def enrol(self) -> None:
        activity_id = self.activity_id
        if activity_id is not None:
            write_op(self, lambda s: enrol_expected(s, activity_id), CHANGES).success(
                lambda n: self._status(f"补全应到人员 {n} 人")).run_in_background()

    def delete_activity(self) -> None:
        activity_id = self.activity_id
        if activity_id is None:
            return
        answer = QMessageBox.question(self, "删除活动", "将该活动移入回收站？\n"
                                      "出席、附件和已记入台账的经费支出都会保留，可从回收站恢复。")
        if answer == QMessageBox.StandardButton.Yes:
            self.activity_id = None
            self.header.setText("请选择或新建一个活动")
            self._set_enabled(False)
            write_op(self, lambda s: svc.delete_activity(s, activity_id), CHANGES,
                     undo_text="删除活动").run_in_background()

    def print_pack(self) -> None:
        if self.activity_id is not None:
            preview_export(self, "handout", ExportOptions(activity_id=self.activity_id))

    def _status(self, text: str) -> None:
        bar = getattr(self.window(), "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 5000)
