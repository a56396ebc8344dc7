"""党员: the roster of up to 100,000 members — search, filters, batch actions, import and export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QToolButton,
    QVBoxLayout,
)

from ...core.common.labels import MEMBER_CATEGORIES, MEMBER_FLAGS, PARTY_STATUSES
from ...core.members import roster as svc
from ...core.members.query import MemberFilter, OrgChoice, org_tree
from ...reports.engine.registry import ExportOptions, run_export
from ..dialogs.pdf_preview import preview_export
from ..models.member_table import COLUMNS, MemberTableModel
from ..operations import Op, read_op, write_op
from ..widgets.controls import code_combo
from ..widgets.org_combo import OrgCombo
from .base import Page

SEARCH_DEBOUNCE_MS = 150
COLUMNS_KEY = "members/hidden_columns"



def _age_box(placeholder: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, 120)
    box.setSpecialValueText(placeholder)  # 0 shows as 不限
    box.setFixedWidth(64)
    return box


class MembersPage(Page):
    domains = frozenset({"members", "orgs"})

    def __init__(self, ctx, parent=None, *, today: date | None = None):
        super().__init__(ctx, parent)
        self.today = today or date.today()
        self.orgs: list[OrgChoice] = []
        self._count_generation = 0
        self.model = MemberTableModel(ctx.db, self, today=self.today)

        title = QLabel("党员")
        title.setObjectName("pageTitle")
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索：姓名、拼音首字母、身份证号后几位或电话")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(300)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _: self._debounce.start())

        self.add_button = QPushButton("新增")
        self.edit_button = QPushButton("编辑")
        self.confirm_button = QPushButton("转正")
        self.transfer_button = QPushButton("转出/转入")
        self.delete_button = QPushButton("删除")
        self.restore_button = QPushButton("恢复")
        self.purge_button = QPushButton("彻底删除")
        self.import_button = QPushButton("导入…")
        self.export_button = QToolButton()
        self.export_button.setText("导出")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        export_menu = QMenu(self.export_button)
        export_menu.addAction("导出花名册（Excel）…", self.export_xlsx)
        export_menu.addAction("打印预览花名册（PDF）…", self.preview_pdf)
        self.export_button.setMenu(export_menu)
        self.columns_button = QToolButton()
        self.columns_button.setText("列")
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.columns_button.setMenu(self._columns_menu())
        self.unmask = QCheckBox("显示完整号码")
        self.unmask.setToolTip("显示完整公民身份号码（将记入操作日志）")
        self.unmask.toggled.connect(self.toggle_unmasked)

        for button, slot in ((self.add_button, self.add_member), (self.edit_button, self.edit_member),
                             (self.confirm_button, self.confirm_selected),
                             (self.transfer_button, self.transfer_selected),
                             (self.delete_button, self.delete_selected), (self.restore_button, self.restore_selected),
                             (self.purge_button, self.purge_selected), (self.import_button, self.import_members)):
            button.clicked.connect(slot)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(self.search, 1)
        for widget in (self.add_button, self.edit_button, self.confirm_button, self.transfer_button,
                       self.delete_button, self.restore_button, self.purge_button, self.import_button,
                       self.export_button, self.columns_button, self.unmask):
            top.addWidget(widget)

        self.org = OrgCombo([], all_label="全部党组织（含下级）")
        self.category = code_combo(MEMBER_CATEGORIES, all_label="全部类别")
        self.status = code_combo(PARTY_STATUSES, all_label="全部状态")
        self.flag = code_combo(MEMBER_FLAGS, all_label="全部标记")
        self.min_age = _age_box("不限")
        self.max_age = _age_box("不限")
        self.bin = QCheckBox("回收站")
        self.bin.setToolTip("查看已删除的党员，可恢复或彻底删除")
        clear = QPushButton("清除筛选")
        clear.clicked.connect(self.clear_filters)
        for combo in (self.org, self.category, self.status, self.flag):
            combo.currentIndexChanged.connect(self.apply_filter)
        for box in (self.min_age, self.max_age):
            box.valueChanged.connect(lambda _: self._debounce.start())
        self.bin.toggled.connect(self.apply_filter)
        filters = QHBoxLayout()
        filters.addWidget(QLabel("党组织"))
        filters.addWidget(self.org, 2)
        for widget in (self.category, self.status, self.flag):
            filters.addWidget(widget)
        filters.addWidget(QLabel("年龄"))
        filters.addWidget(self.min_age)
        filters.addWidget(QLabel("至"))
        filters.addWidget(self.max_age)
        filters.addWidget(clear)
        filters.addWidget(self.bin)
        filters.addStretch(1)

        self.table = QTableView()
        self.table.setModel(self.model)
        # No indicator first: enabling sorting sorts by the indicator's column, which would query now.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.doubleClicked.connect(lambda _: self.edit_member())
        for index, column in enumerate(COLUMNS):
            self.table.setColumnWidth(index, column.width)
        self._apply_hidden_columns()
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.count_label = QLabel()

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self._update_buttons()

    # --- loading -------------------------------------------------------------------------------------

    def on_first_show(self) -> None:
        self.load_orgs()
        self.apply_filter()

    def refresh(self, changes: set[str]) -> None:
        if changes & {"orgs", "all"}:
            self.load_orgs()
        self.model.reload()
        self._after_reload()

    def load_orgs(self) -> None:
        with self.ctx.db.read() as session:
            self.orgs = org_tree(session)
        self.org.set_orgs(self.orgs)

    def current_filter(self) -> MemberFilter:
        return MemberFilter(
            org_id=self.org.org_id(), category=self.category.currentData(),
            party_status=self.status.currentData(), flag=self.flag.currentData(),
            min_age=self.min_age.value() or None, max_age=self.max_age.value() or None,
            search=self.search.text(), deleted=self.bin.isChecked(), today=self.today,
        )

    def apply_filter(self) -> None:
        self._debounce.stop()
        self.model.reload(self.current_filter())
        self._after_reload()

    def _after_reload(self) -> None:
        self._update_buttons()
        self._count_generation += 1
        if self.model.total is not None:  # everything fits on the first page
            self._show_count(self._count_generation, self.model.total)
            return
        self.count_label.setText("正在统计…")
        generation, model = self._count_generation, self.model
        read_op(self, model.count).success(lambda n: self._show_count(generation, n)).run_in_background()

    def _show_count(self, generation: int, total: int) -> None:
        if generation != self._count_generation:  # a newer search has started meanwhile
            return
        self.model.total = total
        where = "回收站中" if self.model.filter.deleted else "符合条件的党员"
        self.count_label.setText(f"{where}共 {total} 名")

    def clear_filters(self) -> None:
        for widget in (self.org, self.category, self.status, self.flag):
            widget.blockSignals(True)
            widget.setCurrentIndex(0)
            widget.blockSignals(False)
        for box in (self.min_age, self.max_age):
            box.blockSignals(True)
            box.setValue(0)
            box.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.apply_filter()

    # --- columns and masking ---------------------------------------------------------------------------

    def _hidden_keys(self) -> set[str]:
        stored = self.ctx.settings.value(COLUMNS_KEY)
        if stored is None:
            return {c.key for c in COLUMNS if not c.shown_by_default}
        return set(stored if isinstance(stored, list) else [stored]) - {""}

    def _columns_menu(self) -> QMenu:
        menu = QMenu(self)
        hidden = self._hidden_keys()
        for index, column in enumerate(COLUMNS):
            action = QAction(column.title, menu, checkable=True)
            action.setChecked(column.key not in hidden)
            action.setEnabled(column.key != "name")
            action.toggled.connect(lambda shown, i=index: self.set_column_shown(i, shown))
            menu.addAction(action)
        return menu

    def set_column_shown(self, index: int, shown: bool) -> None:
        self.table.setColumnHidden(index, not shown)
        hidden = [c.key for i, c in enumerate(COLUMNS) if self.table.isColumnHidden(i)]
        self.ctx.settings.setValue(COLUMNS_KEY, hidden or [""])

    def _apply_hidden_columns(self) -> None:
        hidden = self._hidden_keys()
        for index, column in enumerate(COLUMNS):
            self.table.setColumnHidden(index, column.key in hidden)

    def toggle_unmasked(self, unmasked: bool) -> None:
        if unmasked:
            write_op(self, lambda s: svc.record_unmasked_view(s, "党员列表"), set()).run_in_background()
        self.model.set_masked(not unmasked)

    # --- selection -------------------------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.member_id(row) for row in rows]

    def _update_buttons(self) -> None:
        selected = bool(self.table.selectionModel().selectedRows())
        in_bin = self.bin.isChecked()
        for button in (self.add_button, self.import_button):
            button.setEnabled(not in_bin)
        for button in (self.edit_button, self.confirm_button, self.transfer_button, self.delete_button):
            button.setEnabled(selected and not in_bin)
            button.setVisible(not in_bin)
        for button in (self.restore_button, self.purge_button):
            button.setEnabled(selected and in_bin)
            button.setVisible(in_bin)
        self.edit_button.setEnabled(len(self.table.selectionModel().selectedRows()) == 1 and not in_bin)

    # --- actions ---------------------------------------------------------------------------------------

    def add_member(self):
        from ..dialogs.member_dialog import MemberDialog

        dialog = MemberDialog(self, self.ctx, self.orgs, org_id=self.org.org_id(), today=self.today)
        dialog.open()
        return dialog

    def edit_member(self):
        from ..dialogs.member_dialog import MemberDialog

        ids = self.selected_ids()
        if len(ids) != 1:
            return None
        dialog = MemberDialog(self, self.ctx, self.orgs, member_id=ids[0], today=self.today)
        dialog.open()
        return dialog

    def confirm_selected(self):
        from ..dialogs.member_batch import ConfirmDialog

        ids = self.selected_ids()
        if ids:
            dialog = ConfirmDialog(self, self.ctx, ids, today=self.today)
            dialog.open()
            return dialog
        return None

    def transfer_selected(self):
        from ..dialogs.member_batch import TransferDialog

        ids = self.selected_ids()
        if ids:
            dialog = TransferDialog(self, self.ctx, ids, self.orgs, today=self.today)
            dialog.open()
            return dialog
        return None

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids and self._ask(f"将选中的 {len(ids)} 名党员移入回收站？（可在回收站中恢复）"):
            write_op(self, lambda s: svc.delete_members(s, ids), {"members", "orgs"},
                     undo_text=f"删除 {len(ids)} 名党员").run_in_background()

    def restore_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            write_op(self, lambda s: svc.restore_members(s, ids), {"members", "orgs"},
                     undo_text=f"恢复 {len(ids)} 名党员").run_in_background()

    def purge_selected(self) -> None:
        ids = self.selected_ids()
        if ids and self._ask(f"彻底删除选中的 {len(ids)} 名党员？删除后无法恢复。"):
            write_op(self, lambda s: svc.purge_members(s, ids, confirmed=True), {"members"}).run_in_background()

    def _ask(self, text: str) -> bool:
        answer = QMessageBox.question(self, "请确认", text)
        return answer == QMessageBox.StandardButton.Yes

    def import_members(self):
        from ..dialogs.import_preview import ImportPreviewDialog

        dialog = ImportPreviewDialog(self, self.ctx, "members")
        dialog.open()
        return dialog

    def export_options(self) -> ExportOptions:
        return ExportOptions(org=self.org.org_name(), unmasked=self.unmask.isChecked(), today=self.today)

    def export_xlsx(self) -> None:
        target, _ = QFileDialog.getSaveFileName(self, "导出党员花名册", str(Path.home() / "党员花名册.xlsx"),
                                                "Excel 表格 (*.xlsx)")
        if not target:
            return
        path = Path(target).with_suffix(".xlsx")
        options = self.export_options()
        (Op(self, lambda ctx: run_export(ctx.db, "roster", path, options, progress=ctx.progress))
         .with_progress("正在导出党员花名册…")
         .success(lambda p: QMessageBox.information(self, "导出完成", f"已导出到：\n{p}"))
         .run_in_background())

    def preview_pdf(self) -> None:
        preview_export(self, "roster", self.export_options())
