"""换届提醒: overdue and due-soon terms, with print preview; double-click jumps to the org."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ...core.orgs.overview import TermReminder, term_reminders
from ...reports.engine.registry import ExportOptions
from ..models.org_tree import SEVERITY_COLOURS
from ..operations import read_op
from ..widgets.org_detail_tabs import fill_table, read_only_table, selected_id
from .pdf_preview import preview_export


class TermRemindersDialog(QDialog):
    open_org = Signal(int)

    def __init__(self, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle("换届提醒")
        self.resize(860, 420)
        self.summary = QLabel("正在读取…")
        self.table = read_only_table(("党组织", "类别", "届次", "任期开始", "届满日期", "状态", "距届满", "书记"))
        self.table.doubleClicked.connect(self._open)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = buttons.addButton("打印预览…", QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(lambda: preview_export(self, "terms", ExportOptions()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel("双击一行可转到该党组织。"))
        layout.addWidget(buttons)
        self.reminders: list[TermReminder] = []
        today = date.today()
        read_op(self, lambda session: term_reminders(session, today)).success(self.show_reminders).run_in_background()

    def show_reminders(self, reminders: list[TermReminder]) -> None:
        today = date.today()
        self.reminders = reminders
        fill_table(self.table, [[r.path.split(" / ", 1)[-1], r.kind_label, f"第{r.number}届", r.started_on,
                            r.planned_end_on, r.status_label, r.days_text(today), r.secretary] for r in reminders],
              [r.org_id for r in reminders])
        for row, r in enumerate(reminders):
            colour = SEVERITY_COLOURS["error" if r.status == "term.overdue" else "warning"]
            self.table.item(row, 5).setForeground(QBrush(colour))
        overdue = sum(1 for r in reminders if r.status == "term.overdue")
        self.summary.setText(f"逾期未换届 {overdue} 个，即将到期 {len(reminders) - overdue} 个。" if reminders
                             else "目前没有逾期未换届或即将到期的党组织。")

    def _open(self) -> None:
        org_id = selected_id(self.table)
        if org_id is not None:
            self.open_org.emit(org_id)
            self.accept()

