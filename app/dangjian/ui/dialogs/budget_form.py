"""Base of the 经费 dialogs: a form, an inline error line, 确定/取消, and saving through a write op.

The dialog stays open until the write succeeded; a refused input shows its Chinese reason under the
form and nothing is written, so the user can correct it without retyping everything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from ...core.common.errors import UserError
from ..operations import describe_error, write_op


class FormDialog(QDialog):
    def __init__(self, parent: QWidget | None, ctx, title: str):
        super().__init__(parent)
        self.ctx = ctx
        self.result_value: Any = None
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setStyleSheet("color: #b71c1c;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.buttons)

    def save(self) -> None:
        """Subclasses build their input and call `run_write`."""
        raise NotImplementedError

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def run_write(self, fn: Callable[[Any], Any], changes: set[str]) -> None:
        self.error.hide()
        self.buttons.setEnabled(False)

        def done(value: Any) -> None:
            self.result_value = value
            self.buttons.setEnabled(True)
            self.accept()

        def failed(error: BaseException) -> None:
            self.buttons.setEnabled(True)
            self.show_error(error.message if isinstance(error, UserError) else describe_error(error))

        write_op(self, fn, changes, undo_text=self.windowTitle()).success(done).failure(failed).run_in_background()
