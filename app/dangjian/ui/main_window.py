"""The main window: navigation on the left, pages in a stack, menus and a status bar."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from .. import APP_NAME, __version__
from ..core.storage import backup
from .context import AppContext
from .operations import Op
from .pages.base import Page, PlaceholderPage


@dataclass(frozen=True)
class PageSpec:
    key: str
    label: str
    target: str | None  # "module:Class" of a Page subclass; None shows the placeholder text
    placeholder: str = ""


PAGES: list[PageSpec] = [
    PageSpec("orgs", "党组织", "dangjian.ui.pages.orgs:OrgsPage"),
    PageSpec("members", "党员", "dangjian.ui.pages.members:MembersPage"),
    PageSpec("budgets", "经费", "dangjian.ui.pages.budgets:BudgetsPage"),
    PageSpec("training", "培训", "dangjian.ui.pages.training:TrainingPage"),
    PageSpec("activities", "活动", "dangjian.ui.pages.activities:ActivitiesPage"),
    PageSpec("dues", "党费", "dangjian.ui.pages.dues:DuesPage"),
    PageSpec("assessment", "考核", "dangjian.ui.pages.assessment:AssessmentPage"),
    PageSpec("cobuild", "共建", "dangjian.ui.pages.cobuild:CobuildPage"),
    PageSpec("reports", "报表", "dangjian.ui.pages.reports:ReportsPage"),
    PageSpec("settings", "设置", "dangjian.ui.pages.settings_page:SettingsPage"),
    PageSpec("trash", "回收站", "dangjian.ui.pages.trash:TrashPage"),
    PageSpec("audit_log", "操作日志", "dangjian.ui.pages.audit_log:AuditLogPage"),
]
# Once the first page is up, the other pages' code is imported one module per idle moment, so a first
# visit costs building the page (~90 ms for 党员 on 100,000 members) rather than also loading its code
# and Qt's enums (another ~100 ms). Each step blocks the event loop for one import only.
PRELOAD_AFTER_MS = 800


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(f"{APP_NAME} — {ctx.db_path.name}" + ("（只读）" if ctx.read_only else ""))
        self.setMinimumSize(QSize(960, 600))
        self._pages: dict[str, Page] = {}
        self._started = False  # pages load only after the window is on screen (see show_first_page)
        self._to_preload: list[str] = []

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(132)
        self.stack = QStackedWidget()
        for index, spec in enumerate(PAGES):
            item = QListWidgetItem(spec.label)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setSizeHint(QSize(120, 44))
            item.setToolTip(f"{spec.label}（Ctrl+{index + 1}）" if index < 9 else spec.label)
            self.nav.addItem(item)
            self.stack.addWidget(QWidget())  # replaced by the real page on first visit
        self.nav.currentRowChanged.connect(self.show_page_at)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self._db_label = QLabel()
        self._backup_label = QLabel()
        if ctx.read_only:
            read_only = QLabel("只读模式")
            read_only.setObjectName("readOnly")
            read_only.setStyleSheet("color: white; background: #b71c1c; padding: 1px 6px;")
            read_only.setToolTip("数据库文件或所在文件夹不可写：可以查看和打印，不能保存修改。")
            self.statusBar().addPermanentWidget(read_only)
        self.statusBar().addPermanentWidget(self._db_label)
        self.statusBar().addPermanentWidget(self._backup_label)
        self.update_status()
        ctx.database_replaced.connect(self.update_status)
        self._restore_geometry()

    def show_first_page(self) -> None:
        """Called once the window is on screen, so start-up never waits for a page's data. (The list
        selects its first row by itself when it gets focus; until now that only moves the highlight.)"""
        self._started = True
        if self.nav.currentRow() < 0:
            self.nav.setCurrentRow(0)
        else:
            self.show_page_at(self.nav.currentRow())
        self._to_preload = [spec.target.partition(":")[0] for spec in PAGES if spec.target]
        QTimer.singleShot(PRELOAD_AFTER_MS, self._preload_next)

    def _preload_next(self) -> None:
        if self._to_preload:
            importlib.import_module(self._to_preload.pop(0))
            QTimer.singleShot(0, self._preload_next)

    # --- pages ----------------------------------------------------------------------------------

    def show_page_at(self, row: int) -> None:
        if row < 0 or not self._started:
            return
        spec = PAGES[row]
        if spec.key not in self._pages:
            page = self._create_page(spec)
            old = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(old)
            old.deleteLater()
            self._pages[spec.key] = page
        self.stack.setCurrentIndex(row)

    def show_page(self, key: str) -> Page:
        self._started = True
        row = next(i for i, spec in enumerate(PAGES) if spec.key == key)
        self.nav.setCurrentRow(row)
        self.show_page_at(row)
        return self._pages[key]

    def _create_page(self, spec: PageSpec) -> Page:
        if spec.target is None:
            return PlaceholderPage(self.ctx, spec.label, spec.placeholder)
        module, _, name = spec.target.partition(":")
        return getattr(importlib.import_module(module), name)(self.ctx)

    # --- menus ----------------------------------------------------------------------------------

    def _action(self, text: str, slot, shortcut: QKeySequence | str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        file_menu.addAction(self._action("立即备份(&B)", self.backup_now, "Ctrl+B"))
        file_menu.addAction(self._action("从备份恢复(&R)…", self.restore_from_backup))
        file_menu.addSeparator()
        self._import_menu = file_menu.addMenu("导入(&I)")
        self._fill_import_menu()
        file_menu.addAction(self._action("导出报表(&E)…", lambda: self.show_page("reports"), "Ctrl+E"))
        file_menu.addSeparator()
        self._password_action = self._action("启动密码(&P)…", self.edit_password)
        self._password_action.setEnabled(not self.ctx.read_only)
        file_menu.addAction(self._password_action)
        file_menu.addSeparator()
        file_menu.addAction(self._action("退出(&Q)", self.close, QKeySequence.StandardKey.Quit))

        edit_menu = self.menuBar().addMenu("编辑(&E)")
        undo = self.ctx.undo_stack.createUndoAction(self, "撤销")
        undo.setShortcut(QKeySequence("Ctrl+Z"))
        redo = self.ctx.undo_stack.createRedoAction(self, "重做")
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        edit_menu.addAction(self._action("回收站", lambda: self.show_page("trash")))
        edit_menu.addAction(self._action("操作日志", lambda: self.show_page("audit_log")))
        note = edit_menu.addAction("（导入不能撤销：导入前会自动备份，可从备份恢复）")
        note.setEnabled(False)

        go_menu = self.menuBar().addMenu("转到(&G)")
        for index, spec in enumerate(PAGES):
            go_menu.addAction(self._action(spec.label, lambda _=False, r=index: self.nav.setCurrentRow(r),
                                           f"Ctrl+{index + 1}" if index < 9 else None))  # Ctrl+1…9

        help_menu = self.menuBar().addMenu("帮助(&H)")
        help_menu.addAction(self._action("关于(&A)", self.show_about))

    def _fill_import_menu(self) -> None:
        from ..core.spreadsheets.importing import IMPORTERS

        for kind, importer in IMPORTERS.items():
            action = self._action(f"{importer.label}…", lambda _=False, k=kind: self.open_import(k))
            self._import_menu.addAction(action)
        self._import_menu.setEnabled(bool(IMPORTERS))

    def edit_password(self) -> None:
        from ..core.system.password import stored_hash
        from .dialogs.password import PasswordSettingsDialog

        PasswordSettingsDialog(self, bool(stored_hash(self.ctx.db_path))).exec()

    def open_import(self, kind: str) -> None:
        from .dialogs.import_preview import ImportPreviewDialog

        ImportPreviewDialog(self, self.ctx, kind).exec()

    # --- backup and restore ---------------------------------------------------------------------

    def update_status(self) -> None:
        self._db_label.setText(f"数据库：{self.ctx.db_path}")
        newest = backup.last_backup(self.ctx.db_path)
        self._backup_label.setText(
            f"最近备份：{newest.created:%Y-%m-%d %H:%M}" if newest else "最近备份：尚无"
        )

    def backup_now(self, *, reason: str = "manual", quiet: bool = False) -> Op:
        path = self.ctx.db_path

        def done(target) -> None:
            self.update_status()
            self.statusBar().showMessage(f"已备份到 {target}", 8000)

        op = Op(self, lambda ctx: backup.create_backup(path, reason=reason, progress=ctx.progress))
        if not quiet:
            op.with_progress("正在备份数据库…")
        return op.success(done).run_in_background()

    def backup_if_due(self) -> None:
        """The first start of each day makes an automatic backup, quietly, off the GUI thread."""
        if backup.backup_due_today(self.ctx.db_path):
            self.backup_now(reason="daily", quiet=True)

    def restore_from_backup(self) -> None:
        from .dialogs.restore import RestoreDialog

        RestoreDialog(self, self.ctx).exec()

    def show_about(self) -> None:
        QMessageBox.about(
            self, f"关于{APP_NAME}",
            f"<h3>{APP_NAME}</h3><p>版本 {__version__}</p>"
            "<p>供街道党工委党建办离线使用：党组织设置、党员花名册、经费、培训和报表。</p>"
            f"<p>数据库：{self.ctx.db_path}</p><p>字体：文泉驿微米黑（Apache 2.0 / GPLv3）</p>",
        )

    # --- window state ---------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.ctx.settings.value("main_window/geometry")
        state = self.ctx.settings.value("main_window/state")
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(1280, 800)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ctx.settings.setValue("main_window/geometry", self.saveGeometry())
        self.ctx.settings.setValue("main_window/state", self.saveState())
        super().closeEvent(event)
