"""Base of the form dialogs: a form, an inline error line, 确定/取消, and saving through a write op.

The dialog stays open until the write succeeded; a refused input shows its Chinese reason under the
form and nothing is written, so the user can correct it without retyping everything. `InputDialog` only
collects the input and leaves the write to the page that opened it (党费, 考核).
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


class InputDialog(FormDialog):
    """Collects input only: 确定 builds `values()` (a refused field shows inline) and accepts; the page then
    runs the write, so tests can call the page's method with the same values.

    With `submit` set, 确定 hands the values to it instead and the dialog stays open until the page calls
    `submitted()` (the write succeeded) or `refused(message)` (shown under the form, nothing retyped)."""

    def __init__(self, parent: QWidget | None, title: str):
        super().__init__(parent, getattr(parent, "ctx", None), title)
        self.value: Any = None
        self.submit: Callable[[Any], object] | None = None

    def values(self) -> Any:
        raise NotImplementedError

    def save(self) -> None:
        try:
            self.value = self.values()
        except UserError as error:
            self.show_error(error.message)
            return
        if self.submit is None:
            self.accept()
            return
        self.error.hide()
        self.buttons.setEnabled(False)
        self.submit(self.value)

    def submitted(self) -> None:
        self.buttons.setEnabled(True)
        self.accept()

    def refused(self, message: str) -> None:
        self.buttons.setEnabled(True)
        self.show_error(message)


def run_dialog(dialog: InputDialog, then: Callable[[Any], object]) -> None:
    """Open `dialog` window-modal; on 确定 pass its values to `then`."""
    dialog.accepted.connect(lambda: then(dialog.value))
    dialog.open()
