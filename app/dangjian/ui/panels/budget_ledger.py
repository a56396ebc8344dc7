"""支出台账 tab: filters, the paged ledger table, its totals, and add / edit / void / unvoid."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.budgets import ledger
from ..dialogs.budget_expenditure import ExpenditureDialog
from ..models.budget_ledger import LedgerModel, RowRole
from ..operations import write_op
from ..widgets.controls import push_button

ALL = "（全部）"


class LedgerPanel(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.year = 0
        self.orgs: list[tuple[int, str]] = []
        self.categories: list[tuple[int, str]] = []
        self.subtrees: dict[int, frozenset[int]] = {}

        self.org = QComboBox()
        self.org.setMinimumWidth(200)
        self.category = QComboBox()
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索用途、经办人、凭证号、项目")
        self.search.setClearButtonEnabled(True)
        self.show_voided = QCheckBox("显示已作废")
        self.show_voided.setChecked(True)
        self.missing_voucher = QCheckBox("仅缺凭证号")
        for signal in (self.org.currentIndexChanged, self.category.currentIndexChanged,
                       self.show_voided.toggled, self.missing_voucher.toggled):
            signal.connect(lambda *_: self.apply_filter())
        self.search.returnPressed.connect(self.apply_filter)
        self.search.textChanged.connect(lambda text: None if text else self.apply_filter())

        self.model = LedgerModel(ctx.db, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate([96, 180, 130, 110, 240, 70, 120, 140]):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.totals = QLabel()
        self.totals.setObjectName("ledgerTotals")

        self.add_button = push_button("登记支出…", self.add)
        self.edit_button = push_button("修改…", self.edit_selected)
        self.void_button = push_button("作废…", self.void_selected)
        self.unvoid_button = push_button("撤销作废", self.unvoid_selected)

        filters = QHBoxLayout()
        for label, widget in [("党组织", self.org), ("类别", self.category)]:
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.show_voided)
        filters.addWidget(self.missing_voucher)
        bottom = QHBoxLayout()
        bottom.addWidget(self.totals, 1)
        for button in (self.add_button, self.edit_button, self.void_button, self.unvoid_button):
            bottom.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def set_choices(self, year: int, orgs: list[tuple[int, str]], categories: list[tuple[int, str]],
                    subtrees: dict[int, frozenset[int]]) -> None:
        """New year or new org/category lists; keeps the chosen filters where they still exist."""
        self.year, self.orgs, self.categories, self.subtrees = year, orgs, categories, subtrees
        for combo, items in ((self.org, orgs), (self.category, categories)):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(ALL, None)
            for item_id, name in items:
                combo.addItem(name, item_id)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)
        self.apply_filter()

    def show_line(self, org_id: int | None, category_id: int | None) -> None:
        """Filter to one grid cell (an org includes its sub-organisations)."""
        for combo, value in ((self.org, org_id), (self.category, category_id)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)
        self.apply_filter()

    def current_filter(self) -> ledger.LedgerFilter:
        org = self.org.currentData()
        return ledger.LedgerFilter(
            year=self.year, org_ids=self.subtrees.get(org, frozenset({org})) if org is not None else None,
            category_id=self.category.currentData(), text=self.search.text(),
            include_voided=self.show_voided.isChecked(), missing_voucher_only=self.missing_voucher.isChecked())

    def apply_filter(self) -> None:
        self.model.set_filter(self.current_filter())
        self.totals.setText(self.model.totals_text())

    def _selected(self) -> ledger.LedgerRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.index(rows[0].row(), 0).data(RowRole) if rows else None

    def _live_orgs(self, row: ledger.LedgerRow | None = None) -> list[tuple[int, str]]:
        orgs = list(self.orgs)
        if row is not None and row.org_id not in dict(orgs):
            orgs.append((row.org_id, row.org_name))
        return orgs

    def add(self, org_id: int | None = None, category_id: int | None = None) -> ExpenditureDialog:
        dialog = ExpenditureDialog(self, self.ctx, year=self.year, orgs=self._live_orgs(),
                                   categories=self.categories, org_id=org_id or self.org.currentData(),
                                   category_id=category_id or self.category.currentData())
        dialog.open()
        return dialog

    def edit_selected(self) -> None:
        row = self._selected()
        if row is None:
            return
        if row.voided:
            QMessageBox.information(self, "修改支出", "已作废的支出不能修改；如需更正，请先“撤销作废”。")
            return
        dialog = ExpenditureDialog(self, self.ctx, year=self.year, orgs=self._live_orgs(row),
                                   categories=self.categories, row=row)
        dialog.open()

    def void_selected(self) -> None:
        row = self._selected()
        if row is None or row.voided:
            return
        reason, ok = QInputDialog.getText(self, "作废支出", f"作废 {row.spent_on:%Y-%m-%d} {row.purpose}，原因：")
        if ok:
            write_op(self, lambda s: ledger.void_expenditure(s, row.id, reason).id, {"budgets"},
                     undo_text=f"作废支出 {row.purpose}").run_in_background()

    def unvoid_selected(self) -> None:
        row = self._selected()
        if row is not None and row.voided:
            write_op(self, lambda s: ledger.unvoid_expenditure(s, row.id).id, {"budgets"},
                     undo_text=f"撤销作废 {row.purpose}").run_in_background()
