"""从备份恢复: pick a backup (or any file), confirm, restore off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.storage import backup, migrate
from ...paths import backups_dir_for
from ..context import AppContext
from ..operations import Op


def restore_work(db_path: Path, source: Path):
    """What the worker does: drop pooled connections, swap the file, bring the schema up to date."""

    def work(ctx):
        ctx.db.dispose()
        safety = backup.restore_backup(db_path, source, progress=ctx.progress)
        ctx.db.dispose()  # a connection opened meanwhile would still see the replaced file
        migrate.upgrade(db_path)
        return safety

    return work


class RestoreDialog(QDialog):
    def __init__(self, parent: QWidget, ctx: AppContext):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("从备份恢复")
        self.resize(620, 420)
        self.backups = backup.list_backups(backups_dir_for(ctx.db_path))

        self.table = QTableWidget(len(self.backups), 3)
        self.table.setHorizontalHeaderLabels(["备份时间", "类型", "大小"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, item in enumerate(self.backups):
            self.table.setItem(row, 0, QTableWidgetItem(f"{item.created:%Y-%m-%d %H:%M:%S}"))
            self.table.setItem(row, 1, QTableWidgetItem(item.reason_label))
            self.table.setItem(row, 2, QTableWidgetItem(f"{item.size / 1024 / 1024:.1f} MB"))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        if self.backups:
            self.table.selectRow(0)

        standard = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(standard.Ok | standard.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("恢复")
        other = buttons.addButton("选择其他备份文件…", QDialogButtonBox.ButtonRole.ActionRole)
        other.clicked.connect(self.choose_file)
        buttons.accepted.connect(self.restore_selected)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        note = QLabel("恢复会用所选备份替换当前数据。当前数据会先自动备份，恢复后仍可找回。")
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择备份文件", str(backups_dir_for(self.ctx.db_path)),
                                              "数据库备份 (*.db);;所有文件 (*)")
        if path:
            self.restore(Path(path))

    def restore_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            QMessageBox.information(self, "从备份恢复", "请先选择一个备份。")
            return
        self.restore(self.backups[rows[0].row()].path)

    def restore(self, source: Path) -> None:
        try:
            backup.verify_database_file(source)
        except Exception as exc:
            QMessageBox.warning(self, "不能恢复", str(exc))
            return
        answer = QMessageBox.question(
            self, "确认恢复", f"确定用备份“{source.name}”替换当前数据吗？\n当前数据会先自动备份。"
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def done(safety) -> None:
            self.ctx.database_replaced.emit()
            self.ctx.notify({"all"})
            text = "已从备份恢复。" + (f"\n恢复前的数据已备份到：\n{safety}" if safety else "")
            QMessageBox.information(self.parentWidget(), "恢复完成", text)
            self.accept()

        (Op(self, restore_work(self.ctx.db_path, source)).with_progress("正在恢复…", cancellable=False)
         .success(done).run_in_background())
