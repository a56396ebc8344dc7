"""核定基数: a member's monthly income and 交纳类别 for a year; the monthly amount is shown as it is typed."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from ...core.common.errors import UserError
from ...core.common.labels import DUES_BASES
from ...core.common.money import format_plain, format_yuan, parse_yuan
from ...core.dues.rates import DuesRates
from ...core.dues.status import MemberYear
from ..widgets.controls import code_combo
from .budget_form import InputDialog


@dataclass(frozen=True)
class BaseInput:
    member_id: int
    year: int
    income_fen: int
    basis: str


class BaseDialog(InputDialog):
    def __init__(self, parent: QWidget | None, row: MemberYear, year: int, rates: DuesRates):
        super().__init__(parent, f"核定党费基数 {row.name}")
        self.row, self.year, self.rates = row, year, rates
        self.income = QLineEdit(format_plain(row.income_fen) if row.basis else "")
        self.income.setPlaceholderText("税后月收入（元）")
        self.basis = code_combo(DUES_BASES)
        if row.basis:
            self.basis.setCurrentIndex(max(0, self.basis.findData(row.basis)))
        self.monthly = QLabel()
        self.income.textChanged.connect(lambda _t: self._update())
        self.basis.currentIndexChanged.connect(lambda _i: self._update())
        self.form.addRow("党员", QLabel(f"{row.name}（{row.org}）"))
        self.form.addRow("年度", QLabel(f"{year}年"))
        self.form.addRow("交纳类别", self.basis)
        self.form.addRow("月收入 (元)", self.income)
        self.form.addRow("每月应交", self.monthly)
        self._update()

    def _income_fen(self) -> int:
        if self.basis.currentData() == "fixed":
            return 0
        return parse_yuan(self.income.text(), field="月收入") if self.income.text().strip() else 0

    def _update(self) -> None:
        fixed = self.basis.currentData() == "fixed"
        self.income.setEnabled(not fixed)
        try:
            self.monthly.setText(format_yuan(self.rates.monthly_fen(self.basis.currentData(), self._income_fen())))
        except UserError as error:
            self.monthly.setText(error.message)

    def values(self) -> BaseInput:
        return BaseInput(self.row.member_id, self.year, self._income_fen(), self.basis.currentData())
