"""从规则检查生成: the findings not on the 问题清单 yet, each with a check box; the checked ones become problems."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.common.findings import Finding
from ...core.common.labels import SEVERITIES, label


class FindingsDialog(QDialog):
    def __init__(self, parent: QWidget | None, findings: list[Finding], year: int):
        super().__init__(parent)
        self.setWindowTitle("从规则检查生成问题")
        self.resize(760, 480)
        self.findings = list(findings)
        intro = QLabel(f"以下是规则检查发现、尚未列入问题清单的问题。勾选的将列入{year}年问题清单，"
                       "以后检查不再发现时自动销号。（空格勾选或取消）")
        intro.setWordWrap(True)
        self.list = QListWidget()
        for finding in self.findings:
            item = QListWidgetItem(f"【{label(SEVERITIES, finding.severity)}】{finding.org}：{finding.message}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        if self.findings:
            self.list.setCurrentRow(0)
        all_on, all_off = QPushButton("全选"), QPushButton("全不选")
        all_on.clicked.connect(lambda: self.check_all(True))
        all_off.clicked.connect(lambda: self.check_all(False))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.itemChanged.connect(lambda _item: self._update())
        row = QHBoxLayout()
        row.addWidget(all_on)
        row.addWidget(all_off)
        row.addStretch(1)
        row.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        self._update()

    def check_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for n in range(self.list.count()):
            self.list.item(n).setCheckState(state)

    def chosen(self) -> list[Finding]:
        return [f for n, f in enumerate(self.findings) if self.list.item(n).checkState() == Qt.CheckState.Checked]

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.chosen()))
