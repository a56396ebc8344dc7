"""QApplication set-up and the GUI entry point.

Chinese locale and Qt's own zh_CN translations (so standard buttons read 确定/取消), the bundled
WenQuanYi Micro Hei registered and used as the application font (offices' PCs may have no CJK font),
one instance per database, migrations with a backup before the first window.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QLockFile, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from .. import APP_ID, APP_NAME
from ..core.common.errors import UserError
from ..core.common.logs import setup_logging
from ..core.storage import migrate, revisions
from ..core.storage.sqlite_file import check_sqlite_file, open_mode
from ..paths import resource_path

FONT_FILE = "fonts/wqy-microhei.ttc"
STYLE = """
QListWidget#navigation { font-size: 15px; border: none; background: #f3f3f3; }
QListWidget#navigation::item { padding-left: 18px; }
QListWidget#navigation::item:selected { background: #b71c1c; color: white; }
QLabel#pageTitle { font-size: 18px; font-weight: bold; padding: 4px 0 8px 0; }
"""


def register_bundled_font() -> str:
    """Register the bundled CJK font and return its family name."""
    font_id = QFontDatabase.addApplicationFont(str(resource_path(FONT_FILE)))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        raise RuntimeError(f"bundled font could not be loaded: {resource_path(FONT_FILE)}")
    return families[0]


def create_application(argv: list[str] | None = None) -> QApplication:
    """Create (or configure the existing) QApplication once."""
    QApplication.setOrganizationName(APP_ID)
    QApplication.setApplicationName("dangjian")
    QApplication.setApplicationDisplayName(APP_NAME)
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    if app.property("dangjian_ready"):
        return app
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    if translator.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    family = register_bundled_font()
    font = QFont(family, 10)
    app.setFont(font)
    app.setWindowIcon(QIcon(str(resource_path("icons/dangjian.svg"))))
    app.setStyleSheet(STYLE)
    app.setProperty("dangjian_ready", True)
    return app


def acquire_instance_lock(db_path: Path) -> QLockFile | None:
    """One GUI per database: a second one gets a clear message instead of becoming a second writer."""
    lock = QLockFile(str(Path(db_path).with_name(Path(db_path).name + ".lock")))
    lock.setStaleLockTime(0)  # stale only when its process is gone (checked by Qt)
    return lock if lock.tryLock(200) else None


def prepare_database(db_path: Path, mode: str = "rw") -> None:
    """Create or upgrade the schema (with a backup first when upgrading). At head this reads one row
    with the standard library: SQLAlchemy and alembic load later, only when needed."""
    check_sqlite_file(db_path, must_exist=mode != "rw")
    if mode != "rw":
        if revisions.needs_upgrade(db_path):
            raise UserError("数据库文件是只读的，且版本较旧需要升级，无法打开。请复制到可写的文件夹后再试。")
        return
    migrate.upgrade(db_path)


def run_corruption_drill(db_path: Path) -> bool:
    """The start-up check of core/storage/recovery.py; False when the user chose 退出."""
    from ..core.storage import recovery

    damage = recovery.check_on_open(db_path)
    if damage is None:
        return True
    from .dialogs.recovery import offer_restore

    return offer_restore(damage)


def unlock(db_path: Path) -> bool:
    """Ask for the start-up password when one is set; False when the user gave up."""
    from ..core.system.password import stored_hash

    hash_text = stored_hash(db_path)
    if not hash_text:
        return True
    from .dialogs.password import UnlockDialog

    return UnlockDialog(hash_text).exec() == UnlockDialog.DialogCode.Accepted


def warn_about_location(window, ctx) -> None:
    """Once per database path: a network share or a sync folder can corrupt SQLite files."""
    from ..core.common.location import risky_location

    key = f"location_warned/{ctx.db_path}"
    if ctx.settings.value(key, False, type=bool):
        return
    risk = risky_location(ctx.db_path)
    if risk is not None:
        ctx.settings.setValue(key, True)
        QMessageBox.warning(window, "数据库位置提醒", risk.warning(ctx.db_path))


def run(db_path: Path) -> int:
    app = create_application()
    log_path = setup_logging()
    from .crash import install_excepthook

    install_excepthook(log_path)
    db_path = Path(db_path)
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        QMessageBox.critical(None, APP_NAME, f"无法创建数据目录 {db_path.parent}：{exc.strerror}")
        return 1
    mode = open_mode(db_path)
    lock = acquire_instance_lock(db_path) if mode == "rw" else None
    if mode == "rw" and lock is None:
        QMessageBox.information(None, APP_NAME,
                                f"该数据库已在另一个窗口中打开：\n{db_path}\n\n请切换到已打开的窗口继续工作。")
        return 1
    try:
        return _open_and_run(app, db_path, mode)
    finally:
        if lock is not None:
            lock.unlock()


def _open_and_run(app: QApplication, db_path: Path, mode: str) -> int:
    try:
        if mode == "rw" and not run_corruption_drill(db_path):
            return 1
        prepare_database(db_path, mode)
    except UserError as exc:
        QMessageBox.critical(None, APP_NAME, exc.message)
        return 1
    except (OSError, sqlite3.Error) as exc:  # a full disk or a vanished share, not damage
        from ..core.storage.db import translate_db_error

        friendly = translate_db_error(exc)
        if friendly is None:
            raise
        QMessageBox.critical(None, APP_NAME, friendly.message)
        return 1
    if not unlock(db_path):
        return 0
    from ..core.storage import recovery
    from .context import AppContext
    from .main_window import MainWindow

    if mode == "rw":
        recovery.begin_session(db_path)
    ctx = AppContext(db_path, mode=mode)
    window = MainWindow(ctx)
    window.show()
    QTimer.singleShot(0, window.show_first_page)
    if mode == "rw":
        QTimer.singleShot(1500, window.backup_if_due)
    QTimer.singleShot(800, lambda: warn_about_location(window, ctx))
    quit_after = os.environ.get("DANGJIAN_QUIT_AFTER_MS")  # smoke test and start-up benchmark of the bundle
    if quit_after:
        QTimer.singleShot(int(quit_after), app.quit)
    code = app.exec()
    from .operations import wait_for_idle

    wait_for_idle()
    ctx.close()
    if mode == "rw":
        recovery.end_session(db_path)
    return code
