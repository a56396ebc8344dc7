"""考核指标 (新增/修改): name, 分值 (share of 100), 满分 of its own scale, how it is scored, 评分方法."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QSpinBox, QWidget

from ...core.assessment.indicators import IndicatorFields
from ...core.common.labels import INDICATOR_METHODS
from ..models.assessment_scores import IndicatorItem
from ..widgets.controls import code_combo, text_box
from .budget_form import InputDialog

FULL_WEIGHT = 100


def _spin(low: int, high: int, value: int, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setSuffix(suffix)
    return spin


class IndicatorDialog(InputDialog):
    def __init__(self, parent: QWidget | None, year: int, others_total: int, indicator: IndicatorItem | None = None):
        super().__init__(parent, "修改考核指标" if indicator else "新增考核指标")
        self.resize(520, 0)
        self.year, self.others_total = year, others_total
        self.name = QLineEdit(indicator.name if indicator else "")
        self.weight = _spin(1, FULL_WEIGHT, indicator.weight if indicator else max(1, min(FULL_WEIGHT - others_total,
                                                                                         FULL_WEIGHT)), " 分")
        self.weight.setToolTip("该指标在100分总分中所占的分值")
        self.max_score = _spin(1, 1000, indicator.max_score if indicator else 100, " 分")
        self.max_score.setToolTip("该指标自身评分的满分；计入总分时折算为 得分÷满分×分值")
        self.method = code_combo(INDICATOR_METHODS)
        self.method.setCurrentIndex(max(self.method.findData(indicator.method if indicator else "manual"), 0))
        self.criteria = text_box(3, indicator.criteria if indicator else "")
        self.total = QLabel()
        self.weight.valueChanged.connect(lambda _v: self._update_total())
        self.form.addRow("年度", QLabel(f"{year}年"))
        self.form.addRow("指标名称", self.name)
        self.form.addRow("分值", self.weight)
        self.form.addRow("满分", self.max_score)
        self.form.addRow("计算方式", self.method)
        self.form.addRow("评分方法", self.criteria)
        self.form.addRow("", self.total)
        self._update_total()

    def _update_total(self) -> None:
        total = self.others_total + self.weight.value()
        self.total.setText(f"保存后本年度分值合计 {total} / {FULL_WEIGHT}")
        self.total.setStyleSheet("" if total == FULL_WEIGHT else "color: #b3261e")

    def values(self) -> IndicatorFields:
        return IndicatorFields(self.year, self.name.text(), self.weight.value(), self.max_score.value(),
                               self.method.currentData(), self.criteria.toPlainText())
