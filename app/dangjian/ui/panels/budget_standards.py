"""经费标准 tab: the year's standard per category, with edit, delete and copy-from-last-year."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.budgets import standards
from ...core.common.labels import ORG_DOMAINS, ORG_KINDS
from ...core.common.money import format_yuan
from ..dialogs.budget_standard import StandardDialog
from ..operations import write_op
from ..widgets.controls import push_button

COLUMNS = ["经费类别", "每个组织", "每名党员", "适用组织类型", "适用领域", "县级:街道", "党员数截止日", "备注"]


class StandardsPanel(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.year = 0
        self.rows: list[tuple[int, str, standards.FundStandard | None]] = []
        self.active: dict[int, bool] = {}
        self.names: dict[int, str] = {}
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.edit_button = push_button("修改标准…", self.edit_selected)
        self.delete_button = push_button("删除标准", self.delete_selected)
        self.copy_button = push_button("从上一年复制", self.copy_previous)
        self.add_category_button = push_button("新增经费类别…", self.add_category)
        self.rename_button = push_button("重命名类别…", self.rename_selected,
                                         "预算、支出和历年标准随类别一起改名")
        self.toggle_button = push_button("停用/启用类别", self.toggle_selected,
                                         "停用的类别不再生成预算、不能登记新支出，历史记录保留")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.edit_button, self.delete_button, self.copy_button, self.add_category_button,
                       self.rename_button, self.toggle_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def load(self, session, year: int) -> None:
        """Fill from a read session (called on the GUI thread: a handful of rows)."""
        self.year = year
        by_category = {s.category_id: s for s in standards.standards_for_year(session, year)}
        self.rows = [(c.id, c.name if c.active else f"{c.name}（已停用）", by_category.get(c.id))
                     for c in standards.categories(session, include_inactive=True)]
        everything = standards.categories(session, include_inactive=True)
        self.active = {c.id: c.active for c in everything}
        self.names = {c.id: c.name for c in everything}
        self.table.setRowCount(len(self.rows))
        for row, (_cid, name, standard) in enumerate(self.rows):
            values = [name, "未设置", "", "", "", "", "", ""]
            if standard is not None:
                values = [name, format_yuan(standard.per_org_fen) if standard.per_org_fen else "—",
                          format_yuan(standard.per_member_fen) if standard.per_member_fen else "—",
                          "、".join(ORG_KINDS.get(k, k) for k in standard.qualifying_kinds) or "不限",
                          "、".join(ORG_DOMAINS.get(d, d) for d in standard.qualifying_domains) or "不限",
                          f"{standard.county_share_pct}:{standard.street_share_pct}",
                          f"{standard.member_cutoff_on:%Y-%m-%d}" if standard.member_cutoff_on else "",
                          standard.note]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column in (1, 2):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        missing = sum(1 for *_, s in self.rows if s is None)
        self.hint.setText(f"{year}年经费标准。修改标准后点“生成预算…”，先预览变化再确认；手工调整不会被覆盖。"
                          + (f" 有 {missing} 个类别未设置标准，不生成预算。" if missing else ""))

    def _selected(self) -> tuple[int, str, standards.FundStandard | None] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def edit_selected(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        category_id, name, _standard = selected
        with self.ctx.db.read() as session:
            existing = next((s for s in standards.standards_for_year(session, self.year)
                             if s.category_id == category_id), None)
            data = (standards.StandardInput(category_id, existing.per_org_fen, existing.per_member_fen,
                                            existing.county_share_pct, existing.street_share_pct,
                                            list(existing.qualifying_kinds), list(existing.qualifying_domains),
                                            existing.member_cutoff_on, existing.note)
                    if existing else standards.new_standard_defaults(session, self.year, category_id))
        dialog = StandardDialog(self, self.ctx, year=self.year, category_name=name, data=data)
        dialog.open()

    def delete_selected(self) -> None:
        selected = self._selected()
        if selected is None or selected[2] is None:
            return
        category_id, name, _ = selected
        answer = QMessageBox.question(self, "删除经费标准",
                                      f"删除{self.year}年“{name}”的标准？已生成的预算在重新生成前保持不变。")
        if answer == QMessageBox.StandardButton.Yes:
            year = self.year
            write_op(self, lambda s: standards.delete_standard(s, year, category_id), {"budgets"},
                     undo_text=f"删除{year}年经费标准").run_in_background()

    def copy_previous(self) -> None:
        year = self.year
        write_op(self, lambda s: standards.copy_standards(s, year - 1, year), {"budgets"},
                 undo_text=f"复制{year - 1}年标准到{year}年").run_in_background()

    def toggle_selected(self) -> None:
        selected = self._selected()
        if selected is not None:
            category_id, active = selected[0], not self.active.get(selected[0], True)
            write_op(self, lambda s: standards.set_category_active(s, category_id, active).id,
                     {"budgets"}).run_in_background()

    def rename_selected(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        category_id, old = selected[0], self.names[selected[0]]
        name, ok = QInputDialog.getText(self, "重命名经费类别", "新的类别名称：", text=old)
        if ok and name.strip() and name.strip() != old:
            write_op(self, lambda s: standards.rename_category(s, category_id, name).id, {"budgets"},
                     undo_text=f"重命名经费类别“{old}”").run_in_background()

    def add_category(self) -> None:
        name, ok = QInputDialog.getText(self, "新增经费类别", "类别名称：")
        if ok and name.strip():
            write_op(self, lambda s: standards.add_category(s, name).id, {"budgets"}).run_in_background()
