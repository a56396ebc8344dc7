"""报表: every export kind from the report registry, with its options, preview and export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core import lookups
from ...reports.engine.registry import ExportKind, ExportOptions, all_kinds, run_export
from ..dialogs.pdf_preview import preview_export
from ..operations import Op
from .base import Page

ALL_ORGS = "（全部）"
FORMAT_FILTERS = {"pdf": "PDF 文件 (*.pdf)", "xlsx": "Excel 表格 (*.xlsx)", "docx": "Word 文档 (*.docx)"}


class ReportsPage(Page):
    domains = frozenset({"orgs", "members", "training", "budgets", "activities", "dues", "all"})

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.kinds: dict[str, ExportKind] = all_kinds()
        title = QLabel("报表")
        title.setObjectName("pageTitle")

        self.list = QListWidget()
        self.list.setMaximumWidth(260)
        for kind in self.kinds.values():
            item = QListWidgetItem(kind.label)
            item.setData(Qt.ItemDataRole.UserRole, kind.name)
            item.setToolTip(kind.description)
            self.list.addItem(item)
        self.list.currentItemChanged.connect(lambda *_: self._update_options())

        self.description = QLabel()
        self.description.setWordWrap(True)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.org = QComboBox()
        self.org.setEditable(True)
        self.course = QComboBox()
        self.activity = QComboBox()
        self.month = QComboBox()
        self.month.addItem("全年", None)
        for month in range(1, 13):
            self.month.addItem(f"{month}月", month)
        self.remittance = QComboBox()
        self.unmasked = QCheckBox("显示完整公民身份号码（将记入操作日志）")
        form = QFormLayout()
        form.addRow("年度", self.year)
        form.addRow("党组织", self.org)
        form.addRow("培训班", self.course)
        form.addRow("活动", self.activity)
        form.addRow("月份", self.month)
        form.addRow("上缴记录", self.remittance)
        form.addRow("", self.unmasked)

        self.preview_button = QPushButton("预览…")
        self.preview_button.clicked.connect(self.preview)
        self.export_button = QPushButton("导出…")
        self.export_button.clicked.connect(self.export)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.export_button)

        right = QWidget()
        right.setMaximumWidth(640)
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.description)
        right_layout.addLayout(form)
        right_layout.addLayout(buttons)
        right_layout.addStretch(1)

        body = QHBoxLayout()
        body.addWidget(self.list)
        body.addWidget(right, 1)
        body.addStretch(0)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(body, 1)
        if self.list.count():
            self.list.setCurrentRow(0)

    def on_first_show(self) -> None:
        self.load_choices()

    def refresh(self, changes: set[str]) -> None:
        self.load_choices()

    def load_choices(self) -> None:
        with self.ctx.db.read() as session:
            orgs = lookups.org_names(session)
            courses = lookups.course_choices(session)
            activities = lookups.activity_choices(session)
            remittances = lookups.remittance_choices(session)
        current = self.org.currentText()
        self.org.clear()
        self.org.addItems([ALL_ORGS, *orgs])
        self.org.setCurrentText(current or ALL_ORGS)
        for combo, choices in ((self.course, courses), (self.activity, activities),
                               (self.remittance, remittances)):
            combo.clear()
            for ident, label in choices:
                combo.addItem(f"{ident}　{label}", ident)
        self._update_options()

    def selected_kind(self) -> ExportKind | None:
        item = self.list.currentItem()
        return self.kinds[item.data(Qt.ItemDataRole.UserRole)] if item else None

    def _update_options(self) -> None:
        kind = self.selected_kind()
        if kind is None:
            return
        formats = " / ".join(f".{f}" for f in kind.formats)
        self.description.setText(f"<b>{kind.label}</b>　{kind.description}<br>可导出为：{formats}")
        self.course.setEnabled("course_id" in kind.needs)
        self.activity.setEnabled("activity_id" in kind.needs)
        self.remittance.setEnabled("remittance_id" in kind.needs)
        self.month.setEnabled("month" in kind.accepts)
        self.preview_button.setEnabled("pdf" in kind.formats or "pdf" in kind.writers)

    def options(self) -> ExportOptions:
        org = self.org.currentText().strip()
        return ExportOptions(
            year=self.year.value(),
            org=None if org in ("", ALL_ORGS) else org,
            unmasked=self.unmasked.isChecked(),
            course_id=self.course.currentData() if self.course.isEnabled() else None,
            activity_id=self.activity.currentData() if self.activity.isEnabled() else None,
            month=self.month.currentData() if self.month.isEnabled() else None,
            remittance_id=self.remittance.currentData() if self.remittance.isEnabled() else None,
        )

    def preview(self) -> None:
        kind = self.selected_kind()
        if kind is not None:
            preview_export(self, kind.name, self.options())

    def export(self) -> None:
        kind = self.selected_kind()
        if kind is None:
            return
        filters = ";;".join(FORMAT_FILTERS[f] for f in kind.formats if f in FORMAT_FILTERS)
        suggested = str(Path.home() / f"{kind.label}{self.year.value()}.{kind.formats[0]}")
        target, chosen = QFileDialog.getSaveFileName(self, f"导出{kind.label}", suggested, filters)
        if not target:
            return
        path = Path(target)
        if path.suffix.lower().lstrip(".") not in kind.formats:
            fmt = next((f for f, label in FORMAT_FILTERS.items() if label == chosen), kind.formats[0])
            path = path.with_suffix(f".{fmt}")
        options = self.options()
        (Op(self, lambda ctx: run_export(ctx.db, kind.name, path, options, progress=ctx.progress))
         .with_progress(f"正在导出{kind.label}…")
         .success(lambda p: QMessageBox.information(self, "导出完成", f"已导出到：\n{p}"))
         .run_in_background())
