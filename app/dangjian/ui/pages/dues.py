"""党费 page: the month grid of a year (已交 / 免交 / 未交 / —) with entry, 核定基数, 减免, 作废, 上缴 and printing.

Every dialog only collects input; the page method it hands the values to runs the write (one transaction,
refusals shown as a Chinese message box) and reloads the grid."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QTableView,
    QVBoxLayout,
)

from ...core.common.money import format_yuan
from ...core.dues import ledger, listing
from ...core.dues.ledger import PaymentInput, RemittanceInput, WaiverInput
from ...core.dues.rates import DuesRates
from ...core.dues.status import MemberYear, last_due_month, member_years
from ...core.training.stats import org_tree
from ...reports.engine.registry import ExportOptions
from ..dialogs.budget_form import run_dialog
from ..dialogs.course_dialog import org_combo
from ..dialogs.dues_base import BaseDialog, BaseInput
from ..dialogs.dues_payment import BatchMonth, BatchMonthDialog, PaymentDialog, PaymentsDialog
from ..dialogs.dues_remittance import RemittanceDialog
from ..dialogs.dues_waiver import WaiverDialog
from ..dialogs.pdf_preview import preview_export
from ..models.dues_grid import FIRST_MONTH_COLUMN, DuesGridModel, StateRole, month_of
from ..operations import read_op, write_op
from ..widgets.controls import menu_button, push_button, year_spin
from .base import Page, title_bar

CHANGES = {"dues"}


@dataclass(frozen=True)
class DuesYear:
    year: int
    org_id: int | None
    until: int  # months after this are not due yet
    rows: list[MemberYear]
    orgs: list[tuple[int, str, int]]
    rates: DuesRates
    summary: str


def load_dues(session, year: int, org_id: int | None, today: date) -> DuesYear:
    """Everything the page shows, summed on the worker: 100,000 members' months are a second of work."""
    rows, until = member_years(session, year, org_id), last_due_month(year, today)
    expected = sum(r.expected_fen(year, until) for r in rows)
    owing = sum(1 for r in rows if r.unpaid_months(year, until))
    summary = (f"人数 {len(rows)}　应交合计 {format_yuan(expected)}　"
               f"实交合计 {format_yuan(sum(r.paid_fen for r in rows))}　有欠交 {owing} 人")
    return DuesYear(year, org_id, until, rows, org_tree(session), DuesRates.load(session, year), summary)


