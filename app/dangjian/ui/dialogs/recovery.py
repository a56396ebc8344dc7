"""The corruption drill's dialog at start-up: what happened, which backup, 恢复 or 退出."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ... import APP_NAME
from ...core.common.errors import UserError
from ...core.storage import migrate
from ...core.storage.backup import restore_backup
from ...core.storage.recovery import Damage


class RecoveryDialog(QDialog):
    """Accepted = restore the offered backup; rejected = quit without touching anything."""

    def __init__(self, damage: Damage, parent: QWidget | None = None):
        super().__init__(parent)
        self.damage = damage
        self.setWindowTitle(f"{APP_NAME} — 数据库已损坏")
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(48, 48))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = QLabel(damage.message())
        self.text.setWordWrap(True)
        self.text.setFixedWidth(520)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint = QLabel("点“恢复”用这份备份继续工作，损坏的文件保留不动；点“退出”则不做任何改动。"
                      if damage.backup else "点“退出”关闭程序，损坏的文件保留不动。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        detail = QLabel(f"检查结果：{damage.problem[:200]}")
        detail.setWordWrap(True)
        detail.setStyleSheet("color: #888; font-size: 11px;")

        self.buttons = QDialogButtonBox()
        if damage.backup is not None:
            self.buttons.addButton("恢复", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("退出", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        texts = QVBoxLayout()
        texts.addWidget(self.text)
        texts.addWidget(hint)
        texts.addWidget(detail)
        body = QHBoxLayout()
        body.addWidget(icon)
        body.addLayout(texts, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(self.buttons)


def offer_restore(damage: Damage, parent: QWidget | None = None) -> bool:
    """Ask; restore the offered backup when the user agrees. True = the database is usable again."""
    if RecoveryDialog(damage, parent).exec() != QDialog.DialogCode.Accepted or damage.backup is None:
        return False
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        restore_backup(damage.db_path, damage.backup.path)
        migrate.upgrade(damage.db_path)
    except UserError as exc:
        QGuiApplication.restoreOverrideCursor()
        QMessageBox.critical(parent, APP_NAME, exc.message)
        return False
    QGuiApplication.restoreOverrideCursor()
    QMessageBox.information(parent, APP_NAME, f"已从 {damage.backup.created:%Y-%m-%d %H:%M} 的备份恢复。")
    return True
