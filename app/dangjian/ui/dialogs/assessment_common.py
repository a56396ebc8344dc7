"""Controls the 考核 dialogs share: the assessed-org choice and an optional file to attach."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget

from ...core.assessment.scope import AssessedOrg
from ...core.common.errors import ValidationError


def assessed_combo(orgs: list[AssessedOrg], org_id: int | None = None) -> QComboBox:
    """The assessed orgs in tree order, indented; item data is the org id. Starts on `org_id` when listed."""
    combo = QComboBox()
    combo.setMinimumContentsLength(16)
    for org in orgs:
        combo.addItem("　" * org.depth + org.name, org.id)
    combo.setCurrentIndex(max(combo.findData(org_id), 0) if orgs else -1)
    return combo


def chosen_org(combo: QComboBox) -> int:
    org_id = combo.currentData()
    if org_id is None:
        raise ValidationError("党组织", "请选择党组织（党委、党总支或党支部）")
    return org_id


class FileField(QWidget):
    """An optional file: the chosen path read-only, 选择文件… and 清除."""

    def __init__(self, caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.caption = caption
        self.line = QLineEdit()
        self.line.setReadOnly(True)
        self.line.setPlaceholderText("（不附文件）")
        choose, clear = QPushButton("选择文件…"), QPushButton("清除")
        choose.clicked.connect(self.choose)
        clear.clicked.connect(self.line.clear)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line, 1)
        row.addWidget(choose)
        row.addWidget(clear)

    def choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.caption, str(Path.home()))
        if name:
            self.line.setText(name)

    def path(self) -> Path | None:
        return Path(self.line.text()) if self.line.text() else None
