"""确认生成预算: what regenerating a year would change, shown before anything is written."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.budgets.yearly import BudgetDiff
from ...core.common.money import format_yuan
from ..models.budget_diff import BudgetDiffModel


class RegenerateDiffDialog(QDialog):
    def __init__(self, parent: QWidget | None, diff: BudgetDiff):
        super().__init__(parent)
        self.diff = diff
        self.setWindowTitle(f"确认生成{diff.year}年预算")
        counts = "，".join(f"{label} {diff.count(code)} 项" for code, label in
                          [("new", "新增"), ("changed", "变更"), ("removed", "取消"), ("unchanged", "不变")])
        kept = sum(1 for c in diff.changes if c.adjustments and c.status != "unchanged")
        text = (f"按{diff.year}年经费标准重新计算：{counts}。\n预算合计 {format_yuan(diff.old_total)} → "
                f"{format_yuan(diff.new_total)}。")
        if kept:
            text += f"\n其中 {kept} 项有手工调整：只改变标准额，调整金额原样保留。"
        if not diff.has_changes:
            text += "\n与现有预算完全一致，无需更新。"
        self.summary = QLabel(text)
        self.summary.setWordWrap(True)
        self.model = BudgetDiffModel(diff, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.only_changes = QCheckBox("只显示有变化的项目")
        self.only_changes.setChecked(True)
        self.only_changes.toggled.connect(self.model.set_only_changes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.only_changes)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(980, 560)
