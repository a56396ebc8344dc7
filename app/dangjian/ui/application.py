"""QApplication set-up and the GUI entry point.

Chinese locale and Qt's own zh_CN translations (so standard buttons read 确定/取消), the bundled
WenQuanYi Micro Hei registered and used as the application font (offices' PCs may have no CJK font),
one instance per database, migrations with a backup before the first window.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QLockFile, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from .. import APP_ID, APP_NAME
from ..core import migrate
from ..core.errors import UserError
from ..core.redact import redact_ids
from ..core.sqlite_file import check_sqlite_file
from ..paths import resource_path, user_data_dir

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


class _RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact_ids(str(record.msg))
        if record.args:
            record.args = tuple(redact_ids(str(a)) for a in record.args)
        return True


def setup_logging() -> Path | None:
    """A rotating log in the user data dir; full IDs are masked before anything is written."""
    try:
        directory = user_data_dir() / "logs"
        directory.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(directory / "dangjian.log", maxBytes=1_000_000,
                                                       backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.addFilter(_RedactingFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.INFO)
    return directory / "dangjian.log"


def acquire_instance_lock(db_path: Path) -> QLockFile | None:
    """One GUI per database: a second one gets a clear message instead of becoming a second writer."""
    lock = QLockFile(str(Path(db_path).with_name(Path(db_path).name + ".lock")))
    lock.setStaleLockTime(0)  # stale only when its process is gone (checked by Qt)
    return lock if lock.tryLock(200) else None


def prepare_database(db_path: Path) -> None:
    """Create or upgrade the schema (with a backup first when upgrading). At head this reads one row
    with the standard library: SQLAlchemy and alembic load later, only when needed."""
    check_sqlite_file(db_path, must_exist=False)
    migrate.upgrade(db_path)


def run(db_path: Path) -> int:
    app = create_application()
    setup_logging()
    db_path = Path(db_path)
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        QMessageBox.critical(None, APP_NAME, f"无法创建数据目录 {db_path.parent}：{exc.strerror}")
        return 1
    lock = acquire_instance_lock(db_path)
    if lock is None:
        QMessageBox.information(None, APP_NAME,
                                f"该数据库已在另一个窗口中打开：\n{db_path}\n\n请切换到已打开的窗口继续工作。")
        return 1
    try:
        prepare_database(db_path)
    except UserError as exc:
        QMessageBox.critical(None, APP_NAME, exc.message)
        lock.unlock()
        return 1
    from .context import AppContext
    from .main_window import MainWindow

    ctx = AppContext(db_path)
    window = MainWindow(ctx)
    window.show()
    QTimer.singleShot(0, window.show_first_page)
    QTimer.singleShot(1500, window.backup_if_due)
    quit_after = os.environ.get("DANGJIAN_QUIT_AFTER_MS")  # smoke test and start-up benchmark of the bundle
    if quit_after:
        QTimer.singleShot(int(quit_after), app.quit)
    code = app.exec()
    from .operations import wait_for_idle

    wait_for_idle()
    ctx.close()
    lock.unlock()
    return code
