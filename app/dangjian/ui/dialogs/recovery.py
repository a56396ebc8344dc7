"""The corruption drill's dialog at start-up: what happened, which backup, 恢复 or 退出."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from ... import APP_NAME
from ...core import migrate
from ...core.backup import restore_backup
from ...core.errors import UserError
from ...core.recovery import Damage


def damage_box(damage: Damage, parent: QWidget | None = None) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Critical, f"{APP_NAME} — 数据库已损坏", damage.message(),
                      parent=parent)
    box.setInformativeText("恢复前，当前损坏的文件不会被删除。" if damage.backup else "")
    box.setDetailedText(f"SQLite 检查结果：{damage.problem}")
    if damage.backup is not None:
        box.addButton("恢复", QMessageBox.ButtonRole.AcceptRole)
    box.setEscapeButton(box.addButton("退出", QMessageBox.ButtonRole.RejectRole))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return box


def offer_restore(damage: Damage, parent: QWidget | None = None) -> bool:
    """Ask; restore the offered backup when the user agrees. True = the database is usable again."""
    box = damage_box(damage, parent)
    box.exec()
    if damage.backup is None or box.buttonRole(box.clickedButton()) != QMessageBox.ButtonRole.AcceptRole:
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
