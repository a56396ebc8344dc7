"""Last line of defence: an unexpected exception is logged (IDs masked) and explained in Chinese.

Without this, PySide6 prints the traceback to a console nobody sees, or the app dies. The message never
shows the exception text itself: it may contain a 公民身份号码 or a path the user cannot act on.
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from .. import APP_NAME
from ..core.common.redact import redact_ids

log = logging.getLogger("dangjian.crash")
MESSAGE = ("程序遇到意外错误，刚才的操作可能没有完成。已保存的数据不受影响（每次保存都是完整的一步）。\n\n"
           "如果问题反复出现，请把日志文件发给技术人员：\n{log}")


def crash_report(exc_type, exc, tb) -> str:
    """The traceback as it goes into the log: every ID-like number masked."""
    return redact_ids("".join(traceback.format_exception(exc_type, exc, tb)))


def install_excepthook(log_path: Path | None) -> None:
    def hook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("unhandled exception:\n%s", crash_report(exc_type, exc, tb))
        if QApplication.instance() is not None:
            QMessageBox.critical(None, f"{APP_NAME} — 意外错误", MESSAGE.format(log=log_path or "（未能写入日志）"))

    sys.excepthook = hook
