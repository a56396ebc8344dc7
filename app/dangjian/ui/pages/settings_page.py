"""设置: every place-varying rule, generated from the settings registry, validated before saving."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.common.errors import ValidationError
from ...core.common.money import format_plain
from ...core.system import settings, settings_edit
from ...reports.engine.registry import ExportOptions
from ..dialogs.pdf_preview import preview_export
from ..operations import write_op
from .base import Page


def _editor_for(item: settings.SettingDef) -> QWidget:
    if item.kind == "int":
        spin = QSpinBox()
        spin.setMinimumWidth(120)
        spin.setRange(int(item.minimum if item.minimum is not None else -1_000_000),
                      int(item.maximum if item.maximum is not None else 1_000_000))
        if item.unit:
            spin.setSuffix(f" {item.unit}")
        return spin
    if item.kind == "bool":
        return QCheckBox()
    if item.kind == "choice":
        combo = QComboBox()
        for code, name in (item.choices or {}).items():
            combo.addItem(name, code)
        return combo
    edit = QLineEdit()
    edit.setMinimumWidth(360 if item.kind == "text" else 160)
    if item.kind == "money":
        edit.setPlaceholderText("金额（元），如 5000 或 0.5万")
    return edit


def _set_editor(editor: QWidget, item: settings.SettingDef, value: Any) -> None:
    if isinstance(editor, QSpinBox):
        editor.setValue(int(value))
    elif isinstance(editor, QCheckBox):
        editor.setChecked(bool(value))
    elif isinstance(editor, QComboBox):
        editor.setCurrentIndex(max(0, editor.findData(value)))
    elif isinstance(editor, QLineEdit):
        editor.setText(format_plain(int(value)) if item.kind == "money" else str(value))


def _raw_of(editor: QWidget) -> Any:
    if isinstance(editor, QSpinBox):
        return editor.value()
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QComboBox):
        return editor.currentData()
    assert isinstance(editor, QLineEdit)
    return editor.text()


class SettingsPage(Page):
    domains = frozenset({"settings"})

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.loaded: dict[str, Any] = {}

        title = QLabel("设置")
        title.setObjectName("pageTitle")
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.year.setSuffix(" 年")
        self.year.valueChanged.connect(lambda _y: self.load())
        self.save_button = QPushButton("保存")
        self.save_button.clicked.connect(self.save)
        discard = QPushButton("放弃修改")
        discard.clicked.connect(self.load)
        print_button = QPushButton("打印现行标准…")
        print_button.clicked.connect(self.print_standards)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(QLabel("按年度的标准适用于："))
        top.addWidget(self.year)
        top.addWidget(discard)
        top.addWidget(print_button)
        top.addWidget(self.save_button)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        for group, items in settings.groups().items():
            box = QGroupBox(group)
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
            for item in items:
                editor = _editor_for(item)
                editor.setObjectName(item.key)
                default = item.display(item.default) if item.default not in ("", None) else "空"
                editor.setToolTip(f"{item.help}\n默认值：{default}".strip())
                error = QLabel()
                error.setStyleSheet("color: #b71c1c;")
                error.hide()
                row = QVBoxLayout()
                row.addWidget(editor)
                row.addWidget(error)
                label = item.label + ("（按年度）" if item.yearly else "")
                form.addRow(label, row)
                self.editors[item.key] = editor
                self.errors[item.key] = error
            body_layout.addWidget(box)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)

    def on_first_show(self) -> None:
        self.load()

    def refresh(self, changes: set[str]) -> None:
        self.load()

    def load(self) -> None:
        with self.ctx.db.read() as session:
            values = settings.values_in_force(session, self.year.value())
        for item, value, _is_default in values:
            _set_editor(self.editors[item.key], item, value)
            self.loaded[item.key] = value
            self.errors[item.key].hide()

    def pending_changes(self) -> tuple[dict[str, Any], dict[str, str]]:
        """(key -> new value) for edited settings, and (key -> Chinese error) for invalid ones."""
        changed, problems = {}, {}
        for key, editor in self.editors.items():
            item = settings.definition(key)
            try:
                value = item.convert(_raw_of(editor))
            except ValidationError as exc:
                problems[key] = exc.reason
                continue
            if value != self.loaded.get(key):
                changed[key] = value
        return changed, problems

    def save(self) -> None:
        changed, problems = self.pending_changes()
        for key, label in self.errors.items():
            label.setVisible(key in problems)
            label.setText(problems.get(key, ""))
        if problems:
            message = f"有 {len(problems)} 项填写不正确，请按红字提示修改后再保存。"
            QMessageBox.warning(self, "未保存", message)
            return
        if not changed:
            self.window().statusBar().showMessage("没有需要保存的修改", 4000)
            return
        year = self.year.value()

        def apply(session) -> int:
            for key, value in changed.items():
                settings_edit.set_value(session, key, value, year)
            return len(changed)

        def done(count: int) -> None:
            self.window().statusBar().showMessage(f"已保存 {count} 项设置", 5000)

        write_op(self, apply, {"settings"}, undo_text=f"修改设置（{len(changed)} 项）").success(
            done).run_in_background()

    def print_standards(self) -> None:
        preview_export(self, "settings", ExportOptions(year=self.year.value()))