class DuesPage(Page):
    domains = frozenset({"dues", "members", "orgs", "settings"})

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.data: DuesYear | None = None
        self.dialog = None  # the dialog last opened (tests look at it)
        self.org = org_combo([], "全部党组织")
        self.org.activated.connect(lambda _i: self.reload())
        self.year = year_spin(lambda _y: self.reload())
        self.summary = QLabel()
        top = title_bar("党费", ("党组织", self.org), ("年度", self.year))
        top.addWidget(self.summary, 1)

        self.model = DuesGridModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setMinimumSectionSize(48)
        for column in range(FIRST_MONTH_COLUMN, FIRST_MONTH_COLUMN + 12):
            self.view.setColumnWidth(column, 64)
        self.view.setColumnWidth(1, 160)  # a masked 公民身份号码 in full
        self.view.setColumnWidth(2, 150)
        self.view.installEventFilter(self)
        self.view.doubleClicked.connect(self.open_cell)

        print_button = menu_button("打印…", [("收缴明细", lambda: self.print_report("dues")),
                                             ("党费公示", lambda: self.print_report("dues-notice"))])
        buttons = QHBoxLayout()
        for text, slot, tip in (
                ("批量登记…", self.open_batch, "为选中的党员按应交金额登记同一个月（默认本月）"),
                ("登记交纳…", self.open_payment, "为当前党员登记一笔交纳（可跨月，可补交）"),
                ("核定基数…", self.open_base, "核定当前党员本年度的党费交纳基数"),
                ("减免…", self.open_waiver, "登记经批准的减免或免交"),
                ("交纳记录…", self.open_payments, "查看当前党员本年度的交纳记录，作废登记错误的记录"),
                ("上缴…", self.open_remittance, "把所选党组织已收缴、未上缴的党费上缴上级")):
            buttons.addWidget(push_button(text, slot, tip))
        buttons.addStretch(1)
        buttons.addWidget(print_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)

    # --- loading --------------------------------------------------------------------------------

    def on_first_show(self) -> None:
        self.reload()

    def refresh(self, changes: set[str]) -> None:
        self.reload()

    def reload(self) -> None:
        year, org_id = self.year.value(), self.org.currentData()
        today = date.today()
        read_op(self, lambda session: load_dues(session, year, org_id, today)).success(self.show_year
                                                                                      ).run_in_background()

    def show_year(self, data: DuesYear) -> None:
        if (data.year, data.org_id) != (self.year.value(), self.org.currentData()):
            return  # the user already moved on; that load is queued
        self.data = data
        if self.org.count() == 1:
            for org_id, name, depth in data.orgs:
                self.org.addItem("　" * depth + name, org_id)
        selected = self.selected_member_ids()
        self.model.set_rows(data.rows, data.year, data.until)
        self._select(selected)
        self.summary.setText(data.summary)

    # --- selection ------------------------------------------------------------------------------

    def _select(self, member_ids: list[int]) -> None:
        """Select these members again after a reload, in one selection change."""
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        for row in self.model.rows_of(member_ids):
            selection.select(self.model.index(row, 0), self.model.index(row, last))
        if not selection.isEmpty():
            self.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.Select)

    def selected_member_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.row_at(r).member_id for r in rows if r < self.model.rowCount()]

    def current_row(self) -> MemberYear | None:
        index = self.view.currentIndex()
        if index.isValid():
            return self.model.row_at(index.row())
        rows = self.view.selectionModel().selectedRows()
        if rows:
            return self.model.row_at(rows[0].row())
        QMessageBox.information(self, "党费", "请先在表格中选择一名党员。")
        return None

    def _default_month(self) -> int:
        month = month_of(self.view.currentIndex().column()) if self.view.currentIndex().isValid() else None
        if month is not None:
            return month
        return date.today().month if self.year.value() == date.today().year else 1

    # --- keyboard -------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.view and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.open_cell(self.view.currentIndex())
            return True
        return super().eventFilter(watched, event)

    def open_cell(self, index) -> None:
        """Enter (or double-click) on an unpaid month cell opens 登记交纳 for that month."""
        if not index.isValid():
            return
        month = month_of(index.column())
        if month is not None and index.data(StateRole) == "due":
            self.open_payment(month)

    # --- dialogs → writes -----------------------------------------------------------------------

    def _write(self, fn, done: str) -> None:
        def finished(_result) -> None:
            self._status(done)
            self.reload()

        write_op(self, fn, CHANGES).success(finished).run_in_background()

    def open_batch(self) -> None:
        ids = self.selected_member_ids()
        if not ids:
            QMessageBox.information(self, "批量登记", "请先选择要登记的党员（可按住 Ctrl 或 Shift 多选）。")
            return
        names = [self.model.row_at(self.model.row_of(i)).name for i in ids]
        self.dialog = BatchMonthDialog(self, self.year.value(), self._default_month(), names)
        run_dialog(self.dialog, lambda value: self.record_month(ids, value))

    def record_month(self, member_ids: list[int], value: BatchMonth) -> None:
        year = self.year.value()
        self._write(lambda session: ledger.record_month(session, member_ids, year, value.month, value.paid_on,
                                                        value.way),
                    f"已登记 {len(member_ids)} 人{year}年{value.month}月的党费")

    def open_payment(self, month: int | None = None) -> None:
        row = self.current_row()
        if row is None:
            return
        self.dialog = PaymentDialog(self, row, self.year.value(), month or self._default_month())
        run_dialog(self.dialog, self.record_payment)

    def record_payment(self, data: PaymentInput) -> None:
        self._write(lambda session: ledger.record_payment(session, data), "已登记交纳")

    def open_base(self) -> None:
        row = self.current_row()
        if row is None or self.data is None:
            return
        self.dialog = BaseDialog(self, row, self.year.value(), self.data.rates)
        run_dialog(self.dialog, self.set_base)

    def set_base(self, data: BaseInput) -> None:
        self._write(lambda session: ledger.set_base(session, data.member_id, data.year, income_fen=data.income_fen,
                                                    basis=data.basis), "已核定党费基数")

    def open_waiver(self) -> None:
        row = self.current_row()
        if row is None:
            return
        self.dialog = WaiverDialog(self, row, self.year.value(), self._default_month())
        run_dialog(self.dialog, self.add_waiver)

    def add_waiver(self, data: WaiverInput) -> None:
        self._write(lambda session: ledger.add_waiver(session, data), "已登记减免")

    def open_payments(self) -> PaymentsDialog | None:
        row = self.current_row()
        if row is None:
            return None
        year, member_id = self.year.value(), row.member_id
        dialog = PaymentsDialog(self, row.name, year, lambda payment_id: self.void_payment(payment_id, dialog))
        self.dialog = dialog

        def load() -> None:
            read_op(self, lambda session: listing.member_payments(session, member_id, year)
                    ).success(dialog.set_rows).run_in_background()

        dialog.reload = load  # type: ignore[attr-defined]
        load()
        dialog.open()
        return dialog

    def void_payment(self, payment_id: int, dialog: PaymentsDialog | None = None) -> None:
        def finished(_result) -> None:
            self._status("已作废该笔党费记录")
            self.reload()
            if dialog is not None:
                dialog.reload()  # type: ignore[attr-defined]

        write_op(self, lambda session: ledger.void_payment(session, payment_id), CHANGES
                 ).success(finished).run_in_background()

    def open_remittance(self) -> None:
        org_id = self.org.currentData()
        if org_id is None:
            QMessageBox.information(self, "上缴", "请先在“党组织”中选择要上缴党费的党组织。")
            return
        self.dialog = RemittanceDialog(self, org_id, self.org.currentText().strip())
        run_dialog(self.dialog, self.remit)

    def remit(self, data: RemittanceInput) -> None:
        self._write(lambda session: ledger.remit(session, data), "已上缴党费")

    # --- printing -------------------------------------------------------------------------------

    def print_options(self, kind: str) -> ExportOptions:
        org = self.org.currentText().strip() if self.org.currentData() is not None else None
        index = self.view.currentIndex()
        month = month_of(index.column()) if kind == "dues" and index.isValid() else None
        return ExportOptions(year=self.year.value(), org=org, month=month)

    def print_report(self, kind: str) -> None:
        preview_export(self, kind, self.print_options(kind))

    def _status(self, text: str) -> None:
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, 8000)

