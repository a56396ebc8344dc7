"""Opening a stored attachment: the core function finds (and checks) the file on the worker, the desktop's
default program opens it on the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from . import Op, read_op


def open_stored_file(parent: QWidget, path_of: Callable[..., Path]) -> Op:
    """`path_of(session)` returns the checked path of the stored file (or refuses in Chinese)."""
    return read_op(parent, path_of).success(
        lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))).run_in_background()
